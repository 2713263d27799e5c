import type { PoolClient, QueryResult } from 'pg';
import { EntityManager, QueryFailedError } from 'typeorm';
import { statement, statementName } from './statement';

/**
 * Runs a registered statement as a named (prepared) statement on the transaction's connection, so
 * PostgreSQL parses and analyses it once per connection instead of once per call; inside a
 * transaction that asked for generic plans (`preferGenericPlans`) it is planned once too. The
 * store's write path runs every statement through here: a batch runs some twenty statements, and
 * planning one of them (the rollup's clear-and-rank, measured: 0.4–0.6 ms of planning against
 * 0.6–0.8 ms of execution) cost about as much as running it.
 *
 * Answers what `em.query` answers (rows; `[rows, count]` for UPDATE and DELETE), and fails as it
 * fails (QueryFailedError around the driver's error, logged by the data source's logger), so
 * callers and error classification do not change. SQL that is not a registered statement goes
 * through `em.query` unchanged. Outside a transaction the statement takes a pooled connection for
 * itself, as em.query does, and is prepared on it (the API's one-statement ledger write).
 */
export async function runStatement<T = any>(em: EntityManager, text: string, params: readonly unknown[] = []): Promise<T> {
  const name = statementName(text);
  // A stand-in manager (a bench's or a unit test's: query only) has no connection to prepare on.
  if (name === undefined || !preparesStatements(em) || em.queryRunner?.isReleased) {
    return em.query(text, params as unknown[]) as Promise<T>;
  }
  // Outside a transaction, a connection for this one statement, as em.query takes one.
  const runner = em.queryRunner ?? em.connection.createQueryRunner();
  try {
    const client = (await runner.connect()) as PoolClient;
    let raw: QueryResult;
    try {
      raw = await client.query({ name, text, values: params as unknown[] });
    } catch (err) {
      runner.connection.logger.logQueryError(err as Error, text, params as unknown[], runner);
      throw new QueryFailedError(text, params as unknown[], err as Error);
    }
    return (raw.command === 'UPDATE' || raw.command === 'DELETE' ? [raw.rows, raw.rowCount] : raw.rows) as T;
  } finally {
    if (runner !== em.queryRunner) await runner.release();
  }
}

/** Whether the manager's data source is PostgreSQL with prepared statements on (DATABASE_PREPARED_STATEMENTS). */
function preparesStatements(em: EntityManager): boolean {
  const options = em.connection?.options;
  return (
    options?.type === 'postgres' && (options.extra as { preparedStatements?: boolean } | undefined)?.preparedStatements !== false
  );
}

/**
 * Asks PostgreSQL for generic plans for the rest of the caller's transaction: a named statement is
 * then planned once per connection rather than on every call. Without it PostgreSQL keeps planning
 * statements on the hash-partitioned tables per call (measured: after five custom plans it builds
 * the generic one, prices it with every partition and goes back to custom plans), though the
 * generic plan prunes the same partitions when it runs. Only for transactions whose every
 * statement goes through `runStatement`: an unnamed statement under this setting gets a generic
 * plan built for one use.
 */
export async function preferGenericPlans(em: EntityManager): Promise<void> {
  // Unnamed statements (prepared statements turned off) would each get a generic plan built for one use.
  if (!preparesStatements(em)) return;
  await runStatement(em, GENERIC_PLANS_SQL);
}

// Registered so that runStatement prepares it too; set_config(…, true) lasts until the transaction ends.
const GENERIC_PLANS_SQL = statement(
  'plan-cache/force-generic',
  `SELECT set_config('plan_cache_mode', 'force_generic_plan', true)`,
);
