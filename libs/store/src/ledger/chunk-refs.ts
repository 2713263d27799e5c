import { statement } from '../sql/statement';
import { ledgerUserOf } from './ledger-user';

/** A ledger row's job names: the API derives the queue job ids of every revision from them. */
export interface ChunkRef {
  jobUuid: string;
  revision: number;
}

/** $1 subject. */
const CHUNK_REFS = statement(
  'ledger/chunk-refs-of-user',
  `SELECT job_uuid::text AS "jobUuid", revision FROM sync_chunk WHERE user_ref = ${ledgerUserOf('$1')}`,
);

/** The user's ledger rows' job names (an erasure removes their jobs from Redis). */
export function chunkRefsOf(db: { query(sql: string, params?: unknown[]): Promise<any> }, userId: string): Promise<ChunkRef[]> {
  return db.query(CHUNK_REFS, [userId]);
}
