DELETE FROM rollup_rebuild_request WHERE id = $1 RETURNING id
