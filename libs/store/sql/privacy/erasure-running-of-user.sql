SELECT id::text FROM health_data_erasure WHERE user_ref = $1 AND status = 'running'
