import type { EntityManager } from 'typeorm';

/**
 * The read side. Raw rows are never changed by a read: source precedence (Apple Watch 1, iPhone 2,
 * third party 3+) is applied here, at query time, so a change of rules needs no re-sync.
 */
export interface TimeRange {
  from: Date;
  to: Date;
}

export type BucketSize = 'hour' | 'day';

export interface SourceRow {
  id: string;
  platform: string;
  bundleId: string;
  name: string;
  productType: string | null;
  kind: string;
  precedence: number;
}

export interface AggregateRow {
  /** Start of the bucket as wall time in the requested zone, e.g. 2025-09-10T00:00:00. */
  localStart: string;
  sourceId: string;
  sourceName: string;
  precedence: number;
  sum: number;
  avg: number;
  min: number;
  max: number;
  count: number;
  /** Sources that also had data in this bucket and were left out, so nothing is counted twice. */
  skippedSources: number;
}

/** The zone a bucket is cut in: an IANA name, or a fixed offset in minutes. */
export type BucketZone = { name: string } | { offsetMinutes: number };

export async function listSources(em: EntityManager, userId: string): Promise<SourceRow[]> {
  return em.query(
    `SELECT id, platform, bundle_id AS "bundleId", name, product_type AS "productType", kind, precedence
     FROM healthkit_source WHERE user_id = $1 ORDER BY precedence, name`,
    [userId],
  );
}

const SAMPLE_COLUMNS = `s.hk_uuid AS uuid, s.sample_type AS "sampleType", s.unit,
  s.start_time AS "startTime", s.end_time AS "endTime", s.source_id AS "sourceId", src.name AS "sourceName",
  src.precedence, s.metadata`;

/** Samples of one type in a range, every source, best source first where they start together. */
export async function listSamples(em: EntityManager, userId: string, sampleType: string, range: TimeRange, limit: number) {
  return em.query(
    `SELECT ${SAMPLE_COLUMNS}, s.value, s.value_detail AS "valueDetail"
     FROM healthkit_sample s JOIN healthkit_source src ON src.id = s.source_id
     WHERE s.user_id = $1 AND s.sample_type = $2 AND s.start_time >= $3 AND s.start_time < $4 AND s.deleted_at IS NULL
     ORDER BY s.start_time, src.precedence, s.id LIMIT $5`,
    [userId, sampleType, range.from, range.to, limit],
  );
}

/**
 * Hourly or daily figures without double counting: the watch and the phone both count the same
 * steps, so within each bucket only the best-ranked source that has data there is used
 * (lowest precedence, then the one with most samples). The others are reported as skipped.
 */
export async function aggregateSamples(
  em: EntityManager,
  userId: string,
  sampleType: string,
  range: TimeRange,
  bucket: BucketSize,
  zone: BucketZone,
): Promise<AggregateRow[]> {
  const zoneName = 'name' in zone ? zone.name : null;
  const offset = 'offsetMinutes' in zone ? zone.offsetMinutes : 0;
  const rows: AggregateRow[] = await em.query(
    `WITH local AS (
       SELECT date_trunc($5, CASE WHEN $6::text IS NULL
                                  THEN (s.start_time AT TIME ZONE 'UTC') + make_interval(mins => $7)
                                  ELSE s.start_time AT TIME ZONE $6::text END) AS bucket,
              s.source_id, src.name, src.precedence, s.value
       FROM healthkit_sample s JOIN healthkit_source src ON src.id = s.source_id
       WHERE s.user_id = $1 AND s.sample_type = $2 AND s.start_time >= $3 AND s.start_time < $4
         AND s.deleted_at IS NULL AND s.value IS NOT NULL
     ), per_source AS (
       SELECT bucket, source_id, name, precedence, sum(value) AS sum, avg(value) AS avg,
              min(value) AS min, max(value) AS max, count(*)::int AS count,
              count(*) OVER (PARTITION BY bucket)::int - 1 AS skipped
       FROM local GROUP BY bucket, source_id, name, precedence
     )
     SELECT DISTINCT ON (bucket) to_char(bucket, 'YYYY-MM-DD"T"HH24:MI:SS') AS "localStart",
            source_id AS "sourceId", name AS "sourceName", precedence, sum, avg, min, max, count,
            skipped AS "skippedSources"
     FROM per_source ORDER BY bucket, precedence, count DESC, source_id`,
    [userId, sampleType, range.from, range.to, bucket, zoneName, offset],
  );
  return rows.map((r) => ({ ...r, sum: Number(r.sum), avg: Number(r.avg), min: Number(r.min), max: Number(r.max) }));
}

export async function listSleepStages(em: EntityManager, userId: string, range: TimeRange, limit: number) {
  return em.query(
    `SELECT ${SAMPLE_COLUMNS}, s.stage, s.value AS minutes
     FROM healthkit_sleep_analysis s JOIN healthkit_source src ON src.id = s.source_id
     WHERE s.user_id = $1 AND s.start_time < $3 AND s.end_time > $2 AND s.deleted_at IS NULL
     -- The in-bed (or session) interval that holds the stages comes before the first stage.
     ORDER BY s.start_time, src.precedence, s.end_time DESC, s.id LIMIT $4`,
    [userId, range.from, range.to, limit],
  );
}

export async function listWorkouts(em: EntityManager, userId: string, range: TimeRange, limit: number) {
  return em.query(
    `SELECT ${SAMPLE_COLUMNS}, s.activity_type AS "activityType", s.duration_seconds AS "durationSeconds",
            s.total_energy_burned AS "totalEnergyBurned", s.total_energy_burned_unit AS "totalEnergyBurnedUnit",
            s.total_distance AS "totalDistance", s.total_distance_unit AS "totalDistanceUnit", s.total_steps AS "totalSteps"
     FROM healthkit_workout s JOIN healthkit_source src ON src.id = s.source_id
     WHERE s.user_id = $1 AND s.start_time >= $2 AND s.start_time < $3 AND s.deleted_at IS NULL
     ORDER BY s.start_time, src.precedence, s.id LIMIT $4`,
    [userId, range.from, range.to, limit],
  );
}

export async function listClinicalRecords(em: EntityManager, userId: string, resourceType: string | null, limit: number) {
  return em.query(
    `SELECT ${SAMPLE_COLUMNS}, s.resource_type AS "resourceType", s.fhir_version AS "fhirVersion", s.fhir_resource AS "fhirResource"
     FROM healthkit_clinical_record s JOIN healthkit_source src ON src.id = s.source_id
     WHERE s.user_id = $1 AND ($2::text IS NULL OR s.resource_type = $2) AND s.deleted_at IS NULL
     ORDER BY s.start_time DESC, s.id LIMIT $3`,
    [userId, resourceType, limit],
  );
}
