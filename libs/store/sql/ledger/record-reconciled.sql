UPDATE sync_run SET reconciled_count = $2 WHERE id = $1
