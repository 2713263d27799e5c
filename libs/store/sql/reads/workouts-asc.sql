WITH ranks AS MATERIALIZED (
  SELECT src.id, COALESCE(rank_t.precedence, rank_a.precedence, src.precedence) AS rank FROM healthkit_source src LEFT JOIN source_precedence rank_t
      ON rank_t.user_ref = src.user_ref AND rank_t.source_id = src.id AND rank_t.sample_type = 'WORKOUT'
    LEFT JOIN source_precedence rank_a
      ON rank_a.user_ref = src.user_ref AND rank_a.source_id = src.id AND rank_a.sample_type = '' WHERE src.user_ref = $1::int
), hr_ranks AS MATERIALIZED (
  SELECT src.id, COALESCE(rank_t.precedence, rank_a.precedence, src.precedence) AS rank FROM healthkit_source src LEFT JOIN source_precedence rank_t
      ON rank_t.user_ref = src.user_ref AND rank_t.source_id = src.id AND rank_t.sample_type = 'HEART_RATE'
    LEFT JOIN source_precedence rank_a
      ON rank_a.user_ref = src.user_ref AND rank_a.source_id = src.id AND rank_a.sample_type = '' WHERE src.user_ref = $1::int
), terms AS (
  SELECT (SELECT id FROM health_term WHERE name = 'HEART_RATE') AS hr, (SELECT id FROM health_term WHERE name = 'WORKOUT_ROUTE') AS route
)
SELECT s.record_key::text AS id,
  CASE WHEN src.platform = 'appleHealth' THEN upper(s.record_key::text)
  ELSE coalesce(s.record_id, s.record_key)::text END AS uuid,
  ht.name AS "sampleType", cx.unit,
  s.start_time AS "startTime", s.end_time AS "endTime", s.source_id::text AS "sourceId", src.name AS "sourceName",
  COALESCE(rank_t.precedence, rank_a.precedence, src.precedence) AS precedence, cx.metadata,
  cx.recording_method AS "recordingMethod", cx.source_device_id AS "sourceDeviceId", s.extra->>'deviceModel' AS "deviceModel",
  (extract(epoch FROM s.start_time) * 1000000)::bigint::text AS "cursorMicros", s.activity_type AS "activityType", s.duration_seconds AS "durationSeconds",
  s.total_energy_burned AS "totalEnergyBurned", s.total_energy_burned_unit AS "totalEnergyBurnedUnit",
  s.total_distance AS "totalDistance", s.total_distance_unit AS "totalDistanceUnit", s.total_steps AS "totalSteps",
  CASE WHEN hr.n > 0 THEN jsonb_build_object('avg', hr.avg, 'max', hr.max, 'count', hr.n) END AS "heartRate",
  EXISTS (
    SELECT 1 FROM healthkit_sample r
    WHERE r.user_ref = $1::int AND r.type_id = terms.route AND r.deleted_at IS NULL
      AND r.start_time >= s.start_time - interval '1 minute' AND r.start_time <= s.end_time
      AND (lower(r.value_detail->>'workoutUuid') = coalesce(s.record_id, s.record_key)::text
           OR r.record_id = s.record_id
           OR (r.value_detail->>'workoutUuid' IS NULL AND r.source_id = s.source_id))
  ) AS "hasRoute"
FROM healthkit_workout s JOIN healthkit_source src ON src.id = s.source_id
  JOIN health_term ht ON ht.id = s.type_id JOIN sample_context cx ON cx.id = s.context_id
  LEFT JOIN source_precedence rank_t
      ON rank_t.user_ref = src.user_ref AND rank_t.source_id = src.id AND rank_t.sample_type = ht.name
    LEFT JOIN source_precedence rank_a
      ON rank_a.user_ref = src.user_ref AND rank_a.source_id = src.id AND rank_a.sample_type = ''
CROSS JOIN terms
LEFT JOIN LATERAL (
  SELECT avg(x.value) AS avg, max(x.value) AS max, count(*)::int AS n FROM (
    SELECT h.value, h.source_id,
           first_value(h.source_id) OVER (PARTITION BY date_trunc('minute', h.start_time) ORDER BY q.rank, h.source_id) AS winner,
           row_number() OVER (PARTITION BY h.source_id, h.start_time ORDER BY h.updated_at DESC, h.record_key) AS repeat_no
    FROM healthkit_sample h JOIN hr_ranks q ON q.id = h.source_id
    WHERE h.user_ref = $1::int AND h.type_id = terms.hr AND h.start_time >= s.start_time AND h.start_time <= s.end_time
      AND h.deleted_at IS NULL AND h.value IS NOT NULL
  ) x WHERE x.source_id = x.winner AND x.repeat_no = 1
) hr ON TRUE
WHERE s.user_ref = $1::int AND s.start_time >= $2 AND s.start_time < $3 AND s.deleted_at IS NULL
  AND ($4::bigint IS NULL OR (s.start_time, s.record_key) > (TIMESTAMPTZ 'epoch' + $4::bigint * interval '1 microsecond', $5::uuid))
  AND NOT ($7::boolean AND EXISTS (
    SELECT 1 FROM healthkit_workout o JOIN ranks orank ON orank.id = o.source_id
    WHERE o.user_ref = $1::int AND o.deleted_at IS NULL AND o.source_id <> s.source_id
      AND o.activity_type IS NOT DISTINCT FROM s.activity_type
      AND o.start_time > s.start_time - interval '24 hours' AND o.start_time < s.end_time AND o.end_time > s.start_time
      AND (orank.rank, o.source_id) < (COALESCE(rank_t.precedence, rank_a.precedence, src.precedence), s.source_id)
      AND extract(epoch FROM least(o.end_time, s.end_time) - greatest(o.start_time, s.start_time))
          > 0.5 * least(extract(epoch FROM o.end_time - o.start_time), extract(epoch FROM s.end_time - s.start_time))))
ORDER BY s.start_time ASC, s.record_key ASC
LIMIT $6
