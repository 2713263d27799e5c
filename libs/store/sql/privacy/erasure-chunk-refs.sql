SELECT job_uuid::text AS "jobUuid", revision FROM sync_chunk WHERE user_id = $1
