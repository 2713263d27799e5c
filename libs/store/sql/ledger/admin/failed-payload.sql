SELECT sync_key AS "syncKey", anchor_token AS "anchorToken", is_final AS "isFinal", pending_payload AS "payload"
  FROM sync_chunk WHERE id = $1 AND job_uuid = $2 AND revision = $3 AND status = 'failed' AND pending_payload IS NOT NULL
