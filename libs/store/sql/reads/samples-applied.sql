WITH cand AS (
  SELECT s.record_key, s.source_id, s.start_time, s.end_time FROM healthkit_sample s
  WHERE s.user_ref = $1::int AND s.type_id = $9::int AND s.start_time >= $3 AND s.start_time < $4 AND s.deleted_at IS NULL AND ($5::bigint IS NULL OR (s.start_time, s.record_key) > (TIMESTAMPTZ 'epoch' + $5::bigint * interval '1 microsecond', $6::uuid))
  ORDER BY s.start_time, s.record_key LIMIT $7
), win AS (
  SELECT date_trunc('minute', min(start_time)) AS lo,
         max(greatest(end_time, date_trunc('minute', start_time) + interval '1 minute')) AS hi FROM cand
), ranked AS (
  SELECT s.record_key AS id, s.source_id, $2::text AS sample_type, s.value, s.start_time, s.end_time, s.updated_at,
         win.lo, win.hi, COALESCE(rank_t.precedence, rank_a.precedence, src.precedence) AS rank, extract(epoch FROM s.end_time - s.start_time) AS dur_s
  FROM win, healthkit_sample s JOIN healthkit_source src ON src.id = s.source_id LEFT JOIN source_precedence rank_t
      ON rank_t.user_ref = src.user_ref AND rank_t.source_id = src.id AND rank_t.sample_type = $2::text
    LEFT JOIN source_precedence rank_a
      ON rank_a.user_ref = src.user_ref AND rank_a.source_id = src.id AND rank_a.sample_type = ''
  WHERE s.user_ref = $1::int AND s.type_id = $9::int AND s.deleted_at IS NULL AND s.value IS NOT NULL
    AND s.start_time >= win.lo - interval '36 hours' AND s.start_time < win.hi AND s.end_time >= win.lo
    AND s.end_time - s.start_time <= interval '36 hours'
), cells AS (
  SELECT k.*, m.minute, k.sample_type = ANY($8::text[]) AS cumulative,
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
-- Only rows with a value can count, so only theirs need a detail: a 3 MiB ECG series never leaves PostgreSQL here.
SELECT s.record_key::text AS id,
  CASE WHEN src.platform = 'appleHealth' THEN upper(s.record_key::text)
  ELSE coalesce(s.record_id, s.record_key)::text END AS uuid,
  ht.name AS "sampleType", cx.unit,
  s.start_time AS "startTime", s.end_time AS "endTime", s.source_id::text AS "sourceId", src.name AS "sourceName",
  COALESCE(rank_t.precedence, rank_a.precedence, src.precedence) AS precedence, cx.metadata,
  cx.recording_method AS "recordingMethod", cx.source_device_id AS "sourceDeviceId", s.extra->>'deviceModel' AS "deviceModel",
  (extract(epoch FROM s.start_time) * 1000000)::bigint::text AS "cursorMicros", s.value, CASE WHEN s.value IS NOT NULL THEN s.value_detail END AS "valueDetail",
       EXISTS (SELECT 1 FROM shares sh WHERE sh.id = c.record_key AND sh.contributes) AS applied
FROM cand c JOIN healthkit_sample s ON s.user_ref = $1::int AND s.record_key = c.record_key
JOIN healthkit_source src ON src.id = s.source_id
JOIN health_term ht ON ht.id = s.type_id JOIN sample_context cx ON cx.id = s.context_id LEFT JOIN source_precedence rank_t
      ON rank_t.user_ref = src.user_ref AND rank_t.source_id = src.id AND rank_t.sample_type = ht.name
    LEFT JOIN source_precedence rank_a
      ON rank_a.user_ref = src.user_ref AND rank_a.source_id = src.id AND rank_a.sample_type = ''
ORDER BY s.start_time, s.record_key
