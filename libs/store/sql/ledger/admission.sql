WITH input AS (
  SELECT * FROM unnest($1::bigint[], $2::uuid[], $3::int[]) WITH ORDINALITY AS i(chunk_id, job_uuid, revision, ord)
), ledger AS MATERIALIZED (
  SELECT id, job_uuid, user_ref, data_type, sync_key, anchor_token, chunk_index, is_final, revision, status, pending_payload
  FROM sync_chunk WHERE id = ANY($1::bigint[]) ORDER BY id FOR NO KEY UPDATE
)
SELECT i.ord::int AS ord,
  EXISTS (SELECT 1 FROM health_data_erasure e WHERE e.user_ref = c.user_ref AND e.status = 'running') AS erasing,
  c.data_type, c.sync_key, c.anchor_token, c.chunk_index, c.is_final, c.revision, c.status = 'stored' AS stored,
  CASE WHEN c.revision = i.revision AND c.status <> 'stored' THEN c.pending_payload END AS payload,
  (SELECT r.id::text FROM sync_run r WHERE r.user_ref = c.user_ref AND r.data_type = c.data_type AND r.sync_key = c.sync_key) AS sync_seq
FROM input i JOIN ledger c ON c.id = i.chunk_id AND c.job_uuid = i.job_uuid
ORDER BY i.ord
