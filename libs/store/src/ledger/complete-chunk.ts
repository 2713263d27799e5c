import { writePosition } from '@app/health-data';
import { reconcileWindow } from '../health-rows/reconcile';
import { refreshRollup } from '../rollup/sample-rollup';
import type { ReconcileWindow } from '@app/health-data';
import type { EntityManager } from 'typeorm';
import { statement } from '../sql/statement';
import { runStatement } from '../sql/run-statement';
import { ChunkStatus, sqlStatus } from './chunk-status';
import { FINAL_CHUNK_INDEX_SQL } from './final-chunk';

/** What a chunk's job names: its ledger row and the sync it belongs to (the job data's fields). */
export interface StoredChunkRef {
  chunkId: string;
  jobUuid: string;
  /** The subject (JWT sub). */
  userId: string;
  dataType: string;
  syncKey: string;
  anchorToken: string;
  revision: number;
  chunkIndex: number;
}

export type CompletionOutcome = 'pending' | 'empty' | 'advanced' | 'older';

const STORED = sqlStatus(ChunkStatus.Stored);

/** $1 user_ref, $2 data type, $3 sync key: what the anchor rule needs of the sync. */
const SYNC_COMPLETION = statement(
  'ledger/sync-completion',
  `WITH c AS (
  SELECT chunk_index, is_final, status, item_count, deleted_count, accepted_types FROM sync_chunk
  WHERE user_ref = $1 AND data_type = $2 AND sync_key = $3
), fin AS (SELECT ${FINAL_CHUNK_INDEX_SQL} AS idx FROM c)
SELECT fin.idx AS final_index,
       (SELECT count(*) FROM c WHERE c.status = ${STORED} AND c.chunk_index <= fin.idx) AS stored,
       (SELECT coalesce(sum(c.item_count + c.deleted_count), 0) FROM c WHERE c.chunk_index <= fin.idx) AS items,
       (SELECT coalesce(array_agg(DISTINCT t), '{}') FROM c, unnest(c.accepted_types) AS t WHERE c.chunk_index <= fin.idx) AS types,
       r.id::text AS seq, r.created_at AS started_at, r.reconcile, r.platform
FROM fin JOIN sync_run r ON r.user_ref = $1 AND r.data_type = $2 AND r.sync_key = $3`,
);

interface SyncCompletionRow {
  final_index: number | null;
  /** count(*) and sum(): bigint, as text. */
  stored: string;
  items: string;
  types: string[];
  seq: string;
  started_at: Date;
  reconcile: ReconcileWindow | null;
  platform: string | null;
}

// The latest sync to start wins: sync_run ids are in the order syncs started (an anchor set before
// sync_run existed compares by when its sync started).
const MOVE_ANCHOR = statement(
  'ledger/move-anchor',
  `INSERT INTO healthkit_sync_state AS s (user_ref, data_type, last_anchor, last_sync_time, anchor_sync_started_at, anchor_sync_seq)
VALUES ($1, $2, $3, now(), $4, $5)
ON CONFLICT (user_ref, data_type) DO UPDATE SET
  last_anchor = EXCLUDED.last_anchor, last_sync_time = now(),
  anchor_sync_started_at = EXCLUDED.anchor_sync_started_at, anchor_sync_seq = EXCLUDED.anchor_sync_seq, updated_at = now()
WHERE CASE WHEN s.anchor_sync_seq IS NULL THEN s.anchor_sync_started_at <= EXCLUDED.anchor_sync_started_at
           ELSE s.anchor_sync_seq <= EXCLUDED.anchor_sync_seq END
RETURNING id`,
);

const RECORD_RECONCILED = statement('ledger/record-reconciled', `UPDATE sync_run SET reconciled_count = $2 WHERE id = $1`);

/**
 * Marks a batch's chunks stored: the rows were locked and their revisions checked by the batch
 * admission (admitChunks), so the ids alone name them. A SELECT around the UPDATE: TypeORM hands
 * back a bare UPDATE … RETURNING as [rows, count]. Returns each marked row's user_ref by chunk id,
 * which keys the sync's other ledger rows in the statements after it.
 */
const MARK_BATCH_STORED = statement(
  'ledger/mark-chunks-stored',
  `WITH marked AS (
  UPDATE sync_chunk SET status = ${STORED}, stored_at = now(), error = NULL, pending_payload = NULL, updated_at = now()
  WHERE id = ANY($1::bigint[]) RETURNING id, user_ref
)
SELECT id::text AS id, user_ref FROM marked`,
);

/**
 * Marks the chunks of a batch stored, in one statement, inside the batch's transaction (after
 * admitChunks locked their rows and the sync locks). Returns user_ref by chunk id.
 */
export async function markChunksStored(em: EntityManager, chunkIds: readonly string[]): Promise<Map<string, number>> {
  const rows: { id: string; user_ref: number }[] = await runStatement(em, MARK_BATCH_STORED, [[...new Set(chunkIds)]]);
  return new Map(rows.map((r) => [r.id, r.user_ref]));
}

/**
 * The anchor rule for one sync whose chunk(s) this transaction marked stored, under its sync lock:
 * if the final chunk and every one before it are stored, move the anchor; a reconciling sync then
 * deletes what it did not send in its window, in the same transaction.
 */
export async function completeSync(
  em: EntityManager,
  userRef: number,
  ref: Pick<StoredChunkRef, 'userId' | 'dataType' | 'syncKey' | 'anchorToken'>,
): Promise<CompletionOutcome> {
  const [sync]: SyncCompletionRow[] = await runStatement(em, SYNC_COMPLETION, [userRef, ref.dataType, ref.syncKey]);
  if (!sync || sync.final_index === null) return 'pending';
  if (Number(sync.stored) !== sync.final_index + 1) return 'pending';
  if (Number(sync.items) === 0) return 'empty';
  const advanced = await runStatement(em, MOVE_ANCHOR, [userRef, ref.dataType, ref.anchorToken, sync.started_at, sync.seq]);
  if (advanced.length === 0) return 'older';
  if (sync.reconcile && sync.platform) {
    // A type the sync sent nothing of reads as empty on a locked phone or a revoked permission: untouched.
    const types = sync.reconcile.types.filter((t) => sync.types.includes(t));
    if (types.length > 0) {
      const { deleted, stale } = await reconcileWindow(em, {
        userRef,
        window: { ...sync.reconcile, types },
        platform: sync.platform,
        syncSeq: sync.seq,
        position: writePosition(sync.seq, sync.final_index),
      });
      await refreshRollup(em, ref.userId, stale, userRef);
      await runStatement(em, RECORD_RECONCILED, [sync.seq, deleted]);
    }
  }
  return 'advanced';
}

// Never over a stored row: a late failure of an attempt whose data committed changes nothing.
const MARK_FAILED = statement(
  'ledger/mark-chunk-failed',
  `UPDATE sync_chunk SET status = ${sqlStatus(ChunkStatus.Failed)}, error = $3, updated_at = now()
WHERE id = $1 AND revision = $2 AND job_uuid = $4 AND status <> ${STORED}`,
);

/** Records why a chunk could not be stored; the data of that attempt was rolled back. */
export async function markChunkFailed(
  em: EntityManager,
  ref: Pick<StoredChunkRef, 'chunkId' | 'jobUuid' | 'revision'>,
  error: string,
) {
  // The payload stays (its failed job in Redis keeps none): `npm run chunks -- retry` enqueues the
  // chunk again from here, until retention clears it (ledger/retention.ts).
  await runStatement(em, MARK_FAILED, [ref.chunkId, ref.revision, error.slice(0, 4000), ref.jobUuid]);
}
