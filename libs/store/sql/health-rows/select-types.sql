SELECT id, name FROM health_term WHERE name = ANY($1::text[])
