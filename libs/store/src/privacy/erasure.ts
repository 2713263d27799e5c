import { createHash } from 'node:crypto';
import { ChunkRef, chunkRefsOf } from '../ledger/chunk-refs';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { resolveUserRef } from '../health-rows/row-references';
import { LOCK_SQL } from '../locks/advisory-locks';
import { statement } from '../sql/statement';
import { ownedByKeys, USER_DATA_TABLES, UserDataTable } from './user-tables';

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
const LOCK_USER_EXCLUSIVE = LOCK_SQL.userWritesExclusive;
const START = statement(
  'privacy/erasure-start',
  `INSERT INTO health_data_erasure (user_hash, user_ref, status) VALUES ($1, $2, 'running')
  ON CONFLICT (user_ref) WHERE status = 'running' DO NOTHING RETURNING id::text`,
);
const RUNNING_OF_USER = statement(
  'privacy/erasure-running-of-user',
  `SELECT id::text FROM health_data_erasure WHERE user_ref = $1 AND status = 'running'`,
);
const RECORD_COLUMNS = `id::text AS id, status, counts, requested_at AS "requestedAt", finished_at AS "finishedAt"`;
const LATEST_OF_USER = statement(
  'privacy/erasure-latest-of-user',
  `SELECT ${RECORD_COLUMNS} FROM health_data_erasure WHERE user_hash = $1 ORDER BY requested_at DESC, id DESC LIMIT 1`,
);
const STALE_RUNNING = statement(
  'privacy/erasure-stale',
  // The subject through app_user, which a running erasure keeps: it deletes that row last, in the
  // transaction that marks the erasure done.
  `SELECT e.id::text, u.subject AS "userId" FROM health_data_erasure e JOIN app_user u ON u.id = e.user_ref
  WHERE e.status = 'running' AND e.updated_at < now() - make_interval(secs => $1)`,
);
const ADD_COUNT = statement(
  'privacy/erasure-add-count',
  `UPDATE health_data_erasure SET counts = counts || jsonb_build_object($2::text, $3::int), updated_at = now() WHERE id = $1`,
);
const EXISTING_TABLES = statement(
  'privacy/existing-tables',
  `SELECT t FROM unnest($1::text[]) AS t WHERE to_regclass(t) IS NOT NULL`,
);

/**
 * One batch: at most $2 rows of one table, found through its user index, deleted and counted in
 * the same statement; its own short transaction, so no lock is held for longer than one batch.
 * The owner test is repeated on the DELETE: a ctid is unique only within one partition of a
 * partitioned table, and the test confines the delete to the user's own partition. Rows are found
 * by the user's keys ($1 subject, $5 app_user id), never through app_user, which goes last.
 * (A SELECT around data-modifying CTEs: TypeORM hands back the rows of a SELECT as they are.)
 */
const deleteBatchSql = (table: UserDataTable) => {
  const owned = ownedByKeys(table, '$1', '$5');
  return `
WITH doomed AS (
  DELETE FROM ${table} x WHERE ${owned} AND ctid = ANY(ARRAY(SELECT ctid FROM ${table} x WHERE ${owned} LIMIT $2))
  RETURNING 1
), n AS (SELECT count(*)::int AS n, $1::text AS subject, $5::int AS user_ref FROM doomed), -- both keys typed, whichever the table uses
counted AS (
  UPDATE health_data_erasure
  SET counts = jsonb_set(counts, ARRAY[$3::text], to_jsonb(COALESCE((counts->>$3::text)::int, 0) + (SELECT n FROM n))),
      updated_at = now()
  WHERE id = $4
)
SELECT n FROM n`;
};

/** Whether any row of the user is left in the table (a short batch may only mean that another deleter took rows first). */
const anyLeftSql = (table: UserDataTable) =>
  `SELECT EXISTS (SELECT 1 FROM ${table} x WHERE ${ownedByKeys(table, '$1', '$2')}) AS any, $1::text AS subject, $2::int AS user_ref`;

/** Per table, built once at load (and registered, so each is committed as text). */
const DELETE_BATCH = Object.fromEntries(
  USER_DATA_TABLES.map((t) => [t, statement(`privacy/erasure-delete-batch/${t}`, deleteBatchSql(t))]),
) as Record<UserDataTable, string>;
const ANY_LEFT = Object.fromEntries(
  USER_DATA_TABLES.map((t) => [t, statement(`privacy/erasure-any-left/${t}`, anyLeftSql(t))]),
) as Record<UserDataTable, string>;

const TRY_RUNNER_LOCK = LOCK_SQL.erasureRunnerTry;
const RUNNER_UNLOCK = LOCK_SQL.erasureRunnerRelease;
const STILL_RUNNING = statement(
  'privacy/erasure-still-running',
  `SELECT EXISTS (SELECT 1 FROM health_data_erasure WHERE id = $1 AND status = 'running') AS running`,
);
const USER_REF = statement('privacy/erasure-user-ref', `SELECT id FROM app_user WHERE subject = $1`);
/**
 * The API records ledger rows without the erasure lock (it only writes the ledger), resolving the
 * user's app_user row with FOR KEY SHARE in the same statement (libs/store/src/ledger/ledger-user.ts).
 * Locking that row here, before the last sweep, makes a chunk being recorded right now commit first
 * (the sweep then sees it) and one recorded later wait for this erasure and find the row gone: no
 * ledger row is left naming a deleted app_user id.
 */
const LOCK_USER_ROW = statement('privacy/erasure-lock-user-row', `SELECT id FROM app_user WHERE subject = $1 FOR UPDATE`);

const FINISH = statement(
  'privacy/erasure-finish',
  `UPDATE health_data_erasure SET status = 'done', user_ref = NULL, finished_at = now(), updated_at = now()
  WHERE id = $1 AND status = 'running'`,
);

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
    // The marker names the user by app_user id, made here for a user who never stored a chunk: the
    // erasure deletes that row last, so a resumed run still finds the subject through it.
    const userRef = await resolveUserRef(em, userId);
    const [inserted]: { id: string }[] = await em.query(START, [userHash(userId), userRef]);
    if (inserted) return { id: inserted.id, started: true };
    const [running]: { id: string }[] = await em.query(RUNNING_OF_USER, [userRef]);
    return { id: running.id, started: false };
  });
}

export interface ErasureRun {
  /** False: another runner holds this user's erasure, or it was finished already; this one did nothing. */
  ran: boolean;
  /** The ledger rows found before they were deleted: their jobs are to leave Redis too. */
  chunkRefs: ChunkRef[];
}

export type { ChunkRef };

/**
 * Deletes every row of the user, table by table in batches, then (under the exclusive lock) sweeps
 * what arrived meanwhile, deletes the app_user row and turns the marker into the audit record, in
 * one transaction. One runner at a time per user (a session advisory lock on the runner's own
 * connection): a second API task that finds the erasure stale while the first still runs it leaves
 * it alone. Each table is emptied until no row of the user is left, not until a batch comes back
 * short: retention or an earlier runner deleting the same rows makes batches short.
 */
export async function runErasure(
  dataSource: DataSource,
  erasureId: string,
  userId: string,
  batchSize: number,
): Promise<ErasureRun> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    const [{ locked }]: { locked: boolean }[] = await runner.query(TRY_RUNNER_LOCK, [userId]);
    if (!locked) return { ran: false, chunkRefs: [] };
    try {
      const [{ running }]: { running: boolean }[] = await runner.query(STILL_RUNNING, [erasureId]);
      if (!running) return { ran: false, chunkRefs: [] };
      return { ran: true, chunkRefs: await eraseAll(runner, erasureId, userId, batchSize) };
    } finally {
      await runner.query(RUNNER_UNLOCK, [userId]);
    }
  } finally {
    await runner.release();
  }
}

async function eraseAll(runner: QueryRunner, erasureId: string, userId: string, batchSize: number): Promise<ChunkRef[]> {
  const tables = (await existingUserTables(runner.manager)).filter((t) => t !== 'app_user');
  const [user]: { id: number }[] = await runner.query(USER_REF, [userId]);
  let userRef = user?.id ?? null;
  const emptyTable = async (table: UserDataTable) => {
    for (;;) {
      const [row]: { n: number }[] = await runner.query(DELETE_BATCH[table], [userId, batchSize, table, erasureId, userRef]);
      if ((row?.n ?? 0) >= batchSize) continue;
      const [{ any }]: { any: boolean }[] = await runner.query(ANY_LEFT[table], [userId, userRef]);
      if (!any) return;
    }
  };
  const chunkRefs: ChunkRef[] = await chunkRefsOf(runner, userId);
  for (const table of tables) await emptyTable(table);
  await runner.startTransaction();
  try {
    await runner.query(LOCK_USER_EXCLUSIVE, [userId]);
    const [locked]: { id: number }[] = await runner.query(LOCK_USER_ROW, [userId]);
    // startErasure made the row, so this is the id read above; locking it is what matters here (a chunk
    // being recorded commits first, a later one waits and finds the row gone). Read again only for an
    // erasure started by a version that did not make the row.
    userRef = locked?.id ?? userRef;
    // Only ledger rows of chunks the API accepted during the erasure can be left; their jobs store nothing.
    chunkRefs.push(...(await chunkRefsOf(runner, userId)));
    for (const table of tables) await emptyTable(table);
    // The user row last, with the audit record: a runner that starts again after a crash still finds it.
    await emptyTable('app_user');
    await runner.query(FINISH, [erasureId]);
    await runner.commitTransaction();
  } catch (err) {
    await runner.rollbackTransaction();
    throw err;
  }
  return chunkRefs;
}

/** The user's ledger rows: the API derives their queue job ids from them, to remove the jobs. */
export async function userChunkRefs(db: DataSource, userId: string): Promise<ChunkRef[]> {
  return chunkRefsOf(db, userId);
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
