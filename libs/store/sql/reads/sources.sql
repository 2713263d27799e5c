SELECT src.id, src.platform, src.bundle_id AS "bundleId", src.name, src.product_type AS "productType", src.kind,
            COALESCE(rank_t.precedence, rank_a.precedence, src.precedence) AS precedence, src.precedence AS "defaultPrecedence",
            coalesce((SELECT jsonb_agg(jsonb_build_object('sampleType', nullif(o.sample_type, ''), 'precedence', o.precedence)
                                       ORDER BY o.sample_type)
                      FROM source_precedence o WHERE o.user_ref = src.user_ref AND o.source_id = src.id), '[]') AS overrides
     FROM healthkit_source src LEFT JOIN source_precedence rank_t
      ON rank_t.user_ref = src.user_ref AND rank_t.source_id = src.id AND rank_t.sample_type = ''
    LEFT JOIN source_precedence rank_a
      ON rank_a.user_ref = src.user_ref AND rank_a.source_id = src.id AND rank_a.sample_type = ''
     WHERE src.user_ref = (SELECT id FROM app_user WHERE subject = $1) AND ($2::bigint IS NULL OR src.id = $2::bigint)
     ORDER BY 7, src.name, src.id
