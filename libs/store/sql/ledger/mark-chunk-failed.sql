UPDATE sync_chunk SET status = 'failed', error = $3, updated_at = now()
WHERE id = $1 AND revision = $2 AND job_uuid = $4 AND status <> 'stored'
