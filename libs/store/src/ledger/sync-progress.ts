import type { EntityManager } from 'typeorm';
import { statement } from '../sql/statement';
import { ChunkStatus, sqlStatus } from './chunk-status';
import { FINAL_CHUNK_INDEX_SQL } from './final-chunk';
import { ledgerUserOf } from './ledger-user';

/** Where one sync (user, data type, anchor token) stands: what the app needs for a progress bar and for re-sends. */
export interface SyncProgress {
  dataType: string;
  chunksReceived: number;
  chunksStored: number;
  chunksQueued: number;
  chunksFailed: number;
  itemsAccepted: number;
  itemsRejected: number;
  itemsDeleted: number;
  finalChunkReceived: boolean;
  /** Index of the final chunk, when it has arrived: the sync has finalChunkIndex + 1 chunks. */
  finalChunkIndex: number | null;
  /** Indexes below the final one that never arrived: send these again. */
  missingChunkIndexes: number[];
  /** Chunks whose storing failed for good: send these again (a re-send revives them). */
  failedChunkIndexes: number[];
  /** The anchor of (user, data type) is this sync's token: every chunk is stored. */
  anchorMoved: boolean;
  /**
   * A sync of the same data type that started later has moved the anchor: this one will never
   * move it (its chunks are still stored where no newer write touched the same rows). Stop waiting.
   */
  superseded: boolean;
  /** Rows the sync's reconcile window deleted when its anchor moved. */
  itemsReconciled: number;
}

/** The statement's row: every field of SyncProgress but the two the caller adds. */
type SyncProgressRow = Omit<SyncProgress, 'dataType' | 'finalChunkReceived'>;

const STORED = sqlStatus(ChunkStatus.Stored);
const QUEUED = sqlStatus(ChunkStatus.Queued);
const FAILED = sqlStatus(ChunkStatus.Failed);

/** $1 subject, $2 data type, $3 sync key, $4 anchor token. */
const PROGRESS_SQL = statement(
  'ledger/sync-progress',
  `WITH c AS (SELECT * FROM sync_chunk WHERE user_ref = ${ledgerUserOf('$1')} AND data_type = $2 AND sync_key = $3),
fin AS (SELECT ${FINAL_CHUNK_INDEX_SQL} AS idx FROM c),
run AS (SELECT id, created_at, reconciled_count FROM sync_run WHERE user_ref = ${ledgerUserOf('$1')} AND data_type = $2 AND sync_key = $3),
st AS (SELECT last_anchor, anchor_sync_seq, anchor_sync_started_at FROM healthkit_sync_state WHERE user_ref = ${ledgerUserOf('$1')} AND data_type = $2)
SELECT count(*)::int AS "chunksReceived",
       count(*) FILTER (WHERE status = ${STORED})::int AS "chunksStored",
       count(*) FILTER (WHERE status = ${QUEUED})::int AS "chunksQueued",
       count(*) FILTER (WHERE status = ${FAILED})::int AS "chunksFailed",
       coalesce(sum(accepted_count), 0)::int AS "itemsAccepted",
       coalesce(sum(rejected_count), 0)::int AS "itemsRejected",
       coalesce(sum(deleted_count), 0)::int AS "itemsDeleted",
       (SELECT idx FROM fin) AS "finalChunkIndex",
       coalesce((SELECT array_agg(i ORDER BY i) FROM fin, generate_series(0, fin.idx - 1) AS i
                 WHERE NOT EXISTS (SELECT 1 FROM c WHERE c.chunk_index = i)), '{}') AS "missingChunkIndexes",
       coalesce(array_agg(chunk_index ORDER BY chunk_index) FILTER (WHERE status = ${FAILED}), '{}') AS "failedChunkIndexes",
       EXISTS (SELECT 1 FROM st WHERE st.last_anchor = $4) AS "anchorMoved",
       EXISTS (SELECT 1 FROM st, run WHERE st.last_anchor <> $4 AND CASE WHEN st.anchor_sync_seq IS NULL
                 THEN st.anchor_sync_started_at > run.created_at ELSE st.anchor_sync_seq > run.id END) AS "superseded",
       coalesce((SELECT reconciled_count FROM run), 0) AS "itemsReconciled"
FROM c`,
);

export async function syncProgress(
  em: EntityManager,
  userId: string,
  dataType: string,
  syncKey: string,
  anchorToken: string,
): Promise<SyncProgress> {
  const [row]: SyncProgressRow[] = await em.query(PROGRESS_SQL, [userId, dataType, syncKey, anchorToken]);
  return { dataType, ...row, finalChunkReceived: row.finalChunkIndex !== null };
}
