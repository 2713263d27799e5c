SELECT pg_try_advisory_xact_lock(72617002) AS locked
