SELECT job_uuid::text AS "jobUuid", revision FROM sync_chunk WHERE user_ref = (SELECT id FROM app_user WHERE subject = $1)
