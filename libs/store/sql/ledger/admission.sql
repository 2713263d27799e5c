SELECT
  EXISTS (SELECT 1 FROM health_data_erasure WHERE user_id = $1 AND status = 'running') AS erasing,
  EXISTS (SELECT 1 FROM sync_chunk WHERE id = $2) AS recorded
