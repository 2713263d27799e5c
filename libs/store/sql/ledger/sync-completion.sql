WITH c AS (
  SELECT chunk_index, is_final, status, item_count, deleted_count, accepted_types FROM sync_chunk
  WHERE user_ref = $1 AND data_type = $2 AND sync_key = $3
), fin AS (SELECT max(chunk_index) FILTER (WHERE is_final) AS idx FROM c)
SELECT fin.idx AS final_index,
       (SELECT count(*) FROM c WHERE c.status = 'stored' AND c.chunk_index <= fin.idx) AS stored,
       (SELECT coalesce(sum(c.item_count + c.deleted_count), 0) FROM c WHERE c.chunk_index <= fin.idx) AS items,
       (SELECT coalesce(array_agg(DISTINCT t), '{}') FROM c, unnest(c.accepted_types) AS t WHERE c.chunk_index <= fin.idx) AS types,
       r.id::text AS seq, r.created_at AS started_at, r.reconcile, r.platform
FROM fin JOIN sync_run r ON r.user_ref = $1 AND r.data_type = $2 AND r.sync_key = $3
