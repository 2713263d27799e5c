SELECT key, CASE WHEN within THEN json END AS json, within
FROM (
  SELECT key, json, ord, ($5::boolean AND row_number() OVER w = 1) OR sum(octet_length(json)) OVER w <= $4 AS within
  FROM (SELECT x.id AS ord, x.id::text AS key, row_to_json(x)::text AS json FROM (SELECT t.*, u.subject AS user_id FROM sync_chunk t JOIN app_user u ON u.id = t.user_ref) AS x
        WHERE x.user_ref = (SELECT id FROM app_user WHERE subject = $1) AND ($2::text IS NULL OR x.id > $2::bigint) ORDER BY x.id LIMIT $3) r
  WINDOW w AS (ORDER BY ord)
) p ORDER BY ord
