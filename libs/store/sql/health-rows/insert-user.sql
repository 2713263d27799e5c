INSERT INTO app_user (subject) VALUES ($1) ON CONFLICT (subject) DO NOTHING
