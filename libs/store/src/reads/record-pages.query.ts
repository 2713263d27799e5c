import { Connection, encodeCursor, Keyset, toConnection } from '@app/health-data/queries/keyset-cursor';
import type { PageRequest, TimeRange } from '@app/health-data/queries/page-request';
import { rowWithInstants } from '@app/health-data/queries/structured-values';
import { CUMULATIVE_TYPES } from '@app/health-data/rollup/metric-kinds';
import { MAX_AGGREGATED_SPAN_HOURS } from '@app/health-data/rollup/rollup-spans';
import type { EntityManager } from 'typeorm';
import { PHONE_UUID_SQL, typeIdOf, userRefOf } from '../health-rows/row-references';
import { minuteSharesCtes } from '../rollup/sample-rollup';
import { RANK, rankJoins } from '../rollup/source-rank';
import { statement } from '../sql/statement';

/**
 * Relay-style pages of raw rows, keyset over (start time, id): a page costs the same however deep
 * it is, and rows synced while the app pages never shift what it has seen. Deleted rows never show.
 */

/** The columns every record read selects (COLUMNS), by their aliases. */
export interface RecordColumns {
  id: string;
  uuid: string;
  sampleType: string;
  unit: string | null;
  startTime: Date;
  endTime: Date;
  sourceId: string;
  sourceName: string;
  precedence: number;
  metadata: unknown;
  recordingMethod: string | null;
  sourceDeviceId: string | null;
  deviceModel: string | null;
  /** The start in microseconds since the epoch, as text: the page cursor's time. */
  cursorMicros: string;
}

/** A row of `samples` (and of `latest`). */
export interface SampleRow extends RecordColumns {
  value: number | null;
  valueDetail: unknown;
}

/** A row of `sleepStages`. */
export interface SleepStageRow extends RecordColumns {
  stage: string;
  minutes: number | null;
}

/** A row of `clinicalRecords`; `fhirResource` is null only past the page's byte budget (never handed out). */
export interface ClinicalRecordRow extends RecordColumns {
  resourceType: string;
  fhirVersion: string | null;
  fhirResource: unknown;
}

/** Default byte budget of a page (the API's PAGE_MAX_BYTES). */
export const DEFAULT_PAGE_MAX_BYTES = 4 * 1024 * 1024;

export const COLUMNS = `s.record_key::text AS id,
  ${PHONE_UUID_SQL} AS uuid,
  ht.name AS "sampleType", cx.unit,
  s.start_time AS "startTime", s.end_time AS "endTime", s.source_id::text AS "sourceId", src.name AS "sourceName",
  ${RANK} AS precedence, cx.metadata,
  cx.recording_method AS "recordingMethod", cx.source_device_id AS "sourceDeviceId", s.extra->>'deviceModel' AS "deviceModel",
  (extract(epoch FROM s.start_time) * 1000000)::bigint::text AS "cursorMicros"`;

export const FROM = (table: string) => `FROM ${table} s JOIN healthkit_source src ON src.id = s.source_id
  JOIN health_term ht ON ht.id = s.type_id JOIN sample_context cx ON cx.id = s.context_id
  ${rankJoins('ht.name')}`;

/** `(start_time, record_key)` strictly after the cursor ($n: micros, $n+1: id), or TRUE without one. */
export const AFTER = (n: number, dir: '>' | '<' = '>') =>
  `($${n}::bigint IS NULL OR (s.start_time, s.record_key) ${dir} (TIMESTAMPTZ 'epoch' + $${n}::bigint * interval '1 microsecond', $${n + 1}::uuid))`;

export const cursorParams = (after: Keyset | null) => [after?.micros ?? null, after?.id ?? null];

const RAW_SAMPLES = `SELECT ${COLUMNS}, s.value, s.value_detail AS "valueDetail"
${FROM('healthkit_sample')}
WHERE s.user_ref = $1::int AND s.type_id = $2::int AND s.start_time >= $3 AND s.start_time < $4 AND s.deleted_at IS NULL AND ${AFTER(5)}
ORDER BY s.start_time, s.record_key LIMIT $7`;

/**
 * RAW_SAMPLES within a byte budget ($8) of stored JSON (`valueDetail`: an ECG's voltages, a route's
 * locations, up to 3 MiB each; `metadata`): rows past it, but for the first, never leave PostgreSQL.
 * `fetched` is how many rows the page's LIMIT found, so the caller can tell the budget cut it short.
 */
const RAW_SAMPLES_WITHIN_BUDGET = statement(
  'reads/samples-raw',
  `SELECT * FROM (
  SELECT r.*, count(*) OVER () AS fetched,
         row_number() OVER w = 1
           OR sum(coalesce(octet_length(r."valueDetail"::text), 0) + coalesce(octet_length(r.metadata::text), 0)) OVER w <= $8 AS within
  FROM (${RAW_SAMPLES}) r WINDOW w AS (ORDER BY r."startTime", r.id)
) b WHERE within ORDER BY b."startTime", b.id`,
);

/**
 * The same rows, keeping only samples that count in aggregates: the rule of `minuteSharesCtes`,
 * worked out on the minute grid of the candidates' own time window, so a page costs about what its
 * rows cost, not what the range holds.
 */
const APPLIED_SAMPLES = statement(
  'reads/samples-applied',
  `WITH cand AS (
  SELECT s.record_key, s.source_id, s.start_time, s.end_time FROM healthkit_sample s
  WHERE s.user_ref = $1::int AND s.type_id = $9::int AND s.start_time >= $3 AND s.start_time < $4 AND s.deleted_at IS NULL AND ${AFTER(5)}
  ORDER BY s.start_time, s.record_key LIMIT $7
), win AS (
  SELECT date_trunc('minute', min(start_time)) AS lo,
         max(greatest(end_time, date_trunc('minute', start_time) + interval '1 minute')) AS hi FROM cand
), ranked AS (
  SELECT s.record_key AS id, s.source_id, $2::text AS sample_type, s.value, s.start_time, s.end_time, s.updated_at,
         win.lo, win.hi, ${RANK} AS rank, extract(epoch FROM s.end_time - s.start_time) AS dur_s
  FROM win, healthkit_sample s JOIN healthkit_source src ON src.id = s.source_id ${rankJoins('$2::text')}
  WHERE s.user_ref = $1::int AND s.type_id = $9::int AND s.deleted_at IS NULL AND s.value IS NOT NULL
    AND s.start_time >= win.lo - interval '${MAX_AGGREGATED_SPAN_HOURS} hours' AND s.start_time < win.hi AND s.end_time >= win.lo
    AND s.end_time - s.start_time <= interval '${MAX_AGGREGATED_SPAN_HOURS} hours'
), ${minuteSharesCtes('$8')}
-- Only rows with a value can count, so only theirs need a detail: a 3 MiB ECG series never leaves PostgreSQL here.
SELECT ${COLUMNS}, s.value, CASE WHEN s.value IS NOT NULL THEN s.value_detail END AS "valueDetail",
       EXISTS (SELECT 1 FROM shares sh WHERE sh.id = c.record_key AND sh.contributes) AS applied
FROM cand c JOIN healthkit_sample s ON s.user_ref = $1::int AND s.record_key = c.record_key
JOIN healthkit_source src ON src.id = s.source_id
JOIN health_term ht ON ht.id = s.type_id JOIN sample_context cx ON cx.id = s.context_id ${rankJoins('ht.name')}
ORDER BY s.start_time, s.record_key`,
);

/**
 * Raw rows looked at per round when precedence filters a page: twice the page, since where two
 * sources overlap about half the rows drop out. A page stops after this many rounds.
 */
const appliedBatch = (first: number) => Math.min(2000, Math.max(100, 2 * (first + 1)));
const APPLIED_ROUNDS = 20;

export type SamplePrecedence = 'raw' | 'applied';

/**
 * The user's and the type's ids, looked up before the page query: as plain parameters they let the
 * planner read one partition of healthkit_sample. Looked up inside the query, every partition was
 * planned (≈ 1.9 ms of planning against 0.25 ms, per scan of the table).
 */
const SAMPLE_REFS = statement('reads/sample-refs', `SELECT ${userRefOf('$1')} AS "userRef", ${typeIdOf('$2')} AS "typeId"`);

export async function pageSamples(
  em: EntityManager,
  userId: string,
  sampleType: string,
  range: TimeRange,
  page: PageRequest,
  precedence: SamplePrecedence,
  maxBytes: number = DEFAULT_PAGE_MAX_BYTES,
): Promise<Connection<SampleRow>> {
  const [{ userRef, typeId }]: { userRef: number | null; typeId: number | null }[] = await em.query(SAMPLE_REFS, [
    userId,
    sampleType,
  ]);
  if (userRef === null || typeId === null) return toConnection([], page.first);
  if (precedence === 'raw') {
    const rows: (SampleRow & { within: boolean; fetched: string })[] = await em.query(RAW_SAMPLES_WITHIN_BUDGET, [
      userRef,
      typeId,
      range.from,
      range.to,
      ...cursorParams(page.after),
      page.first + 1,
      maxBytes,
    ]);
    const connection = toConnection(
      rows.map(({ within: _, fetched: __, ...row }) => rowWithInstants(row)),
      page.first,
    );
    // The budget cut the page short: more rows follow the last one sent.
    if (Number(rows[0]?.fetched ?? 0) > rows.length) connection.pageInfo.hasNextPage = true;
    return connection;
  }
  // Precedence drops rows, so a page may take more than one round of candidates.
  const kept: SampleRow[] = [];
  const batch = appliedBatch(page.first);
  let after = page.after;
  for (let round = 0; round < APPLIED_ROUNDS && kept.length <= page.first; round++) {
    const rows: (SampleRow & { applied: boolean })[] = await em.query(APPLIED_SAMPLES, [
      userRef,
      sampleType,
      range.from,
      range.to,
      ...cursorParams(after),
      batch,
      CUMULATIVE_TYPES,
      typeId,
    ]);
    kept.push(...rows.filter((r) => r.applied).map(({ applied: _, ...r }) => rowWithInstants(r)));
    if (rows.length < batch) return toConnection(kept, page.first);
    const last = rows[rows.length - 1];
    after = { micros: last.cursorMicros, id: last.id };
  }
  if (kept.length > page.first) return toConnection(kept, page.first);
  // Rounds ran out with rows still to look at: say so, and resume after the last row looked at.
  const connection = toConnection(kept, page.first);
  return { edges: connection.edges, pageInfo: { hasNextPage: true, endCursor: after && encodeCursor(after) } };
}

const SLEEP_STAGES = statement(
  'reads/sleep-stages',
  `SELECT ${COLUMNS}, s.stage, s.value AS minutes
${FROM('healthkit_sleep_analysis')}
WHERE s.user_ref = ${userRefOf('$1')} AND s.start_time < $3 AND s.end_time > $2 AND s.deleted_at IS NULL AND ${AFTER(4)}
ORDER BY s.start_time, s.record_key LIMIT $6`,
);

export async function pageSleepStages(
  em: EntityManager,
  userId: string,
  range: TimeRange,
  page: PageRequest,
): Promise<Connection<SleepStageRow>> {
  return toConnection<SleepStageRow>(
    await em.query(SLEEP_STAGES, [userId, range.from, range.to, ...cursorParams(page.after), page.first + 1]),
    page.first,
  );
}

/**
 * Newest first: the app lists clinical records like a chart, most recent on top. A FHIR resource
 * can be megabytes (a report with attachments), so a page also stops at a byte budget ($6, the
 * JSON text of the resources): the page's keys and sizes are found first, and only the resources
 * within the budget are read out; the first record always is, whatever its size.
 */
const CLINICAL = statement(
  'reads/clinical-records',
  `WITH page AS (
  SELECT s.record_key, s.start_time, octet_length(s.fhir_resource::text) AS bytes
  FROM healthkit_clinical_record s
  WHERE s.user_ref = ${userRefOf('$1')} AND ($2::text IS NULL OR s.resource_type = $2) AND s.deleted_at IS NULL AND ${AFTER(3, '<')}
  ORDER BY s.start_time DESC, s.record_key DESC LIMIT $5
), budget AS (
  SELECT record_key, (row_number() OVER w = 1 OR sum(bytes) OVER w <= $6) AS within
  FROM page WINDOW w AS (ORDER BY start_time DESC, record_key DESC)
)
SELECT ${COLUMNS}, s.resource_type AS "resourceType", s.fhir_version AS "fhirVersion",
  CASE WHEN b.within THEN s.fhir_resource END AS "fhirResource", b.within
${FROM('healthkit_clinical_record')}
JOIN budget b ON b.record_key = s.record_key
WHERE s.user_ref = ${userRefOf('$1')}
ORDER BY s.start_time DESC, s.record_key DESC`,
);

/**
 * A page of at most `first` records and `maxBytes` of resources (at least one record): fewer than
 * `first` with hasNextPage true when the budget cut it short.
 */
export async function pageClinicalRecords(
  em: EntityManager,
  userId: string,
  resourceType: string | null,
  page: PageRequest,
  maxBytes: number = DEFAULT_PAGE_MAX_BYTES,
): Promise<Connection<ClinicalRecordRow>> {
  const rows: (ClinicalRecordRow & { within: boolean })[] = await em.query(CLINICAL, [
    userId,
    resourceType,
    ...cursorParams(page.after),
    page.first + 1,
    maxBytes,
  ]);
  const within = rows.findIndex((r) => !r.within);
  const kept = Math.min(page.first, within === -1 ? rows.length : within);
  const connection = toConnection<ClinicalRecordRow>(
    rows.slice(0, kept).map(({ within: _, ...row }) => row),
    page.first,
  );
  connection.pageInfo.hasNextPage = rows.length > kept;
  return connection;
}
