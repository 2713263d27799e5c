SELECT r.id, u.subject, r.sample_types AS "sampleTypes"
FROM rollup_rebuild_request r JOIN app_user u ON u.id = r.user_ref
WHERE r.id > $1 ORDER BY r.id LIMIT 1
