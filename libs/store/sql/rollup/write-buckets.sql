INSERT INTO sample_rollup (user_ref, sample_type, bucket_start, source_id, sum, value_sum, count, min, max)
SELECT $1, b.* FROM unnest($2::text[], $3::timestamptz[], $4::bigint[], $5::float8[], $6::float8[], $7::int[], $8::float8[], $9::float8[])
  AS b(sample_type, bucket_start, source_id, sum, value_sum, count, min, max)
