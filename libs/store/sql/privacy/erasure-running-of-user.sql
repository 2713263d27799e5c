SELECT id::text FROM health_data_erasure WHERE user_id = $1 AND status = 'running'
