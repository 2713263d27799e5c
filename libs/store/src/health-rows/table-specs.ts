import type { TargetTable } from '@app/health-data/parsing/data-types';
import { CHUNK_INDEX_SPAN } from '@app/health-data/sync/write-position';

/** SQL: the first write position of the sync that position expression `pos` belongs to. */
const syncStart = (pos: string) => `(${pos}::bigint / ${CHUNK_INDEX_SPAN} * ${CHUNK_INDEX_SPAN})`;
/** SQL: the first write position of the next sync after the one `pos` belongs to. */
const nextSyncStart = (pos: string) => `((${pos}::bigint / ${CHUNK_INDEX_SPAN} + 1) * ${CHUNK_INDEX_SPAN})`;

export interface ColumnSpec {
  /** snake_case column name in PostgreSQL. */
  column: string;
  /** camelCase key in NormalizedPoint. */
  key: string;
  sqlType: string;
}

/** The four health tables (one per TargetTable); TABLE_SPECS says which holds what. */
export type HealthTable = 'healthkit_sample' | 'healthkit_sleep_analysis' | 'healthkit_workout' | 'healthkit_clinical_record';

export interface TableSpec {
  table: HealthTable;
  columns: ColumnSpec[];
}

const col = (column: string, sqlType: string): ColumnSpec => ({
  column,
  sqlType,
  key: column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()),
});

/**
 * Columns of the four health tables read from a row of the chunk's JSON. user_ref, type_id,
 * source_id and context_id are references the worker resolved: the statement joins them in.
 */
const BASE_COLUMNS = [
  col('record_key', 'uuid'),
  col('record_id', 'uuid'),
  col('start_time', 'timestamptz'),
  col('end_time', 'timestamptz'),
  col('extra', 'jsonb'),
];

export const TABLE_SPECS: Record<TargetTable, TableSpec> = {
  sample: {
    table: 'healthkit_sample',
    columns: [...BASE_COLUMNS, col('value', 'double precision'), col('value_detail', 'jsonb')],
  },
  sleep: {
    table: 'healthkit_sleep_analysis',
    columns: [...BASE_COLUMNS, col('stage', 'text'), col('value', 'double precision')],
  },
  workout: {
    table: 'healthkit_workout',
    columns: [
      ...BASE_COLUMNS,
      col('activity_type', 'text'),
      col('duration_seconds', 'double precision'),
      col('total_energy_burned', 'double precision'),
      col('total_energy_burned_unit', 'text'),
      col('total_distance', 'double precision'),
      col('total_distance_unit', 'text'),
      col('total_steps', 'double precision'),
    ],
  },
  clinical: {
    table: 'healthkit_clinical_record',
    columns: [...BASE_COLUMNS, col('resource_type', 'text'), col('fhir_version', 'text'), col('fhir_resource', 'jsonb')],
  },
};

/** The health tables, in TABLE_SPECS order: the list every reader, writer, export, erasure and retention iterates. */
export const HEALTH_TABLES: readonly HealthTable[] = Object.values(TABLE_SPECS).map((spec) => spec.table);

/**
 * One set-based statement per table per chunk: rows arrive as one JSON array, are expanded by
 * jsonb_to_recordset, inserted in record_key order (so concurrent chunks lock rows in the same
 * order and cannot deadlock), and on conflict updated only when something really changed, so a
 * re-sent chunk rewrites nothing. A re-added record clears deleted_at.
 *
 * The order rule: every row keeps the write position of its last write (write_pos, deletes
 * included), and a write from an earlier position changes nothing. A row whose id (record_key or,
 * on Health Connect, record_id) has a newer write is left out before the insert: a tombstone (a
 * deletion that found no row yet) or a version of its Health Connect record from a later sync (a
 * record's version is what one sync sent of it of the chunk's types, possibly over several chunks). A later
 * position that brings the same content moves write_pos only (updated_at kept, not reported as
 * changed): an older chunk still on its way must not overwrite it.
 * Parameters: $1 user_ref, $2 rows, $3 source ids and $4 context ids (rows hold indexes into
 * both), $5 type names and $6 their health_term ids, $7 the chunk's write position, $8 the Health
 * Connect record ids among the rows, only in the `healthConnectRecords` variant.
 */
export function buildUpsertSql(spec: TableSpec, options: { returnSpans?: boolean; healthConnectRecords?: boolean } = {}): string {
  // Quoted: JSON keys are camelCase and jsonb_to_recordset matches them case-sensitively.
  const recordset = [
    ...spec.columns.map((c) => `"${c.key}" ${c.sqlType}`),
    '"sampleType" text',
    '"sourceIndex" integer',
    '"contextIndex" integer',
  ].join(', ');
  const names = ['type_id', 'context_id', 'source_id', ...spec.columns.map((c) => c.column)];
  const select = ['ty.id', 'cx.id', 'src.id', ...spec.columns.map((c) => `r."${c.key}"`)].join(', ');
  const updatable = names.filter((n) => n !== 'record_key');
  const set = updatable.map((n) => `${n} = EXCLUDED.${n}`).join(', ');
  const current = updatable.map((n) => `t.${n}`).join(', ');
  const incoming = updatable.map((n) => `EXCLUDED.${n}`).join(', ');
  const changed = `(${current}, t.deleted_at) IS DISTINCT FROM (${incoming}, NULL)`;
  // Ids with a write after this chunk's position: computed once per statement (an InitPlan), and
  // empty unless chunks are being stored out of order, so the per-row test is a look at an empty array.
  // The records part only in the variant for chunks with Health Connect records ($8 not empty):
  // a HealthKit chunk's statement does not plan a second look at the (partitioned) table.
  const newerRecords = options.healthConnectRecords
    ? `
  UNION ALL
  SELECT DISTINCT record_id FROM ${spec.table}
  WHERE user_ref = $1 AND record_id = ANY($8::uuid[]) AND type_id = ANY($6::int[]) AND write_pos >= ${nextSyncStart('$7')}`
    : '';
  const newer = `ARRAY(
  SELECT record_id FROM health_tombstone WHERE user_ref = $1 AND write_pos > $7::bigint${newerRecords})`;
  const upsert = `INSERT INTO ${spec.table} AS t (user_ref, ${names.join(', ')}, write_pos)
SELECT $1::int, ${select}, $7::bigint
FROM jsonb_to_recordset($2::jsonb) AS r(${recordset})
JOIN unnest($3::bigint[]) WITH ORDINALITY AS src(id, ord) ON src.ord = r."sourceIndex" + 1
JOIN unnest($4::bigint[]) WITH ORDINALITY AS cx(id, ord) ON cx.ord = r."contextIndex" + 1
JOIN unnest($5::text[], $6::int[]) AS ty(name, id) ON ty.name = r."sampleType"
CROSS JOIN (SELECT ${newer} AS ids) nw
WHERE NOT coalesce(r."recordKey" = ANY(nw.ids) OR r."recordId" = ANY(nw.ids), false)
ORDER BY r."recordKey"
ON CONFLICT (user_ref, record_key) DO UPDATE SET ${set}, deleted_at = NULL, write_pos = EXCLUDED.write_pos,
  updated_at = CASE WHEN ${changed} THEN now() ELSE t.updated_at END
WHERE t.write_pos <= EXCLUDED.write_pos AND (t.write_pos < EXCLUDED.write_pos OR ${changed})
RETURNING`;
  // A row written in this transaction has updated_at = now() (the transaction's start); one whose
  // position alone moved kept its older updated_at: it is not a change (no count, no rollup work).
  if (!options.returnSpans) {
    return `WITH up AS (${upsert} (xmax = 0) AS inserted, t.updated_at = now() AS changed)
SELECT inserted FROM up WHERE changed`;
  }
  // Rows that changed, with where they are now and (for an update) where they were: the rollup of
  // both spans is stale. The `old` CTE shares the statement's snapshot, so it sees the rows as they
  // were before this upsert; a row it does not find was inserted. (xmax, the usual tell, cannot be
  // read from a partitioned table, which healthkit_sample is.)
  return `WITH up AS (${upsert} record_key, type_id, start_time, end_time, t.updated_at = now() AS changed),
old AS MATERIALIZED ( -- once, by primary key; inlined, the planner probed it once per returned row
  SELECT t.record_key, t.type_id, t.start_time, t.end_time FROM ${spec.table} t
  JOIN up USING (record_key) WHERE t.user_ref = $1 AND up.changed
)
SELECT old.record_key IS NULL AS inserted, nt.name AS "sampleType", up.start_time AS "startTime", up.end_time AS "endTime",
       ot.name AS "oldSampleType", old.start_time AS "oldStartTime", old.end_time AS "oldEndTime"
FROM up JOIN health_term nt ON nt.id = up.type_id
LEFT JOIN old USING (record_key) LEFT JOIN health_term ot ON ot.id = old.type_id
WHERE up.changed`;
}

/**
 * Health Connect record replace: a sync that sends record R sends R's whole new version, possibly
 * over several of its chunks, so R's points written before this sync started ($3's sync) and not
 * by it are from an older version: they are deleted. They take the sync's first position, not the
 * chunk's: another chunk of the same sync may still bring one of them back (a record split across
 * chunks), while an older sync's late write of them changes nothing. A point deleted earlier keeps
 * its deleted_at but takes the position too. When a later sync wrote R first, all of R's points
 * carry its position, so nothing here matches.
 * A record's version is per data type ($4): Health Connect sends one record as several types in
 * separate syncs (a blood-pressure record as systolic and diastolic, a sleep session as the session
 * and each stage type), so the diastolic sync must not replace the systolic points of the same record.
 * Parameters: $1 user_ref, $2 the chunk's record ids in this table, $3 the chunk's write position,
 * $4 the health_term ids of the chunk's types.
 */
export function buildReplaceSql(spec: TableSpec, options: { returnSpans?: boolean } = {}): string {
  return `WITH gone AS (
  UPDATE ${spec.table} SET deleted_at = coalesce(deleted_at, now()), write_pos = ${syncStart('$3')},
    updated_at = CASE WHEN deleted_at IS NULL THEN now() ELSE updated_at END
  WHERE user_ref = $1 AND record_id = ANY($2::uuid[]) AND type_id = ANY($4::int[]) AND write_pos < ${syncStart('$3')}
  RETURNING deleted_at = now() AS newly, type_id, start_time, end_time
)
SELECT count(*) FILTER (WHERE newly)::int AS deleted, ${
    options.returnSpans
      ? `coalesce(jsonb_agg(jsonb_build_object('sampleType', ht.name, 'startTime', g.start_time, 'endTime', g.end_time))
     FILTER (WHERE newly), '[]') AS spans
FROM gone g JOIN health_term ht ON ht.id = g.type_id`
      : `'[]'::jsonb AS spans FROM gone`
  }`;
}
