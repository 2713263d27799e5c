import type { TargetTable } from '../parsing/data-types';

export interface ColumnSpec {
  /** snake_case column name in PostgreSQL. */
  column: string;
  /** camelCase key in NormalizedPoint. */
  key: string;
  sqlType: string;
}

export interface TableSpec {
  table: string;
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

export const HEALTH_TABLES = Object.values(TABLE_SPECS).map((spec) => spec.table);

/**
 * One set-based statement per table per chunk: rows arrive as one JSON array, are expanded by
 * jsonb_to_recordset, inserted in record_key order (so concurrent chunks lock rows in the same
 * order and cannot deadlock), and on conflict updated only when something really changed, so a
 * re-sent chunk rewrites nothing. A re-added record clears deleted_at.
 * Parameters: $1 user_ref, $2 rows, $3 source ids and $4 context ids (rows hold indexes into
 * both), $5 type names and $6 their health_term ids.
 */
export function buildUpsertSql(spec: TableSpec, options: { returnSpans?: boolean } = {}): string {
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
  const upsert = `INSERT INTO ${spec.table} AS t (user_ref, ${names.join(', ')})
SELECT $1::int, ${select}
FROM jsonb_to_recordset($2::jsonb) AS r(${recordset})
JOIN unnest($3::bigint[]) WITH ORDINALITY AS src(id, ord) ON src.ord = r."sourceIndex" + 1
JOIN unnest($4::bigint[]) WITH ORDINALITY AS cx(id, ord) ON cx.ord = r."contextIndex" + 1
JOIN unnest($5::text[], $6::int[]) AS ty(name, id) ON ty.name = r."sampleType"
ORDER BY r."recordKey"
ON CONFLICT (user_ref, record_key) DO UPDATE SET ${set}, deleted_at = NULL, updated_at = now()
WHERE (${current}, t.deleted_at) IS DISTINCT FROM (${incoming}, NULL)
RETURNING`;
  if (!options.returnSpans) return `${upsert} (xmax = 0) AS inserted`;
  // Rows that changed, with where they are now and (for an update) where they were: the rollup of
  // both spans is stale. The `old` CTE shares the statement's snapshot, so it sees the rows as they
  // were before this upsert; a row it does not find was inserted. (xmax, the usual tell, cannot be
  // read from a partitioned table, which healthkit_sample is.)
  return `WITH up AS (${upsert} record_key, type_id, start_time, end_time),
old AS MATERIALIZED ( -- once, by primary key; inlined, the planner probed it once per returned row
  SELECT t.record_key, t.type_id, t.start_time, t.end_time FROM ${spec.table} t
  JOIN up USING (record_key) WHERE t.user_ref = $1
)
SELECT old.record_key IS NULL AS inserted, nt.name AS "sampleType", up.start_time AS "startTime", up.end_time AS "endTime",
       ot.name AS "oldSampleType", old.start_time AS "oldStartTime", old.end_time AS "oldEndTime"
FROM up JOIN health_term nt ON nt.id = up.type_id
LEFT JOIN old USING (record_key) LEFT JOIN health_term ot ON ot.id = old.type_id`;
}
