UPDATE health_data_erasure SET counts = counts || jsonb_build_object($2::text, $3::int), updated_at = now() WHERE id = $1
