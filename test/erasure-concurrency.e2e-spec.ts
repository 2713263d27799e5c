import { ownedBy, runRetention, USER_DATA_TABLES } from '@app/store';
import { createHash } from 'node:crypto';
import type { Client } from 'pg';
import { DataSource } from 'typeorm';
import {
  connectTestDb,
  countRows,
  openTestDataSource,
  orphanedHealthRows,
  resetData,
  waitFor,
  waitForChunksSettled,
} from './support/database';
import { chunksOf, syncChunk, SyncInput, tokenFor } from './support/graphql-client';
import * as points from './support/health-points';
import { AppProcess, startApi, startWorker } from './support/processes';
import { appEnv, clearQueue, testQueue } from './support/test-env';

jest.setTimeout(180_000);

const HEALTH_TABLES = ['healthkit_sample', 'healthkit_workout', 'healthkit_sleep_analysis', 'healthkit_clinical_record'];
/** Inside the uploaded days (from 2025-09-01): retention races the erasure over the same rows. */
const RETENTION_CUTOFF = new Date('2025-09-05T00:00:00Z');

/**
 * An erasure that two API tasks run at once (both found it stale at start), while retention deletes
 * the same user's old rows and the worker's outbox sweep looks for queued chunks: it ends `done`
 * with no row of the user left anywhere, no health row whose user is gone, and no job in Redis that
 * names the user.
 */
describe('erasure under two runners, retention and the outbox sweep (real processes)', () => {
  const prefix = `e2e-erasure-race-${process.pid}`;
  const env = appEnv(prefix, { ERASURE_BATCH_SIZE: '10', OUTBOX_SWEEP_INTERVAL_MS: '300', OUTBOX_GRACE_MS: '1000' });
  const procs: AppProcess[] = [];
  let db: Client;
  let locker: Client;
  let ds: DataSource;

  async function upload(baseUrl: string, user: string, inputs: SyncInput[]) {
    const token = await tokenFor(user);
    for (const input of inputs) {
      const res = await syncChunk(baseUrl, token, input);
      if (res.errors) throw new Error(JSON.stringify(res.errors));
    }
  }

  const dataOf = (tag: string): SyncInput[] => [
    ...chunksOf('HEART_RATE', `hr-${tag}`, points.heartRates(8, 5), 500),
    ...chunksOf('STEPS', `steps-${tag}`, points.steps(8), 500),
    ...chunksOf('SLEEP', `sleep-${tag}`, points.sleepNights(6), 500),
    ...chunksOf('WORKOUT', `wo-${tag}`, points.workouts(6), 500),
  ];

  /** Rows of the subject in every user table, and health rows whose app_user is gone. */
  async function leftOf(subject: string) {
    const left: Record<string, number> = {};
    for (const table of USER_DATA_TABLES) {
      const { rows } = await db.query(`SELECT count(*)::int AS n FROM ${table} x WHERE ${ownedBy(table)}`, [subject]);
      left[table] = rows[0].n;
    }
    for (const table of HEALTH_TABLES) {
      const { rows } = await db.query(
        `SELECT count(*)::int AS n FROM ${table} h WHERE NOT EXISTS (SELECT 1 FROM app_user u WHERE u.id = h.user_ref)`,
      );
      left[`${table} without user`] = rows[0].n;
    }
    const { rows } = await db.query(
      `SELECT count(*)::int AS n FROM sample_context c WHERE NOT EXISTS (SELECT 1 FROM app_user u WHERE u.id = c.user_ref)`,
    );
    left['sample_context without user'] = rows[0].n;
    return left;
  }

  beforeAll(async () => {
    db = await connectTestDb();
    locker = await connectTestDb();
    await resetData(db);
    await clearQueue(prefix);
  });

  afterAll(async () => {
    await Promise.all(procs.map((p) => p.stop()));
    await ds?.destroy();
    await locker?.end();
    await clearQueue(prefix);
    await db?.end();
  });

  it('ends done with zero rows of the user, zero orphans and no job naming the user', async () => {
    const api0 = await startApi(env);
    const worker0 = await startWorker(env);
    procs.push(api0, worker0);
    await Promise.all([api0.waitReady(), worker0.waitReady()]);
    await upload(api0.baseUrl, 'user-erased', dataOf('e'));
    await upload(api0.baseUrl, 'user-kept', dataOf('k'));
    await waitForChunksSettled(db, 60_000);
    await worker0.stop();
    // Chunks still queued when the erasure starts: their jobs wait, and the outbox sweep sees queued rows.
    await upload(api0.baseUrl, 'user-erased', chunksOf('HEART_RATE', 'hr-late', points.heartRates(1, 5).slice(0, 100), 50));
    await api0.stop();
    expect(await countRows(db, 'healthkit_sample', 'user_id = $1', ['user-erased'])).toBeGreaterThan(2_000);
    const keptBefore = await countRows(db, 'healthkit_sample', 'user_id = $1 AND NOT (start_time < $2 AND end_time <= $2)', [
      'user-kept',
      RETENTION_CUTOFF,
    ]);

    // An erasure whose API task died: every API task that starts picks it up.
    await db.query(
      `WITH u AS (INSERT INTO app_user (subject) VALUES ('user-erased') ON CONFLICT (subject) DO UPDATE SET subject = EXCLUDED.subject RETURNING id)
       INSERT INTO health_data_erasure (user_hash, user_ref, status, updated_at) SELECT $1, u.id, 'running', now() - interval '1 hour' FROM u`,
      [createHash('sha256').update('user-erased').digest('hex')],
    );
    const worker = await startWorker(env);
    procs.push(worker);
    await worker.waitReady();
    ds = await openTestDataSource('e2e-retention');

    // Both runners are held at their first delete, then let go together onto the same rows.
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE healthkit_sample IN SHARE MODE');
    const runnerEnv = { ...env, LOG_LEVEL: 'info' }; // to see which task ran it
    const [apiA, apiB] = await Promise.all([startApi(runnerEnv), startApi(runnerEnv)]);
    procs.push(apiA, apiB);
    try {
      await Promise.all([apiA.waitReady(), apiB.waitReady()]);
      await waitFor(
        'an erasure runner waiting at healthkit_sample',
        async () =>
          (
            await db.query(
              `SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'healthsync-api' AND wait_event_type = 'Lock'`,
            )
          ).rows[0].n,
        (n) => n >= 1,
      );
      await new Promise((r) => setTimeout(r, 1_000)); // the other task's runner, when there is one, gets there too
    } finally {
      await locker.query('COMMIT');
    }
    let erasing = true;
    const retention = (async () => {
      let runs = 0;
      while (erasing || runs === 0) {
        await runRetention(ds, { cutoff: RETENTION_CUTOFF, batchSize: 40 });
        runs += 1;
      }
      return runs;
    })();
    try {
      await waitFor(
        'the erasure to finish',
        async () => (await db.query(`SELECT status FROM health_data_erasure`)).rows[0].status,
        (s) => s === 'done',
        90_000,
      );
    } finally {
      erasing = false;
    }
    expect(await retention).toBeGreaterThan(0);
    // One runner at a time: the other task saw it held and left it alone.
    const outputs = [apiA.text(), apiB.text()];
    expect(outputs.filter((o) => o.includes('is run by another task'))).toHaveLength(1);
    await waitFor(
      'the runner to report',
      async () => [apiA.text(), apiB.text()].filter((o) => /erasure \d+ done/.test(o)).length,
      (n) => n === 1,
    );
    // The sweep's interval passes a few times after `done`: nothing of the user comes back.
    await new Promise((r) => setTimeout(r, 1_500));

    const left = await leftOf('user-erased');
    expect(left).toEqual(Object.fromEntries(Object.keys(left).map((k) => [k, 0])));
    expect(await orphanedHealthRows(db)).toBe(0);
    // Retention took the kept user's old rows only; the rest is there.
    expect(await countRows(db, 'healthkit_sample', 'user_id = $1', ['user-kept'])).toBe(keptBefore);

    const queue = testQueue(prefix);
    try {
      const jobs = await queue.getJobs(['waiting', 'active', 'delayed', 'prioritized', 'completed', 'failed']);
      expect(jobs.filter((j) => JSON.stringify(j.data).includes('user-erased'))).toEqual([]);
    } finally {
      await queue.close();
    }
  });
});
