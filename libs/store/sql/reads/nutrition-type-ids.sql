SELECT array_agg(id) AS ids FROM health_term WHERE name = ANY($1::text[])
