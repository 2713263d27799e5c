import { statement } from '../sql/statement';

/**
 * The statements of the rollup's operator command (apps/api/src/rollup.ts) and of `npm run migrate`'s
 * report: the rebuilds migrations called for (rollup_rebuild_request), and who has samples of a metric.
 */
export const REBUILD_REQUEST_SQL = {
  /** What `npm run migrate` and `npm run rollup -- pending` report: per calling migration, how many users. */
  summary: statement(
    'rollup/rebuild-requests-summary',
    `SELECT requested_by AS "requestedBy", count(*)::int AS users, min(requested_at) AS since
FROM rollup_rebuild_request GROUP BY requested_by ORDER BY min(id)`,
  ),
  /**
   * $1 the last id handled: the next request and its user's subject (for the erasure lock, taken
   * before the request row is touched, in the order an erasure takes them).
   */
  next: statement(
    'rollup/rebuild-requests-next',
    `SELECT r.id, u.subject, r.sample_types AS "sampleTypes"
FROM rollup_rebuild_request r JOIN app_user u ON u.id = r.user_ref
WHERE r.id > $1 ORDER BY r.id LIMIT 1`,
  ),
  /** $1 id: claims the request in the rebuild's transaction (gone: another run or an erasure took it). */
  take: statement('rollup/rebuild-requests-take', `DELETE FROM rollup_rebuild_request WHERE id = $1 RETURNING id`),
  /** $1 metric names: the subjects of every user who has samples of one of them, in id order. */
  usersWithSamplesOf: statement(
    'rollup/users-with-samples-of',
    `SELECT u.subject FROM app_user u WHERE EXISTS (SELECT 1 FROM healthkit_sample s
   WHERE s.user_ref = u.id AND s.type_id IN (SELECT id FROM health_term WHERE name = ANY($1::text[])))
ORDER BY u.id`,
  ),
};
