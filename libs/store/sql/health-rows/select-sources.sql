SELECT s.id, s.platform, s.bundle_id, s.name
FROM healthkit_source s
JOIN jsonb_to_recordset($2::jsonb) AS r(platform text, "bundleId" text, name text)
  ON s.platform = r.platform AND s.bundle_id = r."bundleId" AND s.name = r.name
WHERE s.user_ref = $1
