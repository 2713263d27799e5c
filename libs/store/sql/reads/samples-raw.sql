SELECT * FROM (
  SELECT r.*, count(*) OVER () AS fetched,
         row_number() OVER w = 1
           OR sum(coalesce(octet_length(r."valueDetail"::text), 0) + coalesce(octet_length(r.metadata::text), 0)) OVER w <= $8 AS within
  FROM (SELECT s.record_key::text AS id,
  CASE WHEN src.platform = 'appleHealth' THEN upper(s.record_key::text)
  ELSE coalesce(s.record_id, s.record_key)::text END AS uuid,
  ht.name AS "sampleType", cx.unit,
  s.start_time AS "startTime", s.end_time AS "endTime", s.source_id::text AS "sourceId", src.name AS "sourceName",
  COALESCE(rank_t.precedence, rank_a.precedence, src.precedence) AS precedence, cx.metadata,
  cx.recording_method AS "recordingMethod", cx.source_device_id AS "sourceDeviceId", s.extra->>'deviceModel' AS "deviceModel",
  (extract(epoch FROM s.start_time) * 1000000)::bigint::text AS "cursorMicros", s.value, s.value_detail AS "valueDetail"
FROM healthkit_sample s JOIN healthkit_source src ON src.id = s.source_id
  JOIN health_term ht ON ht.id = s.type_id JOIN sample_context cx ON cx.id = s.context_id
  LEFT JOIN source_precedence rank_t
      ON rank_t.user_ref = src.user_ref AND rank_t.source_id = src.id AND rank_t.sample_type = ht.name
    LEFT JOIN source_precedence rank_a
      ON rank_a.user_ref = src.user_ref AND rank_a.source_id = src.id AND rank_a.sample_type = ''
WHERE s.user_ref = $1::int AND s.type_id = $2::int AND s.start_time >= $3 AND s.start_time < $4 AND s.deleted_at IS NULL AND ($5::bigint IS NULL OR (s.start_time, s.record_key) > (TIMESTAMPTZ 'epoch' + $5::bigint * interval '1 microsecond', $6::uuid))
ORDER BY s.start_time, s.record_key LIMIT $7) r WINDOW w AS (ORDER BY r."startTime", r.id)
) b WHERE within ORDER BY b."startTime", b.id
