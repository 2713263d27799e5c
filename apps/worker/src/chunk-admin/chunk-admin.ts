import { storeChunkJobData, storeChunkJobId, SyncJobName } from '@app/queue';
import {
  ChunkRow,
  ChunkStatus,
  failedChunkKept,
  failedChunks,
  failedChunksById,
  markChunkQueuedAgain,
  SqlRunner,
  unstoredChunksOf,
} from '@app/store';
import type { Job, Queue } from 'bullmq';

/**
 * The operator tools for chunks (`npm run chunks`, scripts/chunks.js): the ledger's view of a chunk
 * (the store's ledger/chunk-admin) joined with its job's (BullMQ). Here, in the worker, because this
 * needs both the queue and the store and libs/queue may not import the store; the worker is the
 * other one that enqueues chunks again from the ledger (its outbox sweep).
 */

export type { ChunkRow, SqlRunner };

export interface ChunkWithJob extends ChunkRow {
  jobId: string;
  /** BullMQ's state of the chunk's job, or 'missing' (removed, or Redis lost it). */
  jobState: string;
  failedReason?: string;
}

export type RedriveAction =
  'enqueued from the ledger' | 'promoted' | 'already queued' | 'missing: the phone re-sends it' | 'unchanged';

async function withJob(queue: Queue, chunk: ChunkRow): Promise<ChunkWithJob & { job?: Job }> {
  const jobId = storeChunkJobId(chunk.jobUuid, chunk.revision);
  const job = await queue.getJob(jobId);
  const jobState = job ? await job.getState() : 'missing';
  return { ...chunk, jobId, jobState, failedReason: job?.failedReason || undefined, job };
}

/** Failed chunks with the reason the ledger recorded and the job's own. */
export async function listFailedChunks(db: SqlRunner, queue: Queue, limit = 100): Promise<ChunkWithJob[]> {
  const rows = await failedChunks(db, limit);
  const chunks = await Promise.all(rows.map((row) => withJob(queue, row)));
  return chunks.map(({ job: _job, ...chunk }) => chunk);
}

/** Runs failed chunks again (all, or the given ledger ids); the ledger row goes back to queued. */
export async function retryFailedChunks(db: SqlRunner, queue: Queue, ids?: string[]) {
  const rows = ids?.length ? await failedChunksById(db, ids) : await failedChunks(db, 10_000);
  return Promise.all(rows.map((row) => redrive(db, queue, row)));
}

/** Every chunk of one user that is not stored: retried, promoted from its backoff, or reported lost. */
export async function redriveUserChunks(db: SqlRunner, queue: Queue, userId: string) {
  const rows = await unstoredChunksOf(db, userId);
  return Promise.all(rows.map((row) => redrive(db, queue, row)));
}

async function redrive(db: SqlRunner, queue: Queue, row: ChunkRow): Promise<{ chunk: ChunkWithJob; action: RedriveAction }> {
  const { job, ...chunk } = await withJob(queue, row);
  let action: RedriveAction = 'unchanged';
  if (job && chunk.jobState === 'failed') {
    // Replaced by a fresh job (all its attempts again) for the same ledger reference; the worker
    // reads the payload the ledger row kept. (A job an older version failed may hold a spent marker
    // or the whole payload: either is dropped with it.)
    await job.remove();
    if (await enqueueFromLedger(db, queue, row, chunk.jobId)) return { chunk, action: 'enqueued from the ledger' };
    action = 'missing: the phone re-sends it';
  } else if (job && chunk.jobState === 'delayed') {
    await job.promote();
    action = 'promoted';
  } else if (job && ['waiting', 'active', 'prioritized', 'waiting-children'].includes(chunk.jobState)) {
    action = 'already queued';
  } else if (!job && row.status === ChunkStatus.Failed && (await enqueueFromLedger(db, queue, row, chunk.jobId))) {
    return { chunk, action: 'enqueued from the ledger' };
  } else if (!job) {
    // A queued chunk keeps its payload in the ledger, and the worker's outbox sweep enqueues it again;
    // a failed one whose payload retention cleared: only the phone can send it again, and it will,
    // because the anchor has not moved past an unstored chunk.
    action = 'missing: the phone re-sends it';
  }
  if (action === 'promoted') await markChunkQueuedAgain(db, row);
  return { chunk, action };
}

/**
 * A failed chunk whose ledger row still has its payload gets a job again: the ledger reference, as
 * the API enqueues it. Back to queued first: should the add fail, the worker's outbox sweep enqueues
 * the queued row itself.
 */
async function enqueueFromLedger(db: SqlRunner, queue: Queue, row: ChunkRow, jobId: string): Promise<boolean> {
  if (!(await failedChunkKept(db, row))) return false;
  await markChunkQueuedAgain(db, row);
  const ref = {
    chunkId: row.id,
    jobUuid: row.jobUuid,
    revision: row.revision,
    dataType: row.dataType,
    chunkIndex: row.chunkIndex,
  };
  await queue.add(SyncJobName.StoreChunk, storeChunkJobData(ref), { jobId });
  return true;
}
