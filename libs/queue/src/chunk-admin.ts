import type { Job, Queue } from 'bullmq';
import { SyncJobName } from './queue.constants';
import { ChunkPayload, isSpent, storeChunkJobData, storeChunkJobId } from './store-chunk.job';

/** What the operator tools need of PostgreSQL (a pg Client or Pool). */
export interface SqlRunner {
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: R[] }>;
}

export interface ChunkRow {
  id: string;
  /** With the revision, names the chunk's job. */
  jobUuid: string;
  userId: string;
  dataType: string;
  chunkIndex: number;
  revision: number;
  status: string;
  error: string | null;
  updatedAt: Date;
}

export interface ChunkWithJob extends ChunkRow {
  jobId: string;
  /** BullMQ's state of the chunk's job, or 'missing' (removed, or Redis lost it). */
  jobState: string;
  failedReason?: string;
}

export type RedriveAction =
  'retried' | 'enqueued from the ledger' | 'promoted' | 'already queued' | 'missing: the phone re-sends it' | 'unchanged';

const CHUNK_COLUMNS = `id::text AS "id", job_uuid::text AS "jobUuid", user_id AS "userId", data_type AS "dataType", chunk_index AS "chunkIndex",
  revision, status, error, updated_at AS "updatedAt"`;

// Newest first: what broke last is what an operator looks at first.
const FAILED_CHUNKS = `SELECT ${CHUNK_COLUMNS} FROM sync_chunk WHERE status = 'failed' ORDER BY updated_at DESC LIMIT $1`;
const FAILED_CHUNKS_BY_ID = `SELECT ${CHUNK_COLUMNS} FROM sync_chunk WHERE status = 'failed' AND id = ANY($1::bigint[])`;
// Not stored yet: queued (maybe waiting, delayed for a retry, or lost) or failed for good.
const UNSTORED_OF_USER = `SELECT ${CHUNK_COLUMNS} FROM sync_chunk
  WHERE user_id = $1 AND status IN ('queued', 'failed') ORDER BY data_type, chunk_index`;
// Only this revision: if the phone sent newer content meanwhile, that revision has its own job.
const BACK_TO_QUEUED = `UPDATE sync_chunk SET status = 'queued', updated_at = now()
  WHERE id = $1 AND revision = $2 AND status = 'failed'`;

// What a job is rebuilt from: the ledger row of a failed chunk keeps its payload (its failed job does not).
const FAILED_PAYLOAD = `SELECT sync_key AS "syncKey", anchor_token AS "anchorToken", is_final AS "isFinal", pending_payload AS "payload"
  FROM sync_chunk WHERE id = $1 AND job_uuid = $2 AND revision = $3 AND status = 'failed' AND pending_payload IS NOT NULL`;

async function withJob(queue: Queue, chunk: ChunkRow): Promise<ChunkWithJob & { job?: Job }> {
  const jobId = storeChunkJobId(chunk.jobUuid, chunk.revision);
  const job = await queue.getJob(jobId);
  const jobState = job ? await job.getState() : 'missing';
  return { ...chunk, jobId, jobState, failedReason: job?.failedReason || undefined, job };
}

/** Failed chunks with the reason the ledger recorded and the job's own. */
export async function listFailedChunks(db: SqlRunner, queue: Queue, limit = 100): Promise<ChunkWithJob[]> {
  const { rows } = await db.query<ChunkRow>(FAILED_CHUNKS, [limit]);
  const chunks = await Promise.all(rows.map((row) => withJob(queue, row)));
  return chunks.map(({ job: _job, ...chunk }) => chunk);
}

/** Runs failed chunks again (all, or the given ledger ids); the ledger row goes back to queued. */
export async function retryFailedChunks(db: SqlRunner, queue: Queue, ids?: string[]) {
  const { rows } = ids?.length
    ? await db.query<ChunkRow>(FAILED_CHUNKS_BY_ID, [ids])
    : await db.query<ChunkRow>(FAILED_CHUNKS, [10_000]);
  return Promise.all(rows.map((row) => redrive(db, queue, row)));
}

/** Every chunk of one user that is not stored: retried, promoted from its backoff, or reported lost. */
export async function redriveUserChunks(db: SqlRunner, queue: Queue, userId: string) {
  const { rows } = await db.query<ChunkRow>(UNSTORED_OF_USER, [userId]);
  return Promise.all(rows.map((row) => redrive(db, queue, row)));
}

async function redrive(db: SqlRunner, queue: Queue, row: ChunkRow): Promise<{ chunk: ChunkWithJob; action: RedriveAction }> {
  const { job, ...chunk } = await withJob(queue, row);
  let action: RedriveAction = 'unchanged';
  if (job && chunk.jobState === 'failed' && isSpent(job.data)) {
    // The failed job kept no payload: it is replaced by one made from the ledger row.
    await job.remove();
    if (await enqueueFromLedger(db, queue, row, chunk.jobId)) return { chunk, action: 'enqueued from the ledger' };
    action = 'missing: the phone re-sends it';
  } else if (job && chunk.jobState === 'failed') {
    await job.retry('failed');
    action = 'retried';
  } else if (job && chunk.jobState === 'delayed') {
    await job.promote();
    action = 'promoted';
  } else if (job && ['waiting', 'active', 'prioritized', 'waiting-children'].includes(chunk.jobState)) {
    action = 'already queued';
  } else if (!job && row.status === 'failed' && (await enqueueFromLedger(db, queue, row, chunk.jobId))) {
    return { chunk, action: 'enqueued from the ledger' };
  } else if (!job) {
    // A queued chunk keeps its payload in the ledger, and the worker's outbox sweep enqueues it again;
    // a failed one whose payload retention cleared: only the phone can send it again, and it will,
    // because the anchor has not moved past an unstored chunk.
    action = 'missing: the phone re-sends it';
  }
  if (action === 'retried' || action === 'promoted') await db.query(BACK_TO_QUEUED, [row.id, row.revision]);
  return { chunk, action };
}

/**
 * A failed chunk's job is gone or kept no payload; its ledger row still has the payload. Back to
 * queued first: should the add fail, the worker's outbox sweep enqueues the queued row itself.
 */
async function enqueueFromLedger(db: SqlRunner, queue: Queue, row: ChunkRow, jobId: string): Promise<boolean> {
  const { rows } = await db.query<{ syncKey: string; anchorToken: string; isFinal: boolean; payload: string }>(FAILED_PAYLOAD, [
    row.id,
    row.jobUuid,
    row.revision,
  ]);
  if (rows.length === 0) return false;
  await db.query(BACK_TO_QUEUED, [row.id, row.revision]);
  const ref = {
    chunkId: row.id,
    jobUuid: row.jobUuid,
    userId: row.userId,
    dataType: row.dataType,
    syncKey: rows[0].syncKey,
    anchorToken: rows[0].anchorToken,
    chunkIndex: row.chunkIndex,
    isFinal: rows[0].isFinal,
    revision: row.revision,
  };
  await queue.add(SyncJobName.StoreChunk, storeChunkJobData(ref, JSON.parse(rows[0].payload) as ChunkPayload), { jobId });
  return true;
}
