SELECT c.id, c.job_uuid, c.revision FROM sync_chunk c
WHERE c.status = 'queued' AND c.pending_payload IS NOT NULL AND c.updated_at < now() - make_interval(secs => $1)
  AND NOT EXISTS (SELECT 1 FROM health_data_erasure e WHERE e.user_ref = c.user_ref AND e.status = 'running')
ORDER BY c.updated_at LIMIT $2
