INSERT INTO source_precedence AS o (user_id, source_id, sample_type, precedence) VALUES ($1, $2::bigint, $3, $4)
ON CONFLICT (user_id, source_id, sample_type) DO UPDATE SET precedence = EXCLUDED.precedence, updated_at = now()
WHERE o.precedence IS DISTINCT FROM EXCLUDED.precedence
RETURNING 1
