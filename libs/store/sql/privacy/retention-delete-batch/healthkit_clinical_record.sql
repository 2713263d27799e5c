WITH gone AS (
  DELETE FROM healthkit_clinical_record WHERE user_ref = $1 AND record_key = ANY(ARRAY(SELECT s.record_key FROM healthkit_clinical_record s WHERE s.user_ref = $1 AND s.start_time < $2 AND s.end_time <= $2 ORDER BY s.start_time LIMIT $3))
  RETURNING 1
) SELECT count(*)::int AS n FROM gone
