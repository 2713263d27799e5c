WITH c AS (SELECT * FROM sync_chunk WHERE user_ref = (SELECT id FROM app_user WHERE subject = $1) AND data_type = $2 AND sync_key = $3),
fin AS (SELECT max(chunk_index) FILTER (WHERE is_final) AS idx FROM c),
run AS (SELECT id, created_at, reconciled_count FROM sync_run WHERE user_ref = (SELECT id FROM app_user WHERE subject = $1) AND data_type = $2 AND sync_key = $3),
st AS (SELECT last_anchor, anchor_sync_seq, anchor_sync_started_at FROM healthkit_sync_state WHERE user_ref = (SELECT id FROM app_user WHERE subject = $1) AND data_type = $2)
SELECT count(*)::int AS "chunksReceived",
       count(*) FILTER (WHERE status = 'stored')::int AS "chunksStored",
       count(*) FILTER (WHERE status = 'queued')::int AS "chunksQueued",
       count(*) FILTER (WHERE status = 'failed')::int AS "chunksFailed",
       coalesce(sum(accepted_count), 0)::int AS "itemsAccepted",
       coalesce(sum(rejected_count), 0)::int AS "itemsRejected",
       coalesce(sum(deleted_count), 0)::int AS "itemsDeleted",
       (SELECT idx FROM fin) AS "finalChunkIndex",
       coalesce((SELECT array_agg(i ORDER BY i) FROM fin, generate_series(0, fin.idx - 1) AS i
                 WHERE NOT EXISTS (SELECT 1 FROM c WHERE c.chunk_index = i)), '{}') AS "missingChunkIndexes",
       coalesce(array_agg(chunk_index ORDER BY chunk_index) FILTER (WHERE status = 'failed'), '{}') AS "failedChunkIndexes",
       EXISTS (SELECT 1 FROM st WHERE st.last_anchor = $4) AS "anchorMoved",
       EXISTS (SELECT 1 FROM st, run WHERE st.last_anchor <> $4 AND CASE WHEN st.anchor_sync_seq IS NULL
                 THEN st.anchor_sync_started_at > run.created_at ELSE st.anchor_sync_seq > run.id END) AS "superseded",
       coalesce((SELECT reconciled_count FROM run), 0) AS "itemsReconciled"
FROM c
