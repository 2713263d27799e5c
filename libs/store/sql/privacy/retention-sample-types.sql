WITH RECURSIVE t(id) AS (
  SELECT min(type_id) FROM healthkit_sample WHERE user_ref = $1
  UNION ALL
  SELECT (SELECT min(s.type_id) FROM healthkit_sample s WHERE s.user_ref = $1 AND s.type_id > t.id) FROM t WHERE t.id IS NOT NULL
) SELECT id FROM t WHERE id IS NOT NULL
