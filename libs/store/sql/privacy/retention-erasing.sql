SELECT EXISTS (SELECT 1 FROM health_data_erasure WHERE user_ref = $1 AND status = 'running') AS erasing
