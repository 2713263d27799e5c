import type { ReconcileWindow, RejectedItem } from '@app/health-data';
import type { DataSource, EntityManager } from 'typeorm';
import { LOCK_SQL } from '../locks/advisory-locks';
import { statement } from '../sql/statement';
import { runStatement } from '../sql/run-statement';
import { ChunkStatus, sqlStatus } from './chunk-status';
import { ledgerUserCtes, ledgerUserOf, withLedgerUser } from './ledger-user';

export interface ChunkRecord {
  /** The subject (JWT sub). */
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
  /** The chunk's reconcile window (canonical, see canonicalReconcile); null when it has none. */
  reconcile: ReconcileWindow | null;
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

/** $1 subject, $2 data type, $3 sync key, $4 content hash: the sync's last slot, or this content's. */
const NEXT_INDEX = statement(
  'ledger/next-chunk-index',
  `SELECT chunk_index, content_hash = $4 AS same
FROM sync_chunk WHERE user_ref = ${ledgerUserOf('$1')} AND data_type = $2 AND sync_key = $3
ORDER BY (content_hash = $4) DESC, chunk_index DESC LIMIT 1`,
);

interface NextIndexRow {
  chunk_index: number;
  same: boolean;
}

const QUEUED = sqlStatus(ChunkStatus.Queued);
const STORED = sqlStatus(ChunkStatus.Stored);

/**
 * $1 subject: the user's app_user row is made by the user's first chunk (ledger-user.ts).
 * The sync's run is opened here too (as openSyncRun does: made by the sync's first chunk), saving
 * the API a round trip per chunk. The chunk is written only when the run's reconcile window is the
 * chunk's ($14); otherwise, or when a concurrent first chunk made the run after this statement's
 * snapshot, nothing is written and no row returned: the caller opens the run and checks it first.
 */
const RECORD_CHUNK = statement(
  'ledger/record-chunk',
  `WITH ${ledgerUserCtes('chunk', '$1')}, run_found AS (
  SELECT r.reconcile FROM sync_run r JOIN usr ON r.user_ref = usr.id WHERE r.data_type = $2 AND r.sync_key = $3
), run_made AS (
  INSERT INTO sync_run (user_ref, data_type, sync_key, reconcile) SELECT usr.id, $2, $3, $14::jsonb FROM usr
  WHERE NOT EXISTS (SELECT FROM run_found)
  ON CONFLICT (user_ref, data_type, sync_key) DO NOTHING RETURNING reconcile
), up AS (
INSERT INTO sync_chunk AS c (user_ref, data_type, sync_key, anchor_token, chunk_index, is_final, status,
  content_hash, revision, item_count, accepted_count, rejected_count, deleted_count, pending_payload, accepted_types)
SELECT usr.id, $2, $3, $4, $5, $6, ${QUEUED}, $7, 0, $8, $9, $10, $11, $12, $13 FROM usr
WHERE EXISTS (SELECT FROM (SELECT reconcile FROM run_found UNION ALL SELECT reconcile FROM run_made) r
              WHERE r.reconcile IS NOT DISTINCT FROM $14::jsonb)
ON CONFLICT (user_ref, data_type, sync_key, chunk_index) DO UPDATE SET
  -- A retried request with the same content keeps its stored status and its revision (so its job id);
  -- new content must be stored again, under a new revision.
  status = CASE WHEN c.status = ${STORED} AND c.content_hash = EXCLUDED.content_hash THEN ${STORED} ELSE ${QUEUED} END,
  stored_at = CASE WHEN c.status = ${STORED} AND c.content_hash = EXCLUDED.content_hash THEN c.stored_at END,
  pending_payload = CASE WHEN c.status = ${STORED} AND c.content_hash = EXCLUDED.content_hash THEN NULL
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
RETURNING id, job_uuid, chunk_index, revision, status, (xmax = 0) AS inserted, user_ref
),
-- A re-sent chunk's earlier rejections are replaced by this request's, in the same statement.
cleared AS (DELETE FROM sync_rejected_item r USING up WHERE r.chunk_id = up.id AND NOT up.inserted)
SELECT * FROM up`,
);

interface RecordChunkRow {
  id: string;
  job_uuid: string;
  chunk_index: number;
  revision: number;
  status: ChunkStatus;
  inserted: boolean;
  user_ref: number;
}

/** $1 chunk id, $2 user_ref, $3 data type, $4 the rejected items as JSON. */
const INSERT_REJECTED = statement(
  'ledger/record-rejected-items',
  `INSERT INTO sync_rejected_item (chunk_id, user_ref, data_type, item_index, field, message, raw)
SELECT $1, $2, $3, r."index", r.field, r.message, r.raw
FROM jsonb_to_recordset($4::jsonb) AS r("index" integer, field text, message text, raw jsonb)`,
);

/**
 * API side: write the chunk's ledger row (and its rejected items) before its job is enqueued,
 * opening the sync's run if this is its first chunk. The usual chunk (numbered, nothing rejected)
 * is one autocommitted statement; numbering a chunk or keeping rejected items takes a transaction.
 * Null, with nothing written, when the run has another reconcile window than the chunk or was made
 * concurrently: the caller then opens the run (openSyncRun), checks it, and records again.
 */
export function recordChunk(dataSource: DataSource, chunk: ChunkRecord): Promise<RecordedChunk | null> {
  const needsTransaction = chunk.chunkIndex === null || chunk.rejected.length > 0;
  return needsTransaction ? dataSource.transaction((em) => writeLedgerRow(em, chunk)) : writeLedgerRow(dataSource.manager, chunk);
}

async function writeLedgerRow(em: EntityManager, chunk: ChunkRecord): Promise<RecordedChunk | null> {
  const { userId, dataType, syncKey } = chunk;
  let chunkIndex = chunk.chunkIndex;
  if (chunkIndex === null) {
    // Serialises work on one sync (numbering, completion) without locking anything else.
    await runStatement(em, LOCK_SQL.sync, [userId, dataType, syncKey]);
    const [last]: NextIndexRow[] = await runStatement(em, NEXT_INDEX, [userId, dataType, syncKey, chunk.contentHash]);
    // A retried request without an index reuses the slot its first attempt got.
    chunkIndex = !last ? 0 : last.same ? last.chunk_index : last.chunk_index + 1;
  }
  const params = [
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
    chunk.reconcile && JSON.stringify(chunk.reconcile),
  ];
  const [row] = await withLedgerUser<RecordChunkRow>(() => runStatement(em, RECORD_CHUNK, params));
  // No row after the retry: the run's window is not the chunk's, or the run or the user's app_user row
  // was made (or erased) concurrently; the caller opens the run, checks it and records again.
  if (!row) return null;
  if (chunk.rejected.length > 0) {
    await runStatement(em, INSERT_REJECTED, [row.id, row.user_ref, dataType, JSON.stringify(chunk.rejected)]);
  }
  return {
    id: row.id,
    jobUuid: row.job_uuid,
    chunkIndex: row.chunk_index,
    revision: row.revision,
    alreadyStored: row.status === ChunkStatus.Stored,
    isNew: row.inserted,
  };
}
