WITH marked AS (
  UPDATE sync_chunk SET status = 'stored', stored_at = now(), error = NULL, pending_payload = NULL, updated_at = now()
  WHERE id = $1 AND job_uuid = $3 AND revision = $2 RETURNING id, user_ref
)
SELECT id, user_ref FROM marked
