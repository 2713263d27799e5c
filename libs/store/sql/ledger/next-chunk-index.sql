SELECT chunk_index, content_hash = $4 AS same
FROM sync_chunk WHERE user_ref = (SELECT id FROM app_user WHERE subject = $1) AND data_type = $2 AND sync_key = $3
ORDER BY (content_hash = $4) DESC, chunk_index DESC LIMIT 1
