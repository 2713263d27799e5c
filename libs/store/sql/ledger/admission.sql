SELECT
  EXISTS (SELECT 1 FROM health_data_erasure e WHERE e.user_ref = c.user_ref AND e.status = 'running') AS erasing,
  c.data_type, c.sync_key, c.anchor_token, c.chunk_index, c.is_final, c.revision, c.status = 'stored' AS stored,
  CASE WHEN c.revision = $3 AND c.status <> 'stored' THEN c.pending_payload END AS payload,
  (SELECT r.id::text FROM sync_run r WHERE r.user_ref = c.user_ref AND r.data_type = c.data_type AND r.sync_key = c.sync_key) AS sync_seq
FROM sync_chunk c WHERE c.id = $1 AND c.job_uuid = $2
