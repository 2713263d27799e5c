WITH run_user AS (
  SELECT id FROM app_user WHERE subject = $1 FOR KEY SHARE
), made_user AS (
  INSERT INTO app_user (subject) SELECT $1 WHERE NOT EXISTS (SELECT 1 FROM run_user)
  ON CONFLICT (subject) DO NOTHING RETURNING id
), usr AS (SELECT id FROM run_user UNION ALL SELECT id FROM made_user)
INSERT INTO sync_run (user_ref, data_type, sync_key, reconcile) SELECT usr.id, $2, $3, $4::jsonb FROM usr
ON CONFLICT (user_ref, data_type, sync_key) DO NOTHING RETURNING id::text AS id, reconcile, platform
