SELECT id::text AS id, status, counts, requested_at AS "requestedAt", finished_at AS "finishedAt" FROM health_data_erasure WHERE user_hash = $1 ORDER BY requested_at DESC, id DESC LIMIT 1
