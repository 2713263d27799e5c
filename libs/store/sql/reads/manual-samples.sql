SELECT s.start_time AS "startTime", s.end_time AS "endTime" FROM healthkit_sample s
WHERE s.user_ref = $1::int AND s.type_id = (SELECT id FROM health_term WHERE name = $2) AND s.start_time >= $3 AND s.start_time < $4
  AND s.context_id = ANY($5::bigint[]) AND s.deleted_at IS NULL AND s.value IS NOT NULL
  AND s.end_time - s.start_time <= interval '36 hours'
