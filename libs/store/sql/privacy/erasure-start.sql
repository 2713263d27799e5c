INSERT INTO health_data_erasure (user_hash, user_ref, status) VALUES ($1, $2, 'running')
  ON CONFLICT (user_ref) WHERE status = 'running' DO NOTHING RETURNING id::text
