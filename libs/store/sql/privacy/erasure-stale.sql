SELECT id::text, user_id AS "userId" FROM health_data_erasure
  WHERE status = 'running' AND updated_at < now() - make_interval(secs => $1)
