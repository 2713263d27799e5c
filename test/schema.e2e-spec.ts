import { loadDatabaseSettings } from '@app/config';
import { buildDataSourceOptions, MIGRATIONS, runMigrationsLocked } from '@app/database';
import { DataSource } from 'typeorm';
import { connectTestDb, resetSchema } from './support/database';
import { TEST_DATABASE_URL } from './support/test-env';

jest.setTimeout(60_000);

/** The migrations build exactly the schema the entities describe (no drift), and run once. */
describe('schema', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    const db = await connectTestDb();
    await resetSchema(db);
    await db.end();
    const settings = loadDatabaseSettings({ DATABASE_URL: TEST_DATABASE_URL });
    dataSource = await new DataSource(buildDataSourceOptions(settings, 'schema-test')).initialize();
  });

  afterAll(() => dataSource?.destroy());

  it('applies the migrations once even when several processes race', async () => {
    const applied = await Promise.all([
      runMigrationsLocked(dataSource),
      runMigrationsLocked(dataSource),
      runMigrationsLocked(dataSource),
    ]);
    expect(applied.flat()).toEqual(MIGRATIONS.map((m) => m.name));
  });

  it('leaves nothing for TypeORM to synchronise: entities and migrations agree', async () => {
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('compresses the ledger payload with lz4 (the API writes one per chunk)', async () => {
    const [row] = await dataSource.query(
      `SELECT attcompression FROM pg_attribute WHERE attrelid = 'sync_chunk'::regclass AND attname = 'pending_payload'`,
    );
    expect(row.attcompression).toBe('l');
  });

  it('never synchronises on its own', () => {
    expect(dataSource.options.synchronize).toBe(false);
    expect(dataSource.options.migrationsRun).toBe(false);
  });
});
