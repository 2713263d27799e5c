WITH input AS (
  SELECT * FROM jsonb_to_recordset($2::jsonb)
    AS r(platform text, "bundleId" text, name text, "productType" text, kind text, precedence smallint)
), up AS (
  INSERT INTO healthkit_source AS s (user_ref, platform, bundle_id, name, product_type, kind, precedence)
  SELECT $1::int, platform, "bundleId", name, "productType", kind, precedence FROM input
  ORDER BY platform, "bundleId", name
  ON CONFLICT (user_ref, platform, bundle_id, name) DO UPDATE
    SET product_type = EXCLUDED.product_type, kind = EXCLUDED.kind, precedence = EXCLUDED.precedence, updated_at = now()
    -- Only a newly learnt product type changes a source; otherwise leave the row (and its lock) alone,
    -- so concurrent chunks of one user do not queue up behind each other on the same source row.
    WHERE EXCLUDED.product_type IS NOT NULL
      AND (s.product_type, s.kind, s.precedence) IS DISTINCT FROM (EXCLUDED.product_type, EXCLUDED.kind, EXCLUDED.precedence)
  RETURNING id, platform, bundle_id, name
)
-- The sources that existed before this statement (the usual case) in the same round trip: the
-- upsert returns only the rows it inserted or changed. A row a concurrent chunk committed while this
-- statement waited is in neither (not in its snapshot): the caller's SELECT_SOURCES finds it.
SELECT id, platform, bundle_id, name FROM up
UNION ALL
SELECT s.id, s.platform, s.bundle_id, s.name
FROM healthkit_source s JOIN input r ON s.platform = r.platform AND s.bundle_id = r."bundleId" AND s.name = r.name
WHERE s.user_ref = $1 AND s.id NOT IN (SELECT id FROM up)
