import { loadDatabaseSettings } from '@app/config';
import { buildDataSourceOptions, MIGRATIONS } from '@app/database';
import { DataSource } from 'typeorm';
import { connectTestDb, resetSchema } from './support/database';
import { TEST_DATABASE_URL } from './support/test-env';

jest.setTimeout(60_000);

/** Samples stored before the read-path migration get their aggregates rollup when it runs. */
describe('read-path migration on a database that holds rows', () => {
  it('builds the rollup of existing samples, precedence applied', async () => {
    const db = await connectTestDb();
    await resetSchema(db);
    await db.end();
    const options = buildDataSourceOptions(loadDatabaseSettings({ DATABASE_URL: TEST_DATABASE_URL }), 'migration-test');
    const before = await new DataSource({ ...options, migrations: [MIGRATIONS[0]] }).initialize();
    await before.runMigrations();
    await before.query(`INSERT INTO healthkit_source (user_id, platform, bundle_id, name, kind, precedence)
      VALUES ('old-user', 'appleHealth', 'w', 'Watch', 'apple_watch', 1), ('old-user', 'appleHealth', 'p', 'iPhone', 'iphone', 2)`);
    // One hour: the Watch counts 10 a minute for the first 30 minutes, the iPhone 100 per 10 minutes all hour.
    await before.query(`INSERT INTO healthkit_sample (user_id, record_key, hk_uuid, sample_type, unit, start_time, end_time, source_id, source_platform, value)
      SELECT 'old-user', 'w' || i, 'w' || i, 'STEPS', 'COUNT', t, t + interval '1 minute', (SELECT id FROM healthkit_source WHERE bundle_id = 'w'), 'appleHealth', 10
      FROM generate_series(0, 29) AS i, LATERAL (SELECT TIMESTAMPTZ '2025-09-10 08:00Z' + i * interval '1 minute' AS t) x`);
    await before.query(`INSERT INTO healthkit_sample (user_id, record_key, hk_uuid, sample_type, unit, start_time, end_time, source_id, source_platform, value)
      SELECT 'old-user', 'p' || i, 'p' || i, 'STEPS', 'COUNT', t, t + interval '10 minutes', (SELECT id FROM healthkit_source WHERE bundle_id = 'p'), 'appleHealth', 100
      FROM generate_series(0, 5) AS i, LATERAL (SELECT TIMESTAMPTZ '2025-09-10 08:00Z' + i * interval '10 minutes' AS t) x`);
    await before.destroy();

    const after = await new DataSource(options).initialize();
    try {
      const applied = await after.runMigrations();
      expect(applied.map((m) => m.name)).toEqual(MIGRATIONS.slice(1).map((m) => m.name));
      const [total] = await after.query(
        `SELECT sum(sum)::float8 AS steps, count(DISTINCT source_id)::int AS sources FROM sample_rollup WHERE user_id = 'old-user'`,
      );
      expect(total).toEqual({ steps: 300 + 300, sources: 2 });
    } finally {
      await after.destroy();
    }
  });
});
