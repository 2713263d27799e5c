SELECT pg_advisory_xact_lock(hashtextextended('rollup/' || $1 || '/' || t, 0))
FROM unnest($2::text[]) AS t ORDER BY t
