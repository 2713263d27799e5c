SELECT pg_advisory_xact_lock_shared(72019, hashtext(u.subject)) AS locked, u.subject
FROM sync_chunk c JOIN app_user u ON u.id = c.user_ref WHERE c.id = $1 AND c.job_uuid = $2
