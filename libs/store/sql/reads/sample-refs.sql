SELECT (SELECT id FROM app_user WHERE subject = $1) AS "userRef", (SELECT id FROM health_term WHERE name = $2) AS "typeId"
