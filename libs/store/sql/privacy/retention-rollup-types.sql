WITH RECURSIVE t(name) AS (
  SELECT min(sample_type) FROM sample_rollup WHERE user_ref = $1
  UNION ALL
  SELECT (SELECT min(r.sample_type) FROM sample_rollup r WHERE r.user_ref = $1 AND r.sample_type > t.name) FROM t WHERE t.name IS NOT NULL
) SELECT name FROM t WHERE name IS NOT NULL
