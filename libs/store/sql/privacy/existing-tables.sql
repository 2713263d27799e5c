SELECT t FROM unnest($1::text[]) AS t WHERE to_regclass(t) IS NOT NULL
