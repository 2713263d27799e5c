import { loadDatabaseSettings } from '@app/config';
import { buildDataSourceOptions, MIGRATIONS } from '@app/database';
import { RECORD_UUID_FUNCTION } from '@app/database/migrations/1765300000000-row-shape';
import { SAMPLE_PARTITIONS } from '@app/database/migrations/1765400000000-sample-partitions';
import { recordUuid } from '@app/health-data';
import { namedRowsSql, resolveContexts, resolveUserRef } from '@app/store';
import { DataSource } from 'typeorm';
import { connectTestDb, resetSchema } from './support/database';
import { ENTRY, runToExit } from './support/processes';
import { TEST_DATABASE_URL } from './support/test-env';

jest.setTimeout(60_000);

/**
 * A database with rows from before the read path and the row shape: the migrations convert the rows
 * and call for their aggregates rollup, which the operator's `npm run rollup -- rebuild` then builds.
 */
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
      // The migrations ran no rollup code: they recorded the rebuild, which the operator step carries out.
      expect(await after.query(`SELECT count(*)::int AS n FROM sample_rollup`)).toEqual([{ n: 0 }]);
      const env = { PATH: process.env.PATH ?? '', DATABASE_URL: TEST_DATABASE_URL };
      const migrate = await runToExit(ENTRY.migrate, env, 30_000);
      expect(migrate.output).toContain(
        'rollup rebuild pending for 1 user(s), called for by RowShape1765300000000: run `npm run rollup -- rebuild`',
      );
      const pending = await runToExit(ENTRY.rollup, env, 15_000, ['pending']);
      expect([pending.code, pending.output]).toEqual([
        0,
        'rollup rebuild pending for 1 user(s), called for by RowShape1765300000000\n',
      ]);
      const rebuilt = await runToExit(ENTRY.rollup, env, 30_000, ['rebuild']);
      expect([rebuilt.code, rebuilt.output]).toEqual([0, expect.stringContaining('1 requested rebuild(s) done')]);
      expect(await after.query(`SELECT count(*)::int AS n FROM rollup_rebuild_request`)).toEqual([{ n: 0 }]);
      const [total] = await after.query(
        `SELECT sum(sum)::float8 AS steps, count(DISTINCT source_id)::int AS sources FROM sample_rollup WHERE user_ref = (SELECT id FROM app_user WHERE subject = 'old-user')`,
      );
      expect(total).toEqual({ steps: 300 + 300, sources: 2 });

      // The row-shape conversion: every row kept, keyed by the uuid the apps now compute.
      const rows: { record_key: string; sample_type: string; unit: string }[] = await after.query(
        `SELECT record_key::text, sample_type, unit FROM ${namedRowsSql('healthkit_sample')} WHERE user_id = 'old-user'`,
      );
      expect(rows).toHaveLength(36);
      expect(new Set(rows.map((r) => r.record_key))).toEqual(
        new Set(
          [...Array(30).keys()].map((i) => recordUuid(`w${i}`)).concat([...Array(6).keys()].map((i) => recordUuid(`p${i}`))),
        ),
      );
      expect(new Set(rows.map((r) => `${r.sample_type}/${r.unit}`))).toEqual(new Set(['STEPS/COUNT']));
      // …and moved into the hash partitions, a user's rows all in one of them.
      const [{ kind, partitions }] = await after.query(`SELECT c.relkind AS kind,
          (SELECT count(*)::int FROM pg_inherits i WHERE i.inhparent = c.oid) AS partitions
        FROM pg_class c WHERE c.oid = 'healthkit_sample'::regclass`);
      expect({ kind, partitions }).toEqual({ kind: 'p', partitions: SAMPLE_PARTITIONS });
      const homes = await after.query(`SELECT DISTINCT tableoid::regclass::text AS home FROM healthkit_sample`);
      expect(homes).toHaveLength(1);
      expect(homes[0].home).toMatch(/^healthkit_sample_p\d\d$/);
      expect(await after.query(`SELECT to_regclass('healthkit_sample_conversion') AS t`)).toEqual([{ t: null }]);
      // A new chunk with the same unit, method, phone and metadata finds the converted context (same digest).
      const [{ n: contextsBefore }] = await after.query(`SELECT count(*)::int AS n FROM sample_context`);
      const userRef = await resolveUserRef(after.manager, 'old-user');
      const context = { unit: 'COUNT', recordingMethod: null, sourceDeviceId: null, metadata: null };
      await resolveContexts(after.manager, userRef, [context]);
      expect((await after.query(`SELECT count(*)::int AS n FROM sample_context`))[0].n).toBe(contextsBefore);
    } finally {
      await after.destroy();
    }
  });

  it('computes record uuids in SQL (for the conversion) exactly as the apps do in Node', async () => {
    const db = await connectTestDb();
    try {
      await db.query('BEGIN');
      await db.query(RECORD_UUID_FUNCTION);
      const ids = ['5C1A2E8F-3B7D-4F2A-9E1C-7D8B6A5F4E3D', 'abc', 'hc-1|STEPS|2025-09-10T08:00:00.000Z', 'ünïcode ✓', ''];
      const { rows } = await db.query(
        `SELECT pg_temp.record_uuid(id)::text AS u FROM unnest($1::text[]) WITH ORDINALITY AS t(id, n) ORDER BY n`,
        [ids],
      );
      expect(rows.map((r) => r.u)).toEqual(ids.map(recordUuid));
    } finally {
      await db.query('ROLLBACK');
      await db.end();
    }
  });
});
