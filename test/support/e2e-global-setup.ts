import { existsSync } from 'node:fs';
import { Client } from 'pg';
import { ENTRY, runToExit } from './processes';
import { TEST_DATABASE_URL } from './test-env';

/**
 * Runs once before the e2e project: the test database gets a fresh schema and this build's migrations,
 * applied by the built migrate task (`npm run migrate`). Each suite then starts from resetData (rows
 * emptied, schema kept: ~1 s instead of migrating again); suites that test migrations reset the schema
 * themselves. Without a build (a suite run that starts no process) resetData migrates on first use.
 */
export default async function migrateOnce(): Promise<void> {
  if (!existsSync(ENTRY.migrate)) return;
  const db = new Client({ connectionString: TEST_DATABASE_URL });
  await db.connect();
  try {
    await db.query('DROP SCHEMA IF EXISTS public CASCADE');
    await db.query('CREATE SCHEMA public');
  } finally {
    await db.end();
  }
  const migrate = await runToExit(ENTRY.migrate, { PATH: process.env.PATH ?? '', DATABASE_URL: TEST_DATABASE_URL }, 120_000);
  if (migrate.code !== 0) throw new Error(`e2e global setup: migrating the test database failed:\n${migrate.output}`);
}
