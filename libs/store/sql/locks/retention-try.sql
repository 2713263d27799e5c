SELECT pg_try_advisory_lock(72617003) AS locked
