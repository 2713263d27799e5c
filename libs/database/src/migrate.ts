import { DataSource } from 'typeorm';

/** Arbitrary but fixed: every process of this app that migrates takes the same lock. */
export const MIGRATION_LOCK_ID = 72_617_001;

/**
 * API and worker start together in one task, and several tasks start at once on a deploy:
 * a session-level advisory lock lets exactly one of them apply pending migrations while the
 * others wait and then find nothing left to do.
 */
export async function runMigrationsLocked(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
    try {
      const applied = await dataSource.runMigrations({ transaction: 'all' });
      return applied.map((m) => m.name);
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]);
    }
  } finally {
    await runner.release();
  }
}
