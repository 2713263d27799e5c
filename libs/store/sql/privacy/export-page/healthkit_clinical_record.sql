SELECT key, CASE WHEN within THEN json END AS json, within
FROM (
  SELECT key, json, ord, ($5::boolean AND row_number() OVER w = 1) OR sum(octet_length(json)) OVER w <= $4 AS within
  FROM (SELECT x.record_key AS ord, x.record_key::text AS key, row_to_json(x)::text AS json FROM (SELECT s.*, u.subject AS user_id, ht.name AS sample_type, CASE WHEN src.platform = 'appleHealth' THEN upper(s.record_key::text)
  ELSE coalesce(s.record_id, s.record_key)::text END AS hk_uuid,
      cx.unit, cx.recording_method, cx.source_device_id, cx.metadata
    FROM healthkit_clinical_record s JOIN app_user u ON u.id = s.user_ref JOIN health_term ht ON ht.id = s.type_id
    JOIN sample_context cx ON cx.id = s.context_id JOIN healthkit_source src ON src.id = s.source_id) AS x
        WHERE x.user_ref = (SELECT id FROM app_user WHERE subject = $1) AND ($2::text IS NULL OR x.record_key > $2::uuid) ORDER BY x.record_key LIMIT $3) r
  WINDOW w AS (ORDER BY ord)
) p ORDER BY ord
