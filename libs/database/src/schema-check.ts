import { DataSource, MigrationExecutor } from 'typeorm';

/**
 * Raised when a process in MIGRATIONS=check mode finds migrations compiled into it that the
 * database has not applied. The message names them (migration class names only: no data, no
 * connection string), so the task's one log line says what the deploy forgot to run.
 */
export class PendingMigrationsError extends Error {
  constructor(readonly pending: string[]) {
    super(
      `database schema is not current: ${pending.length} migration(s) pending (${pending.join(', ')}); ` +
        'run the migrate task (npm run migrate) before starting this version',
    );
    this.name = 'PendingMigrationsError';
  }
}

/**
 * Names of the compiled-in migrations (MIGRATIONS) that the migrations table does not list. Read-only:
 * unlike TypeORM's showMigrations it creates no table, so it is safe against a database a
 * migrate task is changing at the same moment. A migration the database has and this build
 * lacks (the schema is ahead, e.g. after a rollback of the service) is not pending and passes:
 * migrations are written so the previous version keeps working on the new schema.
 */
export async function pendingMigrations(dataSource: DataSource): Promise<string[]> {
  const pending = await new MigrationExecutor(dataSource).getPendingMigrations();
  return pending.map((m) => m.name);
}

/** Throws PendingMigrationsError unless every compiled-in migration has been applied. */
export async function assertSchemaCurrent(dataSource: DataSource): Promise<void> {
  const pending = await pendingMigrations(dataSource);
  if (pending.length > 0) throw new PendingMigrationsError(pending);
}
