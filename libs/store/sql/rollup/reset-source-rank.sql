WITH removed AS (
  DELETE FROM source_precedence WHERE user_ref = (SELECT id FROM app_user WHERE subject = $1) AND source_id = $2::bigint AND ($3::text IS NULL OR sample_type = $3)
  RETURNING sample_type)
SELECT sample_type FROM removed
