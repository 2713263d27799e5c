WITH up AS (INSERT INTO healthkit_sleep_analysis AS t (user_ref, type_id, context_id, source_id, record_key, record_id, start_time, end_time, extra, stage, value, write_pos)
SELECT $1::int, ty.id, cx.id, src.id, r."recordKey", r."recordId", r."startTime", r."endTime", r."extra", r."stage", r."value", $7::bigint
FROM jsonb_to_recordset($2::jsonb) AS r("recordKey" uuid, "recordId" uuid, "startTime" timestamptz, "endTime" timestamptz, "extra" jsonb, "stage" text, "value" double precision, "sampleType" text, "sourceIndex" integer, "contextIndex" integer)
JOIN unnest($3::bigint[]) WITH ORDINALITY AS src(id, ord) ON src.ord = r."sourceIndex" + 1
JOIN unnest($4::bigint[]) WITH ORDINALITY AS cx(id, ord) ON cx.ord = r."contextIndex" + 1
JOIN unnest($5::text[], $6::int[]) AS ty(name, id) ON ty.name = r."sampleType"
CROSS JOIN (SELECT ARRAY(
  SELECT record_id FROM health_tombstone WHERE user_ref = $1 AND write_pos > $7::bigint) AS ids) nw
WHERE NOT coalesce(r."recordKey" = ANY(nw.ids) OR r."recordId" = ANY(nw.ids), false)
ORDER BY r."recordKey"
ON CONFLICT (user_ref, record_key) DO UPDATE SET type_id = EXCLUDED.type_id, context_id = EXCLUDED.context_id, source_id = EXCLUDED.source_id, record_id = EXCLUDED.record_id, start_time = EXCLUDED.start_time, end_time = EXCLUDED.end_time, extra = EXCLUDED.extra, stage = EXCLUDED.stage, value = EXCLUDED.value, deleted_at = NULL, write_pos = EXCLUDED.write_pos,
  updated_at = CASE WHEN (t.type_id, t.context_id, t.source_id, t.record_id, t.start_time, t.end_time, t.extra, t.stage, t.value, t.deleted_at) IS DISTINCT FROM (EXCLUDED.type_id, EXCLUDED.context_id, EXCLUDED.source_id, EXCLUDED.record_id, EXCLUDED.start_time, EXCLUDED.end_time, EXCLUDED.extra, EXCLUDED.stage, EXCLUDED.value, NULL) THEN now() ELSE t.updated_at END
WHERE t.write_pos <= EXCLUDED.write_pos AND (t.write_pos < EXCLUDED.write_pos OR (t.type_id, t.context_id, t.source_id, t.record_id, t.start_time, t.end_time, t.extra, t.stage, t.value, t.deleted_at) IS DISTINCT FROM (EXCLUDED.type_id, EXCLUDED.context_id, EXCLUDED.source_id, EXCLUDED.record_id, EXCLUDED.start_time, EXCLUDED.end_time, EXCLUDED.extra, EXCLUDED.stage, EXCLUDED.value, NULL))
RETURNING (xmax = 0) AS inserted, t.updated_at = now() AS changed)
SELECT inserted FROM up WHERE changed
