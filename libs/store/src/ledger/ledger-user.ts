/**
 * The ledger's tables key on `user_ref` (app_user.id); the API and the jobs know the user by the
 * subject (JWT sub). These fragments resolve one from the other inside the statements that already
 * run, so no chunk pays a round trip for it.
 */

/** SQL for "the app_user id of the subject in parameter p" (NULL when the user has none). */
export const ledgerUserOf = (param: string) => `(SELECT id FROM app_user WHERE subject = ${param})`;

/**
 * CTEs ending in `usr (id)`: the app_user id of the subject in parameter p, made when the user has
 * none. Used where the API writes a ledger row (a user's first chunk makes the user). `what` names
 * the first CTE, so that a slow statement's head in the log (query-logger.ts) tells which it is.
 *
 * - FOR KEY SHARE: an erasure locks the app_user row (FOR UPDATE) before its last sweep of the
 *   user's tables and deletes it after. A writer that locked the row first makes the erasure wait
 *   for its commit, so the sweep sees its row; a writer that comes later waits for the erasure, then
 *   finds the row gone and gets none: never a ledger row naming a deleted app_user, which no later
 *   erasure of the subject could find.
 * - The INSERT runs only when the SELECT found nothing. ON CONFLICT DO NOTHING waits for a
 *   concurrent first chunk of the same user inserting the same subject; it then returns no row
 *   (the other's row is not in this statement's snapshot), `usr` is empty and the statement writes
 *   nothing: the caller runs it again (withLedgerUser), and the new snapshot finds the row.
 */
export const ledgerUserCtes = (what: 'chunk' | 'run', param: string) => `${what}_user AS (
  SELECT id FROM app_user WHERE subject = ${param} FOR KEY SHARE
), made_user AS (
  INSERT INTO app_user (subject) SELECT ${param} WHERE NOT EXISTS (SELECT 1 FROM ${what}_user)
  ON CONFLICT (subject) DO NOTHING RETURNING id
), usr AS (SELECT id FROM ${what}_user UNION ALL SELECT id FROM made_user)`;

/**
 * Runs a statement built on ledgerUserCtes; an empty result means a race on the user's app_user row
 * (a concurrent first chunk, or an erasure deleting it), and the statement runs once more. (A
 * statement that may legitimately write nothing, like ON CONFLICT DO NOTHING, says so with `done`.)
 */
export async function withLedgerUser<R>(run: () => Promise<R[]>, done: (rows: R[]) => boolean = (rows) => rows.length > 0) {
  const first = await run();
  return done(first) ? first : run();
}
