SELECT pg_advisory_xact_lock_shared(hashtextextended('order/' || $1::text, 0)),
  (SELECT id FROM app_user WHERE subject = $1) AS id
