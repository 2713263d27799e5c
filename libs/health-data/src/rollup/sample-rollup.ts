import { LOCK_SQL } from '@app/store/locks/advisory-locks';
import type { EntityManager } from 'typeorm';
import { RANK, rankJoins } from '../precedence/effective-precedence';
import { findUserRef, typeIdOf } from '../storage/row-references';
import { CUMULATIVE_TYPES } from './metric-kinds';

/** A span of one metric whose rollup rows must be recomputed; bounds are quarter hours. */
export interface RollupRange {
  sampleType: string;
  from: Date;
  to: Date;
}

export const QUARTER_MS = 15 * 60_000;
/**
 * Samples longer than this are left out of aggregates (they stay in `samples`). Bounding it lets
 * a recomputation find every sample that overlaps a span with one index range on start_time.
 * The `health` package writes minutes-to-hours samples; a day-long total from a third-party app
 * (Health Connect allows them) still fits.
 */
export const MAX_AGGREGATED_SPAN_HOURS = 36;

/**
 * Minute-grid precedence, as CTEs over a CTE `ranked` (id (the record_key), source_id, sample_type, value,
 * start_time, end_time, updated_at, lo, hi, rank, dur_s) of every sample overlapping [lo, hi);
 * `cumulativeParam` names the parameter holding the cumulative metric names. Yields `shares`: one row per sample and minute it covers.
 * 1. every sample is cut into the minutes it covers in [lo, hi) (an instant: its own minute);
 * 2. a minute's winner is the best-ranked source with a sample there (the rank of `rankJoins`);
 * 3. cumulative samples then fill the minute's 60 seconds in rank order, the most recently synced
 *    first within a source: each counts the seconds it covers that are still free, in proportion
 *    to its length (a 10-minute sample half under a better source counts half; a Watch sample
 *    covering 43 s of a minute leaves 17 s to the iPhone; a same-source repeat counts once);
 * 4. discrete readings (and instant cumulative samples) count whole when their source wins their
 *    minute, an exact repeat once.
 * Step 3 assumes coverage inside one minute does not overlap unless it must, so it can differ from
 * exact interval arithmetic only where two partial samples share a minute (tested within 1 %).
 */
export const minuteSharesCtes = (cumulativeParam: string) => `cells AS (
  SELECT k.*, m.minute, k.sample_type = ANY(${cumulativeParam}::text[]) AS cumulative,
         CASE WHEN k.dur_s > 0
              THEN extract(epoch FROM least(k.end_time, m.minute + interval '1 minute') - greatest(k.start_time, m.minute))
              ELSE 0 END AS overlap_s,
         m.minute = date_trunc('minute', k.start_time) AS first_minute
  FROM ranked k
  CROSS JOIN LATERAL generate_series(
    greatest(date_trunc('minute', k.start_time), k.lo),
    CASE WHEN k.dur_s > 0 THEN least(k.end_time, k.hi) - interval '1 microsecond' ELSE k.start_time END,
    interval '1 minute') AS m(minute)
), winners AS (
  SELECT DISTINCT ON (sample_type, minute) sample_type, minute, source_id
  FROM cells ORDER BY sample_type, minute, rank, source_id
), ordered AS (
  SELECT c.*, w.source_id IS NOT NULL AS winner,
         coalesce(sum(c.overlap_s) OVER (PARTITION BY c.sample_type, c.minute
                  ORDER BY c.rank, c.source_id, c.updated_at DESC, c.id DESC ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)
           AS filled_before_s,
         row_number() OVER (PARTITION BY c.sample_type, c.minute, c.source_id, c.start_time, c.end_time
                            ORDER BY c.updated_at DESC, c.id DESC) AS repeat_no
  FROM cells c LEFT JOIN winners w USING (sample_type, minute, source_id)
), shares AS MATERIALIZED (
  SELECT id, sample_type, source_id, minute, value, first_minute,
         CASE WHEN cumulative AND dur_s > 0 THEN value * greatest(0, least(overlap_s, 60 - filled_before_s)) / dur_s
              WHEN winner AND repeat_no = 1 THEN value ELSE 0 END AS share,
         CASE WHEN cumulative AND dur_s > 0 THEN least(overlap_s, 60 - filled_before_s) > 0
              ELSE winner AND repeat_no = 1 END AS contributes,
         winner AND repeat_no = 1 AND first_minute AS counts
  FROM ordered
)`;

/**
 * The samples of user $1 and metric $2 overlapping [$3, $4), ranked: the input of minuteSharesCtes.
 * $6 is the user's user_ref, a plain parameter so the planner reads one partition of healthkit_sample.
 * One span per statement, its bounds plain parameters: joined from a JSON list of spans, the bounds
 * were invisible to the planner, which then read every row of the user (measured: 3,072 rows
 * fetched for a 17-hour span) instead of an index range on (user_ref, type_id, start_time).
 */
const RECOMPUTE_SQL = `
WITH spans AS (
  SELECT $2::text AS sample_type, $3::timestamptz AS lo, $4::timestamptz AS hi
), source_ranks AS MATERIALIZED ( -- a user has a handful of sources: rank them once, not per sample
  SELECT src.id, ${RANK} AS rank FROM healthkit_source src ${rankJoins('$2::text')} WHERE src.user_id = $1
), ranked AS (
  SELECT s.record_key AS id, s.source_id, sp.sample_type, s.value, s.start_time, s.end_time, s.updated_at, sp.lo, sp.hi,
         r.rank, extract(epoch FROM s.end_time - s.start_time) AS dur_s
  FROM spans sp
  JOIN healthkit_sample s ON s.user_ref = $6 AND s.type_id = ${typeIdOf('$2')}
    AND s.start_time >= sp.lo - interval '${MAX_AGGREGATED_SPAN_HOURS} hours' AND s.start_time < sp.hi
    AND s.end_time >= sp.lo AND s.end_time - s.start_time <= interval '${MAX_AGGREGATED_SPAN_HOURS} hours'
    AND s.deleted_at IS NULL AND s.value IS NOT NULL
  JOIN source_ranks r ON r.id = s.source_id
), ${minuteSharesCtes('$5')}
INSERT INTO sample_rollup (user_id, sample_type, bucket_start, source_id, sum, value_sum, count, min, max)
SELECT $1, sample_type, date_bin('15 minutes', minute, TIMESTAMPTZ '2000-01-01 00:00:00+00'), source_id,
       -- Shares of a sample are fractions that add up to its value only within float error. Nine decimals keep
       -- micrograms in grams (DIETARY_VITAMIN_B12: 0.0000024 g) and still drop that error on large totals.
       round(sum(share)::numeric, 9)::float8, coalesce(sum(value) FILTER (WHERE counts), 0), count(*) FILTER (WHERE counts),
       min(value), max(value)
FROM shares
WHERE contributes
GROUP BY 2, 3, 4`;

const CLEAR_SQL = `DELETE FROM sample_rollup WHERE user_id = $1 AND sample_type = $2 AND bucket_start >= $3 AND bucket_start < $4`;

/**
 * Serialises rollup work per (user, metric): a recomputation must read every committed sample of
 * its spans, so a second chunk of the same user waits here until the first has committed, then
 * reads (a new statement, a new snapshot) with that chunk's rows in view. Taken in sorted order.
 */
const LOCK_ROLLUP = LOCK_SQL.rollupMetrics;

/** Quarter-hour bounds around a sample; an instant covers its own minute. */
export function quarterSpan(start: Date, end: Date): { from: number; to: number } {
  const last = Math.max(end.getTime(), start.getTime() + 60_000);
  return {
    from: Math.floor(start.getTime() / QUARTER_MS) * QUARTER_MS,
    to: Math.ceil(last / QUARTER_MS) * QUARTER_MS,
  };
}

/** Merges spans per metric into as few as overlap allows, so each quarter is recomputed once. */
export function mergeRanges(ranges: readonly RollupRange[]): RollupRange[] {
  const byType = new Map<string, RollupRange[]>();
  for (const r of ranges) byType.set(r.sampleType, [...(byType.get(r.sampleType) ?? []), r]);
  const merged: RollupRange[] = [];
  for (const [sampleType, list] of [...byType].sort(([a], [b]) => (a < b ? -1 : 1))) {
    list.sort((a, b) => a.from.getTime() - b.from.getTime());
    let cur = { ...list[0], sampleType };
    for (const r of list.slice(1)) {
      if (r.from.getTime() <= cur.to.getTime()) cur.to = new Date(Math.max(cur.to.getTime(), r.to.getTime()));
      else {
        merged.push(cur);
        cur = { ...r, sampleType };
      }
    }
    merged.push(cur);
  }
  return merged;
}

/**
 * Rewrites the rollup rows of the given spans from the raw rows, inside the caller's transaction.
 * `userRef` (the user's app_user id) is looked up when the caller does not have it.
 */
export async function refreshRollup(
  em: EntityManager,
  userId: string,
  ranges: readonly RollupRange[],
  userRef?: number,
): Promise<void> {
  if (ranges.length === 0) return;
  const ref = userRef ?? (await findUserRef(em, userId));
  const spans = mergeRanges(ranges);
  const types = [...new Set(spans.map((s) => s.sampleType))];
  await em.query(LOCK_ROLLUP, [userId, types]);
  for (const span of spans) {
    const params = [userId, span.sampleType, span.from, span.to];
    await em.query(CLEAR_SQL, params);
    await em.query(RECOMPUTE_SQL, [...params, CUMULATIVE_TYPES, ref]);
  }
}

/** A month per statement: a year of minute data is ≈ 1M cells, too much to sort in one go. */
const REBUILD_STEP_MS = 31 * 86_400_000;

/**
 * The 31-day steps (epoch-aligned, so quarter-aligned) that hold a sample's start or end, per
 * metric: the only steps whose rollup a sample can reach, since an aggregated sample is at most
 * 36 hours long. One pass over the user's rows; steps without any are never visited, so a user
 * with a sample in 1900 and one today costs a few statements, not 1,500 months of them.
 */
const STEPS_SQL = `SELECT DISTINCT ht.name AS "sampleType", b.step::float8 AS step
FROM healthkit_sample s JOIN health_term ht ON ht.id = s.type_id
CROSS JOIN LATERAL (VALUES (floor(extract(epoch FROM s.start_time) * 1000 / $3)),
                           (floor(extract(epoch FROM s.end_time) * 1000 / $3))) AS b(step)
WHERE s.user_ref = $1 AND ($2::text[] IS NULL OR ht.name = ANY($2))
ORDER BY 1, 2`;

/**
 * Rebuilds a user's rollup for some metrics (all of them when none are named) from the raw
 * rows: after a ranking change, or to repair. Runs in the caller's transaction. Its cost follows
 * the user's data (one statement per metric and 31-day step holding rows), not the span of dates.
 */
export async function rebuildRollup(em: EntityManager, userId: string, sampleTypes?: readonly string[]): Promise<void> {
  const ref = await findUserRef(em, userId);
  const steps: { sampleType: string; step: number }[] =
    ref === null ? [] : await em.query(STEPS_SQL, [ref, sampleTypes ?? null, REBUILD_STEP_MS]);
  const types = [...new Set([...(sampleTypes ?? []), ...steps.map((e) => e.sampleType)])];
  if (types.length === 0) return;
  await em.query(LOCK_ROLLUP, [userId, types]);
  await em.query(`DELETE FROM sample_rollup WHERE user_id = $1 AND sample_type = ANY($2::text[])`, [userId, types]);
  for (const { sampleType, step } of steps) {
    const lo = step * REBUILD_STEP_MS;
    await em.query(RECOMPUTE_SQL, [userId, sampleType, new Date(lo), new Date(lo + REBUILD_STEP_MS), CUMULATIVE_TYPES, ref]);
  }
}
