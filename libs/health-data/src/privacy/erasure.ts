import { createHash } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { ownedBy, USER_DATA_TABLES, UserDataTable } from './erasure-tables';

/** Advisory lock namespace of "a user's data is being written / erased" (second key: hashtext(user id)). */
export const ERASURE_LOCK_CLASS = 72019;

export interface ErasureRecord {
  id: string;
  status: 'running' | 'done';
  counts: Record<string, number>;
  requestedAt: Date;
  finishedAt: Date | null;
}

export function userHash(userId: string): string {
  return createHash('sha256').update(userId).digest('hex');
}

// Exclusive: waits for the worker transactions of this user that are storing a chunk right now;
// every later one takes the shared lock after the marker is committed, sees it and stores nothing.
const LOCK_USER_EXCLUSIVE = `SELECT pg_advisory_xact_lock(${ERASURE_LOCK_CLASS}, hashtext($1))`;
const START = `INSERT INTO health_data_erasure (user_hash, user_id, status) VALUES ($1, $2, 'running')
  ON CONFLICT (user_id) WHERE status = 'running' DO NOTHING RETURNING id::text`;
const RUNNING_OF_USER = `SELECT id::text FROM health_data_erasure WHERE user_id = $1 AND status = 'running'`;
const RECORD_COLUMNS = `id::text AS id, status, counts, requested_at AS "requestedAt", finished_at AS "finishedAt"`;
const LATEST_OF_USER = `SELECT ${RECORD_COLUMNS} FROM health_data_erasure WHERE user_hash = $1 ORDER BY requested_at DESC, id DESC LIMIT 1`;
const STALE_RUNNING = `SELECT id::text, user_id AS "userId" FROM health_data_erasure
  WHERE status = 'running' AND updated_at < now() - make_interval(secs => $1)`;
const CHUNK_REFS = `SELECT job_uuid::text AS "jobUuid", revision FROM sync_chunk WHERE user_id = $1`;
const ADD_COUNT = `UPDATE health_data_erasure SET counts = counts || jsonb_build_object($2::text, $3::int), updated_at = now() WHERE id = $1`;
const EXISTING_TABLES = `SELECT t FROM unnest($1::text[]) AS t WHERE to_regclass(t) IS NOT NULL`;

/**
 * One batch: at most $2 rows of one table, found through its user index, deleted and counted in
 * the same statement; its own short transaction, so no lock is held for longer than one batch.
 * The owner test is repeated on the DELETE: a ctid is unique only within one partition of a
 * partitioned table, and the test confines the delete to the user's own partition.
 * (A SELECT around data-modifying CTEs: TypeORM hands back the rows of a SELECT as they are.)
 */
const deleteBatch = (table: UserDataTable) => `
WITH doomed AS (
  DELETE FROM ${table} x WHERE ${ownedBy(table)} AND ctid = ANY(ARRAY(SELECT ctid FROM ${table} x WHERE ${ownedBy(table)} LIMIT $2))
  RETURNING 1
), n AS (SELECT count(*)::int AS n FROM doomed),
counted AS (
  UPDATE health_data_erasure
  SET counts = jsonb_set(counts, ARRAY[$3::text], to_jsonb(COALESCE((counts->>$3::text)::int, 0) + (SELECT n FROM n))),
      updated_at = now()
  WHERE id = $4
)
SELECT n FROM n`;

const FINISH = `UPDATE health_data_erasure SET status = 'done', user_id = NULL, finished_at = now(), updated_at = now()
  WHERE id = $1 AND status = 'running'`;

/** The user tables, checked against this database: a missing one means the schema is not current. */
export async function existingUserTables(db: DataSource | EntityManager): Promise<UserDataTable[]> {
  const rows: { t: UserDataTable }[] = await db.query(EXISTING_TABLES, [[...USER_DATA_TABLES]]);
  const present = new Set(rows.map((r) => r.t));
  const missing = USER_DATA_TABLES.filter((t) => !present.has(t));
  if (missing.length > 0) throw new Error(`user tables missing: ${missing.join(', ')}`);
  return USER_DATA_TABLES.filter((t) => present.has(t));
}

/**
 * Records the erasure (the marker the worker checks) once no chunk of the user is being stored.
 * Asking again while one runs returns that one.
 */
export async function startErasure(dataSource: DataSource, userId: string): Promise<{ id: string; started: boolean }> {
  return dataSource.transaction(async (em) => {
    await em.query(LOCK_USER_EXCLUSIVE, [userId]);
    const [inserted]: { id: string }[] = await em.query(START, [userHash(userId), userId]);
    if (inserted) return { id: inserted.id, started: true };
    const [running]: { id: string }[] = await em.query(RUNNING_OF_USER, [userId]);
    return { id: running.id, started: false };
  });
}

/**
 * Deletes every row of the user, table by table in batches, then (under the exclusive lock) sweeps
 * what arrived meanwhile, and turns the marker into the audit record. Safe to run again or twice
 * at once: each statement deletes and counts only rows that still exist.
 */
export async function runErasure(dataSource: DataSource, erasureId: string, userId: string, batchSize: number): Promise<void> {
  const tables = await existingUserTables(dataSource);
  const emptyTable = async (db: DataSource | EntityManager, table: UserDataTable) => {
    let deleted: number;
    do {
      const [row]: { n: number }[] = await db.query(deleteBatch(table), [userId, batchSize, table, erasureId]);
      deleted = row?.n ?? 0;
    } while (deleted >= batchSize);
  };
  for (const table of tables) await emptyTable(dataSource, table);
  await dataSource.transaction(async (em) => {
    await em.query(LOCK_USER_EXCLUSIVE, [userId]);
    // Only ledger rows of chunks the API accepted during the erasure can be left; their jobs store nothing.
    for (const table of tables) await emptyTable(em, table);
    await em.query(FINISH, [erasureId]);
  });
}

/** The user's ledger rows: the API derives their queue job ids from them, to remove the jobs. */
export async function userChunkRefs(db: DataSource, userId: string): Promise<{ jobUuid: string; revision: number }[]> {
  return db.query(CHUNK_REFS, [userId]);
}

/** Adds a count that is not a table's (e.g. queue jobs removed) to the erasure's record. */
export async function recordErasureCount(db: DataSource, erasureId: string, name: string, n: number): Promise<void> {
  await db.query(ADD_COUNT, [erasureId, name, n]);
}

/** The user's latest erasure, running or done (found by the hash: a finished record keeps no user id). */
export async function latestErasure(db: DataSource, userId: string): Promise<ErasureRecord | null> {
  const [row]: ErasureRecord[] = await db.query(LATEST_OF_USER, [userHash(userId)]);
  return row ?? null;
}

/** Erasures that stopped making progress (their process died): to be run again. */
export async function staleErasures(db: DataSource, idleSeconds: number): Promise<{ id: string; userId: string }[]> {
  return db.query(STALE_RUNNING, [idleSeconds]);
}
