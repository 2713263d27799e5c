import type { EntityManager } from 'typeorm';
import { userRefOf } from '../health-rows/row-references';
import { statement } from '../sql/statement';
import { rebuildRollup } from './sample-rollup';

export interface PrecedenceChange {
  sourceId: string;
  /** null: every metric. */
  sampleType: string | null;
}

const OWNS_SOURCE = statement(
  'rollup/owns-source',
  `SELECT 1 FROM healthkit_source WHERE user_ref = ${userRefOf('$1')} AND id = $2::bigint`,
);

/** $1 subject, $2 source, $3 metric ('' every metric), $4 rank: a row only when the rank changed. */
const SET_RANK = statement(
  'rollup/set-source-rank',
  `INSERT INTO source_precedence AS o (user_ref, source_id, sample_type, precedence) VALUES (${userRefOf('$1')}, $2::bigint, $3, $4)
ON CONFLICT (user_ref, source_id, sample_type) DO UPDATE SET precedence = EXCLUDED.precedence, updated_at = now()
WHERE o.precedence IS DISTINCT FROM EXCLUDED.precedence
RETURNING 1`,
);

/** $1 subject, $2 source, $3 metric (null: every override of the source). */
const RESET_RANK = statement(
  'rollup/reset-source-rank',
  // As a CTE so that the driver hands back rows (a bare DELETE … RETURNING comes back as [rows, count]).
  `WITH removed AS (
  DELETE FROM source_precedence WHERE user_ref = ${userRefOf('$1')} AND source_id = $2::bigint AND ($3::text IS NULL OR sample_type = $3)
  RETURNING sample_type)
SELECT sample_type FROM removed`,
);

/** True when the source exists and is the user's: nobody ranks someone else's sources. */
export async function ownsSource(em: EntityManager, userId: string, sourceId: string): Promise<boolean> {
  const rows = await em.query(OWNS_SOURCE, [userId, sourceId]);
  return rows.length > 0;
}

/**
 * Sets the user's rank for a source (one metric, or every metric), then rebuilds the aggregates
 * rollup of what it affects, in the caller's transaction: the next read answers with the new
 * ranking and no re-sync. Raw rows are not touched.
 */
export async function setSourcePrecedence(
  em: EntityManager,
  userId: string,
  change: PrecedenceChange & { precedence: number },
): Promise<void> {
  const changed: unknown[] = await em.query(SET_RANK, [userId, change.sourceId, change.sampleType ?? '', change.precedence]);
  // Asking for the ranking already in force rebuilds nothing.
  if (changed.length === 0) return;
  await rebuildRollup(em, userId, change.sampleType ? [change.sampleType] : undefined);
}

/** Back to the default: the override for one metric, or (no metric named) every override of the source. */
export async function resetSourcePrecedence(em: EntityManager, userId: string, change: PrecedenceChange): Promise<void> {
  const removed: { sample_type: string }[] = await em.query(RESET_RANK, [userId, change.sourceId, change.sampleType]);
  if (removed.length === 0) return;
  const everyMetric = removed.some((r) => r.sample_type === '');
  await rebuildRollup(em, userId, everyMetric ? undefined : removed.map((r) => r.sample_type));
}
