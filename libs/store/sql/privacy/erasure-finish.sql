UPDATE health_data_erasure SET status = 'done', user_ref = NULL, finished_at = now(), updated_at = now()
  WHERE id = $1 AND status = 'running'
