WITH input AS (
  SELECT * FROM unnest($1::bigint[], $2::uuid[], $3::int[], $4::text[], $5::text[], $6::text[]) WITH ORDINALITY
    AS i(chunk_id, job_uuid, revision, subject, data_type, sync_key, ord)
), ledger AS MATERIALIZED (
  SELECT id, revision, job_uuid FROM sync_chunk WHERE id = ANY($1::bigint[]) ORDER BY id FOR NO KEY UPDATE
)
SELECT i.ord::int AS ord,
  EXISTS (SELECT 1 FROM health_data_erasure e JOIN app_user u ON u.id = e.user_ref
          WHERE u.subject = i.subject AND e.status = 'running') AS erasing,
  l.id IS NOT NULL AS recorded,
  coalesce(l.revision = i.revision AND l.job_uuid = i.job_uuid, false) AS current,
  (SELECT r.id::text FROM sync_run r
   WHERE r.user_ref = (SELECT id FROM app_user WHERE subject = i.subject) AND r.data_type = i.data_type AND r.sync_key = i.sync_key) AS sync_seq
FROM input i LEFT JOIN ledger l ON l.id = i.chunk_id
ORDER BY i.ord
