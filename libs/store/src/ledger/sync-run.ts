import type { ReconcileWindow } from '@app/health-data';
import type { EntityManager } from 'typeorm';
import { statement } from '../sql/statement';
import { runStatement } from '../sql/run-statement';
import { ledgerUserCtes, ledgerUserOf } from './ledger-user';

/** One sync (user, data type, anchor token): its place in the order syncs started, and its reconcile window. */
export interface SyncRun {
  /** sync_run id as text (bigint): the sync's position in the order syncs started. */
  id: string;
  reconcile: ReconcileWindow | null;
  platform: string | null;
}

/** $1 subject, $2 data type, $3 sync key. */
const FIND_RUN = statement(
  'ledger/find-sync-run',
  `SELECT id::text AS id, reconcile, platform FROM sync_run WHERE user_ref = ${ledgerUserOf('$1')} AND data_type = $2 AND sync_key = $3`,
);
// DO NOTHING waits for a concurrent insert of the same sync; the SELECT after it (a new snapshot) then finds it.
// The user's first sync makes the user's app_user row (ledger-user.ts).
const INSERT_RUN = statement(
  'ledger/open-sync-run',
  `WITH ${ledgerUserCtes('run', '$1')}
INSERT INTO sync_run (user_ref, data_type, sync_key, reconcile) SELECT usr.id, $2, $3, $4::jsonb FROM usr
ON CONFLICT (user_ref, data_type, sync_key) DO NOTHING RETURNING id::text AS id, reconcile, platform`,
);
// In a CTE: TypeORM returns a bare UPDATE … RETURNING as [rows, count].
const CLAIM_PLATFORM = statement(
  'ledger/claim-sync-platform',
  `WITH u AS (UPDATE sync_run SET platform = coalesce(platform, $2) WHERE id = $1 RETURNING platform) SELECT platform FROM u`,
);

/**
 * The sync's run, made when its first chunk is received (that is when a sync "starts"): one
 * statement for every later chunk, two for the first. `reconcile` is recorded by the chunk that
 * makes the run; the caller compares it with later chunks'. An insert that makes nothing lost a
 * race (the same sync's run, or the user's app_user row, made at once by another request): the
 * lookup after it finds the winner's run, or the insert runs once more.
 */
export async function openSyncRun(
  em: EntityManager,
  userId: string,
  dataType: string,
  syncKey: string,
  reconcile: ReconcileWindow | null,
): Promise<SyncRun> {
  const find = async () => ((await runStatement(em, FIND_RUN, [userId, dataType, syncKey])) as SyncRun[])[0];
  const found = await find();
  if (found) return found;
  for (let attempt = 0; attempt < 2; attempt++) {
    const [made]: SyncRun[] = await runStatement(em, INSERT_RUN, [
      userId,
      dataType,
      syncKey,
      reconcile && JSON.stringify(reconcile),
    ]);
    if (made) return made;
    const raced = await find();
    if (raced) return raced;
  }
  throw new Error('could not open the sync run');
}

/**
 * Records the platform of a reconciling sync's items, first chunk with items wins; returns the
 * run's platform afterwards (another one than `platform` means the sync mixes platforms).
 */
export async function claimSyncPlatform(em: EntityManager, runId: string, platform: string): Promise<string> {
  const [row]: { platform: string }[] = await runStatement(em, CLAIM_PLATFORM, [runId, platform]);
  return row.platform;
}
