import { readFileSync } from 'node:fs';
import { printApiSchema, SCHEMA_FILE } from './api-schema';

jest.setTimeout(30_000);

describe('committed GraphQL schema (apps/api/schema.gql)', () => {
  it('is what the code-first classes print; run `npm run schema` after changing them', async () => {
    const committed = readFileSync(SCHEMA_FILE, 'utf8');
    const current = await printApiSchema();
    expect(current).toContain('type Mutation');
    expect(committed).toBe(current);
  });
});
