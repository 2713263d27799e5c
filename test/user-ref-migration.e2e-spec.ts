import { loadDatabaseSettings } from '@app/config';
import { buildDataSourceOptions, MIGRATIONS } from '@app/database';
import { UserRef1765810000000 } from '@app/database/migrations/1765810000000-user-ref';
import { DataSource, QueryRunner } from 'typeorm';
import { connectTestDb, resetSchema } from './support/database';
import { TEST_DATABASE_URL } from './support/test-env';

jest.setTimeout(120_000);

const TABLES = ['healthkit_source', 'source_precedence', 'sample_rollup', 'user_profile', 'health_data_erasure'];
/** More users than one batch of the conversion (50), so a killed run stops between batches. */
const USERS = 120;

const options = () => buildDataSourceOptions(loadDatabaseSettings({ DATABASE_URL: TEST_DATABASE_URL }), 'user-ref-migration');

/** Every row of the five tables with the subject it belongs to, keyed so that before and after compare. */
const OWNERS_BEFORE = `
SELECT 'healthkit_source' AS t, id::text AS k, user_id AS subject FROM healthkit_source
UNION ALL SELECT 'source_precedence', id::text, user_id FROM source_precedence
UNION ALL SELECT 'sample_rollup', sample_type || '/' || bucket_start::text || '/' || source_id, user_id FROM sample_rollup
UNION ALL SELECT 'user_profile', id::text, user_id FROM user_profile
UNION ALL SELECT 'health_data_erasure', id::text, user_id FROM health_data_erasure
ORDER BY 1, 2`;
const OWNERS_AFTER = `
SELECT x.t, x.k, u.subject FROM (
  SELECT 'healthkit_source' AS t, id::text AS k, user_ref FROM healthkit_source
  UNION ALL SELECT 'source_precedence', id::text, user_ref FROM source_precedence
  UNION ALL SELECT 'sample_rollup', sample_type || '/' || bucket_start::text || '/' || source_id, user_ref FROM sample_rollup
  UNION ALL SELECT 'user_profile', id::text, user_ref FROM user_profile
  UNION ALL SELECT 'health_data_erasure', id::text, user_ref FROM health_data_erasure
) x LEFT JOIN app_user u ON u.id = x.user_ref
ORDER BY 1, 2`;

/** A query runner that dies (as a killed process would) at the `nth` statement matching `at`. */
function dyingAt(runner: QueryRunner, at: RegExp, nth: number): QueryRunner {
  let seen = 0;
  return new Proxy(runner, {
    get(target, prop, receiver) {
      if (prop === 'query') {
        return (...args: Parameters<QueryRunner['query']>) => {
          if (at.test(args[0]) && ++seen === nth) throw new Error('killed');
          return target.query(...args);
        };
      }
      const value = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** Runs the conversion on its own connection, killed at a statement; the connection is then dropped. */
async function killedRun(at: RegExp, nth = 1): Promise<void> {
  const ds = await new DataSource({ ...options(), migrations: [] }).initialize();
  const runner = ds.createQueryRunner();
  try {
    await expect(new UserRef1765810000000().up(dyingAt(runner, at, nth))).rejects.toThrow('killed');
  } finally {
    await runner.release();
    await ds.destroy(); // an open swap transaction dies with the connection
  }
}

describe('UserRef migration on a database that holds rows', () => {
  const index = MIGRATIONS.findIndex((m) => m.name === 'UserRef1765810000000');

  it('names every user by app_user id, makes the app_user rows subjects lacked, keeps the unique keys, and can be killed and run again', async () => {
    const db = await connectTestDb();
    await resetSchema(db);
    await db.end();
    const before = await new DataSource({ ...options(), migrations: MIGRATIONS.slice(0, index) }).initialize();
    await before.runMigrations();
    // Users with an app_user row (they stored chunks) and users without one (a ranking, a profile, an erasure only).
    await before.query(`INSERT INTO app_user (subject) SELECT 'synced-' || i FROM generate_series(1, $1) i`, [USERS]);
    await before.query(
      `INSERT INTO healthkit_source (user_id, platform, bundle_id, name, kind, precedence)
       SELECT s, 'appleHealth', b, b, 'third_party', 3
       FROM (SELECT 'synced-' || i AS s FROM generate_series(1, $1) i UNION ALL SELECT 'never-synced') u, unnest(ARRAY['w', 'p']) b`,
      [USERS],
    );
    await before.query(`INSERT INTO source_precedence (user_id, source_id, sample_type, precedence)
      SELECT user_id, id, CASE WHEN bundle_id = 'w' THEN '' ELSE 'STEPS' END, 1 FROM healthkit_source`);
    await before.query(`INSERT INTO sample_rollup (user_id, sample_type, bucket_start, source_id, sum, value_sum, count, min, max)
      SELECT user_id, 'STEPS', TIMESTAMPTZ '2025-09-10 08:00Z' + q * interval '15 minutes', id, 10, 10, 1, 10, 10
      FROM healthkit_source, generate_series(0, 3) q`);
    await before.query(`INSERT INTO user_profile (user_id, gender, gender_recorded_at)
      VALUES ('synced-1', 'female', now()), ('profile-only', 'male', now())`);
    await before.query(`INSERT INTO health_data_erasure (user_hash, user_id, status) VALUES
      ('h-done', NULL, 'done'), ('h-running', 'erasing-user', 'running')`);
    const owners = await before.query(OWNERS_BEFORE);
    await before.destroy();

    // Killed before the trigger, between batches, before the swap and at its last statement.
    await killedRun(/CREATE OR REPLACE TRIGGER/, 2);
    await killedRun(/^UPDATE healthkit_source/, 2);
    await killedRun(/^UPDATE sample_rollup/, 2);
    await killedRun(/VALIDATE CONSTRAINT/, 3);
    await killedRun(/CREATE UNIQUE INDEX/, 4);
    await killedRun(/ALTER TABLE sample_rollup DROP CONSTRAINT/);
    await killedRun(/DROP FUNCTION/);
    const probe = await new DataSource({ ...options(), migrations: [] }).initialize();
    try {
      // The swap never committed: the apps of the previous version still write user_id, and the
      // trigger a killed run left gives such a row its user_ref (and its subject an app_user row).
      expect(await probe.query(`SELECT count(*)::int AS n FROM healthkit_source WHERE user_ref IS NULL`)).toEqual([{ n: 0 }]);
      await probe.query(`INSERT INTO healthkit_source (user_id, platform, bundle_id, name, kind, precedence)
        VALUES ('late-user', 'appleHealth', 'w', 'w', 'third_party', 3)`);
      owners.push({
        t: 'healthkit_source',
        k: String((await probe.query(`SELECT max(id) AS id FROM healthkit_source`))[0].id),
        subject: 'late-user',
      });
    } finally {
      await probe.destroy();
    }

    const after = await new DataSource({ ...options(), migrations: MIGRATIONS }).initialize();
    try {
      await after.runMigrations();
      const sort = (rows: { t: string; k: string }[]) => [...rows].sort((a, b) => (a.t + a.k < b.t + b.k ? -1 : 1));
      expect(sort(await after.query(OWNERS_AFTER))).toEqual(sort(owners));
      const userIdColumns = await after.query(
        `SELECT table_name FROM information_schema.columns WHERE column_name = 'user_id' AND table_name = ANY($1::text[])`,
        [TABLES],
      );
      expect(userIdColumns).toEqual([]);
      const subjects = (await after.query(`SELECT subject FROM app_user WHERE subject NOT LIKE 'synced-%' ORDER BY 1`)).map(
        (r: { subject: string }) => r.subject,
      );
      expect(subjects).toEqual(['erasing-user', 'late-user', 'never-synced', 'profile-only']);
      const keys = await after.query(
        `SELECT c.relname AS name, pg_get_indexdef(i.indexrelid) AS def FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
         WHERE i.indrelid = ANY(ARRAY['healthkit_source', 'source_precedence', 'sample_rollup', 'user_profile', 'health_data_erasure']::regclass[])
           AND i.indisunique AND (NOT i.indisprimary OR c.relname = 'pk_sample_rollup') ORDER BY 1`,
      );
      expect(keys.map((k: { name: string; def: string }) => [k.name, k.def.replace(/^.* USING btree /, '')])).toEqual([
        ['pk_sample_rollup', '(user_ref, sample_type, bucket_start, source_id)'],
        ['uq_health_data_erasure_running_user', "(user_ref) WHERE (status = 'running'::text)"],
        ['uq_healthkit_source_natural_key', '(user_ref, platform, bundle_id, name)'],
        ['uq_source_precedence_user_source_type', '(user_ref, source_id, sample_type)'],
        ['uq_user_profile_user', '(user_ref)'],
      ]);
      // The unique keys hold per user: a second Watch source of the same user is refused.
      await expect(
        after.query(`INSERT INTO healthkit_source (user_ref, platform, bundle_id, name, kind, precedence)
          SELECT user_ref, platform, bundle_id, name, kind, precedence FROM healthkit_source LIMIT 1`),
      ).rejects.toThrow(/uq_healthkit_source_natural_key/);
      const nullable = await after.query(
        `SELECT table_name AS t, is_nullable AS n FROM information_schema.columns WHERE column_name = 'user_ref'
           AND table_name = ANY($1::text[]) ORDER BY 1`,
        [TABLES],
      );
      expect(nullable).toEqual([
        { t: 'health_data_erasure', n: 'YES' },
        { t: 'healthkit_source', n: 'NO' },
        { t: 'sample_rollup', n: 'NO' },
        { t: 'source_precedence', n: 'NO' },
        { t: 'user_profile', n: 'NO' },
      ]);
      expect(await after.query(`SELECT to_regproc('user_ref_of_user_id') AS f`)).toEqual([{ f: null }]);
      // Run again: the swap committed, nothing to do.
      const runner = after.createQueryRunner();
      try {
        await new UserRef1765810000000().up(runner);
      } finally {
        await runner.release();
      }
      expect(sort(await after.query(OWNERS_AFTER))).toEqual(sort(owners));
    } finally {
      await after.destroy();
    }
  });
});
