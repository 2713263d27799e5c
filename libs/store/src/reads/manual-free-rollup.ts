import { CUMULATIVE_TYPES } from '@app/health-data/rollup/metric-kinds';
import { MAX_AGGREGATED_SPAN_HOURS, mergeRanges, quarterSpan } from '@app/health-data/rollup/rollup-spans';
import type { EntityManager } from 'typeorm';
import { typeIdOf } from '../health-rows/row-references';
import { minuteSharesCtes } from '../rollup/sample-rollup';
import { RANK, rankJoins } from '../rollup/source-rank';
import { statement } from '../sql/statement';

/**
 * Aggregates without manual entries (`recordingMethod: manual`, typed in by the user). The rollup
 * holds every sample, and only the quarter hours a manual sample touches differ without them: those
 * quarters are worked out again from the raw rows by the rollup's own rule (`minuteSharesCtes`), with
 * manual samples left out before precedence (a minute a manual entry won goes to the next source),
 * and every other quarter is read from the rollup as it is. So the cost follows the manual entries,
 * not the range: a year of minute data with a handful of typed-in values reads a handful of quarters.
 */
export interface ManualFreePatch {
  /** Quarter-hour spans whose rollup rows are replaced: starts and ends, same length. */
  spanStarts: Date[];
  spanEnds: Date[];
  /** The replacement rows, as the JSON the aggregate statement reads. */
  rows: string;
}

/** Rollup buckets run whole weeks and months past the range: manual samples are looked for that far out. */
const SEARCH_MARGIN_MS = (32 * 24 + MAX_AGGREGATED_SPAN_HOURS) * 3_600_000;

const MANUAL_CONTEXTS = statement(
  'reads/manual-contexts',
  `SELECT coalesce(array_agg(id), '{}') AS ids FROM sample_context WHERE user_ref = $1 AND recording_method = 'manual'`,
);

/** The type's manual samples that can reach [$3, $4); the (user, type, start) index, filtered by context. */
const MANUAL_SAMPLES = statement(
  'reads/manual-samples',
  `SELECT s.start_time AS "startTime", s.end_time AS "endTime" FROM healthkit_sample s
WHERE s.user_ref = $1::int AND s.type_id = ${typeIdOf('$2')} AND s.start_time >= $3 AND s.start_time < $4
  AND s.context_id = ANY($5::bigint[]) AND s.deleted_at IS NULL AND s.value IS NOT NULL
  AND s.end_time - s.start_time <= interval '${MAX_AGGREGATED_SPAN_HOURS} hours'`,
);

/** Rollup rows of [$3, $4) from the raw rows without manual samples; the statement RECOMPUTE_SQL runs, as a SELECT. */
const WITHOUT_MANUAL_ROWS = statement(
  'reads/rollup-without-manual',
  `WITH source_ranks AS MATERIALIZED (
  SELECT src.id, ${RANK} AS rank FROM healthkit_source src ${rankJoins('$2::text')} WHERE src.user_ref = $1::int
), ranked AS (
  SELECT s.record_key AS id, s.source_id, $2::text AS sample_type, s.value, s.start_time, s.end_time, s.updated_at,
         $3::timestamptz AS lo, $4::timestamptz AS hi, r.rank, extract(epoch FROM s.end_time - s.start_time) AS dur_s
  FROM healthkit_sample s
  JOIN sample_context cx ON cx.id = s.context_id AND cx.recording_method IS DISTINCT FROM 'manual'
  JOIN source_ranks r ON r.id = s.source_id
  WHERE s.user_ref = $1::int AND s.type_id = ${typeIdOf('$2')}
    AND s.start_time >= $3::timestamptz - interval '${MAX_AGGREGATED_SPAN_HOURS} hours' AND s.start_time < $4
    AND s.end_time >= $3 AND s.end_time - s.start_time <= interval '${MAX_AGGREGATED_SPAN_HOURS} hours'
    AND s.deleted_at IS NULL AND s.value IS NOT NULL
), ${minuteSharesCtes('$5')}
SELECT date_bin('15 minutes', minute, TIMESTAMPTZ '2000-01-01 00:00:00+00') AS bucket_start, source_id::text AS source_id,
       round(sum(share)::numeric, 6)::float8 AS sum, coalesce(sum(value) FILTER (WHERE counts), 0) AS value_sum,
       count(*) FILTER (WHERE counts)::int AS count, min(value) AS min, max(value) AS max
FROM shares WHERE contributes GROUP BY 1, 2`,
);

/** null when nothing manual can reach the range: the rollup's own answer is then the answer. */
export async function manualFreePatch(
  em: EntityManager,
  userRef: number,
  sampleType: string,
  from: Date,
  to: Date,
): Promise<ManualFreePatch | null> {
  const [{ ids }]: { ids: string[] }[] = await em.query(MANUAL_CONTEXTS, [userRef]);
  if (ids.length === 0) return null;
  const manual: { startTime: Date; endTime: Date }[] = await em.query(MANUAL_SAMPLES, [
    userRef,
    sampleType,
    new Date(from.getTime() - SEARCH_MARGIN_MS),
    new Date(to.getTime() + SEARCH_MARGIN_MS),
    ids,
  ]);
  if (manual.length === 0) return null;
  const spans = mergeRanges(
    manual.map((m) => {
      const q = quarterSpan(m.startTime, m.endTime);
      return { sampleType, from: new Date(q.from), to: new Date(q.to) };
    }),
  );
  const rows: unknown[] = [];
  for (const span of spans) {
    rows.push(...(await em.query(WITHOUT_MANUAL_ROWS, [userRef, sampleType, span.from, span.to, CUMULATIVE_TYPES])));
  }
  return { spanStarts: spans.map((s) => s.from), spanEnds: spans.map((s) => s.to), rows: JSON.stringify(rows) };
}
