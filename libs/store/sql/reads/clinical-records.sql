WITH page AS (
  SELECT s.record_key, s.start_time, octet_length(s.fhir_resource::text) AS bytes
  FROM healthkit_clinical_record s
  WHERE s.user_ref = (SELECT id FROM app_user WHERE subject = $1) AND ($2::text IS NULL OR s.resource_type = $2) AND s.deleted_at IS NULL AND ($3::bigint IS NULL OR (s.start_time, s.record_key) < (TIMESTAMPTZ 'epoch' + $3::bigint * interval '1 microsecond', $4::uuid))
  ORDER BY s.start_time DESC, s.record_key DESC LIMIT $5
), budget AS (
  SELECT record_key, (row_number() OVER w = 1 OR sum(bytes) OVER w <= $6) AS within
  FROM page WINDOW w AS (ORDER BY start_time DESC, record_key DESC)
)
SELECT s.record_key::text AS id,
  CASE WHEN src.platform = 'appleHealth' THEN upper(s.record_key::text)
  ELSE coalesce(s.record_id, s.record_key)::text END AS uuid,
  ht.name AS "sampleType", cx.unit,
  s.start_time AS "startTime", s.end_time AS "endTime", s.source_id::text AS "sourceId", src.name AS "sourceName",
  COALESCE(rank_t.precedence, rank_a.precedence, src.precedence) AS precedence, cx.metadata,
  cx.recording_method AS "recordingMethod", cx.source_device_id AS "sourceDeviceId", s.extra->>'deviceModel' AS "deviceModel",
  (extract(epoch FROM s.start_time) * 1000000)::bigint::text AS "cursorMicros", s.resource_type AS "resourceType", s.fhir_version AS "fhirVersion",
  CASE WHEN b.within THEN s.fhir_resource END AS "fhirResource", b.within
FROM healthkit_clinical_record s JOIN healthkit_source src ON src.id = s.source_id
  JOIN health_term ht ON ht.id = s.type_id JOIN sample_context cx ON cx.id = s.context_id
  LEFT JOIN source_precedence rank_t
      ON rank_t.user_ref = src.user_ref AND rank_t.source_id = src.id AND rank_t.sample_type = ht.name
    LEFT JOIN source_precedence rank_a
      ON rank_a.user_ref = src.user_ref AND rank_a.source_id = src.id AND rank_a.sample_type = ''
JOIN budget b ON b.record_key = s.record_key
WHERE s.user_ref = (SELECT id FROM app_user WHERE subject = $1)
ORDER BY s.start_time DESC, s.record_key DESC
