import { CUMULATIVE_TYPES } from '@app/health-data/rollup/metric-kinds';
import { minuteGridBuckets, RankedSample } from '@app/health-data/rollup/minute-grid';
import { MAX_AGGREGATED_SPAN_HOURS, mergeRanges, RollupRange } from '@app/health-data/rollup/rollup-spans';
import type { EntityManager } from 'typeorm';
import { findUserRef, typeIdOf } from '../health-rows/row-references';
import { LOCK_SQL } from '../locks/advisory-locks';
import { statement } from '../sql/statement';
import { runStatement } from '../sql/run-statement';
import { RANK, rankJoins } from './source-rank';

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
 * The SQL reference of the rollup: the rebuild (a month per statement) runs it, and a test holds the
 * worker's `minuteGridBuckets` equal to it. The samples of user $1 (user_ref, a plain parameter so
 * the planner reads one partition of healthkit_sample) and metric $2 overlapping [$3, $4), ranked:
 * the input of minuteSharesCtes. One span per statement, its bounds plain parameters: joined from a JSON list of spans, the bounds
 * were invisible to the planner, which then read every row of the user (measured: 3,072 rows
 * fetched for a 17-hour span) instead of an index range on (user_ref, type_id, start_time).
 */
const RECOMPUTE_SQL = statement(
  'rollup/recompute',
  `
WITH spans AS (
  SELECT $2::text AS sample_type, $3::timestamptz AS lo, $4::timestamptz AS hi
), source_ranks AS MATERIALIZED ( -- a user has a handful of sources: rank them once, not per sample
  SELECT src.id, ${RANK} AS rank FROM healthkit_source src ${rankJoins('$2::text')} WHERE src.user_ref = $1
), ranked AS (
  SELECT s.record_key AS id, s.source_id, sp.sample_type, s.value, s.start_time, s.end_time, s.updated_at, sp.lo, sp.hi,
         r.rank, extract(epoch FROM s.end_time - s.start_time) AS dur_s
  FROM spans sp
  JOIN healthkit_sample s ON s.user_ref = $1 AND s.type_id = ${typeIdOf('$2')}
    AND s.start_time >= sp.lo - interval '${MAX_AGGREGATED_SPAN_HOURS} hours' AND s.start_time < sp.hi
    AND s.end_time >= sp.lo AND s.end_time - s.start_time <= interval '${MAX_AGGREGATED_SPAN_HOURS} hours'
    AND s.deleted_at IS NULL AND s.value IS NOT NULL
  JOIN source_ranks r ON r.id = s.source_id
), ${minuteSharesCtes('$5')}
INSERT INTO sample_rollup (user_ref, sample_type, bucket_start, source_id, sum, value_sum, count, min, max)
SELECT $1, sample_type, date_bin('15 minutes', minute, TIMESTAMPTZ '2000-01-01 00:00:00+00'), source_id,
       -- Shares of a sample are fractions that add up to its value only within float error. Nine decimals keep
       -- micrograms in grams (DIETARY_VITAMIN_B12: 0.0000024 g) and still drop that error on large totals.
       round(sum(share)::numeric, 9)::float8, coalesce(sum(value) FILTER (WHERE counts), 0), count(*) FILTER (WHERE counts),
       min(value), max(value)
FROM shares
WHERE contributes
GROUP BY 2, 3, 4`,
);

/**
 * Clears the rollup rows of every span of a call ($2 metrics, [$3, $4) bounds, by position) and
 * returns the samples overlapping each span, ranked: the input of `minuteGridBuckets`, which the
 * worker computes (RECOMPUTE_SQL's rule; the rebuild still runs that). Times come as exact epoch
 * microseconds; `span` is the span's position (1-based) in the arrays.
 * One statement for all the spans of a call, each span one index range: the samples on
 * (user_ref, type_id, start_time), the rollup rows on its primary key. `OFFSET 0` keeps each lateral
 * subquery a scan per span: flattened, the planner hashed every row of the user against the spans
 * once there were a few dozen (measured: 36 spans read 3,072 samples and built 9,216 pairs, 65 ms,
 * against an index range per span). The clear, on another table, rides along; it deletes by ctid
 * for the same reason (the rows are the span's, found under the rollup lock in this statement).
 */
const CLEAR_AND_RANK_SQL = statement(
  'rollup/clear-and-rank',
  `
WITH spans AS MATERIALIZED (
  SELECT sp.n, sp.sample_type, sp.lo, sp.hi, ${typeIdOf('sp.sample_type')} AS type_id
  FROM unnest($2::text[], $3::timestamptz[], $4::timestamptz[]) WITH ORDINALITY AS sp(sample_type, lo, hi, n)
), cleared AS (
  DELETE FROM sample_rollup WHERE ctid = ANY(ARRAY(
    SELECT q.ctid FROM spans sp CROSS JOIN LATERAL (
      SELECT r.ctid FROM sample_rollup r
      WHERE r.user_ref = $1 AND r.sample_type = sp.sample_type AND r.bucket_start >= sp.lo AND r.bucket_start < sp.hi
      OFFSET 0) q))
), source_ranks AS MATERIALIZED ( -- a user has a handful of sources: rank them once per metric, not per sample
  SELECT src.id, t.sample_type, ${RANK} AS rank
  FROM healthkit_source src CROSS JOIN (SELECT DISTINCT sample_type FROM spans) t ${rankJoins('t.sample_type')}
  WHERE src.user_ref = $1
)
SELECT sp.n::int AS span, s.id, s.source_id::float8 AS "sourceId", r.rank::int AS rank, s.value,
       s.start_us AS "startUs", s.end_us AS "endUs", s.updated_us AS "updatedUs"
FROM spans sp
CROSS JOIN LATERAL (
  SELECT s.record_key::text AS id, s.source_id, s.value,
         (extract(epoch FROM s.start_time) * 1000000)::float8 AS start_us,
         (extract(epoch FROM s.end_time) * 1000000)::float8 AS end_us,
         (extract(epoch FROM s.updated_at) * 1000000)::float8 AS updated_us
  FROM healthkit_sample s
  WHERE s.user_ref = $1 AND s.type_id = sp.type_id
    AND s.start_time >= sp.lo - interval '${MAX_AGGREGATED_SPAN_HOURS} hours' AND s.start_time < sp.hi
    AND s.end_time >= sp.lo AND s.end_time - s.start_time <= interval '${MAX_AGGREGATED_SPAN_HOURS} hours'
    AND s.deleted_at IS NULL AND s.value IS NOT NULL
  OFFSET 0) s
JOIN source_ranks r ON r.id = s.source_id AND r.sample_type = sp.sample_type`,
);

/** The buckets the worker computed, in one statement: arrays of one column each, by position. */
const WRITE_BUCKETS_SQL = statement(
  'rollup/write-buckets',
  `INSERT INTO sample_rollup (user_ref, sample_type, bucket_start, source_id, sum, value_sum, count, min, max)
SELECT $1, b.* FROM unnest($2::text[], $3::timestamptz[], $4::bigint[], $5::float8[], $6::float8[], $7::int[], $8::float8[], $9::float8[])
  AS b(sample_type, bucket_start, source_id, sum, value_sum, count, min, max)`,
);

/**
 * Serialises rollup work per (user, metric): a recomputation must read every committed sample of
 * its spans, so a second chunk of the same user waits here until the first has committed, then
 * reads (a new statement, a new snapshot) with that chunk's rows in view. Taken in sorted order.
 */
const LOCK_ROLLUP = LOCK_SQL.rollupMetrics;

const CUMULATIVE = new Set(CUMULATIVE_TYPES);

/**
 * Rewrites the rollup rows of the given spans from the raw rows, inside the caller's transaction.
 * `userRef` (the user's app_user id) is looked up when the caller does not have it. Three
 * statements whatever the number of spans and metrics: lock, clear + read the ranked samples,
 * write the buckets the worker computed from them.
 */
export async function refreshRollup(
  em: EntityManager,
  userId: string,
  ranges: readonly RollupRange[],
  userRef?: number,
): Promise<void> {
  if (ranges.length === 0) return;
  const ref = userRef ?? (await findUserRef(em, userId));
  // A user without an app_user row has no samples, hence no rollup rows.
  if (ref === null) return;
  const spans = mergeRanges(ranges);
  const types = [...new Set(spans.map((s) => s.sampleType))];
  await runStatement(em, LOCK_ROLLUP, [userId, types]);
  const ranked: (RankedSample & { span: number })[] = await runStatement(em, CLEAR_AND_RANK_SQL, [
    ref,
    spans.map((s) => s.sampleType),
    spans.map((s) => s.from),
    spans.map((s) => s.to),
  ]);
  const bySpan = spans.map((): RankedSample[] => []);
  for (const row of ranked) bySpan[row.span - 1].push(row);
  // One array per column of WRITE_BUCKETS_SQL, in its parameter order.
  const bucketTypes: string[] = [];
  const starts: string[] = [];
  const sources: number[] = [];
  const sums: number[] = [];
  const valueSums: number[] = [];
  const counts: number[] = [];
  const mins: number[] = [];
  const maxes: number[] = [];
  spans.forEach((span, i) => {
    if (bySpan[i].length === 0) return;
    const buckets = minuteGridBuckets(span.from.getTime(), span.to.getTime(), CUMULATIVE.has(span.sampleType), bySpan[i]);
    for (const b of buckets) {
      bucketTypes.push(span.sampleType);
      starts.push(new Date(b.bucketStartMs).toISOString());
      sources.push(b.sourceId);
      sums.push(b.sum);
      valueSums.push(b.valueSum);
      counts.push(b.count);
      mins.push(b.min);
      maxes.push(b.max);
    }
  });
  if (bucketTypes.length > 0) {
    await runStatement(em, WRITE_BUCKETS_SQL, [ref, bucketTypes, starts, sources, sums, valueSums, counts, mins, maxes]);
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
const STEPS_SQL = statement(
  'rollup/rebuild-steps',
  `SELECT DISTINCT ht.name AS "sampleType", b.step::float8 AS step
FROM healthkit_sample s JOIN health_term ht ON ht.id = s.type_id
CROSS JOIN LATERAL (VALUES (floor(extract(epoch FROM s.start_time) * 1000 / $3)),
                           (floor(extract(epoch FROM s.end_time) * 1000 / $3))) AS b(step)
WHERE s.user_ref = $1 AND ($2::text[] IS NULL OR ht.name = ANY($2))
ORDER BY 1, 2`,
);

const CLEAR_METRICS_SQL = statement(
  'rollup/clear-metrics',
  `DELETE FROM sample_rollup WHERE user_ref = $1 AND sample_type = ANY($2::text[])`,
);

/**
 * Rebuilds a user's rollup for some metrics (all of them when none are named) from the raw
 * rows: after a ranking change, or to repair. Runs in the caller's transaction. Its cost follows
 * the user's data (one statement per metric and 31-day step holding rows), not the span of dates.
 */
export async function rebuildRollup(em: EntityManager, userId: string, sampleTypes?: readonly string[]): Promise<void> {
  const ref = await findUserRef(em, userId);
  // A user without an app_user row has no samples, hence no rollup rows.
  if (ref === null) return;
  const steps: { sampleType: string; step: number }[] = await runStatement(em, STEPS_SQL, [
    ref,
    sampleTypes ?? null,
    REBUILD_STEP_MS,
  ]);
  const types = [...new Set([...(sampleTypes ?? []), ...steps.map((e) => e.sampleType)])];
  if (types.length === 0) return;
  await runStatement(em, LOCK_ROLLUP, [userId, types]);
  await runStatement(em, CLEAR_METRICS_SQL, [ref, types]);
  for (const { sampleType, step } of steps) {
    const lo = step * REBUILD_STEP_MS;
    await runStatement(em, RECOMPUTE_SQL, [ref, sampleType, new Date(lo), new Date(lo + REBUILD_STEP_MS), CUMULATIVE_TYPES]);
  }
}
