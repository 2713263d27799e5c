import { DataSource, MigrationExecutor, QueryRunner } from 'typeorm';

/** Arbitrary but fixed: every process of this app that migrates takes the same lock. */
export const MIGRATION_LOCK_ID = 72_617_001;

/**
 * Locally API and worker start together and may both migrate (MIGRATIONS=run), and in AWS a
 * second migrate task may overlap a first: a session-level advisory lock lets exactly one of
 * them apply pending migrations while the others wait and then find nothing left to do.
 *
 * Each migration runs in its own transaction ('each', not 'all'): TypeORM refuses a migration
 * that sets `transaction = false` under 'all', and a conversion of a large table has to run
 * outside one transaction (CREATE INDEX CONCURRENTLY, batches committed one by one so a killed
 * run resumes where it stopped). A failed migration leaves the ones before it applied and recorded.
 */
/** How often a process waiting for another's migrations tries the lock again. */
const LOCK_RETRY_MS = 200;

/**
 * Tried, not waited for: a statement blocked in pg_advisory_lock holds a snapshot, and CREATE INDEX
 * CONCURRENTLY in the migrating session waits for every older snapshot to end, so the two would
 * deadlock (the waiter is then killed with "deadlock detected"). Between tries nothing is held.
 */
async function waitForMigrationLock(runner: QueryRunner): Promise<void> {
  for (;;) {
    const [{ locked }]: { locked: boolean }[] = await runner.query('SELECT pg_try_advisory_lock($1) AS locked', [
      MIGRATION_LOCK_ID,
    ]);
    if (locked) return;
    await new Promise((resolve) => setTimeout(resolve, LOCK_RETRY_MS));
  }
}

export async function runMigrationsLocked(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    // The apps' statement_timeout bounds requests and jobs, not a migration (a table rewrite) nor
    // the wait for another process's migration: off on this one connection, which runs them all.
    await runner.query('SET statement_timeout = 0');
    await waitForMigrationLock(runner);
    try {
      const executor = new MigrationExecutor(dataSource, runner);
      executor.transaction = 'each';
      const applied = await executor.executePendingMigrations();
      return applied.map((m) => m.name);
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]);
    }
  } finally {
    // Back to the connection's own setting before the pool hands it to a request.
    await runner.query('RESET statement_timeout').catch(() => undefined);
    await runner.release();
  }
}
