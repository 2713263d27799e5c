WITH d0 AS (UPDATE healthkit_sample SET deleted_at = coalesce(deleted_at, now()), write_pos = $3::bigint,
      updated_at = CASE WHEN deleted_at IS NULL THEN now() ELSE updated_at END
    WHERE user_ref = $1 AND (record_key = ANY($2::uuid[]) OR record_id = ANY($2::uuid[]))
      AND write_pos <= $3::bigint AND (deleted_at IS NULL OR write_pos < $3::bigint)
    RETURNING deleted_at = now() AS newly, type_id, start_time, end_time),
d1 AS (UPDATE healthkit_sleep_analysis SET deleted_at = coalesce(deleted_at, now()), write_pos = $3::bigint,
      updated_at = CASE WHEN deleted_at IS NULL THEN now() ELSE updated_at END
    WHERE user_ref = $1 AND (record_key = ANY($2::uuid[]) OR record_id = ANY($2::uuid[]))
      AND write_pos <= $3::bigint AND (deleted_at IS NULL OR write_pos < $3::bigint)
    RETURNING deleted_at = now() AS newly),
d2 AS (UPDATE healthkit_workout SET deleted_at = coalesce(deleted_at, now()), write_pos = $3::bigint,
      updated_at = CASE WHEN deleted_at IS NULL THEN now() ELSE updated_at END
    WHERE user_ref = $1 AND (record_key = ANY($2::uuid[]) OR record_id = ANY($2::uuid[]))
      AND write_pos <= $3::bigint AND (deleted_at IS NULL OR write_pos < $3::bigint)
    RETURNING deleted_at = now() AS newly),
d3 AS (UPDATE healthkit_clinical_record SET deleted_at = coalesce(deleted_at, now()), write_pos = $3::bigint,
      updated_at = CASE WHEN deleted_at IS NULL THEN now() ELSE updated_at END
    WHERE user_ref = $1 AND (record_key = ANY($2::uuid[]) OR record_id = ANY($2::uuid[]))
      AND write_pos <= $3::bigint AND (deleted_at IS NULL OR write_pos < $3::bigint)
    RETURNING deleted_at = now() AS newly),
tomb AS (
  INSERT INTO health_tombstone AS h (user_ref, record_id, write_pos)
  SELECT $1, id, $3::bigint FROM unnest($2::uuid[]) AS id
  ORDER BY id
  ON CONFLICT (user_ref, record_id) DO UPDATE SET write_pos = EXCLUDED.write_pos WHERE h.write_pos < EXCLUDED.write_pos
)
SELECT (SELECT count(*) FILTER (WHERE newly) FROM d0) + (SELECT count(*) FILTER (WHERE newly) FROM d1) + (SELECT count(*) FILTER (WHERE newly) FROM d2) + (SELECT count(*) FILTER (WHERE newly) FROM d3) AS deleted,
  (SELECT jsonb_agg(jsonb_build_object('sampleType', ht.name, 'startTime', d.start_time, 'endTime', d.end_time))
   FROM d0 d JOIN health_term ht ON ht.id = d.type_id WHERE d.newly) AS spans
