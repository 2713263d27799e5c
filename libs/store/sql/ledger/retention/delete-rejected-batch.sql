WITH oldest AS (
  SELECT id, created_at FROM sync_rejected_item ORDER BY id LIMIT $2
), gone AS (
  DELETE FROM sync_rejected_item WHERE id = ANY(ARRAY(SELECT id FROM oldest WHERE created_at < $1)) RETURNING 1
) SELECT count(*)::int AS n FROM gone
