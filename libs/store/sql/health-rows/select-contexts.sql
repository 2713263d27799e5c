WITH input AS (SELECT ord, unit, "recordingMethod", "sourceDeviceId", metadata,
    sha256(convert_to(jsonb_build_array(unit, "recordingMethod", "sourceDeviceId", metadata)::text, 'UTF8')) AS digest
  FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS e(doc, ord),
    jsonb_to_record(e.doc) AS r(unit text, "recordingMethod" text, "sourceDeviceId" text, metadata jsonb))
SELECT input.ord::int AS ord, c.id::text AS id FROM input JOIN sample_context c ON c.user_ref = $1 AND c.digest = input.digest
