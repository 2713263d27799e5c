SELECT
  EXISTS (SELECT 1 FROM health_data_erasure e JOIN app_user u ON u.id = e.user_ref
          WHERE u.subject = $1 AND e.status = 'running') AS erasing,
  EXISTS (SELECT 1 FROM sync_chunk WHERE id = $2) AS recorded,
  (SELECT id::text FROM sync_run WHERE user_ref = (SELECT id FROM app_user WHERE subject = $1) AND data_type = $3 AND sync_key = $4) AS sync_seq
