import { WorkerConfig } from '@app/config';
import { runMigrationsLocked } from '@app/database';
import { liesBefore } from '@app/health-data/retention';
import {
  rebuildRollup,
  resolveContexts,
  resolveTypeIds,
  resolveUserRef,
  RETENTION_TABLES,
  RetentionTable,
  runRetention,
} from '@app/store';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { RetentionService } from '../apps/worker/src/retention/retention.service';
import { connectTestDb, openTestDataSource, resetSchema } from './support/database';
import { ENTRY, runToExit } from './support/processes';
import { appEnv, TEST_DATABASE_URL, TEST_REDIS_URL } from './support/test-env';

jest.setTimeout(180_000);

const CUTOFF = new Date('2026-01-01T00:00:00Z');
const H = 3_600_000;
const M = 60_000;
const at = (offsetMs: number) => new Date(CUTOFF.getTime() + offsetMs);

interface Row {
  table: RetentionTable;
  key: string;
  type: string;
  source: number;
  start: Date;
  end: Date;
  value: number;
}

async function openDataSource(name: string): Promise<DataSource> {
  const db = await connectTestDb();
  await resetSchema(db);
  await db.end();
  const ds = await openTestDataSource(name);
  await runMigrationsLocked(ds);
  return ds;
}

/** One user's rows across ages, in the row shape (references made by the library, as the worker makes them). */
async function seedUser(db: DataSource, user: string, seed: number): Promise<Row[]> {
  const em = db.manager;
  const userRef = await resolveUserRef(em, user);
  const [steps, heart, energy] = await resolveTypeIds(em, ['STEPS', 'HEART_RATE', 'ACTIVE_ENERGY_BURNED']);
  const [contextId] = await resolveContexts(em, userRef, [
    { unit: 'COUNT', recordingMethod: null, sourceDeviceId: null, metadata: null },
  ]);
  const sources: { id: number }[] = await db.query(
    `INSERT INTO healthkit_source (user_ref, platform, bundle_id, name, kind, precedence)
     VALUES ($1, 'appleHealth', 'w', 'Watch', 'apple_watch', 1), ($1, 'appleHealth', 'p', 'iPhone', 'iphone', 2) RETURNING id::int`,
    [userRef],
  );
  const rows: Row[] = [];
  const add = (
    table: RetentionTable,
    type: string,
    source: number,
    start: number,
    end: number,
    value = 10 + ((seed * 7 + rows.length) % 13),
  ) => rows.push({ table, key: randomUUID(), type, source, start: at(start), end: at(end), value });
  // Ten days before the cutoff to three after: 10-minute step samples of the Watch and offset
  // 7-minute ones of the iPhone (so precedence matters), heart-rate instants, energy per half hour.
  for (let t = -10 * 24 * H + seed * M; t < 3 * 24 * H; t += 37 * M) {
    add('healthkit_sample', 'STEPS', 0, t, t + 10 * M);
    add('healthkit_sample', 'STEPS', 1, t + 3 * M, t + 10 * M);
    add('healthkit_sample', 'HEART_RATE', 0, t + 5 * M + 17_000, t + 5 * M + 17_000, 60 + (t % 40));
    add('healthkit_sample', 'ACTIVE_ENERGY_BURNED', 1, t, t + 30 * M);
  }
  // The edges: straddlers (kept, and their quarters before the cutoff recomputed), one ending on
  // the cutoff (deleted), instants just before and at it, a 30 h one (aggregated), a 48 h one (not).
  add('healthkit_sample', 'STEPS', 0, -5 * M, 5 * M, 100);
  add('healthkit_sample', 'STEPS', 1, -12 * M, 8 * M, 77);
  add('healthkit_sample', 'STEPS', 1, -9 * M, 0, 55);
  add('healthkit_sample', 'HEART_RATE', 0, -1000, -1000, 71);
  add('healthkit_sample', 'HEART_RATE', 0, 0, 0, 72);
  add('healthkit_sample', 'ACTIVE_ENERGY_BURNED', 1, -20 * H, 10 * H, 900);
  add('healthkit_sample', 'ACTIVE_ENERGY_BURNED', 0, -40 * H, 8 * H, 5000);
  for (const day of [-9, -3, -1, 0, 1, 2]) {
    add('healthkit_sleep_analysis', 'SLEEP_ASLEEP', 0, day * 24 * H - 2 * H, day * 24 * H + 6 * H);
    add('healthkit_workout', 'WORKOUT', 0, day * 24 * H + 17 * H, day * 24 * H + 18 * H);
  }
  add('healthkit_clinical_record', 'CLINICAL', 0, -400 * 24 * H, -400 * 24 * H);
  add('healthkit_clinical_record', 'CLINICAL', 0, -1 * H, 2 * H);
  add('healthkit_clinical_record', 'CLINICAL', 0, 24 * H, 24 * H);

  const typeIds = new Map<string, number>([
    ['STEPS', steps],
    ['HEART_RATE', heart],
    ['ACTIVE_ENERGY_BURNED', energy],
  ]);
  const [sleepType, workoutType, clinicalType] = await resolveTypeIds(em, ['SLEEP_ASLEEP', 'WORKOUT', 'CLINICAL']);
  typeIds.set('SLEEP_ASLEEP', sleepType).set('WORKOUT', workoutType).set('CLINICAL', clinicalType);
  const json = (table: RetentionTable) =>
    JSON.stringify(
      rows
        .filter((r) => r.table === table)
        .map((r) => ({
          k: r.key,
          t: typeIds.get(r.type),
          s: r.start.toISOString(),
          e: r.end.toISOString(),
          src: sources[r.source].id,
          v: r.value,
        })),
    );
  const recordset = `jsonb_to_recordset($2::jsonb) AS r(k uuid, t int, s timestamptz, e timestamptz, src bigint, v float8)`;
  const common = `user_ref, record_key, type_id, context_id, start_time, end_time, source_id`;
  await db.query(
    `INSERT INTO healthkit_sample (${common}, value) SELECT $1, r.k, r.t, $3, r.s, r.e, r.src, r.v FROM ${recordset}`,
    [userRef, json('healthkit_sample'), contextId],
  );
  await db.query(
    `INSERT INTO healthkit_sleep_analysis (${common}, stage) SELECT $1, r.k, r.t, $3, r.s, r.e, r.src, 'asleep' FROM ${recordset}`,
    [userRef, json('healthkit_sleep_analysis'), contextId],
  );
  await db.query(
    `INSERT INTO healthkit_workout (${common}, duration_seconds) SELECT $1, r.k, r.t, $3, r.s, r.e, r.src, 3600 FROM ${recordset}`,
    [userRef, json('healthkit_workout'), contextId],
  );
  await db.query(
    `INSERT INTO healthkit_clinical_record (${common}, resource_type, fhir_resource)
     SELECT $1, r.k, r.t, $3, r.s, r.e, r.src, 'Observation', '{}'::jsonb FROM ${recordset}`,
    [userRef, json('healthkit_clinical_record'), contextId],
  );
  // The rollup as the worker leaves it.
  await db.transaction((tx) => rebuildRollup(tx, user));
  return rows;
}

async function keysOf(db: DataSource, table: RetentionTable, user: string): Promise<string[]> {
  const rows: { k: string }[] = await db.query(
    `SELECT record_key::text AS k FROM ${table} WHERE user_ref = (SELECT id FROM app_user WHERE subject = $1) ORDER BY 1`,
    [user],
  );
  return rows.map((r) => r.k);
}

type RollupRow = {
  sample_type: string;
  bucket: string;
  source_id: string;
  sum: number;
  value_sum: number;
  count: number;
  min: number;
  max: number;
};
const ROLLUP = `SELECT sample_type, bucket_start::text AS bucket, source_id::text, sum, value_sum, count, min, max
  FROM sample_rollup WHERE user_ref = (SELECT id FROM app_user WHERE subject = $1) AND ($2::timestamptz IS NULL OR bucket_start >= $2) ORDER BY 1, 2, 3`;

function expectSameRollup(actual: RollupRow[], expected: RollupRow[]) {
  expect(actual.map((r) => `${r.sample_type} ${r.bucket} ${r.source_id}`)).toEqual(
    expected.map((r) => `${r.sample_type} ${r.bucket} ${r.source_id}`),
  );
  actual.forEach((r, i) => {
    const e = expected[i];
    for (const field of ['sum', 'value_sum', 'min', 'max'] as const) expect(r[field]).toBeCloseTo(e[field], 6);
    expect(r.count).toBe(e.count);
  });
}

/** What a fresh rebuild from the kept samples gives (in a transaction rolled back afterwards). */
async function rebuiltRollup(db: DataSource, user: string): Promise<RollupRow[]> {
  const runner = db.createQueryRunner();
  await runner.startTransaction();
  try {
    await rebuildRollup(runner.manager, user);
    return await runner.manager.query(ROLLUP, [user, null]);
  } finally {
    await runner.rollbackTransaction();
    await runner.release();
  }
}

// healthkit_sample is hash-partitioned by user (SamplePartitions1765400000000): the statements must
// stay within one partition.
describe('retention by age', () => {
  let db: DataSource;
  const seeded = new Map<string, Row[]>();
  const users = ['ret-alice', 'ret-bob'];

  beforeAll(async () => {
    db = await openDataSource('retention-test');
    for (const [i, user] of users.entries()) seeded.set(user, await seedUser(db, user, i + 1));
  });

  afterAll(() => db?.destroy());

  it('deletes exactly the rows lying before the cutoff for both users; the rollup stays what a rebuild gives', async () => {
    const recentRollup = new Map<string, RollupRow[]>();
    for (const user of users) recentRollup.set(user, await db.query(ROLLUP, [user, CUTOFF]));
    const explain: { 'QUERY PLAN': string }[] = await db.query(
      `EXPLAIN SELECT s.record_key FROM healthkit_sample s WHERE s.user_ref = 1 AND s.type_id = 1 AND s.start_time < $1 AND s.end_time <= $1 ORDER BY s.start_time LIMIT 7`,
      [CUTOFF],
    );
    expect(explain.map((r) => r['QUERY PLAN']).join('\n')).not.toMatch(/Seq Scan/);

    const result = await runRetention(db, { cutoff: CUTOFF, batchSize: 7 });

    let expectedDeleted = 0;
    for (const user of users) {
      const rows = seeded.get(user)!;
      for (const table of RETENTION_TABLES) {
        const kept = rows.filter((r) => r.table === table && !liesBefore(r.start, r.end, CUTOFF));
        expectedDeleted += rows.filter((r) => r.table === table).length - kept.length;
        expect(await keysOf(db, table, user)).toEqual(kept.map((r) => r.key).sort());
        expect(kept.length).toBeGreaterThan(0);
      }
      // Quarters at or after the cutoff: the very rows they were.
      expect(await db.query(ROLLUP, [user, CUTOFF])).toEqual(recentRollup.get(user));
      // All of it, including the quarters before the cutoff the straddlers cover: a rebuild's.
      const now: RollupRow[] = await db.query(ROLLUP, [user, null]);
      expect(now.some((r) => new Date(r.bucket) < CUTOFF)).toBe(true);
      expectSameRollup(now, await rebuiltRollup(db, user));
    }
    const { sample_rollup, ...tables } = result.deleted;
    expect(Object.values(tables).reduce((a, b) => a + b, 0)).toBe(expectedDeleted);
    expect(sample_rollup).toBeGreaterThan(0);
    expect(result).toMatchObject({ usersVisited: 2, usersTrimmed: 2, stopped: false });
    expect(result.batches).toBeGreaterThan(expectedDeleted / 7);

    // Run again: nothing left to delete, the rollup as it was.
    const before = await db.query(ROLLUP, [users[0], null]);
    const again = await runRetention(db, { cutoff: CUTOFF, batchSize: 7 });
    expect(Object.values(again.deleted).every((n) => n === 0)).toBe(true);
    expect(await db.query(ROLLUP, [users[0], null])).toEqual(before);
  });

  it('a later cutoff trims the next day, and the rollup is still a rebuild', async () => {
    const next = at(24 * H);
    await runRetention(db, { cutoff: next, batchSize: 50 });
    for (const user of users) {
      const kept = seeded.get(user)!.filter((r) => r.table === 'healthkit_sample' && !liesBefore(r.start, r.end, next));
      expect(await keysOf(db, 'healthkit_sample', user)).toEqual(kept.map((r) => r.key).sort());
      expectSameRollup(await db.query(ROLLUP, [user, null]), await rebuiltRollup(db, user));
    }
  });
});

describe('retention: export first, locks, off by default', () => {
  let db: DataSource;
  let other: Client;
  const user = 'ret-carol';

  beforeAll(async () => {
    db = await openDataSource('retention-locks-test');
    other = await connectTestDb();
  });

  afterAll(async () => {
    await other?.end();
    await db?.destroy();
  });

  /** n one-minute step samples, the last ending `endsBeforeCutoffMs` before the cutoff. */
  async function oldSamples(n: number) {
    const userRef = await resolveUserRef(db.manager, user);
    const [typeId] = await resolveTypeIds(db.manager, ['STEPS']);
    const [contextId] = await resolveContexts(db.manager, userRef, [
      { unit: 'COUNT', recordingMethod: null, sourceDeviceId: null, metadata: null },
    ]);
    const [source] = await db.query(
      `INSERT INTO healthkit_source (user_ref, platform, bundle_id, name, kind, precedence) VALUES ($1, 'appleHealth', 'w', 'Watch', 'apple_watch', 1)
       ON CONFLICT (user_ref, platform, bundle_id, name) DO UPDATE SET precedence = 1 RETURNING id`,
      [userRef],
    );
    await db.query(
      `INSERT INTO healthkit_sample (user_ref, record_key, type_id, context_id, start_time, end_time, source_id, value)
       SELECT $1, gen_random_uuid(), $2, $3, $4::timestamptz - g * interval '1 minute', $4::timestamptz - (g - 1) * interval '1 minute', $5, 1
       FROM generate_series(1, $6) g`,
      [userRef, typeId, contextId, at(-H), source.id, n],
    );
    return { userRef, typeId, contextId, sourceId: source.id as string };
  }

  it('export then delete: the hook gets every deleted row; a failing hook deletes nothing', async () => {
    await oldSamples(25);
    await expect(
      runRetention(db, { cutoff: CUTOFF, batchSize: 10, archive: () => Promise.reject(new Error('bucket unavailable')) }),
    ).rejects.toThrow('bucket unavailable');
    expect(await keysOf(db, 'healthkit_sample', user)).toHaveLength(25);

    const exported: string[] = [];
    const result = await runRetention(db, {
      cutoff: CUTOFF,
      batchSize: 10,
      archive: async (table, rows) => {
        expect(table).toBe('healthkit_sample');
        expect(rows.length).toBeLessThanOrEqual(10);
        expect(rows[0]).toEqual(
          expect.objectContaining({ record_key: expect.any(String), value: 1, start_time: expect.any(Date) }),
        );
        exported.push(...rows.map((r) => r.record_key as string));
      },
    });
    expect(result.deleted.healthkit_sample).toBe(25);
    expect(new Set(exported).size).toBe(25);
    expect(await keysOf(db, 'healthkit_sample', user)).toEqual([]);
  });

  it('holds no lock for long: writers of recent and old rows, and a table lock, get through within one batch', async () => {
    const { userRef, typeId, contextId, sourceId } = await oldSamples(6_000);
    const keys = (await keysOf(db, 'healthkit_sample', user)).slice(0, 400);
    await other.query(`SET lock_timeout = '500ms'`);
    const run = runRetention(db, { cutoff: CUTOFF, batchSize: 100 });
    let running = true;
    const stopped = () => (running = false);
    run.then(stopped, stopped);
    let inserts = 0;
    let updates = 0;
    let tableLocks = 0;
    let worstMs = 0;
    const timed = async (sql: string, params: unknown[]) => {
      const t0 = performance.now();
      const res = await other.query(sql, params); // a lock wait beyond lock_timeout throws here
      worstMs = Math.max(worstMs, performance.now() - t0);
      return res;
    };
    for (let i = 0; running; i++) {
      await timed(
        `INSERT INTO healthkit_sample (user_ref, record_key, type_id, context_id, start_time, end_time, source_id, value)
         VALUES ($1, gen_random_uuid(), $2, $3, $4, $4, $5, 2)`,
        [userRef, typeId, contextId, at(H + i * 1000), sourceId],
      );
      inserts++;
      // A phone re-sending an old sample the run is deleting: waits at most for the batch holding it.
      await timed(`UPDATE healthkit_sample SET value = 3 WHERE user_ref = $1 AND record_key = $2`, [
        userRef,
        keys[i % keys.length],
      ]);
      updates++;
      // ACCESS EXCLUSIVE conflicts with every batch: it is granted between two batches.
      await other.query('BEGIN');
      await timed(`LOCK TABLE healthkit_sample IN ACCESS EXCLUSIVE MODE`, []);
      await other.query('COMMIT');
      tableLocks++;
    }
    const result = await run;
    expect(result.deleted.healthkit_sample).toBe(6_000);
    expect(result.batches).toBeGreaterThanOrEqual(60);
    expect(inserts).toBeGreaterThan(3); // the writers really ran while the run did
    expect(tableLocks).toBe(inserts);
    expect(updates).toBe(inserts);
    expect(worstMs).toBeLessThan(500);
    expect(await keysOf(db, 'healthkit_sample', user)).toHaveLength(inserts);
  });

  it('is off by default: the worker service neither schedules nor deletes anything', async () => {
    const { userRef } = await oldSamples(10);
    const config = WorkerConfig.fromEnv({ DATABASE_URL: TEST_DATABASE_URL, REDIS_URL: TEST_REDIS_URL });
    expect(config.retention.maxAgeDays).toBe(0);
    const service = new RetentionService(db, config);
    service.onApplicationBootstrap();
    expect(service.enabled).toBe(false);
    expect(await service.runOnce(new Date('2030-01-01T00:00:00Z'))).toBeNull();
    await service.onModuleDestroy();
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM healthkit_sample WHERE user_ref = $1 AND end_time <= $2`, [
      userRef,
      CUTOFF,
    ]);
    expect(n).toBe(10);
  });

  it('when on, one run at a time across workers (advisory lock), and it deletes by the configured age', async () => {
    const { userRef } = await oldSamples(5);
    const old = `SELECT count(*)::int AS n FROM healthkit_sample WHERE user_ref = $1 AND end_time <= $2`;
    const [{ n: before }] = await db.query(old, [userRef, CUTOFF]);
    expect(before).toBe(15); // with the 10 the switched-off service left
    const config = WorkerConfig.fromEnv({
      DATABASE_URL: TEST_DATABASE_URL,
      REDIS_URL: TEST_REDIS_URL,
      RETENTION_MAX_AGE_DAYS: '30',
      RETENTION_BATCH_SIZE: '2',
    });
    const a = new RetentionService(db, config);
    const b = new RetentionService(db, config);
    const now = new Date(CUTOFF.getTime() + 30 * 24 * H + 5 * H); // cutoff: 30 days back, 00:00 UTC = CUTOFF
    await other.query(`SELECT pg_advisory_lock(72617003)`); // another worker's run
    expect(await a.runOnce(now)).toBeNull();
    await other.query(`SELECT pg_advisory_unlock(72617003)`);
    const [ra, rb] = await Promise.all([a.runOnce(now), b.runOnce(now)]);
    const done = [ra, rb].filter((r) => r !== null);
    expect(done.length).toBeGreaterThanOrEqual(1);
    expect(done.reduce((s, r) => s + r!.deleted.healthkit_sample, 0)).toBe(before);
    expect(done[0]!.cutoff).toEqual(CUTOFF);
    const [{ n }] = await db.query(old, [userRef, CUTOFF]);
    expect(n).toBe(0);
  });
});

describe('retention config (built worker)', () => {
  it('a bad RETENTION_* value stops the worker with each named', async () => {
    const result = await runToExit(ENTRY.worker, {
      ...appEnv('e2e-retention-config'),
      RETENTION_MAX_AGE_DAYS: '7',
      RETENTION_BATCH_SIZE: 'lots',
      RETENTION_INTERVAL: 'daily',
    });
    expect(result.code).toBe(78);
    expect(result.output).toContain('RETENTION_MAX_AGE_DAYS must be 0 (off) or between 30 and 36500');
    expect(result.output).toContain('RETENTION_BATCH_SIZE must be a whole number');
    expect(result.output).toContain('RETENTION_INTERVAL must be a number and a unit');
  });
});
