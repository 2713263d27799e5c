SELECT DISTINCT ht.name AS "sampleType", b.step::float8 AS step
FROM healthkit_sample s JOIN health_term ht ON ht.id = s.type_id
CROSS JOIN LATERAL (VALUES (floor(extract(epoch FROM s.start_time) * 1000 / $3)),
                           (floor(extract(epoch FROM s.end_time) * 1000 / $3))) AS b(step)
WHERE s.user_ref = $1 AND ($2::text[] IS NULL OR ht.name = ANY($2))
ORDER BY 1, 2
