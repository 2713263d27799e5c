SELECT s.record_key::text AS id,
       CASE WHEN src.platform = 'appleHealth' THEN upper(s.record_key::text)
  ELSE coalesce(s.record_id, s.record_key)::text END AS uuid, s.stage, s.start_time AS "startTime", s.end_time AS "endTime",
       s.source_id::text AS "sourceId", src.name AS "sourceName", COALESCE(rank_t.precedence, rank_a.precedence, src.precedence) AS precedence,
       ht.name AS "sampleType", cx.unit, cx.metadata, s.value AS minutes, cx.recording_method AS "recordingMethod",
       cx.source_device_id AS "sourceDeviceId", s.extra->>'deviceModel' AS "deviceModel"
FROM healthkit_sleep_analysis s JOIN healthkit_source src ON src.id = s.source_id
  JOIN health_term ht ON ht.id = s.type_id JOIN sample_context cx ON cx.id = s.context_id LEFT JOIN source_precedence rank_t
      ON rank_t.user_ref = src.user_ref AND rank_t.source_id = src.id AND rank_t.sample_type = 'SLEEP'
    LEFT JOIN source_precedence rank_a
      ON rank_a.user_ref = src.user_ref AND rank_a.source_id = src.id AND rank_a.sample_type = ''
WHERE s.user_ref = (SELECT id FROM app_user WHERE subject = $1) AND s.start_time < $3 AND s.end_time > $2 AND s.deleted_at IS NULL AND s.end_time > s.start_time
ORDER BY s.start_time, s.record_key LIMIT 100000
