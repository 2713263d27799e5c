WITH marked AS (
  UPDATE sync_chunk SET status = 'stored', stored_at = now(), error = NULL, pending_payload = NULL, updated_at = now()
  WHERE id = ANY($1::bigint[]) RETURNING id, user_ref
)
SELECT id::text AS id, user_ref FROM marked
