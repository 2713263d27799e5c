import type { EntityManager } from 'typeorm';
import { RANK, rankJoins } from '../precedence/effective-precedence';
import { CUMULATIVE_TYPES, metricKindOf, MetricKind } from '../rollup/metric-kinds';
import { MAX_AGGREGATED_SPAN_HOURS, minuteSharesCtes } from '../rollup/sample-rollup';
import { findUserRef, typeIdOf } from '../storage/row-references';
import type { ReadZone } from './read-zone';

export type BucketSize = 'hour' | 'day' | 'week' | 'month';

export interface BucketSource {
  sourceId: string;
  sourceName: string;
  precedence: number;
  sum: number;
  count: number;
}

export interface AggregateRow {
  /** Start of the bucket as wall time in the requested zone, e.g. 2025-09-10T00:00:00. */
  localStart: string;
  /** The instant the bucket starts. */
  startTime: Date;
  kind: MetricKind;
  sum: number;
  avg: number | null;
  min: number | null;
  max: number | null;
  count: number;
  /** The sources whose data won somewhere in the bucket, best first, with what each contributed. */
  sources: BucketSource[];
}

/**
 * Buckets are whole local hours, days, weeks (from Monday) or months: the first is the one that
 * holds `from`, the last the one that holds the instant before `to`. They are cut in the zone, so a
 * DST day has 23 or 25 hours. Only buckets with data are returned. Reads the rollup (precedence
 * already applied per minute), never the raw rows: a year of daily totals is ≈ 35k rollup rows.
 */
export const AGGREGATE_SQL = `
WITH bounds AS (
  SELECT date_trunc($5, $3::timestamptz, $6) AS lo,
         (date_trunc($5, ($4::timestamptz - interval '1 microsecond') AT TIME ZONE $6) + ('1 ' || $5)::interval) AT TIME ZONE $6 AS hi
), per_source AS (
  SELECT date_trunc($5, u.bucket_start AT TIME ZONE $6) AS bucket,
         -- The hour a DST fall-back repeats is two buckets with one wall time: the UTC offset tells them apart.
         CASE WHEN $5 = 'hour' THEN (u.bucket_start AT TIME ZONE $6) - (u.bucket_start AT TIME ZONE 'UTC') END AS fold,
         u.source_id,
         round(sum(u.sum)::numeric, 6)::float8 AS sum, sum(u.value_sum) AS value_sum, sum(u.count)::int AS count, min(u.min) AS min, max(u.max) AS max
  FROM sample_rollup u, bounds b
  WHERE u.user_id = $1 AND u.sample_type = $2 AND u.bucket_start >= b.lo AND u.bucket_start < b.hi
  GROUP BY 1, 2, 3
)
SELECT to_char(p.bucket, 'YYYY-MM-DD"T"HH24:MI:SS') AS "localStart",
       CASE WHEN p.fold IS NULL THEN p.bucket AT TIME ZONE $6 ELSE (p.bucket - p.fold) AT TIME ZONE 'UTC' END AS "startTime",
       round(sum(p.sum)::numeric, 6)::float8 AS sum, sum(p.value_sum) / nullif(sum(p.count), 0) AS avg, min(p.min) AS min, max(p.max) AS max,
       sum(p.count)::int AS count,
       jsonb_agg(jsonb_build_object('sourceId', src.id::text, 'sourceName', src.name, 'precedence', ${RANK},
                                    'sum', p.sum, 'count', p.count) ORDER BY ${RANK}, src.id) AS sources
FROM per_source p JOIN healthkit_source src ON src.id = p.source_id
${rankJoins('$2')}
GROUP BY p.bucket, p.fold ORDER BY 2`;

export interface AggregateRequest {
  sampleType: string;
  from: Date;
  to: Date;
  bucket: BucketSize;
  zone: ReadZone;
  /** Leave out samples the phone marked `recordingMethod: manual` (typed in by the user). */
  excludeManual?: boolean;
}

/**
 * The same buckets without manual entries. The rollup holds every sample, so these are worked out
 * from the raw rows of the range by the rollup's own rule (`minuteSharesCtes`) with manual samples
 * left out before precedence (a minute a manual entry won goes to the next source): the rollup rows
 * the range would have without them, fed to the same bucketing. Costs what a rollup rebuild of the
 * range costs, so it is taken only when the user has manual entries at all. $7: cumulative types,
 * $8: the user's user_ref.
 */
const WITHOUT_MANUAL_CTES = `), source_ranks AS MATERIALIZED (
  SELECT src.id, ${RANK} AS rank FROM healthkit_source src ${rankJoins('$2::text')} WHERE src.user_id = $1
), ranked AS (
  SELECT s.record_key AS id, s.source_id, $2::text AS sample_type, s.value, s.start_time, s.end_time, s.updated_at,
         b.lo, b.hi, r.rank, extract(epoch FROM s.end_time - s.start_time) AS dur_s
  FROM bounds b
  JOIN healthkit_sample s ON s.user_ref = $8::int AND s.type_id = ${typeIdOf('$2')}
    AND s.start_time >= b.lo - interval '${MAX_AGGREGATED_SPAN_HOURS} hours' AND s.start_time < b.hi
    AND s.end_time >= b.lo AND s.end_time - s.start_time <= interval '${MAX_AGGREGATED_SPAN_HOURS} hours'
    AND s.deleted_at IS NULL AND s.value IS NOT NULL
  JOIN sample_context cx ON cx.id = s.context_id AND cx.recording_method IS DISTINCT FROM 'manual'
  JOIN source_ranks r ON r.id = s.source_id
), ${minuteSharesCtes('$7')}, without_manual AS (
  SELECT date_bin('15 minutes', minute, TIMESTAMPTZ '2000-01-01 00:00:00+00') AS bucket_start, source_id,
         round(sum(share)::numeric, 6)::float8 AS sum, coalesce(sum(value) FILTER (WHERE counts), 0) AS value_sum,
         count(*) FILTER (WHERE counts) AS count, min(value) AS min, max(value) AS max
  FROM shares WHERE contributes GROUP BY 1, 2
), per_source AS (`;

const AGGREGATE_WITHOUT_MANUAL_SQL = AGGREGATE_SQL.replace('), per_source AS (', WITHOUT_MANUAL_CTES)
  .replace('FROM sample_rollup u, bounds b', 'FROM without_manual u, bounds b')
  .replace('WHERE u.user_id = $1 AND u.sample_type = $2 AND u.bucket_start', 'WHERE u.bucket_start');
// The derived statement must really read the manual-free rows: fail at start, not with wrong totals.
if (AGGREGATE_WITHOUT_MANUAL_SQL.includes('sample_rollup'))
  throw new Error('AGGREGATE_SQL changed shape: update WITHOUT_MANUAL_CTES');

/** Whether the user has any sample context marked manual (a handful of contexts per user). */
const HAS_MANUAL = `SELECT EXISTS (SELECT 1 FROM sample_context WHERE user_ref = $1 AND recording_method = 'manual') AS manual`;

export async function aggregateSamples(em: EntityManager, userId: string, req: AggregateRequest): Promise<AggregateRow[]> {
  const params: unknown[] = [userId, req.sampleType, req.from, req.to, req.bucket, req.zone.sql];
  let sql = AGGREGATE_SQL;
  if (req.excludeManual) {
    const userRef = await findUserRef(em, userId);
    if (userRef === null) return [];
    const [{ manual }] = await em.query(HAS_MANUAL, [userRef]);
    if (manual) {
      sql = AGGREGATE_WITHOUT_MANUAL_SQL;
      params.push(CUMULATIVE_TYPES, userRef);
    }
  }
  const rows = await em.query(sql, params);
  const kind = metricKindOf(req.sampleType);
  return rows.map((r: AggregateRow) => ({
    ...r,
    kind,
    sources: r.sources.map((s) => ({ ...s, sum: Number(s.sum) })),
  }));
}
