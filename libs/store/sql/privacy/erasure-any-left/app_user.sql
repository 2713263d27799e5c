SELECT EXISTS (SELECT 1 FROM app_user x WHERE x.subject = $1) AS any, $1::text AS subject, $2::int AS user_ref
