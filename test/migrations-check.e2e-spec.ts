import { loadDatabaseSettings } from '@app/config';
import { buildDataSourceOptions, MIGRATIONS, pendingMigrations, runMigrationsLocked } from '@app/database';
import { Client } from 'pg';
import { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import { connectTestDb, resetSchema } from './support/database';
import { AppProcess, ENTRY, freePort, runToExit, startApi, startWorker } from './support/processes';
import { appEnv, clearQueue, TEST_DATABASE_URL } from './support/test-env';

jest.setTimeout(90_000);

const LAST = MIGRATIONS[MIGRATIONS.length - 1].name;

/** A data source over the test database that knows only the given migrations. */
function dataSourceWith(migrations: Array<new () => MigrationInterface>): DataSource {
  const options = buildDataSourceOptions(loadDatabaseSettings({ DATABASE_URL: TEST_DATABASE_URL }), 'migrations-check-test');
  return new DataSource({ ...options, migrations });
}

/**
 * MIGRATIONS=check (ECS): API and worker compare the applied migrations with the compiled-in ones and
 * refuse to start while one is pending; the one-off migrate task (npm run migrate) applies them.
 */
describe('MIGRATIONS=check: the apps start only on a current schema (built processes)', () => {
  // Hash-tagged like the default ({hs}): the apps and the queue tools run on such a prefix too.
  const prefix = `{e2e-migcheck-${process.pid}}`;
  const env = appEnv(prefix, { MIGRATIONS: 'check' });
  let db: Client;
  const running: AppProcess[] = [];

  beforeAll(async () => {
    db = await connectTestDb();
    await resetSchema(db);
    // A database one release behind: every migration but the last.
    const behind = await dataSourceWith(MIGRATIONS.slice(0, -1)).initialize();
    try {
      await runMigrationsLocked(behind);
    } finally {
      await behind.destroy();
    }
  });

  afterAll(async () => {
    await Promise.all(running.map((p) => p.stop()));
    await clearQueue(prefix);
    await db?.end();
  });

  it.each([
    ['api', ENTRY.api],
    ['worker', ENTRY.worker],
  ])('%s exits non-zero naming the pending migration, and changes nothing', async (_name, entry) => {
    const port = String(await freePort());
    const result = await runToExit(entry, { ...env, PORT: port, WORKER_HEALTH_PORT: port }, 30_000);
    expect(result.code).not.toBe(0);
    expect(result.output).toContain(`1 migration(s) pending (${LAST})`);
    // Only names: no connection string (it may carry a password) in the log.
    expect(result.output).not.toContain(TEST_DATABASE_URL);
    const { rows } = await db.query('SELECT count(*)::int AS n FROM typeorm_migrations WHERE name = $1', [LAST]);
    expect(rows[0].n).toBe(0);
  });

  it('after the migrate task, both start and serve', async () => {
    const migrate = await runToExit(ENTRY.migrate, env, 60_000);
    expect(migrate.code).toBe(0);
    expect(migrate.output).toContain(`applied: ${LAST}`);
    const api = await startApi(env);
    const worker = await startWorker(env);
    running.push(api, worker);
    await Promise.all([api.waitReady(), worker.waitReady()]);
  });
});

class ScratchTable1999000000000 implements MigrationInterface {
  name = 'ScratchTable1999000000000';
  async up(q: QueryRunner) {
    await q.query('CREATE TABLE migration_scratch (id bigint PRIMARY KEY, user_ref text NOT NULL)');
  }
  async down(q: QueryRunner) {
    await q.query('DROP TABLE migration_scratch');
  }
}

/** What a resumable conversion of a large table needs: a migration outside any transaction. */
class ConcurrentIndex1999000000001 implements MigrationInterface {
  name = 'ConcurrentIndex1999000000001';
  transaction = false as const;
  async up(q: QueryRunner) {
    // PostgreSQL refuses this inside a transaction block.
    await q.query('CREATE INDEX CONCURRENTLY migration_scratch_user_ref ON migration_scratch (user_ref)');
  }
  async down(q: QueryRunner) {
    await q.query('DROP INDEX CONCURRENTLY migration_scratch_user_ref');
  }
}

describe('migrations may opt out of a transaction (transaction = false)', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    const db = await connectTestDb();
    await resetSchema(db);
    await db.end();
    dataSource = await dataSourceWith([...MIGRATIONS, ScratchTable1999000000000, ConcurrentIndex1999000000001]).initialize();
  });

  afterAll(() => dataSource?.destroy());

  it('runs one outside a transaction among the others, and then nothing is pending', async () => {
    const applied = await runMigrationsLocked(dataSource);
    expect(applied.slice(-2)).toEqual(['ScratchTable1999000000000', 'ConcurrentIndex1999000000001']);
    const [{ valid }] = await dataSource.query(
      `SELECT indisvalid AS valid FROM pg_index WHERE indexrelid = 'migration_scratch_user_ref'::regclass`,
    );
    expect(valid).toBe(true);
    expect(await pendingMigrations(dataSource)).toEqual([]);
  });
});
