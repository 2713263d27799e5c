SELECT pg_advisory_xact_lock(72019, hashtext($1))
