WITH gone AS (
  UPDATE healthkit_workout SET deleted_at = coalesce(deleted_at, now()), write_pos = ($3::bigint / 131072 * 131072),
    updated_at = CASE WHEN deleted_at IS NULL THEN now() ELSE updated_at END
  WHERE user_ref = $1 AND record_id = ANY($2::uuid[]) AND type_id = ANY($4::int[]) AND write_pos < ($3::bigint / 131072 * 131072)
  RETURNING deleted_at = now() AS newly, type_id, start_time, end_time
)
SELECT count(*) FILTER (WHERE newly)::int AS deleted, '[]'::jsonb AS spans FROM gone
