SELECT ht.name AS "sampleType", min(s.start_time) AS first
FROM unnest($3::int[]) AS t(id) JOIN health_term ht ON ht.id = t.id
CROSS JOIN LATERAL (
  SELECT s.start_time FROM healthkit_sample s
  WHERE s.user_ref = $1 AND s.type_id = t.id
    AND s.start_time >= $2::timestamptz - interval '36 hours' AND s.start_time < $2
    AND s.end_time > $2 AND s.end_time - s.start_time <= interval '36 hours'
) s
GROUP BY ht.name
