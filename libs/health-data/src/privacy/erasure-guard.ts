import type { EntityManager } from 'typeorm';
import { LOCK_SQL } from '@app/store/locks/advisory-locks';

// Shared: many chunks of one user may be stored at once; only an erasure's start waits for them.
const LOCK_USER_SHARED = LOCK_SQL.userWritesShared;
// A separate statement after the lock: its snapshot then includes a marker committed while we waited.
const ADMISSION = `SELECT
  EXISTS (SELECT 1 FROM health_data_erasure e JOIN app_user u ON u.id = e.user_ref
          WHERE u.subject = $1 AND e.status = 'running') AS erasing,
  EXISTS (SELECT 1 FROM sync_chunk WHERE id = $2) AS recorded`;

/**
 * Called first in the worker's transaction for a chunk. False when the user's data is being erased,
 * or when the chunk's ledger row is gone (erased after the job was queued): storing it would bring
 * erased data back.
 */
export async function mayStoreChunk(em: EntityManager, userId: string, chunkId: string): Promise<boolean> {
  await em.query(LOCK_USER_SHARED, [userId]);
  const [row]: { erasing: boolean; recorded: boolean }[] = await em.query(ADMISSION, [userId, chunkId]);
  return !row.erasing && row.recorded;
}
