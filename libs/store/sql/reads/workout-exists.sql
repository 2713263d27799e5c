SELECT 1 FROM healthkit_workout WHERE user_ref = $1::int AND record_key = $2::uuid AND deleted_at IS NULL
