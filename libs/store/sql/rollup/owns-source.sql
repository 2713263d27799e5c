SELECT 1 FROM healthkit_source WHERE user_ref = (SELECT id FROM app_user WHERE subject = $1) AND id = $2::bigint
