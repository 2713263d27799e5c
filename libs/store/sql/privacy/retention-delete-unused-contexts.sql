WITH used AS (
  SELECT context_id FROM healthkit_sample WHERE user_ref = $1
  UNION SELECT context_id FROM healthkit_sleep_analysis WHERE user_ref = $1
  UNION SELECT context_id FROM healthkit_workout WHERE user_ref = $1
  UNION SELECT context_id FROM healthkit_clinical_record WHERE user_ref = $1
), gone AS (
  DELETE FROM sample_context c WHERE c.user_ref = $1 AND NOT EXISTS (SELECT 1 FROM used u WHERE u.context_id = c.id)
  RETURNING 1
) SELECT count(*)::int AS n FROM gone
