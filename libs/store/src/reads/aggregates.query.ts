import type { ReadZone } from '@app/health-data/queries/read-zone';
import { metricKindOf, MetricKind } from '@app/health-data/rollup/metric-kinds';
import type { EntityManager } from 'typeorm';
import { findUserRef, userRefOf } from '../health-rows/row-references';
import { RANK, rankJoins } from '../rollup/source-rank';
import { statement } from '../sql/statement';
import { manualFreePatch } from './manual-free-rollup';

export type BucketSize = 'hour' | 'day' | 'week' | 'month';

export interface BucketSource {
  sourceId: string;
  sourceName: string;
  precedence: number;
  sum: number;
  count: number;
  /** The source's platform: a type's kind may differ per platform (metricKindOf). */
  platform?: string;
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
export const AGGREGATE_SQL = statement(
  'reads/aggregates',
  `WITH bounds AS (
  SELECT date_trunc($5, $3::timestamptz, $6) AS lo,
         (date_trunc($5, ($4::timestamptz - interval '1 microsecond') AT TIME ZONE $6) + ('1 ' || $5)::interval) AT TIME ZONE $6 AS hi
), per_source AS (
  SELECT date_trunc($5, u.bucket_start AT TIME ZONE $6) AS bucket,
         -- The hour a DST fall-back repeats is two buckets with one wall time: the UTC offset tells them apart.
         CASE WHEN $5 = 'hour' THEN (u.bucket_start AT TIME ZONE $6) - (u.bucket_start AT TIME ZONE 'UTC') END AS fold,
         u.source_id,
         round(sum(u.sum)::numeric, 9)::float8 AS sum, sum(u.value_sum) AS value_sum, sum(u.count)::int AS count, min(u.min) AS min, max(u.max) AS max
  FROM sample_rollup u, bounds b
  WHERE u.user_ref = ${userRefOf('$1')} AND u.sample_type = $2 AND u.bucket_start >= b.lo AND u.bucket_start < b.hi
  GROUP BY 1, 2, 3
)
SELECT to_char(p.bucket, 'YYYY-MM-DD"T"HH24:MI:SS') AS "localStart",
       CASE WHEN p.fold IS NULL THEN p.bucket AT TIME ZONE $6 ELSE (p.bucket - p.fold) AT TIME ZONE 'UTC' END AS "startTime",
       round(sum(p.sum)::numeric, 9)::float8 AS sum, sum(p.value_sum) / nullif(sum(p.count), 0) AS avg, min(p.min) AS min, max(p.max) AS max,
       sum(p.count)::int AS count,
       jsonb_agg(jsonb_build_object('sourceId', src.id::text, 'sourceName', src.name, 'precedence', ${RANK},
                                    'sum', p.sum, 'count', p.count, 'platform', src.platform) ORDER BY ${RANK}, src.id) AS sources
FROM per_source p JOIN healthkit_source src ON src.id = p.source_id
${rankJoins('$2')}
GROUP BY p.bucket, p.fold ORDER BY 2`,
);

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
 * The same buckets without manual entries (see manualFreePatch): the rollup rows outside the patched
 * quarter hours, and the patch's rows inside them. $7, $8: the patched spans' starts and ends, $9 the
 * patch's rows as JSON.
 */
const AGGREGATE_WITHOUT_MANUAL_SQL = statement(
  'reads/aggregates-without-manual',
  AGGREGATE_SQL.replace(
    'FROM sample_rollup u, bounds b',
    `FROM (
    SELECT r.bucket_start, r.source_id, r.sum, r.value_sum, r.count, r.min, r.max FROM sample_rollup r
    WHERE r.user_ref = ${userRefOf('$1')} AND r.sample_type = $2
      AND NOT EXISTS (SELECT 1 FROM unnest($7::timestamptz[], $8::timestamptz[]) AS sp(lo, hi)
                      WHERE r.bucket_start >= sp.lo AND r.bucket_start < sp.hi)
    UNION ALL
    SELECT x.bucket_start, x.source_id, x.sum, x.value_sum, x.count, x.min, x.max
    FROM jsonb_to_recordset($9::jsonb) AS x(bucket_start timestamptz, source_id bigint, sum float8, value_sum float8,
                                            count int, min float8, max float8)
  ) u, bounds b`,
  ).replace(`WHERE u.user_ref = ${userRefOf('$1')} AND u.sample_type = $2 AND u.bucket_start`, 'WHERE u.bucket_start'),
);
// The derived statement must really read the patched rows: fail at start, not with wrong totals.
if (!AGGREGATE_WITHOUT_MANUAL_SQL.includes('jsonb_to_recordset($9') || AGGREGATE_WITHOUT_MANUAL_SQL.includes('u.user_ref')) {
  throw new Error('AGGREGATE_SQL changed shape: update AGGREGATE_WITHOUT_MANUAL_SQL');
}

export async function aggregateSamples(em: EntityManager, userId: string, req: AggregateRequest): Promise<AggregateRow[]> {
  const params: unknown[] = [userId, req.sampleType, req.from, req.to, req.bucket, req.zone.sql];
  let sql = AGGREGATE_SQL;
  if (req.excludeManual) {
    const userRef = await findUserRef(em, userId);
    if (userRef === null) return [];
    const patch = await manualFreePatch(em, userRef, req.sampleType, req.from, req.to);
    if (patch) {
      sql = AGGREGATE_WITHOUT_MANUAL_SQL;
      params.push(patch.spanStarts, patch.spanEnds, patch.rows);
    }
  }
  const rows: AggregateRow[] = await em.query(sql, params);
  return rows.map((r) => ({
    ...r,
    kind: metricKindOf(
      req.sampleType,
      r.sources.map((s) => s.platform ?? ''),
    ),
    sources: r.sources.map(({ platform: _, ...s }) => ({ ...s, sum: Number(s.sum) })),
  }));
}
