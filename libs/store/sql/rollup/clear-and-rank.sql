WITH spans AS MATERIALIZED (
  SELECT sp.n, sp.sample_type, sp.lo, sp.hi, (SELECT id FROM health_term WHERE name = sp.sample_type) AS type_id
  FROM unnest($2::text[], $3::timestamptz[], $4::timestamptz[]) WITH ORDINALITY AS sp(sample_type, lo, hi, n)
), cleared AS (
  DELETE FROM sample_rollup WHERE ctid = ANY(ARRAY(
    SELECT q.ctid FROM spans sp CROSS JOIN LATERAL (
      SELECT r.ctid FROM sample_rollup r
      WHERE r.user_ref = $1 AND r.sample_type = sp.sample_type AND r.bucket_start >= sp.lo AND r.bucket_start < sp.hi
      OFFSET 0) q))
), source_ranks AS MATERIALIZED ( -- a user has a handful of sources: rank them once per metric, not per sample
  SELECT src.id, t.sample_type, COALESCE(rank_t.precedence, rank_a.precedence, src.precedence) AS rank
  FROM healthkit_source src CROSS JOIN (SELECT DISTINCT sample_type FROM spans) t LEFT JOIN source_precedence rank_t
      ON rank_t.user_ref = src.user_ref AND rank_t.source_id = src.id AND rank_t.sample_type = t.sample_type
    LEFT JOIN source_precedence rank_a
      ON rank_a.user_ref = src.user_ref AND rank_a.source_id = src.id AND rank_a.sample_type = ''
  WHERE src.user_ref = $1
)
SELECT sp.n::int AS span, s.id, s.source_id::float8 AS "sourceId", r.rank::int AS rank, s.value,
       s.start_us AS "startUs", s.end_us AS "endUs", s.updated_us AS "updatedUs"
FROM spans sp
CROSS JOIN LATERAL (
  SELECT s.record_key::text AS id, s.source_id, s.value,
         (extract(epoch FROM s.start_time) * 1000000)::float8 AS start_us,
         (extract(epoch FROM s.end_time) * 1000000)::float8 AS end_us,
         (extract(epoch FROM s.updated_at) * 1000000)::float8 AS updated_us
  FROM healthkit_sample s
  WHERE s.user_ref = $1 AND s.type_id = sp.type_id
    AND s.start_time >= sp.lo - interval '36 hours' AND s.start_time < sp.hi
    AND s.end_time >= sp.lo AND s.end_time - s.start_time <= interval '36 hours'
    AND s.deleted_at IS NULL AND s.value IS NOT NULL
  OFFSET 0) s
JOIN source_ranks r ON r.id = s.source_id AND r.sample_type = sp.sample_type
