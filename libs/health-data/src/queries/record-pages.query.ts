import type { EntityManager } from 'typeorm';
import { RANK, rankJoins } from '../precedence/effective-precedence';
import { CUMULATIVE_TYPES } from '../rollup/metric-kinds';
import { MAX_AGGREGATED_SPAN_HOURS, minuteSharesCtes } from '../rollup/sample-rollup';
import { Connection, encodeCursor, Keyset, toConnection } from './keyset-cursor';

/**
 * Relay-style pages of raw rows, keyset over (start time, id): a page costs the same however deep
 * it is, and rows synced while the app pages never shift what it has seen. Deleted rows never show.
 */
export interface TimeRange {
  from: Date;
  to: Date;
}

export interface PageRequest {
  first: number;
  after: Keyset | null;
}

type Row = Record<string, unknown> & { id: string; cursorMicros: string };

const COLUMNS = `s.id::text AS id, s.hk_uuid AS uuid, s.sample_type AS "sampleType", s.unit,
  s.start_time AS "startTime", s.end_time AS "endTime", s.source_id::text AS "sourceId", src.name AS "sourceName",
  ${RANK} AS precedence, s.metadata,
  (extract(epoch FROM s.start_time) * 1000000)::bigint::text AS "cursorMicros"`;

const FROM = (table: string, sampleTypeExpr: string) => `FROM ${table} s JOIN healthkit_source src ON src.id = s.source_id
  ${rankJoins(sampleTypeExpr)}`;

/** `(start_time, id)` strictly after the cursor ($n: micros, $n+1: id), or TRUE without one. */
const AFTER = (n: number, dir: '>' | '<' = '>') =>
  `($${n}::bigint IS NULL OR (s.start_time, s.id) ${dir} (TIMESTAMPTZ 'epoch' + $${n}::bigint * interval '1 microsecond', $${n + 1}::bigint))`;

const cursorParams = (after: Keyset | null) => [after?.micros ?? null, after?.id ?? null];

const RAW_SAMPLES = `SELECT ${COLUMNS}, s.value, s.value_detail AS "valueDetail"
${FROM('healthkit_sample', 's.sample_type')}
WHERE s.user_id = $1 AND s.sample_type = $2 AND s.start_time >= $3 AND s.start_time < $4 AND s.deleted_at IS NULL AND ${AFTER(5)}
ORDER BY s.start_time, s.id LIMIT $7`;

/**
 * The same rows, keeping only samples that count in aggregates: the rule of `minuteSharesCtes`,
 * worked out on the minute grid of the candidates' own time window, so a page costs about what its
 * rows cost, not what the range holds.
 */
const APPLIED_SAMPLES = `
WITH cand AS (
  SELECT s.id, s.source_id, s.start_time, s.end_time FROM healthkit_sample s
  WHERE s.user_id = $1 AND s.sample_type = $2 AND s.start_time >= $3 AND s.start_time < $4 AND s.deleted_at IS NULL AND ${AFTER(5)}
  ORDER BY s.start_time, s.id LIMIT $7
), win AS (
  SELECT date_trunc('minute', min(start_time)) AS lo,
         max(greatest(end_time, date_trunc('minute', start_time) + interval '1 minute')) AS hi FROM cand
), ranked AS (
  SELECT s.id, s.source_id, s.sample_type, s.value, s.start_time, s.end_time, s.updated_at, win.lo, win.hi,
         ${RANK} AS rank, extract(epoch FROM s.end_time - s.start_time) AS dur_s
  FROM win, healthkit_sample s JOIN healthkit_source src ON src.id = s.source_id ${rankJoins('s.sample_type')}
  WHERE s.user_id = $1 AND s.sample_type = $2 AND s.deleted_at IS NULL AND s.value IS NOT NULL
    AND s.start_time >= win.lo - interval '${MAX_AGGREGATED_SPAN_HOURS} hours' AND s.start_time < win.hi AND s.end_time >= win.lo
    AND s.end_time - s.start_time <= interval '${MAX_AGGREGATED_SPAN_HOURS} hours'
), ${minuteSharesCtes('$8')}
SELECT ${COLUMNS}, s.value, s.value_detail AS "valueDetail",
       EXISTS (SELECT 1 FROM shares sh WHERE sh.id = c.id AND sh.contributes) AS applied
FROM cand c JOIN healthkit_sample s ON s.id = c.id
JOIN healthkit_source src ON src.id = s.source_id ${rankJoins('s.sample_type')}
ORDER BY s.start_time, s.id`;

/**
 * Raw rows looked at per round when precedence filters a page: twice the page, since where two
 * sources overlap about half the rows drop out. A page stops after this many rounds.
 */
const appliedBatch = (first: number) => Math.min(2000, Math.max(100, 2 * (first + 1)));
const APPLIED_ROUNDS = 20;

export type SamplePrecedence = 'raw' | 'applied';

export async function pageSamples(
  em: EntityManager,
  userId: string,
  sampleType: string,
  range: TimeRange,
  page: PageRequest,
  precedence: SamplePrecedence,
): Promise<Connection<Row>> {
  if (precedence === 'raw') {
    const rows = await em.query(RAW_SAMPLES, [
      userId,
      sampleType,
      range.from,
      range.to,
      ...cursorParams(page.after),
      page.first + 1,
    ]);
    return toConnection(rows, page.first);
  }
  // Precedence drops rows, so a page may take more than one round of candidates.
  const kept: Row[] = [];
  const batch = appliedBatch(page.first);
  let after = page.after;
  for (let round = 0; round < APPLIED_ROUNDS && kept.length <= page.first; round++) {
    const rows: (Row & { applied: boolean })[] = await em.query(APPLIED_SAMPLES, [
      userId,
      sampleType,
      range.from,
      range.to,
      ...cursorParams(after),
      batch,
      CUMULATIVE_TYPES,
    ]);
    kept.push(...rows.filter((r) => r.applied).map(({ applied: _, ...r }) => r as Row));
    if (rows.length < batch) return toConnection(kept, page.first);
    const last = rows[rows.length - 1];
    after = { micros: last.cursorMicros, id: last.id };
  }
  if (kept.length > page.first) return toConnection(kept, page.first);
  // Rounds ran out with rows still to look at: say so, and resume after the last row looked at.
  const connection = toConnection(kept, page.first);
  return { edges: connection.edges, pageInfo: { hasNextPage: true, endCursor: after && encodeCursor(after) } };
}

const SLEEP_STAGES = `SELECT ${COLUMNS}, s.stage, s.value AS minutes
${FROM('healthkit_sleep_analysis', 's.sample_type')}
WHERE s.user_id = $1 AND s.start_time < $3 AND s.end_time > $2 AND s.deleted_at IS NULL AND ${AFTER(4)}
ORDER BY s.start_time, s.id LIMIT $6`;

export async function pageSleepStages(em: EntityManager, userId: string, range: TimeRange, page: PageRequest) {
  return toConnection<Row>(
    await em.query(SLEEP_STAGES, [userId, range.from, range.to, ...cursorParams(page.after), page.first + 1]),
    page.first,
  );
}

const WORKOUTS = `SELECT ${COLUMNS}, s.activity_type AS "activityType", s.duration_seconds AS "durationSeconds",
  s.total_energy_burned AS "totalEnergyBurned", s.total_energy_burned_unit AS "totalEnergyBurnedUnit",
  s.total_distance AS "totalDistance", s.total_distance_unit AS "totalDistanceUnit", s.total_steps AS "totalSteps"
${FROM('healthkit_workout', 's.sample_type')}
WHERE s.user_id = $1 AND s.start_time >= $2 AND s.start_time < $3 AND s.deleted_at IS NULL AND ${AFTER(4)}
ORDER BY s.start_time, s.id LIMIT $6`;

export async function pageWorkouts(em: EntityManager, userId: string, range: TimeRange, page: PageRequest) {
  return toConnection<Row>(
    await em.query(WORKOUTS, [userId, range.from, range.to, ...cursorParams(page.after), page.first + 1]),
    page.first,
  );
}

/** Newest first: the app lists clinical records like a chart, most recent on top. */
const CLINICAL = `SELECT ${COLUMNS}, s.resource_type AS "resourceType", s.fhir_version AS "fhirVersion",
  s.fhir_resource AS "fhirResource"
${FROM('healthkit_clinical_record', 's.sample_type')}
WHERE s.user_id = $1 AND ($2::text IS NULL OR s.resource_type = $2) AND s.deleted_at IS NULL AND ${AFTER(3, '<')}
ORDER BY s.start_time DESC, s.id DESC LIMIT $5`;

export async function pageClinicalRecords(em: EntityManager, userId: string, resourceType: string | null, page: PageRequest) {
  return toConnection<Row>(
    await em.query(CLINICAL, [userId, resourceType, ...cursorParams(page.after), page.first + 1]),
    page.first,
  );
}
