SELECT pg_advisory_unlock(72617003)
