WITH bounds AS (
  SELECT date_trunc($5, $3::timestamptz, $6) AS lo,
         (date_trunc($5, ($4::timestamptz - interval '1 microsecond') AT TIME ZONE $6) + ('1 ' || $5)::interval) AT TIME ZONE $6 AS hi
), per_source AS (
  SELECT date_trunc($5, u.bucket_start AT TIME ZONE $6) AS bucket,
         -- The hour a DST fall-back repeats is two buckets with one wall time: the UTC offset tells them apart.
         CASE WHEN $5 = 'hour' THEN (u.bucket_start AT TIME ZONE $6) - (u.bucket_start AT TIME ZONE 'UTC') END AS fold,
         u.source_id,
         round(sum(u.sum)::numeric, 9)::float8 AS sum, sum(u.value_sum) AS value_sum, sum(u.count)::int AS count, min(u.min) AS min, max(u.max) AS max
  FROM sample_rollup u, bounds b
  WHERE u.user_ref = (SELECT id FROM app_user WHERE subject = $1) AND u.sample_type = $2 AND u.bucket_start >= b.lo AND u.bucket_start < b.hi
  GROUP BY 1, 2, 3
)
SELECT to_char(p.bucket, 'YYYY-MM-DD"T"HH24:MI:SS') AS "localStart",
       CASE WHEN p.fold IS NULL THEN p.bucket AT TIME ZONE $6 ELSE (p.bucket - p.fold) AT TIME ZONE 'UTC' END AS "startTime",
       round(sum(p.sum)::numeric, 9)::float8 AS sum, sum(p.value_sum) / nullif(sum(p.count), 0) AS avg, min(p.min) AS min, max(p.max) AS max,
       sum(p.count)::int AS count,
       jsonb_agg(jsonb_build_object('sourceId', src.id::text, 'sourceName', src.name, 'precedence', COALESCE(rank_t.precedence, rank_a.precedence, src.precedence),
                                    'sum', p.sum, 'count', p.count, 'platform', src.platform) ORDER BY COALESCE(rank_t.precedence, rank_a.precedence, src.precedence), src.id) AS sources
FROM per_source p JOIN healthkit_source src ON src.id = p.source_id
LEFT JOIN source_precedence rank_t
      ON rank_t.user_ref = src.user_ref AND rank_t.source_id = src.id AND rank_t.sample_type = $2
    LEFT JOIN source_precedence rank_a
      ON rank_a.user_ref = src.user_ref AND rank_a.source_id = src.id AND rank_a.sample_type = ''
GROUP BY p.bucket, p.fold ORDER BY 2
