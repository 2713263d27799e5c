WITH gone AS (
  DELETE FROM healthkit_sample WHERE user_ref = $1 AND record_key = ANY(ARRAY(SELECT k.record_key FROM unnest($4::int[]) AS t(id) CROSS JOIN LATERAL (
      SELECT s.record_key FROM healthkit_sample s WHERE s.user_ref = $1 AND s.type_id = t.id AND s.start_time < $2 AND s.end_time <= $2
      ORDER BY s.start_time LIMIT $3) k LIMIT $3))
  RETURNING 1
) SELECT count(*)::int AS n FROM gone
