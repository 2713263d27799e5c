import type { EntityManager } from 'typeorm';

/** The window an iOS sync re-read: rows of these types starting in [from, to) that it did not send are gone. */
export interface ReconcileWindow {
  /** UTC ISO instants. */
  from: string;
  to: string;
  /** Data type names, sorted, without repeats. */
  types: string[];
}

/** One sync (user, data type, anchor token): its place in the order syncs started, and its reconcile window. */
export interface SyncRun {
  /** sync_run id as text (bigint): the sync's position in the order syncs started. */
  id: string;
  reconcile: ReconcileWindow | null;
  platform: string | null;
}

/** The same window however the client spelt it: instants in UTC, types sorted and unique. */
export function canonicalReconcile(from: Date, to: Date, types: readonly string[]): ReconcileWindow {
  return { from: from.toISOString(), to: to.toISOString(), types: [...new Set(types)].sort() };
}

export function sameReconcile(a: ReconcileWindow | null, b: ReconcileWindow | null): boolean {
  if (a === null || b === null) return a === b;
  return a.from === b.from && a.to === b.to && a.types.length === b.types.length && a.types.every((t, i) => t === b.types[i]);
}

const FIND_RUN = `SELECT id::text AS id, reconcile, platform FROM sync_run WHERE user_id = $1 AND data_type = $2 AND sync_key = $3`;
// DO NOTHING waits for a concurrent insert of the same sync; the SELECT after it (a new snapshot) then finds it.
const INSERT_RUN = `INSERT INTO sync_run (user_id, data_type, sync_key, reconcile) VALUES ($1, $2, $3, $4::jsonb)
ON CONFLICT (user_id, data_type, sync_key) DO NOTHING RETURNING id::text AS id, reconcile, platform`;

/**
 * The sync's run, made when its first chunk is received (that is when a sync "starts"): one
 * statement for every later chunk, two for the first. `reconcile` is recorded by the chunk that
 * makes the run; the caller compares it with later chunks'.
 */
export async function openSyncRun(
  em: EntityManager,
  userId: string,
  dataType: string,
  syncKey: string,
  reconcile: ReconcileWindow | null,
): Promise<SyncRun> {
  const find = async () => ((await em.query(FIND_RUN, [userId, dataType, syncKey])) as SyncRun[])[0];
  const found = await find();
  if (found) return found;
  const [made]: SyncRun[] = await em.query(INSERT_RUN, [userId, dataType, syncKey, reconcile && JSON.stringify(reconcile)]);
  if (made) return made;
  const raced = await find();
  if (!raced) throw new Error('could not open the sync run');
  return raced;
}

/**
 * Records the platform of a reconciling sync's items, first chunk with items wins; returns the
 * run's platform afterwards (another one than `platform` means the sync mixes platforms).
 */
export async function claimSyncPlatform(em: EntityManager, runId: string, platform: string): Promise<string> {
  // In a CTE: TypeORM returns a bare UPDATE … RETURNING as [rows, count].
  const [row]: { platform: string }[] = await em.query(
    `WITH u AS (UPDATE sync_run SET platform = coalesce(platform, $2) WHERE id = $1 RETURNING platform) SELECT platform FROM u`,
    [runId, platform],
  );
  return row.platform;
}
