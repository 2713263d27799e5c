INSERT INTO health_term (name) SELECT unnest($1::text[]) ORDER BY 1 ON CONFLICT (name) DO NOTHING
