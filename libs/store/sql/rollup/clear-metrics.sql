DELETE FROM sample_rollup WHERE user_id = $1 AND sample_type = ANY($2::text[])
