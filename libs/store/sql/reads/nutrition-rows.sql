SELECT s.record_key::text AS id, CASE WHEN src.platform = 'appleHealth' THEN upper(s.record_key::text)
  ELSE coalesce(s.record_id, s.record_key)::text END AS uuid, ht.name AS "sampleType",
       s.start_time AS "startTime", s.end_time AS "endTime", s.source_id::text AS "sourceId", src.name AS "sourceName",
       COALESCE(rank_t.precedence, rank_a.precedence, src.precedence) AS precedence, s.value, s.value_detail AS "valueDetail"
FROM healthkit_sample s
JOIN health_term ht ON ht.id = s.type_id
JOIN healthkit_source src ON src.id = s.source_id LEFT JOIN source_precedence rank_t
      ON rank_t.user_ref = src.user_ref AND rank_t.source_id = src.id AND rank_t.sample_type = ht.name
    LEFT JOIN source_precedence rank_a
      ON rank_a.user_ref = src.user_ref AND rank_a.source_id = src.id AND rank_a.sample_type = ''
WHERE s.user_ref = $1::int AND s.type_id = ANY($2::int[]) AND s.start_time >= $3 AND s.start_time < $4 AND s.deleted_at IS NULL
ORDER BY s.start_time, s.record_key
LIMIT 200000
