SELECT c.id::text AS "id", c.job_uuid::text AS "jobUuid", u.subject AS "userId", c.data_type AS "dataType",
  c.chunk_index AS "chunkIndex", c.revision, c.status, c.error, c.updated_at AS "updatedAt" FROM sync_chunk c JOIN app_user u ON u.id = c.user_ref
  WHERE c.user_ref = (SELECT id FROM app_user WHERE subject = $1) AND c.status IN ('queued', 'failed') ORDER BY c.data_type, c.chunk_index
