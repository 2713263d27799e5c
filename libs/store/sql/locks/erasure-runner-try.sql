SELECT pg_try_advisory_lock(72020, hashtext($1)) AS locked
