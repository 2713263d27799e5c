INSERT INTO sync_rejected_item (chunk_id, user_ref, data_type, item_index, field, message, raw)
SELECT $1, $2, $3, r."index", r.field, r.message, r.raw
FROM jsonb_to_recordset($4::jsonb) AS r("index" integer, field text, message text, raw jsonb)
