SELECT t.name AS "requested", x.*
FROM unnest($2::text[]) WITH ORDINALITY AS t(name, ord)
LEFT JOIN health_term term ON term.name = t.name
LEFT JOIN LATERAL (
  SELECT s.record_key::text AS id,
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
  WHERE s.user_ref = $1::int AND s.type_id = term.id AND s.deleted_at IS NULL
  ORDER BY s.start_time DESC, precedence, s.updated_at DESC, s.record_key
  LIMIT 1
) x ON TRUE
ORDER BY t.ord
