INSERT INTO health_data_erasure (user_hash, user_id, status) VALUES ($1, $2, 'running')
  ON CONFLICT (user_id) WHERE status = 'running' DO NOTHING RETURNING id::text
