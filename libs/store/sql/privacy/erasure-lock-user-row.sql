SELECT id FROM app_user WHERE subject = $1 FOR UPDATE
