INSERT INTO healthkit_sync_state AS s (user_ref, data_type, last_anchor, last_sync_time, anchor_sync_started_at, anchor_sync_seq)
VALUES ($1, $2, $3, now(), $4, $5)
ON CONFLICT (user_ref, data_type) DO UPDATE SET
  last_anchor = EXCLUDED.last_anchor, last_sync_time = now(),
  anchor_sync_started_at = EXCLUDED.anchor_sync_started_at, anchor_sync_seq = EXCLUDED.anchor_sync_seq, updated_at = now()
WHERE CASE WHEN s.anchor_sync_seq IS NULL THEN s.anchor_sync_started_at <= EXCLUDED.anchor_sync_started_at
           ELSE s.anchor_sync_seq <= EXCLUDED.anchor_sync_seq END
RETURNING id
