WITH ranks AS MATERIALIZED (
  SELECT src.id, COALESCE(rank_t.precedence, rank_a.precedence, src.precedence) AS rank FROM healthkit_source src LEFT JOIN source_precedence rank_t
      ON rank_t.user_ref = src.user_ref AND rank_t.source_id = src.id AND rank_t.sample_type = 'BLOOD_PRESSURE_SYSTOLIC'
    LEFT JOIN source_precedence rank_a
      ON rank_a.user_ref = src.user_ref AND rank_a.source_id = src.id AND rank_a.sample_type = '' WHERE src.user_ref = $1::int
), types AS (
  SELECT (SELECT id FROM health_term WHERE name = 'BLOOD_PRESSURE_SYSTOLIC') AS sys,
         (SELECT id FROM health_term WHERE name = 'BLOOD_PRESSURE_DIASTOLIC') AS dia
)
SELECT s.record_key::text AS id, CASE WHEN src.platform = 'appleHealth' THEN upper(s.record_key::text)
  ELSE coalesce(s.record_id, s.record_key)::text END AS "systolicUuid", d."diastolicUuid",
       s.start_time AS time, s.value AS systolic, d.value AS diastolic, cx.unit,
       s.source_id::text AS "sourceId", src.name AS "sourceName", r.rank AS precedence,
       cx.recording_method AS "recordingMethod",
       (extract(epoch FROM s.start_time) * 1000000)::bigint::text AS "cursorMicros"
FROM types, healthkit_sample s
JOIN healthkit_source src ON src.id = s.source_id
JOIN ranks r ON r.id = s.source_id
JOIN sample_context cx ON cx.id = s.context_id
JOIN LATERAL (
  SELECT ds.value, CASE WHEN src.platform = 'appleHealth' THEN upper(ds.record_key::text)
                        ELSE coalesce(ds.record_id, ds.record_key)::text END AS "diastolicUuid"
  FROM healthkit_sample ds
  WHERE ds.user_ref = $1::int AND ds.type_id = types.dia AND ds.start_time = s.start_time
    AND ds.source_id = s.source_id AND ds.deleted_at IS NULL AND ds.value IS NOT NULL
  ORDER BY ds.updated_at DESC, ds.record_key LIMIT 1
) d ON TRUE
WHERE s.user_ref = $1::int AND s.type_id = types.sys AND s.start_time >= $2 AND s.start_time < $3
  AND s.deleted_at IS NULL AND s.value IS NOT NULL AND ($4::bigint IS NULL OR (s.start_time, s.record_key) < (TIMESTAMPTZ 'epoch' + $4::bigint * interval '1 microsecond', $5::uuid))
  AND NOT EXISTS (
    SELECT 1 FROM healthkit_sample o JOIN ranks orank ON orank.id = o.source_id
    WHERE o.user_ref = $1::int AND o.type_id = types.sys AND o.deleted_at IS NULL
      AND o.start_time >= date_trunc('minute', s.start_time) AND o.start_time < date_trunc('minute', s.start_time) + interval '1 minute'
      AND (orank.rank, o.source_id) < (r.rank, s.source_id))
  AND NOT EXISTS ( -- the same source's repeat at the same instant: the one synced last stands
    SELECT 1 FROM healthkit_sample o
    WHERE o.user_ref = $1::int AND o.type_id = types.sys AND o.start_time = s.start_time AND o.source_id = s.source_id
      AND o.deleted_at IS NULL AND o.value IS NOT NULL AND (o.updated_at, o.record_key) > (s.updated_at, s.record_key))
ORDER BY s.start_time DESC, s.record_key DESC
LIMIT $6
