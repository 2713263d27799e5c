WITH u AS (UPDATE sync_run SET platform = coalesce(platform, $2) WHERE id = $1 RETURNING platform) SELECT platform FROM u
