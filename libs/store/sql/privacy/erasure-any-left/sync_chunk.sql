SELECT EXISTS (SELECT 1 FROM sync_chunk x WHERE x.user_ref = $2::int) AS any, $1::text AS subject, $2::int AS user_ref
