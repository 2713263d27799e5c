import { quarterSpan, RollupRange } from '@app/health-data/rollup/rollup-spans';
import type { ReconcileWindow } from '@app/health-data/sync/reconcile-window';
import { syncFirstPositionSql } from '@app/health-data/sync/write-position';
import type { EntityManager } from 'typeorm';
import { statement } from '../sql/statement';
import { runStatement } from '../sql/run-statement';
import { TABLE_SPECS } from './table-specs';

/** The tables a window reconcile reaches: what HealthKit's window read returns (clinical records are read otherwise). */
const RECONCILED_TABLES = [TABLE_SPECS.sample.table, TABLE_SPECS.sleep.table, TABLE_SPECS.workout.table];
const SAMPLES = RECONCILED_TABLES.indexOf(TABLE_SPECS.sample.table);

/**
 * Marks deleted, at the sync's final position ($6), every row of the user ($1) of a type in $2,
 * starting in [$3, $4), from a source of platform $5, that this sync (sync_run id $7) did not
 * write: its write position is before the sync's first. A row the sync sent carries one of the
 * sync's positions (an unchanged row too: its position moves), one a newer sync wrote carries a
 * later one; both are left alone. Deleted samples report where they were (their rollup is stale).
 */
const RECONCILE_SQL = statement(
  'health-rows/reconcile-window',
  `WITH ${RECONCILED_TABLES.map(
    (t, i) => `d${i} AS (UPDATE ${t} x SET deleted_at = now(), updated_at = now(), write_pos = $6::bigint
    WHERE x.user_ref = $1 AND x.type_id = ANY(ARRAY(SELECT id FROM health_term WHERE name = ANY($2::text[])))
      AND x.start_time >= $3::timestamptz AND x.start_time < $4::timestamptz
      AND x.deleted_at IS NULL AND x.write_pos < ${syncFirstPositionSql('$7')}
      AND EXISTS (SELECT 1 FROM healthkit_source src WHERE src.id = x.source_id AND src.platform = $5)
    RETURNING x.type_id, x.start_time, x.end_time)`,
  ).join(',\n')}
SELECT ${RECONCILED_TABLES.map((_, i) => `(SELECT count(*) FROM d${i})`).join(' + ')} AS deleted,
  (SELECT jsonb_agg(jsonb_build_object('sampleType', ht.name, 'startTime', d.start_time, 'endTime', d.end_time))
   FROM d${SAMPLES} d JOIN health_term ht ON ht.id = d.type_id) AS spans`,
);

export interface ReconcileInput {
  userRef: number;
  /** Only types the sync sent items of: a type it read as empty is never reconciled. */
  window: ReconcileWindow;
  platform: string;
  syncSeq: string;
  /** The write position the deletions take: the sync's final chunk's. */
  position: string;
}

/** Runs in the transaction that moves the sync's anchor; the caller refreshes the rollup of `stale`. */
export async function reconcileWindow(
  em: EntityManager,
  input: ReconcileInput,
): Promise<{ deleted: number; stale: RollupRange[] }> {
  const { userRef, window, platform, syncSeq, position } = input;
  const [row]: { deleted: string; spans: { sampleType: string; startTime: string; endTime: string }[] | null }[] =
    await runStatement(em, RECONCILE_SQL, [userRef, window.types, window.from, window.to, platform, position, syncSeq]);
  const stale = (row.spans ?? []).map((d) => {
    const { from, to } = quarterSpan(new Date(d.startTime), new Date(d.endTime));
    return { sampleType: d.sampleType, from: new Date(from), to: new Date(to) };
  });
  return { deleted: Number(row.deleted), stale };
}
