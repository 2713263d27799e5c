SELECT c.id::text AS id, c.job_uuid, c.revision, c.data_type, c.chunk_index
FROM sync_chunk c
WHERE c.id = $1 AND c.job_uuid = $2 AND c.revision = $3 AND c.status = 'queued' AND c.pending_payload IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM health_data_erasure e WHERE e.user_ref = c.user_ref AND e.status = 'running')
