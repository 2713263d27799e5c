SELECT coalesce(array_agg(id), '{}') AS ids FROM sample_context WHERE user_ref = $1 AND recording_method = 'manual'
