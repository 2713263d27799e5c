UPDATE sync_chunk SET status = 'queued', updated_at = now()
  WHERE id = $1 AND revision = $2 AND status = 'failed'
