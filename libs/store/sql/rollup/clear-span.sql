DELETE FROM sample_rollup WHERE user_ref = $1 AND sample_type = $2 AND bucket_start >= $3 AND bucket_start < $4
