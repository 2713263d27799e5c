WITH d0 AS (UPDATE healthkit_sample x SET deleted_at = now(), updated_at = now(), write_pos = $6::bigint
    WHERE x.user_ref = $1 AND x.type_id = ANY(ARRAY(SELECT id FROM health_term WHERE name = ANY($2::text[])))
      AND x.start_time >= $3::timestamptz AND x.start_time < $4::timestamptz
      AND x.deleted_at IS NULL AND x.write_pos < ($7::bigint * 131072)
      AND EXISTS (SELECT 1 FROM healthkit_source src WHERE src.id = x.source_id AND src.platform = $5)
    RETURNING x.type_id, x.start_time, x.end_time),
d1 AS (UPDATE healthkit_sleep_analysis x SET deleted_at = now(), updated_at = now(), write_pos = $6::bigint
    WHERE x.user_ref = $1 AND x.type_id = ANY(ARRAY(SELECT id FROM health_term WHERE name = ANY($2::text[])))
      AND x.start_time >= $3::timestamptz AND x.start_time < $4::timestamptz
      AND x.deleted_at IS NULL AND x.write_pos < ($7::bigint * 131072)
      AND EXISTS (SELECT 1 FROM healthkit_source src WHERE src.id = x.source_id AND src.platform = $5)
    RETURNING x.type_id, x.start_time, x.end_time),
d2 AS (UPDATE healthkit_workout x SET deleted_at = now(), updated_at = now(), write_pos = $6::bigint
    WHERE x.user_ref = $1 AND x.type_id = ANY(ARRAY(SELECT id FROM health_term WHERE name = ANY($2::text[])))
      AND x.start_time >= $3::timestamptz AND x.start_time < $4::timestamptz
      AND x.deleted_at IS NULL AND x.write_pos < ($7::bigint * 131072)
      AND EXISTS (SELECT 1 FROM healthkit_source src WHERE src.id = x.source_id AND src.platform = $5)
    RETURNING x.type_id, x.start_time, x.end_time)
SELECT (SELECT count(*) FROM d0) + (SELECT count(*) FROM d1) + (SELECT count(*) FROM d2) AS deleted,
  (SELECT jsonb_agg(jsonb_build_object('sampleType', ht.name, 'startTime', d.start_time, 'endTime', d.end_time))
   FROM d0 d JOIN health_term ht ON ht.id = d.type_id) AS spans
