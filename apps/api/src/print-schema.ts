import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { printApiSchema, SCHEMA_FILE } from './graphql/api-schema';

// npm run schema: rewrites apps/api/schema.gql from the code-first schema (the test fails while it is stale).
void printApiSchema().then(
  (sdl) => {
    writeFileSync(SCHEMA_FILE, sdl);
    process.stdout.write(`wrote ${SCHEMA_FILE}\n`);
  },
  (err) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
