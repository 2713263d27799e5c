import { isQuarterBoundary, straddlerSpan } from '@app/health-data/retention/retention-cutoff';
import { MAX_AGGREGATED_SPAN_HOURS, RollupRange } from '@app/health-data/rollup/rollup-spans';
import type { DataSource } from 'typeorm';
import { HEALTH_TABLES, HealthTable } from '../health-rows/table-specs';
import { LOCK_SQL } from '../locks/advisory-locks';
import { refreshRollup } from '../rollup/sample-rollup';
import { statement } from '../sql/statement';

/**
 * Retention by age: deletes the health rows that lie wholly before a cutoff, user by user and table
 * by table, in batches that are each one short statement (its own transaction), and the rollup
 * quarters before the cutoff.
 *
 * Which rows: `start_time < cutoff AND end_time <= cutoff`, every minute the row covers is older
 * than the cutoff (by its end, not its start). A sample that straddles the cutoff stays until it
 * is old as a whole, so nothing a kept day shows loses a part, and the rollup quarters at or after
 * the cutoff keep exactly the samples they were computed from (see below).
 *
 * How they are found, without a time index and without a sequential scan: the health tables are
 * (or will be) hash-partitioned by user, with no index on time alone; each has a per-user index
 * that starts with user_ref and bounds start_time ((user_ref, type_id, start_time) for samples,
 * (user_ref, start_time) for sleep and workouts). A row lying before the cutoff starts before it,
 * so `start_time < cutoff` is an index range per user (and per type for samples), walked in
 * start_time order and stopped after one batch. Clinical records have no time index; a user has
 * few, and their batch reads them through the primary key. Every statement names user_ref = $1,
 * so on a partitioned table it touches one partition; rows are deleted by primary key
 * (user_ref, record_key), never by ctid (which is per partition).
 *
 * The rollup stays what a rebuild from the kept samples gives (the cutoff is a quarter boundary):
 * - quarters at or after the cutoff: no deleted sample covers a minute there, so they are untouched;
 * - quarters before it: the kept samples there are those that straddle the cutoff (start before,
 *   end after; only those at most MAX_AGGREGATED_SPAN_HOURS long are aggregated). Per metric, the
 *   quarters they cover are recomputed from them (when something of the user was deleted) and the
 *   quarters before those are deleted, so a second run with the same cutoff changes nothing.
 */
export const RETENTION_TABLES = HEALTH_TABLES;

export type RetentionTable = HealthTable;
export type RetentionCounts = Record<RetentionTable | 'sample_rollup', number>;

export interface RetentionOptions {
  /** Rows lying wholly before this instant are deleted; must be a quarter-hour boundary. */
  cutoff: Date;
  /** Rows per DELETE statement. */
  batchSize: number;
  /**
   * Export before delete: called with each batch's deleted rows (every stored column, references
   * as ids) inside the batch's transaction, which commits only when it resolves; a rejection rolls
   * the batch back and ends the run. The batch's row locks are held while it runs: keep it short
   * (write to a local file or a queue, not a slow remote call per batch). Not called for the rollup.
   */
  archive?: (table: RetentionTable, rows: Record<string, unknown>[]) => Promise<void>;
  /** Checked between batches: an aborted run stops there (everything it did is committed). */
  signal?: AbortSignal;
  /** Users read per page of the app_user walk. */
  usersPerPage?: number;
}

export interface RetentionResult {
  cutoff: Date;
  deleted: RetentionCounts;
  /** Contexts (unit, phone, metadata) that no health row of a trimmed user uses any more. */
  unusedContextsDeleted: number;
  /** Users visited, and of them those who had something deleted. */
  usersVisited: number;
  usersTrimmed: number;
  /** DELETE statements run. */
  batches: number;
  /** True when the signal stopped the run before it visited every user. */
  stopped: boolean;
}

const USERS_PAGE = statement(
  'privacy/retention-users-page',
  `SELECT id, subject FROM app_user WHERE id > $1 ORDER BY id LIMIT $2`,
);

/** A user's data types in healthkit_sample: a loose index scan, one index probe per type. */
const SAMPLE_TYPES = statement(
  'privacy/retention-sample-types',
  `WITH RECURSIVE t(id) AS (
  SELECT min(type_id) FROM healthkit_sample WHERE user_ref = $1
  UNION ALL
  SELECT (SELECT min(s.type_id) FROM healthkit_sample s WHERE s.user_ref = $1 AND s.type_id > t.id) FROM t WHERE t.id IS NOT NULL
) SELECT id FROM t WHERE id IS NOT NULL`,
);

/** A user's metrics in the rollup, the same way over its primary key (user_ref, sample_type, …). */
const ROLLUP_TYPES = statement(
  'privacy/retention-rollup-types',
  `WITH RECURSIVE t(name) AS (
  SELECT min(sample_type) FROM sample_rollup WHERE user_ref = $1
  UNION ALL
  SELECT (SELECT min(r.sample_type) FROM sample_rollup r WHERE r.user_ref = $1 AND r.sample_type > t.name) FROM t WHERE t.name IS NOT NULL
) SELECT name FROM t WHERE name IS NOT NULL`,
);

/** Parameters of every batch: $1 user_ref, $2 cutoff, $3 batch size; samples add $4 the user's type ids. */
const OLD = `s.start_time < $2 AND s.end_time <= $2`;

/** The keys of one batch: an index range per type, each stopped after the batch size. */
function doomedKeys(table: RetentionTable): string {
  if (table === 'healthkit_sample') {
    return `SELECT k.record_key FROM unnest($4::int[]) AS t(id) CROSS JOIN LATERAL (
      SELECT s.record_key FROM healthkit_sample s WHERE s.user_ref = $1 AND s.type_id = t.id AND ${OLD}
      ORDER BY s.start_time LIMIT $3) k LIMIT $3`;
  }
  return `SELECT s.record_key FROM ${table} s WHERE s.user_ref = $1 AND ${OLD} ORDER BY s.start_time LIMIT $3`;
}

/**
 * One batch. `record_key = ANY(ARRAY(…))` (not IN (subquery)) keeps the delete on primary-key
 * probes; with IN the planner may hash-join against every row of the user. A SELECT around the
 * data-modifying CTE: TypeORM hands back its rows as they are.
 */
export function deleteBatchSql(table: RetentionTable, returning: 'count' | 'rows'): string {
  return `WITH gone AS (
  DELETE FROM ${table} WHERE user_ref = $1 AND record_key = ANY(ARRAY(${doomedKeys(table)}))
  RETURNING ${returning === 'count' ? '1' : '*'}
) SELECT ${returning === 'count' ? 'count(*)::int AS n' : '*'} FROM gone`;
}

const DELETE_BATCH = Object.fromEntries(
  RETENTION_TABLES.map((t) => [
    t,
    {
      count: statement(`privacy/retention-delete-batch/${t}`, deleteBatchSql(t, 'count')),
      rows: statement(`privacy/retention-delete-batch-rows/${t}`, deleteBatchSql(t, 'rows')),
    },
  ]),
) as Record<RetentionTable, { count: string; rows: string }>;

/**
 * $1 user_ref, $2 batch size, $3 the user's rollup metrics, $4 per metric the bound below which its
 * quarters go: the cutoff, or the start of the quarters its straddlers cover (those are recomputed,
 * not deleted, so a second run finds nothing to do).
 */
const DELETE_ROLLUP_BATCH = statement(
  'privacy/retention-delete-rollup-batch',
  `WITH doomed AS (
  SELECT k.* FROM unnest($3::text[], $4::timestamptz[]) AS t(name, bound) CROSS JOIN LATERAL (
    SELECT r.sample_type, r.bucket_start, r.source_id FROM sample_rollup r
    WHERE r.user_ref = $1 AND r.sample_type = t.name AND r.bucket_start < t.bound ORDER BY r.bucket_start LIMIT $2) k
  LIMIT $2
), gone AS (
  DELETE FROM sample_rollup r USING doomed d
  WHERE r.user_ref = $1 AND r.sample_type = d.sample_type AND r.bucket_start = d.bucket_start AND r.source_id = d.source_id
  RETURNING 1
) SELECT count(*)::int AS n FROM gone`,
);

/** Per metric, the earliest start of a kept aggregatable sample straddling the cutoff ($2). */
const STRADDLERS = statement(
  'privacy/retention-straddlers',
  `SELECT ht.name AS "sampleType", min(s.start_time) AS first
FROM unnest($3::int[]) AS t(id) JOIN health_term ht ON ht.id = t.id
CROSS JOIN LATERAL (
  SELECT s.start_time FROM healthkit_sample s
  WHERE s.user_ref = $1 AND s.type_id = t.id
    AND s.start_time >= $2::timestamptz - interval '${MAX_AGGREGATED_SPAN_HOURS} hours' AND s.start_time < $2
    AND s.end_time > $2 AND s.end_time - s.start_time <= interval '${MAX_AGGREGATED_SPAN_HOURS} hours'
) s
GROUP BY ht.name`,
);

// As a chunk's transaction does (libs/store/src/ledger/admission.ts): an erasure's final sweep waits for us, and a
// marker committed before we got the lock is seen, so the recompute never brings erased rows back.
const LOCK_USER_SHARED = LOCK_SQL.userWritesShared;
const ERASING = statement(
  'privacy/retention-erasing',
  `SELECT EXISTS (SELECT 1 FROM health_data_erasure WHERE user_ref = $1 AND status = 'running') AS erasing`,
);
// As an erasure's start does: waits for the user's chunk transactions in flight (a chunk resolves
// its contexts, then writes rows naming them) and holds new ones back while contexts are deleted.
const LOCK_USER_EXCLUSIVE = LOCK_SQL.userWritesExclusive;

/**
 * $1 user_ref: the user's contexts that no health row names any more (their rows aged out). A
 * context holds metadata of the user's health data, so it goes with the last row that used it.
 * One pass over the user's rows per table (its user index), not one probe per context.
 */
const DELETE_UNUSED_CONTEXTS = statement(
  'privacy/retention-delete-unused-contexts',
  `WITH used AS (
  ${RETENTION_TABLES.map((t) => `SELECT context_id FROM ${t} WHERE user_ref = $1`).join('\n  UNION ')}
), gone AS (
  DELETE FROM sample_context c WHERE c.user_ref = $1 AND NOT EXISTS (SELECT 1 FROM used u WHERE u.context_id = c.id)
  RETURNING 1
) SELECT count(*)::int AS n FROM gone`,
);

export function emptyCounts(): RetentionCounts {
  return Object.fromEntries([...RETENTION_TABLES, 'sample_rollup'].map((t) => [t, 0])) as RetentionCounts;
}

interface User {
  id: number;
  subject: string;
}

/** Runs retention over every user once. Safe to run again or twice at once: each batch deletes only rows that still exist. */
export async function runRetention(db: DataSource, options: RetentionOptions): Promise<RetentionResult> {
  const { cutoff, batchSize } = options;
  if (!isQuarterBoundary(cutoff)) throw new Error('the retention cutoff must be a quarter-hour boundary');
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error('the retention batch size must be a positive whole number');
  const result: RetentionResult = {
    cutoff,
    deleted: emptyCounts(),
    unusedContextsDeleted: 0,
    usersVisited: 0,
    usersTrimmed: 0,
    batches: 0,
    stopped: false,
  };
  const aborted = () => options.signal?.aborted === true;

  /** Deletes batches until one comes back short; returns the rows deleted. */
  const drain = async (batch: () => Promise<number>): Promise<number> => {
    let total = 0;
    for (;;) {
      if (aborted()) return total;
      const n = await batch();
      result.batches += 1;
      total += n;
      if (n < batchSize) return total;
    }
  };

  const tableBatch = (table: RetentionTable, params: unknown[]) => async (): Promise<number> => {
    if (!options.archive) {
      const [row]: { n: number }[] = await db.query(DELETE_BATCH[table].count, params);
      return row?.n ?? 0;
    }
    const archive = options.archive;
    return db.transaction(async (em) => {
      const rows: Record<string, unknown>[] = await em.query(DELETE_BATCH[table].rows, params);
      if (rows.length > 0) await archive(table, rows);
      return rows.length;
    });
  };

  const retainUser = async (user: User) => {
    const typeIds = ((await db.query(SAMPLE_TYPES, [user.id])) as { id: number }[]).map((r) => r.id);
    const straddling = typeIds.length > 0 ? await straddlerRanges(db, user.id, cutoff, typeIds) : [];
    const mine = emptyCounts();
    for (const table of RETENTION_TABLES) {
      if (table === 'healthkit_sample' && typeIds.length === 0) continue;
      const params = [user.id, cutoff, batchSize, ...(table === 'healthkit_sample' ? [typeIds] : [])];
      mine[table] = await drain(tableBatch(table, params));
    }
    const metrics = ((await db.query(ROLLUP_TYPES, [user.id])) as { name: string }[]).map((r) => r.name);
    if (metrics.length > 0) {
      const bounds = metrics.map((m) => straddling.find((r) => r.sampleType === m)?.from ?? cutoff);
      mine.sample_rollup = await drain(async () => {
        const [row]: { n: number }[] = await db.query(DELETE_ROLLUP_BATCH, [user.id, batchSize, metrics, bounds]);
        return row?.n ?? 0;
      });
    }
    // Also after a stop mid-user: the quarters the straddlers cover never keep a deleted sample's share.
    if ((mine.healthkit_sample > 0 || mine.sample_rollup > 0) && straddling.length > 0) {
      await recomputeRollup(db, user, straddling);
    }
    let any = false;
    for (const key of Object.keys(mine) as (keyof RetentionCounts)[]) {
      result.deleted[key] += mine[key];
      any ||= mine[key] > 0;
    }
    if (any) {
      result.usersTrimmed += 1;
      result.unusedContextsDeleted += await deleteUnusedContexts(db, user);
    }
  };

  let after = 0;
  for (;;) {
    const users: User[] = await db.query(USERS_PAGE, [after, options.usersPerPage ?? 500]);
    for (const user of users) {
      if (aborted()) break;
      await retainUser(user);
      result.usersVisited += 1;
      after = user.id;
    }
    if (aborted()) {
      result.stopped = true;
      break;
    }
    if (users.length < (options.usersPerPage ?? 500)) break;
  }
  return result;
}

/**
 * Per metric, the quarters before the cutoff that kept samples straddling it cover. Those samples
 * are the only kept ones there (every other sample before the cutoff goes), so these quarters are
 * recomputed from them rather than deleted.
 */
async function straddlerRanges(db: DataSource, userRef: number, cutoff: Date, typeIds: number[]): Promise<RollupRange[]> {
  const rows: { sampleType: string; first: Date }[] = await db.query(STRADDLERS, [userRef, cutoff, typeIds]);
  const ranges: RollupRange[] = [];
  for (const row of rows) {
    const span = straddlerSpan(new Date(row.first), cutoff);
    if (span) ranges.push({ sampleType: row.sampleType, ...span });
  }
  return ranges;
}

/** Deletes the user's contexts no row uses, in one short transaction under the user's exclusive lock. */
async function deleteUnusedContexts(db: DataSource, user: User): Promise<number> {
  return db.transaction(async (em) => {
    await em.query(LOCK_USER_EXCLUSIVE, [user.subject]);
    const [row]: { n: number }[] = await em.query(DELETE_UNUSED_CONTEXTS, [user.id]);
    return row?.n ?? 0;
  });
}

/** Recomputes the straddlers' quarters: one short transaction under the user's rollup locks. */
async function recomputeRollup(db: DataSource, user: User, ranges: RollupRange[]): Promise<void> {
  await db.transaction(async (em) => {
    await em.query(LOCK_USER_SHARED, [user.subject]);
    const [{ erasing }]: { erasing: boolean }[] = await em.query(ERASING, [user.id]);
    if (!erasing) await refreshRollup(em, user.subject, ranges, user.id);
  });
}
