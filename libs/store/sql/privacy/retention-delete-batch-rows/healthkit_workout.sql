WITH gone AS (
  DELETE FROM healthkit_workout WHERE user_ref = $1 AND record_key = ANY(ARRAY(SELECT s.record_key FROM healthkit_workout s WHERE s.user_ref = $1 AND s.start_time < $2 AND s.end_time <= $2 ORDER BY s.start_time LIMIT $3))
  RETURNING *
) SELECT * FROM gone
