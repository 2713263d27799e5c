DELETE FROM sample_rollup WHERE user_ref = $1 AND sample_type = ANY($2::text[])
