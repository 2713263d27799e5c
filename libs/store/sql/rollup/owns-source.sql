SELECT 1 FROM healthkit_source WHERE user_id = $1 AND id = $2::bigint
