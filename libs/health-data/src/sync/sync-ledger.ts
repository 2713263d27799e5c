import { LOCK_SQL } from '@app/store/locks/advisory-locks';
import type { DataSource, EntityManager } from 'typeorm';
import type { RejectedItem } from '../parsing/normalized-point';
import { refreshRollup } from '@app/store/rollup/sample-rollup';
import { findUserRef } from '@app/store/health-rows/row-references';
import { reconcileWindow } from '@app/store/health-rows/reconcile';
import type { ReconcileWindow } from './sync-run';
import { writePosition } from './write-position';

/**
 * The one definition of a sync's final chunk, for the anchor rule and for syncProgress alike: the
 * highest index sent with isFinalChunk (a re-send that moves the end further keeps the anchor
 * waiting for every chunk up to it). An aggregate over the sync's sync_chunk rows.
 */
export const FINAL_CHUNK_INDEX_SQL = `max(chunk_index) FILTER (WHERE is_final)`;

export interface ChunkRecord {
  userId: string;
  dataType: string;
  syncKey: string;
  anchorToken: string;
  /** Absent: the server numbers chunks of the sync in arrival order. */
  chunkIndex: number | null;
  isFinal: boolean;
  contentHash: string;
  itemCount: number;
  acceptedCount: number;
  deletedCount: number;
  rejected: (RejectedItem & { raw: unknown })[];
  /** What the worker needs to store the chunk, kept until it is stored (the outbox, see pendingPayload). */
  payload: string;
  /** A reconciling sync's chunk: the data types of its accepted items; null otherwise. */
  acceptedTypes: string[] | null;
}

export interface RecordedChunk {
  id: string;
  /** Random per ledger row: with the revision it names the chunk's job (see SyncChunkEntity.jobUuid). */
  jobUuid: string;
  chunkIndex: number;
  revision: number;
  /** True when this exact content was stored already: nothing to enqueue. */
  alreadyStored: boolean;
  /** True when the row is new: no job for it can exist yet. */
  isNew: boolean;
}

/** Serialises work on one sync (numbering, completion) without locking anything else. */
const LOCK_SYNC = LOCK_SQL.sync;

const NEXT_INDEX = `
SELECT chunk_index, content_hash = $4 AS same
FROM sync_chunk WHERE user_id = $1 AND data_type = $2 AND sync_key = $3
ORDER BY (content_hash = $4) DESC, chunk_index DESC LIMIT 1`;

const UPSERT_CHUNK = `
WITH up AS (
INSERT INTO sync_chunk AS c (user_id, data_type, sync_key, anchor_token, chunk_index, is_final, status,
  content_hash, revision, item_count, accepted_count, rejected_count, deleted_count, pending_payload, accepted_types)
VALUES ($1, $2, $3, $4, $5, $6, 'queued', $7, 0, $8, $9, $10, $11, $12, $13)
ON CONFLICT (user_id, data_type, sync_key, chunk_index) DO UPDATE SET
  -- A retried request with the same content keeps its stored status and its revision (so its job id);
  -- new content must be stored again, under a new revision.
  status = CASE WHEN c.status = 'stored' AND c.content_hash = EXCLUDED.content_hash THEN 'stored' ELSE 'queued' END,
  stored_at = CASE WHEN c.status = 'stored' AND c.content_hash = EXCLUDED.content_hash THEN c.stored_at END,
  pending_payload = CASE WHEN c.status = 'stored' AND c.content_hash = EXCLUDED.content_hash THEN NULL
    ELSE EXCLUDED.pending_payload END,
  revision = CASE WHEN c.content_hash = EXCLUDED.content_hash THEN c.revision ELSE c.revision + 1 END,
  error = NULL,
  is_final = EXCLUDED.is_final,
  content_hash = EXCLUDED.content_hash,
  item_count = EXCLUDED.item_count,
  accepted_count = EXCLUDED.accepted_count,
  rejected_count = EXCLUDED.rejected_count,
  deleted_count = EXCLUDED.deleted_count,
  accepted_types = EXCLUDED.accepted_types,
  updated_at = now()
RETURNING id, job_uuid, chunk_index, revision, status, (xmax = 0) AS inserted
),
-- A re-sent chunk's earlier rejections are replaced by this request's, in the same statement.
cleared AS (DELETE FROM sync_rejected_item r USING up WHERE r.chunk_id = up.id AND NOT up.inserted)
SELECT * FROM up`;

const INSERT_REJECTED = `
INSERT INTO sync_rejected_item (chunk_id, user_id, data_type, item_index, field, message, raw)
SELECT $1, $2, $3, r."index", r.field, r.message, r.raw
FROM jsonb_to_recordset($4::jsonb) AS r("index" integer, field text, message text, raw jsonb)`;

/**
 * API side: write the chunk's ledger row (and its rejected items) before its job is enqueued.
 * The usual chunk (numbered, nothing rejected) is one autocommitted statement; numbering a chunk
 * or keeping rejected items takes a transaction.
 */
export function recordChunk(dataSource: DataSource, chunk: ChunkRecord): Promise<RecordedChunk> {
  const needsTransaction = chunk.chunkIndex === null || chunk.rejected.length > 0;
  return needsTransaction ? dataSource.transaction((em) => writeLedgerRow(em, chunk)) : writeLedgerRow(dataSource.manager, chunk);
}

async function writeLedgerRow(em: EntityManager, chunk: ChunkRecord): Promise<RecordedChunk> {
  const { userId, dataType, syncKey } = chunk;
  let chunkIndex = chunk.chunkIndex;
  if (chunkIndex === null) {
    await em.query(LOCK_SYNC, [userId, dataType, syncKey]);
    const [last]: { chunk_index: number; same: boolean }[] = await em.query(NEXT_INDEX, [
      userId,
      dataType,
      syncKey,
      chunk.contentHash,
    ]);
    // A retried request without an index reuses the slot its first attempt got.
    chunkIndex = !last ? 0 : last.same ? last.chunk_index : last.chunk_index + 1;
  }
  const [row]: { id: string; job_uuid: string; chunk_index: number; revision: number; status: string; inserted: boolean }[] =
    await em.query(UPSERT_CHUNK, [
      userId,
      dataType,
      syncKey,
      chunk.anchorToken,
      chunkIndex,
      chunk.isFinal,
      chunk.contentHash,
      chunk.itemCount,
      chunk.acceptedCount,
      chunk.rejected.length,
      chunk.deletedCount,
      chunk.payload,
      chunk.acceptedTypes,
    ]);
  if (chunk.rejected.length > 0) {
    await em.query(INSERT_REJECTED, [row.id, userId, dataType, JSON.stringify(chunk.rejected)]);
  }
  return {
    id: row.id,
    jobUuid: row.job_uuid,
    chunkIndex: row.chunk_index,
    revision: row.revision,
    alreadyStored: row.status === 'stored',
    isNew: row.inserted,
  };
}

export interface StoredChunkRef {
  chunkId: string;
  jobUuid: string;
  userId: string;
  dataType: string;
  syncKey: string;
  anchorToken: string;
  revision: number;
  chunkIndex: number;
}

export type CompletionOutcome = 'superseded' | 'pending' | 'empty' | 'advanced' | 'older';

// job_uuid too: after a database restore, a job left in Redis may carry a row id that now belongs
// to another chunk; it must not mark that chunk stored.
// A SELECT around the UPDATE: TypeORM hands back a bare UPDATE … RETURNING as [rows, count], whose
// length is never 0, so a superseded revision went unnoticed.
const MARK_STORED = `
WITH marked AS (
  UPDATE sync_chunk SET status = 'stored', stored_at = now(), error = NULL, pending_payload = NULL, updated_at = now()
  WHERE id = $1 AND job_uuid = $3 AND revision = $2 RETURNING id
)
SELECT id FROM marked`;

/**
 * Thrown inside the chunk's transaction when its ledger row holds a newer revision (the phone
 * re-sent this index with other content): the transaction rolls back, so the superseded content
 * writes nothing; the newer revision has its own job.
 */
export class SupersededRevisionError extends Error {
  constructor() {
    super('the chunk was re-sent with other content: this revision is superseded');
  }
}

const SYNC_PROGRESS = `
WITH c AS (
  SELECT chunk_index, is_final, status, item_count, deleted_count, accepted_types FROM sync_chunk
  WHERE user_id = $1 AND data_type = $2 AND sync_key = $3
), fin AS (SELECT ${FINAL_CHUNK_INDEX_SQL} AS idx FROM c)
SELECT fin.idx AS final_index,
       (SELECT count(*) FROM c WHERE c.status = 'stored' AND c.chunk_index <= fin.idx) AS stored,
       (SELECT coalesce(sum(c.item_count + c.deleted_count), 0) FROM c WHERE c.chunk_index <= fin.idx) AS items,
       (SELECT coalesce(array_agg(DISTINCT t), '{}') FROM c, unnest(c.accepted_types) AS t WHERE c.chunk_index <= fin.idx) AS types,
       r.id::text AS seq, r.created_at AS started_at, r.reconcile, r.platform
FROM fin JOIN sync_run r ON r.user_id = $1 AND r.data_type = $2 AND r.sync_key = $3`;

// The latest sync to start wins: sync_run ids are in the order syncs started (an anchor set before
// sync_run existed compares by when its sync started).
const ADVANCE_ANCHOR = `
INSERT INTO healthkit_sync_state AS s (user_id, data_type, last_anchor, last_sync_time, anchor_sync_started_at, anchor_sync_seq)
VALUES ($1, $2, $3, now(), $4, $5)
ON CONFLICT (user_id, data_type) DO UPDATE SET
  last_anchor = EXCLUDED.last_anchor, last_sync_time = now(),
  anchor_sync_started_at = EXCLUDED.anchor_sync_started_at, anchor_sync_seq = EXCLUDED.anchor_sync_seq, updated_at = now()
WHERE CASE WHEN s.anchor_sync_seq IS NULL THEN s.anchor_sync_started_at <= EXCLUDED.anchor_sync_started_at
           ELSE s.anchor_sync_seq <= EXCLUDED.anchor_sync_seq END
RETURNING id`;

interface SyncCompletion {
  final_index: number | null;
  stored: string;
  items: string;
  types: string[];
  seq: string;
  started_at: Date;
  reconcile: ReconcileWindow | null;
  platform: string | null;
}

/**
 * Worker side, in the same transaction as the chunk's data: mark the chunk stored and, if the
 * final chunk and every one before it are stored, move the anchor; a reconciling sync then
 * deletes what it did not send in its window, in the same transaction. The sync lock makes two
 * chunks finishing at once see each other, so the last of them always moves the anchor. Throws
 * SupersededRevisionError when the chunk's content was replaced since this job was made.
 */
export async function completeChunk(em: EntityManager, ref: StoredChunkRef): Promise<CompletionOutcome> {
  await em.query(LOCK_SYNC, [ref.userId, ref.dataType, ref.syncKey]);
  const marked = await em.query(MARK_STORED, [ref.chunkId, ref.revision, ref.jobUuid]);
  // The row now holds newer content (the phone re-sent this index): that content has its own job.
  if (marked.length === 0) throw new SupersededRevisionError();
  const [sync]: SyncCompletion[] = await em.query(SYNC_PROGRESS, [ref.userId, ref.dataType, ref.syncKey]);
  if (!sync || sync.final_index === null) return 'pending';
  if (Number(sync.stored) !== sync.final_index + 1) return 'pending';
  if (Number(sync.items) === 0) return 'empty';
  const advanced = await em.query(ADVANCE_ANCHOR, [ref.userId, ref.dataType, ref.anchorToken, sync.started_at, sync.seq]);
  if (advanced.length === 0) return 'older';
  if (sync.reconcile && sync.platform) {
    // A type the sync sent nothing of reads as empty on a locked phone or a revoked permission: untouched.
    const types = sync.reconcile.types.filter((t) => sync.types.includes(t));
    const userRef = await findUserRef(em, ref.userId);
    if (types.length > 0 && userRef !== null) {
      const { deleted, stale } = await reconcileWindow(em, {
        userRef,
        window: { ...sync.reconcile, types },
        platform: sync.platform,
        syncSeq: sync.seq,
        position: writePosition(sync.seq, sync.final_index),
      });
      await refreshRollup(em, ref.userId, stale, userRef);
      await em.query(`UPDATE sync_run SET reconciled_count = $2 WHERE id = $1`, [sync.seq, deleted]);
    }
  }
  return 'advanced';
}

/** Records why a chunk could not be stored; the data of that attempt was rolled back. */
export async function markChunkFailed(
  em: EntityManager,
  ref: Pick<StoredChunkRef, 'chunkId' | 'jobUuid' | 'revision'>,
  error: string,
) {
  // The payload stays (its failed job in Redis keeps none): `npm run chunks -- retry` enqueues the
  // chunk again from here, until retention clears it (libs/health-data/src/retention).
  await em.query(
    `UPDATE sync_chunk SET status = 'failed', error = $3, updated_at = now()
     WHERE id = $1 AND revision = $2 AND job_uuid = $4 AND status <> 'stored'`,
    [ref.chunkId, ref.revision, error.slice(0, 4000), ref.jobUuid],
  );
}
