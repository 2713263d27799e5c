WITH input AS (SELECT ord, unit, "recordingMethod", "sourceDeviceId", metadata,
    sha256(convert_to(jsonb_build_array(unit, "recordingMethod", "sourceDeviceId", metadata)::text, 'UTF8')) AS digest
  FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS e(doc, ord),
    jsonb_to_record(e.doc) AS r(unit text, "recordingMethod" text, "sourceDeviceId" text, metadata jsonb))
INSERT INTO sample_context (user_ref, digest, unit, recording_method, source_device_id, metadata)
SELECT DISTINCT ON (digest) $1::int, digest, unit, "recordingMethod", "sourceDeviceId", metadata FROM input ORDER BY digest
ON CONFLICT (user_ref, digest) DO NOTHING
