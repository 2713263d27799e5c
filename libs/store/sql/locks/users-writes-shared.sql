SELECT count(pg_advisory_xact_lock_shared(72019, hashtext(s)))
FROM (SELECT DISTINCT s FROM unnest($1::text[]) AS s ORDER BY s) AS u
