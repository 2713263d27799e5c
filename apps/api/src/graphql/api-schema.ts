import { NestFactory } from '@nestjs/core';
import { GraphQLSchemaBuilderModule, GraphQLSchemaFactory } from '@nestjs/graphql';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';

function repositoryRoot(from: string): string {
  let dir = from;
  while (!existsSync(join(dir, 'nest-cli.json'))) dir = dirname(dir);
  return dir;
}

/** The committed SDL, whether this runs from apps/api/src (jest) or dist/apps/api/src (npm run schema). */
export const SCHEMA_FILE = join(repositoryRoot(__dirname), 'apps', 'api', 'schema.gql');

/** Every `*.resolver` file of the API: found by the role suffix, so a new feature cannot be left out. */
// Nest's schema factory takes class constructors.
type ResolverClass = abstract new (...args: never[]) => unknown;

function resolverClasses(): ResolverClass[] {
  const root = join(__dirname, '..');
  const files = (readdirSync(root, { recursive: true }) as string[]).filter((f) => /\.resolver\.(js|ts)$/.test(f));
  return files
    .flatMap((file) => Object.values(require(join(root, file)) as Record<string, unknown>))
    .filter((value): value is ResolverClass => typeof value === 'function' && /Resolver$/.test(value.name));
}

/**
 * The SDL the running API serves, printed the way the app sorts it (sortSchema: true): built from
 * the same code-first classes, without a database, Redis or HTTP server.
 */
export async function printApiSchema(): Promise<string> {
  const app = await NestFactory.createApplicationContext(GraphQLSchemaBuilderModule, { logger: false });
  try {
    const schema = await app.get(GraphQLSchemaFactory).create(resolverClasses());
    return `${printSchema(lexicographicSortSchema(schema))}\n`;
  } finally {
    await app.close();
  }
}
