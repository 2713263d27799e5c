WITH up AS (INSERT INTO healthkit_sample AS t (user_ref, type_id, context_id, source_id, record_key, record_id, start_time, end_time, extra, value, value_detail, write_pos)
SELECT $1::int, ty.id, cx.id, src.id, r."recordKey", r."recordId", r."startTime", r."endTime", r."extra", r."value", r."valueDetail", $7::bigint
FROM jsonb_to_recordset($2::jsonb) AS r("recordKey" uuid, "recordId" uuid, "startTime" timestamptz, "endTime" timestamptz, "extra" jsonb, "value" double precision, "valueDetail" jsonb, "sampleType" text, "sourceIndex" integer, "contextIndex" integer)
JOIN unnest($3::bigint[]) WITH ORDINALITY AS src(id, ord) ON src.ord = r."sourceIndex" + 1
JOIN unnest($4::bigint[]) WITH ORDINALITY AS cx(id, ord) ON cx.ord = r."contextIndex" + 1
JOIN unnest($5::text[], $6::int[]) AS ty(name, id) ON ty.name = r."sampleType"
CROSS JOIN (SELECT ARRAY(
  SELECT record_id FROM health_tombstone WHERE user_ref = $1 AND write_pos > $7::bigint
  UNION ALL
  SELECT DISTINCT record_id FROM healthkit_sample
  WHERE user_ref = $1 AND record_id = ANY($8::uuid[]) AND type_id = ANY($6::int[]) AND write_pos >= (($7::bigint / 131072 + 1) * 131072)) AS ids) nw
WHERE NOT coalesce(r."recordKey" = ANY(nw.ids) OR r."recordId" = ANY(nw.ids), false)
ORDER BY r."recordKey"
ON CONFLICT (user_ref, record_key) DO UPDATE SET type_id = EXCLUDED.type_id, context_id = EXCLUDED.context_id, source_id = EXCLUDED.source_id, record_id = EXCLUDED.record_id, start_time = EXCLUDED.start_time, end_time = EXCLUDED.end_time, extra = EXCLUDED.extra, value = EXCLUDED.value, value_detail = EXCLUDED.value_detail, deleted_at = NULL, write_pos = EXCLUDED.write_pos,
  updated_at = CASE WHEN (t.type_id, t.context_id, t.source_id, t.record_id, t.start_time, t.end_time, t.extra, t.value, t.value_detail, t.deleted_at) IS DISTINCT FROM (EXCLUDED.type_id, EXCLUDED.context_id, EXCLUDED.source_id, EXCLUDED.record_id, EXCLUDED.start_time, EXCLUDED.end_time, EXCLUDED.extra, EXCLUDED.value, EXCLUDED.value_detail, NULL) THEN now() ELSE t.updated_at END
WHERE t.write_pos <= EXCLUDED.write_pos AND (t.write_pos < EXCLUDED.write_pos OR (t.type_id, t.context_id, t.source_id, t.record_id, t.start_time, t.end_time, t.extra, t.value, t.value_detail, t.deleted_at) IS DISTINCT FROM (EXCLUDED.type_id, EXCLUDED.context_id, EXCLUDED.source_id, EXCLUDED.record_id, EXCLUDED.start_time, EXCLUDED.end_time, EXCLUDED.extra, EXCLUDED.value, EXCLUDED.value_detail, NULL))
RETURNING record_key, type_id, start_time, end_time, t.updated_at = now() AS changed),
old AS MATERIALIZED ( -- once, by primary key; inlined, the planner probed it once per returned row
  SELECT t.record_key, t.type_id, t.start_time, t.end_time FROM healthkit_sample t
  JOIN up USING (record_key) WHERE t.user_ref = $1 AND up.changed
)
SELECT old.record_key IS NULL AS inserted, nt.name AS "sampleType", up.start_time AS "startTime", up.end_time AS "endTime",
       ot.name AS "oldSampleType", old.start_time AS "oldStartTime", old.end_time AS "oldEndTime"
FROM up JOIN health_term nt ON nt.id = up.type_id
LEFT JOIN old USING (record_key) LEFT JOIN health_term ot ON ot.id = old.type_id
WHERE up.changed
