import { HEALTH_TABLES, HealthTable, LEDGER_TABLES, namedRowsSql, rowsWithSubjectSql } from '@app/store';
import { Client } from 'pg';
import { TEST_DATABASE_URL } from './test-env';

/** Direct SQL for assertions: the tests check what really landed in PostgreSQL. */
export async function connectTestDb(): Promise<Client> {
  const client = new Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  return client;
}

/** An empty schema: the apps under test apply the migrations themselves at start. */
export async function resetSchema(db: Client): Promise<void> {
  await db.query('DROP SCHEMA IF EXISTS public CASCADE');
  await db.query('CREATE SCHEMA public');
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
