WITH spans AS (
  SELECT $2::text AS sample_type, $3::timestamptz AS lo, $4::timestamptz AS hi
), source_ranks AS MATERIALIZED ( -- a user has a handful of sources: rank them once, not per sample
  SELECT src.id, COALESCE(rank_t.precedence, rank_a.precedence, src.precedence) AS rank FROM healthkit_source src LEFT JOIN source_precedence rank_t
      ON rank_t.user_ref = src.user_ref AND rank_t.source_id = src.id AND rank_t.sample_type = $2::text
    LEFT JOIN source_precedence rank_a
      ON rank_a.user_ref = src.user_ref AND rank_a.source_id = src.id AND rank_a.sample_type = '' WHERE src.user_ref = $1
), ranked AS (
  SELECT s.record_key AS id, s.source_id, sp.sample_type, s.value, s.start_time, s.end_time, s.updated_at, sp.lo, sp.hi,
         r.rank, extract(epoch FROM s.end_time - s.start_time) AS dur_s
  FROM spans sp
  JOIN healthkit_sample s ON s.user_ref = $1 AND s.type_id = (SELECT id FROM health_term WHERE name = $2)
    AND s.start_time >= sp.lo - interval '36 hours' AND s.start_time < sp.hi
    AND s.end_time >= sp.lo AND s.end_time - s.start_time <= interval '36 hours'
    AND s.deleted_at IS NULL AND s.value IS NOT NULL
  JOIN source_ranks r ON r.id = s.source_id
), cells AS (
  SELECT k.*, m.minute, k.sample_type = ANY($5::text[]) AS cumulative,
         CASE WHEN k.dur_s > 0
              THEN extract(epoch FROM least(k.end_time, m.minute + interval '1 minute') - greatest(k.start_time, m.minute))
              ELSE 0 END AS overlap_s,
         m.minute = date_trunc('minute', k.start_time) AS first_minute
  FROM ranked k
  CROSS JOIN LATERAL generate_series(
    greatest(date_trunc('minute', k.start_time), k.lo),
    CASE WHEN k.dur_s > 0 THEN least(k.end_time, k.hi) - interval '1 microsecond' ELSE k.start_time END,
    interval '1 minute') AS m(minute)
), winners AS (
  SELECT DISTINCT ON (sample_type, minute) sample_type, minute, source_id
  FROM cells ORDER BY sample_type, minute, rank, source_id
), ordered AS (
  SELECT c.*, w.source_id IS NOT NULL AS winner,
         coalesce(sum(c.overlap_s) OVER (PARTITION BY c.sample_type, c.minute
                  ORDER BY c.rank, c.source_id, c.updated_at DESC, c.id DESC ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)
           AS filled_before_s,
         row_number() OVER (PARTITION BY c.sample_type, c.minute, c.source_id, c.start_time, c.end_time
                            ORDER BY c.updated_at DESC, c.id DESC) AS repeat_no
  FROM cells c LEFT JOIN winners w USING (sample_type, minute, source_id)
), shares AS MATERIALIZED (
  SELECT id, sample_type, source_id, minute, value, first_minute,
         CASE WHEN cumulative AND dur_s > 0 THEN value * greatest(0, least(overlap_s, 60 - filled_before_s)) / dur_s
              WHEN winner AND repeat_no = 1 THEN value ELSE 0 END AS share,
         CASE WHEN cumulative AND dur_s > 0 THEN least(overlap_s, 60 - filled_before_s) > 0
              ELSE winner AND repeat_no = 1 END AS contributes,
         winner AND repeat_no = 1 AND first_minute AS counts
  FROM ordered
)
INSERT INTO sample_rollup (user_ref, sample_type, bucket_start, source_id, sum, value_sum, count, min, max)
SELECT $1, sample_type, date_bin('15 minutes', minute, TIMESTAMPTZ '2000-01-01 00:00:00+00'), source_id,
       -- Shares of a sample are fractions that add up to its value only within float error. Nine decimals keep
       -- micrograms in grams (DIETARY_VITAMIN_B12: 0.0000024 g) and still drop that error on large totals.
       round(sum(share)::numeric, 9)::float8, coalesce(sum(value) FILTER (WHERE counts), 0), count(*) FILTER (WHERE counts),
       min(value), max(value)
FROM shares
WHERE contributes
GROUP BY 2, 3, 4
