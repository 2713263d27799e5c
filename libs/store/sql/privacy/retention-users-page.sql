SELECT id, subject FROM app_user WHERE id > $1 ORDER BY id LIMIT $2
