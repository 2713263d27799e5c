SELECT pg_advisory_xact_lock_shared(72019, hashtext($1))
