SELECT EXISTS (SELECT 1 FROM health_data_erasure WHERE id = $1 AND status = 'running') AS running
