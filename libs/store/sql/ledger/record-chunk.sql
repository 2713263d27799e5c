WITH chunk_user AS (
  SELECT id FROM app_user WHERE subject = $1 FOR KEY SHARE
), made_user AS (
  INSERT INTO app_user (subject) SELECT $1 WHERE NOT EXISTS (SELECT 1 FROM chunk_user)
  ON CONFLICT (subject) DO NOTHING RETURNING id
), usr AS (SELECT id FROM chunk_user UNION ALL SELECT id FROM made_user), run_found AS (
  SELECT r.reconcile FROM sync_run r JOIN usr ON r.user_ref = usr.id WHERE r.data_type = $2 AND r.sync_key = $3
), run_made AS (
  INSERT INTO sync_run (user_ref, data_type, sync_key, reconcile) SELECT usr.id, $2, $3, $14::jsonb FROM usr
  WHERE NOT EXISTS (SELECT FROM run_found)
  ON CONFLICT (user_ref, data_type, sync_key) DO NOTHING RETURNING reconcile
), up AS (
INSERT INTO sync_chunk AS c (user_ref, data_type, sync_key, anchor_token, chunk_index, is_final, status,
  content_hash, revision, item_count, accepted_count, rejected_count, deleted_count, pending_payload, accepted_types)
SELECT usr.id, $2, $3, $4, $5, $6, 'queued', $7, 0, $8, $9, $10, $11, $12, $13 FROM usr
WHERE EXISTS (SELECT FROM (SELECT reconcile FROM run_found UNION ALL SELECT reconcile FROM run_made) r
              WHERE r.reconcile IS NOT DISTINCT FROM $14::jsonb)
ON CONFLICT (user_ref, data_type, sync_key, chunk_index) DO UPDATE SET
  -- A retried request with the same content keeps its stored status and its revision (so its job id);
  -- new content must be stored again, under a new revision.
  status = CASE WHEN c.status = 'stored' AND c.content_hash = EXCLUDED.content_hash THEN 'stored' ELSE 'queued' END,
  stored_at = CASE WHEN c.status = 'stored' AND c.content_hash = EXCLUDED.content_hash THEN c.stored_at END,
  pending_payload = CASE WHEN c.status = 'stored' AND c.content_hash = EXCLUDED.content_hash THEN NULL
    ELSE EXCLUDED.pending_payload END,
  revision = CASE WHEN c.content_hash = EXCLUDED.content_hash THEN c.revision ELSE c.revision + 1 END,
  error = NULL,
  is_final = EXCLUDED.is_final,
  content_hash = EXCLUDED.content_hash,
  item_count = EXCLUDED.item_count,
  accepted_count = EXCLUDED.accepted_count,
  rejected_count = EXCLUDED.rejected_count,
  deleted_count = EXCLUDED.deleted_count,
  accepted_types = EXCLUDED.accepted_types,
  updated_at = now()
RETURNING id, job_uuid, chunk_index, revision, status, (xmax = 0) AS inserted, user_ref
),
-- A re-sent chunk's earlier rejections are replaced by this request's, in the same statement.
cleared AS (DELETE FROM sync_rejected_item r USING up WHERE r.chunk_id = up.id AND NOT up.inserted)
SELECT * FROM up
