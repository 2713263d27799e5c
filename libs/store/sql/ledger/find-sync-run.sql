SELECT id::text AS id, reconcile, platform FROM sync_run WHERE user_ref = (SELECT id FROM app_user WHERE subject = $1) AND data_type = $2 AND sync_key = $3
