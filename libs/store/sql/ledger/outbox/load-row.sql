SELECT c.id, c.job_uuid, u.subject AS user_id, c.data_type, c.sync_key, c.anchor_token, c.chunk_index, c.is_final, c.revision,
  c.pending_payload
FROM sync_chunk c JOIN app_user u ON u.id = c.user_ref
WHERE c.id = $1 AND c.job_uuid = $2 AND c.revision = $3 AND c.status = 'queued' AND c.pending_payload IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM health_data_erasure e WHERE e.user_ref = c.user_ref AND e.status = 'running')
