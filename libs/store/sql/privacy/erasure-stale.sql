SELECT e.id::text, u.subject AS "userId" FROM health_data_erasure e JOIN app_user u ON u.id = e.user_ref
  WHERE e.status = 'running' AND e.updated_at < now() - make_interval(secs => $1)
