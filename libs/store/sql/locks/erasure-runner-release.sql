SELECT pg_advisory_unlock(72020, hashtext($1))
