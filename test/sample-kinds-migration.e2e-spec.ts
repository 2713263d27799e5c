import { loadDatabaseSettings } from '@app/config';
import { buildDataSourceOptions, MIGRATIONS } from '@app/database';
import { resolveContexts, resolveTypeIds, resolveUserRef } from '@app/store';
import { DataSource } from 'typeorm';
import { connectTestDb, resetSchema } from './support/database';
import { ENTRY, runToExit } from './support/processes';
import { TEST_DATABASE_URL, TEST_REDIS_URL } from './support/test-env';

jest.setTimeout(120_000);

const KEY = {
  wrist: '0e2c1b6a-7d1f-4b55-9a0e-3f7c2d5e8a11',
  insulin: '1f3d2c7b-8e2a-4c66-8b1f-4a8d3e6f9b22',
  fiber: '2a4e3d8c-9f3b-4d77-9c2a-5b9e4f7a0c33',
};

/**
 * Rows stored before the type catalog: the migration moves SLEEP_WRIST_TEMPERATURE out of the sleep
 * table and fills structured values' numbers; `npm run rollup -- rebuild --all` then gives the new kinds.
 */
describe('SampleKinds migration and the rollup rebuild, on a database that holds rows', () => {
  const index = MIGRATIONS.findIndex((m) => m.name === 'SampleKinds1765700000000');
  const options = () => buildDataSourceOptions(loadDatabaseSettings({ DATABASE_URL: TEST_DATABASE_URL }), 'migration-test');

  it('moves wrist temperature to the samples, fills insulin units, and the rebuild sums the fibre', async () => {
    const db = await connectTestDb();
    await resetSchema(db);
    const before = await new DataSource({ ...options(), migrations: MIGRATIONS.slice(0, index) }).initialize();
    await before.runMigrations();
    const em = before.manager;
    const userRef = await resolveUserRef(em, 'kinds-user');
    const [wrist, insulin, fiber] = await resolveTypeIds(em, ['SLEEP_WRIST_TEMPERATURE', 'INSULIN_DELIVERY', 'DIETARY_FIBER']);
    const [context] = await resolveContexts(em, userRef, [
      { unit: 'DEGREE_CELSIUS', recordingMethod: 'automatic', sourceDeviceId: null, metadata: null },
    ]);
    const [{ id: source }] = await before.query(
      `INSERT INTO healthkit_source (user_id, platform, bundle_id, name, kind, precedence) VALUES ('kinds-user', 'appleHealth', 'w', 'Watch', 'apple_watch', 1) RETURNING id`,
    );
    const row = [userRef, context, source];
    // As the old code stored them: wrist temperature a sleep "unknown" stage, insulin without a value,
    // fibre (then a reading) with a rollup whose sum is the value once per minute.
    await before.query(
      `INSERT INTO healthkit_sleep_analysis (user_ref, record_key, type_id, context_id, source_id, start_time, end_time, stage, value)
       VALUES ($1, $4, $5, $2, $3, '2025-09-09T22:30Z', '2025-09-10T04:30Z', 'unknown', 35.62)`,
      [...row, KEY.wrist, wrist],
    );
    await before.query(
      `INSERT INTO healthkit_sample (user_ref, record_key, type_id, context_id, source_id, start_time, end_time, value, value_detail)
       VALUES ($1, $4, $5, $2, $3, '2025-09-10T10:30Z', '2025-09-10T10:30Z', NULL, '{"__type":"InsulinDeliveryHealthValue","units":4.5,"reason":"BOLUS"}'),
              ($1, $6, $7, $2, $3, '2025-09-10T06:00Z', '2025-09-10T06:10Z', 6.5, NULL)`,
      [...row, KEY.insulin, insulin, KEY.fiber, fiber],
    );
    await before.query(
      `INSERT INTO sample_rollup (user_id, sample_type, bucket_start, source_id, sum, value_sum, count, min, max)
       VALUES ('kinds-user', 'DIETARY_FIBER', '2025-09-10T06:00Z', $1, 65, 6.5, 1, 6.5, 6.5)`,
      [source],
    );
    await before.destroy();

    const after = await new DataSource(options()).initialize();
    try {
      const applied = await after.runMigrations();
      expect(applied.map((m) => m.name)).toEqual(MIGRATIONS.slice(index).map((m) => m.name));
      expect(await after.query(`SELECT count(*)::int AS n FROM healthkit_sleep_analysis`)).toEqual([{ n: 0 }]);
      const samples = await after.query(
        `SELECT record_key::text AS key, type_id, context_id::int, start_time, end_time, value FROM healthkit_sample ORDER BY start_time`,
      );
      expect(samples).toEqual([
        {
          key: KEY.wrist,
          type_id: wrist,
          context_id: Number(context),
          start_time: new Date('2025-09-09T22:30Z'),
          end_time: new Date('2025-09-10T04:30Z'),
          value: 35.62,
        },
        expect.objectContaining({ key: KEY.fiber, value: 6.5 }),
        expect.objectContaining({ key: KEY.insulin, value: 4.5 }),
      ]);

      const rebuilt = await runToExit(
        ENTRY.rollup,
        { PATH: process.env.PATH ?? '', DATABASE_URL: TEST_DATABASE_URL, REDIS_URL: TEST_REDIS_URL },
        15_000,
        ['rebuild', '--all'],
      );
      expect([rebuilt.code, rebuilt.output]).toEqual([0, expect.stringContaining('1 user(s) rebuilt')]);
      const rollup = await after.query(
        `SELECT sample_type AS type, sum(sum)::float8 AS sum, sum(value_sum)::float8 AS value_sum, sum(count)::int AS count
         FROM sample_rollup WHERE user_ref = (SELECT id FROM app_user WHERE subject = 'kinds-user') GROUP BY 1 ORDER BY 1`,
      );
      expect(rollup).toEqual([
        { type: 'DIETARY_FIBER', sum: 6.5, value_sum: 6.5, count: 1 },
        { type: 'INSULIN_DELIVERY', sum: 4.5, value_sum: 4.5, count: 1 },
        { type: 'SLEEP_WRIST_TEMPERATURE', sum: expect.any(Number), value_sum: 35.62, count: 1 },
      ]);

      // Down puts the wrist temperature back where the old code reads it.
      for (let i = MIGRATIONS.length; i > index; i--) await after.undoLastMigration(); // back to before SampleKinds
      expect(await after.query(`SELECT record_key::text AS key, stage, value FROM healthkit_sleep_analysis`)).toEqual([
        { key: KEY.wrist, stage: 'unknown', value: 35.62 },
      ]);
      expect(await after.query(`SELECT record_key::text AS key, value FROM healthkit_sample ORDER BY start_time`)).toEqual([
        { key: KEY.fiber, value: 6.5 },
        { key: KEY.insulin, value: null },
      ]);
    } finally {
      await after.destroy();
      await db.end();
    }
  });
});
