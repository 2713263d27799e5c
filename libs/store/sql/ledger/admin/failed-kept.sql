SELECT 1 AS kept
  FROM sync_chunk WHERE id = $1 AND job_uuid = $2 AND revision = $3 AND status = 'failed' AND pending_payload IS NOT NULL
