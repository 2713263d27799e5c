SELECT gender, to_char(birth_date, 'YYYY-MM-DD') AS "birthDate", blood_type AS "bloodType" FROM user_profile WHERE user_ref = (SELECT id FROM app_user WHERE subject = $1)
