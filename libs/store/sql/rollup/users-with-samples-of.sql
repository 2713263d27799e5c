SELECT u.subject FROM app_user u WHERE EXISTS (SELECT 1 FROM healthkit_sample s
   WHERE s.user_ref = u.id AND s.type_id IN (SELECT id FROM health_term WHERE name = ANY($1::text[])))
ORDER BY u.id
