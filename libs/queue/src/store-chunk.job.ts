import { createHash } from 'node:crypto';

/**
 * What a job carries for one chunk: the reference of its ledger row (sync_chunk), nothing else. The
 * worker reads the user, the sync and the rows from that row, which holds the chunk's payload until
 * it is stored (the outbox), so Redis never holds health data, a user id, a sync key or an anchor.
 * dataType and chunkIndex are not secrets and label the worker's metrics and the queue admin.
 */
export interface StoreChunkJobData {
  chunkId: string;
  /** The ledger row's random id: the job only ever touches the row that has it (a restore may reuse `chunkId`). */
  jobUuid: string;
  /** The ledger row's revision this job stores; a newer revision supersedes it. */
  revision: number;
  dataType: string;
  chunkIndex: number;
}

/**
 * The job for a ledger row, built from exactly the reference fields: a caller that hands in a whole
 * ledger row (user, anchor, payload) cannot leak them into Redis.
 */
export function storeChunkJobData(ref: StoreChunkJobData): StoreChunkJobData {
  const { chunkId, jobUuid, revision, dataType, chunkIndex } = ref;
  return { chunkId, jobUuid, revision, dataType, chunkIndex };
}

/**
 * The ledger reference of any job the queue may hold: today's, the "spent" marker older workers left
 * on a stored or failed job, or an older API's job with the whole payload (queued before the
 * upgrade). All three are stored by reference from the ledger; null when the data names no row.
 */
export function chunkJobRef(data: unknown): StoreChunkJobData | null {
  const d = data as Partial<StoreChunkJobData> | null | undefined;
  if (!d || typeof d !== 'object') return null;
  const ok =
    typeof d.chunkId === 'string' &&
    /^[0-9]+$/.test(d.chunkId) &&
    typeof d.jobUuid === 'string' &&
    /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(d.jobUuid) &&
    Number.isInteger(d.revision) &&
    typeof d.dataType === 'string' &&
    Number.isInteger(d.chunkIndex);
  return ok ? storeChunkJobData(d as StoreChunkJobData) : null;
}

/**
 * Deterministic: a retried HTTP request maps to the job that already exists instead of adding a
 * second one, while changed content (a new revision of the ledger row) gets a job of its own.
 * The ledger row's random uuid, not its sequence id: a sequence restarts after a database restore
 * while Redis may still remember completed jobs under the old ids, and BullMQ ignores an add whose
 * id exists. (BullMQ forbids ':' in custom ids.)
 */
export function storeChunkJobId(jobUuid: string, revision: number): string {
  return `chunk-${jobUuid}-r${revision}`;
}

/** The anchor can be 8 KiB; its hash names the sync in keys and indexes. */
export function syncKeyOf(anchorToken: string): string {
  return createHash('sha256').update(anchorToken).digest('hex');
}
