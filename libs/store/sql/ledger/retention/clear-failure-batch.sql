WITH doomed AS (
  SELECT id FROM sync_chunk WHERE status = 'failed' AND updated_at < $1 AND (error IS NOT NULL OR pending_payload IS NOT NULL)
  LIMIT $2
), cleared AS (
  UPDATE sync_chunk c SET error = NULL, pending_payload = NULL FROM doomed d WHERE c.id = d.id RETURNING 1
) SELECT count(*)::int AS n FROM cleared
