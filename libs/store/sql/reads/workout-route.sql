SELECT r.value_detail AS "valueDetail", r.start_time AS "startTime"
FROM healthkit_workout w
JOIN healthkit_sample r ON r.user_ref = w.user_ref
  AND r.type_id = (SELECT id FROM health_term WHERE name = 'WORKOUT_ROUTE') AND r.deleted_at IS NULL
  AND r.start_time >= w.start_time - interval '1 minute' AND r.start_time <= w.end_time
  AND (lower(r.value_detail->>'workoutUuid') = coalesce(w.record_id, w.record_key)::text
       OR r.record_id = w.record_id
       OR (r.value_detail->>'workoutUuid' IS NULL AND r.source_id = w.source_id))
WHERE w.user_ref = $1::int AND w.record_key = $2::uuid AND w.deleted_at IS NULL
ORDER BY r.start_time, r.record_key
