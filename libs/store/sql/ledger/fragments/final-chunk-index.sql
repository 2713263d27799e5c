max(chunk_index) FILTER (WHERE is_final)
