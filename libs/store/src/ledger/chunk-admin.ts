import { statement } from '../sql/statement';
import { ChunkStatus, sqlStatus } from './chunk-status';
import { ledgerUserOf } from './ledger-user';

/**
 * The ledger's side of the operator tools (`npm run chunks`): which chunks failed or are not
 * stored, and putting one back to queued. What to do with their jobs is decided where the queue is
 * known (apps/worker/src/chunk-admin); libs/queue does not import the store.
 */

/** What the operator tools need of PostgreSQL (a pg Client or Pool). */
export interface SqlRunner {
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: R[] }>;
}

export interface ChunkRow {
  id: string;
  /** With the revision, names the chunk's job. */
  jobUuid: string;
  /** The subject (JWT sub). */
  userId: string;
  dataType: string;
  chunkIndex: number;
  revision: number;
  status: ChunkStatus;
  error: string | null;
  updatedAt: Date;
}

const QUEUED = sqlStatus(ChunkStatus.Queued);
const FAILED = sqlStatus(ChunkStatus.Failed);

const CHUNK_COLUMNS = `c.id::text AS "id", c.job_uuid::text AS "jobUuid", u.subject AS "userId", c.data_type AS "dataType",
  c.chunk_index AS "chunkIndex", c.revision, c.status, c.error, c.updated_at AS "updatedAt"`;
const CHUNKS = `sync_chunk c JOIN app_user u ON u.id = c.user_ref`;

// Newest first: what broke last is what an operator looks at first.
const FAILED_CHUNKS = statement(
  'ledger/admin/failed-chunks',
  `SELECT ${CHUNK_COLUMNS} FROM ${CHUNKS} WHERE c.status = ${FAILED} ORDER BY c.updated_at DESC LIMIT $1`,
);
const FAILED_CHUNKS_BY_ID = statement(
  'ledger/admin/failed-chunks-by-id',
  `SELECT ${CHUNK_COLUMNS} FROM ${CHUNKS} WHERE c.status = ${FAILED} AND c.id = ANY($1::bigint[])`,
);
// Not stored yet: queued (maybe waiting, delayed for a retry, or lost) or failed for good.
const UNSTORED_OF_USER = statement(
  'ledger/admin/unstored-of-user',
  `SELECT ${CHUNK_COLUMNS} FROM ${CHUNKS}
  WHERE c.user_ref = ${ledgerUserOf('$1')} AND c.status IN (${QUEUED}, ${FAILED}) ORDER BY c.data_type, c.chunk_index`,
);
// Only this revision: if the phone sent newer content meanwhile, that revision has its own job.
const BACK_TO_QUEUED = statement(
  'ledger/admin/back-to-queued',
  `UPDATE sync_chunk SET status = ${QUEUED}, updated_at = now()
  WHERE id = $1 AND revision = $2 AND status = ${FAILED}`,
);
// Whether a job can run it again: the worker reads the payload the ledger row of a failed chunk keeps
// (until retention clears it); the job carries only the row's reference.
const FAILED_KEPT = statement(
  'ledger/admin/failed-kept',
  `SELECT 1 AS kept
  FROM sync_chunk WHERE id = $1 AND job_uuid = $2 AND revision = $3 AND status = ${FAILED} AND pending_payload IS NOT NULL`,
);

/** Failed chunks, newest first. */
export async function failedChunks(db: SqlRunner, limit: number): Promise<ChunkRow[]> {
  return (await db.query<ChunkRow>(FAILED_CHUNKS, [limit])).rows;
}

/** The failed chunks among the given ledger ids. */
export async function failedChunksById(db: SqlRunner, ids: string[]): Promise<ChunkRow[]> {
  return (await db.query<ChunkRow>(FAILED_CHUNKS_BY_ID, [ids])).rows;
}

/** Every chunk of the subject that is not stored. */
export async function unstoredChunksOf(db: SqlRunner, userId: string): Promise<ChunkRow[]> {
  return (await db.query<ChunkRow>(UNSTORED_OF_USER, [userId])).rows;
}

/** A failed revision goes back to queued (its job runs again). */
export async function markChunkQueuedAgain(db: SqlRunner, row: Pick<ChunkRow, 'id' | 'revision'>): Promise<void> {
  await db.query(BACK_TO_QUEUED, [row.id, row.revision]);
}

/** True when a failed revision kept its payload (false: retention cleared it, or the row changed). */
export async function failedChunkKept(db: SqlRunner, row: Pick<ChunkRow, 'id' | 'jobUuid' | 'revision'>): Promise<boolean> {
  const { rows } = await db.query(FAILED_KEPT, [row.id, row.jobUuid, row.revision]);
  return rows.length > 0;
}
