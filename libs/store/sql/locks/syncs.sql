SELECT count(pg_advisory_xact_lock(hashtextextended(k, 0)))
FROM (SELECT DISTINCT u::text || '/' || d::text || '/' || s::text AS k
      FROM unnest($1::text[], $2::text[], $3::text[]) AS t(u, d, s) ORDER BY k) AS x
