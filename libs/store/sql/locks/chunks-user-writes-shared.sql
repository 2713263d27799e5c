SELECT x.ord::int AS ord, x.subject, x.data_type, x.sync_key,
  pg_advisory_xact_lock_shared(72019, hashtext(x.subject)) IS NULL AS locked
FROM (SELECT i.ord, u.subject, c.data_type, c.sync_key
      FROM unnest($1::bigint[], $2::uuid[]) WITH ORDINALITY AS i(id, job_uuid, ord)
      JOIN sync_chunk c ON c.id = i.id AND c.job_uuid = i.job_uuid JOIN app_user u ON u.id = c.user_ref
      ORDER BY u.subject, i.ord OFFSET 0) AS x
