import { statement } from '../sql/statement';

/**
 * Every PostgreSQL advisory lock the service takes. Two key spaces:
 * - one bigint key: the fixed ids 72_617_00x below, and per-sync / per-user / per-metric keys hashed
 *   with hashtextextended from a text that starts with the lock's own prefix, so two kinds never share
 *   a key (a hash may collide with a fixed id with odds of 2^-64 a pair: harmless, it only waits);
 * - two int keys (class, hashtext(subject)): the erasure classes below.
 * The migration lock lives in libs/database (which may not import the store) and is listed here.
 */

/** Session lock: one process applies pending migrations (libs/database/src/migrate.ts). */
export { MIGRATION_LOCK_ID } from '@app/database/migrate';
/** Transaction lock, tried: one worker at a time sweeps the outbox. */
export const SWEEP_LOCK_ID = 72_617_002;
/** Session lock, tried: one worker at a time runs retention. */
export const RETENTION_LOCK_ID = 72_617_003;
/** Class of "a user's data is being written / erased" (second key: hashtext(subject)). */
export const ERASURE_LOCK_CLASS = 72019;
/** Class of "an erasure of this user is being run" (session-level, one runner at a time). */
export const ERASURE_RUNNER_LOCK_CLASS = 72020;

export const LOCK_SQL = {
  /**
   * $1 subject. Shared: many chunks of one user may be stored at once (and retention may recompute);
   * only an erasure's start waits for them.
   */
  userWritesShared: statement(
    'locks/user-writes-shared',
    `SELECT pg_advisory_xact_lock_shared(${ERASURE_LOCK_CLASS}, hashtext($1))`,
  ),
  /**
   * $1 chunk ids, $2 their job uuids: userWritesShared of the user of every chunk of a batch, keyed by
   * the subject of the chunk's ledger row (a job names the row, not the user), taken in subject order
   * (the subquery's: OFFSET 0 keeps it apart, so the volatile calls run in its sorted order). Returns
   * each row found, by its place in the input (1-based); a chunk without its row (erased, or another
   * chunk's since a restore) takes no lock and is not returned.
   */
  chunksUserWritesShared: statement(
    'locks/chunks-user-writes-shared',
    `SELECT x.ord::int AS ord, x.subject, x.data_type, x.sync_key,
  pg_advisory_xact_lock_shared(${ERASURE_LOCK_CLASS}, hashtext(x.subject)) IS NULL AS locked
FROM (SELECT i.ord, u.subject, c.data_type, c.sync_key
      FROM unnest($1::bigint[], $2::uuid[]) WITH ORDINALITY AS i(id, job_uuid, ord)
      JOIN sync_chunk c ON c.id = i.id AND c.job_uuid = i.job_uuid JOIN app_user u ON u.id = c.user_ref
      ORDER BY u.subject, i.ord OFFSET 0) AS x`,
  ),
  /** $1 subject. Exclusive: an erasure's start (or retention's context sweep) waits for the user's chunks in flight. */
  userWritesExclusive: statement(
    'locks/user-writes-exclusive',
    `SELECT pg_advisory_xact_lock(${ERASURE_LOCK_CLASS}, hashtext($1))`,
  ),
  /** $1 subject: true when this session became the user's one erasure runner. */
  erasureRunnerTry: statement(
    'locks/erasure-runner-try',
    `SELECT pg_try_advisory_lock(${ERASURE_RUNNER_LOCK_CLASS}, hashtext($1)) AS locked`,
  ),
  /** $1 subject. */
  erasureRunnerRelease: statement(
    'locks/erasure-runner-release',
    `SELECT pg_advisory_unlock(${ERASURE_RUNNER_LOCK_CLASS}, hashtext($1))`,
  ),
  /** $1 user, $2 data type, $3 sync key: serialises work on one sync (numbering, completion). */
  sync: statement(
    'locks/sync',
    `SELECT pg_advisory_xact_lock(hashtextextended($1::text || '/' || $2::text || '/' || $3::text, 0))`,
  ),
  /**
   * $1 users, $2 data types, $3 sync keys: the sync lock of every sync of a batch of chunks, in one
   * sorted order (the subquery's: volatile calls run after its sort), so two batches never wait for
   * each other in a circle. The worker takes it before it locks the batch's ledger rows: the API,
   * numbering a chunk, also takes the sync lock before the row.
   */
  syncs: statement(
    'locks/syncs',
    `SELECT count(pg_advisory_xact_lock(hashtextextended(k, 0)))
FROM (SELECT DISTINCT u::text || '/' || d::text || '/' || s::text AS k
      FROM unnest($1::text[], $2::text[], $3::text[]) AS t(u, d, s) ORDER BY k) AS x`,
  ),
  /** $1 user, $2 metrics: serialises rollup work per (user, metric), taken in sorted order. */
  rollupMetrics: statement(
    'locks/rollup-metrics',
    `SELECT pg_advisory_xact_lock(hashtextextended('rollup/' || $1 || '/' || t, 0))
FROM unnest($2::text[]) AS t ORDER BY t`,
  ),
  /** Transaction lock, tried: true when this worker sweeps the outbox now. */
  sweepTry: statement('locks/sweep-try', `SELECT pg_try_advisory_xact_lock(${SWEEP_LOCK_ID}) AS locked`),
  /** Session lock, tried: true when this worker runs retention now. */
  retentionTry: statement('locks/retention-try', `SELECT pg_try_advisory_lock(${RETENTION_LOCK_ID}) AS locked`),
  retentionRelease: statement('locks/retention-release', `SELECT pg_advisory_unlock(${RETENTION_LOCK_ID})`),
} as const;

/**
 * $1 subject: the order rule's per-user lock (docs/architecture.md rule 10), taken first in a chunk's
 * transaction; the same statement finds the user's app_user id.
 */
export const ORDER_LOCK_SQL = {
  exclusive: statement(
    'locks/order-exclusive',
    `SELECT pg_advisory_xact_lock(hashtextextended('order/' || $1::text, 0)),
  (SELECT id FROM app_user WHERE subject = $1) AS id`,
  ),
  shared: statement(
    'locks/order-shared',
    `SELECT pg_advisory_xact_lock_shared(hashtextextended('order/' || $1::text, 0)),
  (SELECT id FROM app_user WHERE subject = $1) AS id`,
  ),
} as const;
