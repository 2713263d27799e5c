WITH doomed AS (
  DELETE FROM sync_run x WHERE x.user_ref = $5::int AND ctid = ANY(ARRAY(SELECT ctid FROM sync_run x WHERE x.user_ref = $5::int LIMIT $2))
  RETURNING 1
), n AS (SELECT count(*)::int AS n, $1::text AS subject, $5::int AS user_ref FROM doomed), -- both keys typed, whichever the table uses
counted AS (
  UPDATE health_data_erasure
  SET counts = jsonb_set(counts, ARRAY[$3::text], to_jsonb(COALESCE((counts->>$3::text)::int, 0) + (SELECT n FROM n))),
      updated_at = now()
  WHERE id = $4
)
SELECT n FROM n
