import type { EntityManager } from 'typeorm';
import { LOCK_SQL } from '../locks/advisory-locks';
import { statement } from '../sql/statement';
import { ledgerUserOf } from './ledger-user';

// A separate statement after the lock: its snapshot then includes a marker committed while we waited.
// It also reads the chunk's sync run (as openSyncRun's look-up), saving the worker a round trip.
const ADMISSION = statement(
  'ledger/admission',
  `SELECT
  EXISTS (SELECT 1 FROM health_data_erasure e JOIN app_user u ON u.id = e.user_ref
          WHERE u.subject = $1 AND e.status = 'running') AS erasing,
  EXISTS (SELECT 1 FROM sync_chunk WHERE id = $2) AS recorded,
  (SELECT id::text FROM sync_run WHERE user_ref = ${ledgerUserOf('$1')} AND data_type = $3 AND sync_key = $4) AS sync_seq`,
);

interface AdmissionRow {
  erasing: boolean;
  recorded: boolean;
  sync_seq: string | null;
}

export interface ChunkAdmission {
  /** False when the user's data is being erased or the chunk's ledger row is gone. */
  mayStore: boolean;
  /** The chunk's sync_run id; null for a sync begun before sync runs existed (none made yet). */
  syncSeq: string | null;
}

/**
 * Called first in the worker's transaction for a chunk. mayStore is false when the user's data is
 * being erased, or when the chunk's ledger row is gone (erased after the job was queued): storing it
 * would bring erased data back.
 */
export async function mayStoreChunk(
  em: EntityManager,
  chunk: { userId: string; chunkId: string; dataType: string; syncKey: string },
): Promise<ChunkAdmission> {
  // Shared: many chunks of one user may be stored at once; only an erasure's start waits for them.
  await em.query(LOCK_SQL.userWritesShared, [chunk.userId]);
  const [row]: AdmissionRow[] = await em.query(ADMISSION, [chunk.userId, chunk.chunkId, chunk.dataType, chunk.syncKey]);
  return { mayStore: !row.erasing && row.recorded, syncSeq: row.sync_seq };
}
