import type { EntityManager } from 'typeorm';
import { statement } from '../sql/statement';
import { ChunkStatus, sqlStatus } from './chunk-status';

/**
 * The ledger's side of the worker's outbox sweep (apps/worker/src/outbox): queued chunks whose job
 * may be lost, and the reference a job is rebuilt from. A queued row keeps its payload until stored.
 */

const QUEUED = sqlStatus(ChunkStatus.Queued);

// Not a chunk of a user being erased: the erasure removed its job on purpose and deletes the row.
const NOT_ERASING = `NOT EXISTS (SELECT 1 FROM health_data_erasure e WHERE e.user_ref = c.user_ref AND e.status = 'running')`;

/** $1 grace period in seconds, $2 batch size. */
const FIND_CANDIDATES = statement(
  'ledger/outbox/candidates',
  `SELECT c.id, c.job_uuid, c.revision FROM sync_chunk c
WHERE c.status = ${QUEUED} AND c.pending_payload IS NOT NULL AND c.updated_at < now() - make_interval(secs => $1)
  AND ${NOT_ERASING}
ORDER BY c.updated_at LIMIT $2`,
);

/** $1 id, $2 job uuid, $3 revision: still queued, with its payload, and its user not being erased. */
const LOAD_ROW = statement(
  'ledger/outbox/load-row',
  `SELECT c.id::text AS id, c.job_uuid, c.revision, c.data_type, c.chunk_index
FROM sync_chunk c
WHERE c.id = $1 AND c.job_uuid = $2 AND c.revision = $3 AND c.status = ${QUEUED} AND c.pending_payload IS NOT NULL
  AND ${NOT_ERASING}`,
);

export interface OutboxCandidate {
  id: string;
  job_uuid: string;
  revision: number;
}

/** A queued chunk's ledger reference: what its job carries (the worker reads the rest from the row). */
export interface OutboxRow extends OutboxCandidate {
  data_type: string;
  chunk_index: number;
}

/** Queued chunks older than the grace period that keep a payload, oldest first. */
export function outboxCandidates(em: EntityManager, graceSeconds: number, limit: number): Promise<OutboxCandidate[]> {
  return em.query(FIND_CANDIDATES, [graceSeconds, limit]);
}

/** The candidate's row if it is still queued at this revision (stored or superseded since: null). */
export async function outboxRow(em: EntityManager, candidate: OutboxCandidate): Promise<OutboxRow | null> {
  const [row]: OutboxRow[] = await em.query(LOAD_ROW, [candidate.id, candidate.job_uuid, candidate.revision]);
  return row ?? null;
}
