SELECT requested_by AS "requestedBy", count(*)::int AS users, min(requested_at) AS since
FROM rollup_rebuild_request GROUP BY requested_by ORDER BY min(id)
