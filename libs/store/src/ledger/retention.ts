import type { DataSource } from 'typeorm';
import { statement } from '../sql/statement';
import { ChunkStatus, sqlStatus } from './chunk-status';

/**
 * What else retention ages out with the same cutoff as the health rows: what the ledger keeps that
 * was derived from health data. (Contexts no row uses go user by user in runRetention; Redis keeps
 * finished jobs, without payload or user, for at most a day: libs/queue/src/queue-options.ts.)
 */
export interface DerivedRetentionCounts {
  /** Items the API refused, kept with their raw JSON for inspection. */
  sync_rejected_item: number;
  /** Failed ledger rows whose reason and kept payload (for `npm run chunks -- retry`) were cleared. */
  sync_chunk_failure: number;
}

export interface DerivedRetentionOptions {
  cutoff: Date;
  batchSize: number;
  signal?: AbortSignal;
}

/**
 * The oldest rejected items by id (ids follow creation), those among them created before the
 * cutoff: a batch shorter than the batch size met a newer item, and everything after it is newer.
 * Never a scan of the whole table for the few old rows it may hold.
 */
const DELETE_REJECTED_BATCH = statement(
  'ledger/retention/delete-rejected-batch',
  `WITH oldest AS (
  SELECT id, created_at FROM sync_rejected_item ORDER BY id LIMIT $2
), gone AS (
  DELETE FROM sync_rejected_item WHERE id = ANY(ARRAY(SELECT id FROM oldest WHERE created_at < $1)) RETURNING 1
) SELECT count(*)::int AS n FROM gone`,
);

/** Through ix_sync_chunk_status_updated: failed rows last touched before the cutoff that still say why or hold a payload. */
const CLEAR_FAILURE_BATCH = statement(
  'ledger/retention/clear-failure-batch',
  `WITH doomed AS (
  SELECT id FROM sync_chunk WHERE status = ${sqlStatus(ChunkStatus.Failed)} AND updated_at < $1 AND (error IS NOT NULL OR pending_payload IS NOT NULL)
  LIMIT $2
), cleared AS (
  UPDATE sync_chunk c SET error = NULL, pending_payload = NULL FROM doomed d WHERE c.id = d.id RETURNING 1
) SELECT count(*)::int AS n FROM cleared`,
);

/** One pass; each batch is one short statement. Safe to run again or twice at once. */
export async function runDerivedRetention(db: DataSource, options: DerivedRetentionOptions): Promise<DerivedRetentionCounts> {
  const { cutoff, batchSize, signal } = options;
  const drain = async (sql: string): Promise<number> => {
    let total = 0;
    while (signal?.aborted !== true) {
      const [row]: { n: number }[] = await db.query(sql, [cutoff, batchSize]);
      const n = row?.n ?? 0;
      total += n;
      if (n < batchSize) break;
    }
    return total;
  };
  return {
    sync_rejected_item: await drain(DELETE_REJECTED_BATCH),
    sync_chunk_failure: await drain(CLEAR_FAILURE_BATCH),
  };
}
