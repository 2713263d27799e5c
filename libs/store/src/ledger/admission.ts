import type { EntityManager } from 'typeorm';
import { LOCK_SQL } from '../locks/advisory-locks';
import { statement } from '../sql/statement';

// A separate statement after the lock: its snapshot then includes a marker committed while we waited.
const ADMISSION = statement(
  'ledger/admission',
  `SELECT
  EXISTS (SELECT 1 FROM health_data_erasure e JOIN app_user u ON u.id = e.user_ref
          WHERE u.subject = $1 AND e.status = 'running') AS erasing,
  EXISTS (SELECT 1 FROM sync_chunk WHERE id = $2) AS recorded`,
);

interface AdmissionRow {
  erasing: boolean;
  recorded: boolean;
}

/**
 * Called first in the worker's transaction for a chunk. False when the user's data is being erased,
 * or when the chunk's ledger row is gone (erased after the job was queued): storing it would bring
 * erased data back.
 */
export async function mayStoreChunk(em: EntityManager, userId: string, chunkId: string): Promise<boolean> {
  // Shared: many chunks of one user may be stored at once; only an erasure's start waits for them.
  await em.query(LOCK_SQL.userWritesShared, [userId]);
  const [row]: AdmissionRow[] = await em.query(ADMISSION, [userId, chunkId]);
  return !row.erasing && row.recorded;
}
