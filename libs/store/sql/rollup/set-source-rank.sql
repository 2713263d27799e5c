INSERT INTO source_precedence AS o (user_ref, source_id, sample_type, precedence) VALUES ((SELECT id FROM app_user WHERE subject = $1), $2::bigint, $3, $4)
ON CONFLICT (user_ref, source_id, sample_type) DO UPDATE SET precedence = EXCLUDED.precedence, updated_at = now()
WHERE o.precedence IS DISTINCT FROM EXCLUDED.precedence
RETURNING 1
