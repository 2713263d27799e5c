import { loadDatabaseSettings } from '@app/config';
import { buildDataSourceOptions, runMigrationsLocked } from '@app/database';
import { MIGRATIONS } from '@app/database/migrations';
import { HEALTH_TABLES, HealthTable, LEDGER_TABLES, namedRowsSql, rowsWithSubjectSql } from '@app/store';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { TEST_DATABASE_URL } from './test-env';

/** Direct SQL for assertions: the tests check what really landed in PostgreSQL. */
export async function connectTestDb(): Promise<Client> {
  const client = new Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  return client;
}

/**
 * An empty schema: the apps under test apply the migrations themselves at start. For the suites that
 * test migrations (or the apps migrating); the others use resetData, much faster.
 */
export async function resetSchema(db: Client): Promise<void> {
  await db.query('DROP SCHEMA IF EXISTS public CASCADE');
  await db.query('CREATE SCHEMA public');
}

/**
 * The migrated schema without a row: every table emptied, its identities restarted (as on a fresh
 * database), the migrations table kept. The e2e global setup migrates the database once; a suite that
 * tests migrations may leave it otherwise (empty, behind, with scratch migrations), and then this
 * rebuilds it: a fresh schema with exactly this build's migrations.
 */
export async function resetData(db: Client): Promise<void> {
  const { rows } = await db.query<{ present: boolean }>(`SELECT to_regclass('typeorm_migrations') IS NOT NULL AS present`);
  const applied = rows[0].present
    ? (await db.query<{ name: string }>('SELECT name FROM typeorm_migrations ORDER BY id')).rows.map((r) => r.name)
    : [];
  if (JSON.stringify(applied) !== JSON.stringify(MIGRATIONS.map((m) => m.name))) {
    await resetSchema(db);
    await migrateTestDatabase();
  }
  await db.query(`DO $$ DECLARE tables text; BEGIN
    SELECT string_agg(format('%I', tablename), ', ') INTO tables FROM pg_tables
      WHERE schemaname = 'public' AND tablename <> 'typeorm_migrations';
    IF tables IS NOT NULL THEN EXECUTE 'TRUNCATE ' || tables || ' RESTART IDENTITY CASCADE'; END IF;
  END $$`);
}

/**
 * A TypeORM data source on the test database, built as the apps build theirs (config → options);
 * `env` adds database variables (DATABASE_POOL_SIZE, DATABASE_PREPARED_STATEMENTS, …).
 */
export function openTestDataSource(applicationName: string, env: Record<string, string> = {}): Promise<DataSource> {
  const settings = loadDatabaseSettings({ DATABASE_URL: TEST_DATABASE_URL, ...env });
  return new DataSource(buildDataSourceOptions(settings, applicationName)).initialize();
}

/** Applies this build's migrations to the test database, as the apps do at start. */
async function migrateTestDatabase(): Promise<void> {
  const dataSource = await openTestDataSource('e2e-reset');
  try {
    await runMigrationsLocked(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

/**
 * A health table's rows with user_id, sample_type, hk_uuid and unit spelt out (see namedRowsSql);
 * a ledger table's with user_id (the subject) beside its user_ref.
 */
export function named(table: string): string {
  if (HEALTH_TABLES.includes(table as HealthTable)) return namedRowsSql(table).replace(/ AS x$/, ` AS ${table}`);
  // Tables that name their user by app_user id: the subject as user_id, as the tests ask by it.
  if (SUBJECT_BY_REF.includes(table)) return rowsWithSubjectSql(table).replace(/ AS x$/, ` AS ${table}`);
  return table;
}

const SUBJECT_BY_REF = ['healthkit_source', 'source_precedence', 'sample_rollup', 'user_profile', ...LEDGER_TABLES];

/**
 * Health rows whose source or context is gone. No foreign key keeps them (HealthRecordBase.context):
 * the write and erasure order does, and tests that delete check it with this.
 */
export async function orphanedHealthRows(db: Client): Promise<number> {
  let orphans = 0;
  for (const table of HEALTH_TABLES) {
    const { rows } = await db.query(
      `SELECT count(*)::int AS n FROM ${table} h
       WHERE NOT EXISTS (SELECT 1 FROM healthkit_source src WHERE src.id = h.source_id)
          OR NOT EXISTS (SELECT 1 FROM sample_context cx WHERE cx.id = h.context_id)`,
    );
    orphans += rows[0].n;
  }
  return orphans;
}

export async function countRows(db: Client, table: string, where = 'TRUE', params: unknown[] = []): Promise<number> {
  const { rows } = await db.query(`SELECT count(*)::int AS n FROM ${named(table)} WHERE ${where}`, params);
  return rows[0].n;
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await probe();
  while (!done(last)) {
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last: ${JSON.stringify(last)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
    last = await probe();
  }
  return last;
}

/** Resolves when every chunk the ledger knows of is out of `queued`. */
export async function waitForChunksSettled(db: Client, timeoutMs = 30_000): Promise<void> {
  await waitFor(
    'queued chunks to be processed',
    () => countRows(db, 'sync_chunk', "status = 'queued'"),
    (n) => n === 0,
    timeoutMs,
  );
}
