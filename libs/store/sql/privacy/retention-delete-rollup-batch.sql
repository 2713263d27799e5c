WITH doomed AS (
  SELECT k.* FROM unnest($3::text[], $4::timestamptz[]) AS t(name, bound) CROSS JOIN LATERAL (
    SELECT r.sample_type, r.bucket_start, r.source_id FROM sample_rollup r
    WHERE r.user_ref = $1 AND r.sample_type = t.name AND r.bucket_start < t.bound ORDER BY r.bucket_start LIMIT $2) k
  LIMIT $2
), gone AS (
  DELETE FROM sample_rollup r USING doomed d
  WHERE r.user_ref = $1 AND r.sample_type = d.sample_type AND r.bucket_start = d.bucket_start AND r.source_id = d.source_id
  RETURNING 1
) SELECT count(*)::int AS n FROM gone
