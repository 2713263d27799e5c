SELECT c.id::text AS "id", c.job_uuid::text AS "jobUuid", u.subject AS "userId", c.data_type AS "dataType",
  c.chunk_index AS "chunkIndex", c.revision, c.status, c.error, c.updated_at AS "updatedAt" FROM sync_chunk c JOIN app_user u ON u.id = c.user_ref WHERE c.status = 'failed' AND c.id = ANY($1::bigint[])
