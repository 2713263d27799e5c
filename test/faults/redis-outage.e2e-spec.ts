import type { Client } from 'pg';
import { connectTestDb, countRows, resetData, waitFor, waitForChunksSettled } from '../support/database';
import { chunksOf, syncChunk, SyncInput, syncState, tokenFor } from '../support/graphql-client';
import * as points from '../support/health-points';
import { AppProcess, freePort, startApi, startWorker } from '../support/processes';
import { RedisServer } from '../support/redis-server';
import { appEnv } from '../support/test-env';

jest.setTimeout(120_000);

const status = async (url: string) => (await fetch(url).catch(() => null))?.status ?? 0;

/** Redis missing at start and Redis restarted (losing its memory) mid-sync, on a Redis of the test's own. */
describe('Redis outages (real processes, own redis-server)', () => {
  let db: Client;
  let redis: RedisServer | undefined;
  const procs: AppProcess[] = [];

  beforeAll(async () => {
    db = await connectTestDb();
  });

  afterAll(async () => {
    await Promise.all(procs.map((p) => p.stop()));
    await redis?.stop();
    await db?.end();
  });

  async function uploadWithRetry(api: AppProcess, token: string, input: SyncInput) {
    // What the app does: a retryable answer is sent again a little later.
    for (let attempt = 0; attempt < 100; attempt++) {
      const res = await syncChunk(api.baseUrl, token, input);
      if (!res.errors) return attempt;
      expect(res.errors[0].extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', retryable: true });
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error('never accepted');
  }

  it('API and worker start without Redis, report not ready, and become ready when it comes, without a restart', async () => {
    await resetData(db);
    const port = await freePort();
    const env = appEnv('redis-late', { REDIS_URL: `redis://127.0.0.1:${port}/0` });
    const api = await startApi(env);
    const worker = await startWorker(env);
    procs.push(api, worker);
    for (const app of [api, worker]) {
      await waitFor(
        'live',
        () => status(`${app.baseUrl}/health/live`),
        (s) => s === 200,
        30_000,
      );
      expect(await status(`${app.baseUrl}/health/ready`)).toBe(503);
    }
    const pids = [api.pid, worker.pid];

    redis = await RedisServer.start([], port);
    await Promise.all([api.waitReady(60_000), worker.waitReady(60_000)]);
    expect([api.pid, worker.pid]).toEqual(pids);
    expect(api.running && worker.running).toBe(true);

    const token = await tokenFor('user-redis-late');
    const pts = points.steps(9); // 216 points: 2 chunks
    for (const input of chunksOf('STEPS', 'late-anchor', pts, 200)) await uploadWithRetry(api, token, input);
    await waitForChunksSettled(db);
    expect(await countRows(db, 'sync_chunk', "status = 'stored'")).toBe(2);
    expect(await countRows(db, 'healthkit_sample')).toBe(pts.length);
    expect((await syncState(api.baseUrl, token, 'STEPS'))?.lastAnchor).toBe('late-anchor');
    await Promise.all(procs.splice(0).map((p) => p.stop()));
  });

  it('Redis killed and restarted empty mid-sync: nothing lost, nothing doubled', async () => {
    await resetData(db);
    redis ??= await RedisServer.start();
    // A fast outbox sweep: the jobs Redis forgets are enqueued again from the ledger.
    const env = appEnv('redis-restart', {
      REDIS_URL: redis.url(0),
      OUTBOX_SWEEP_INTERVAL_MS: '500',
      OUTBOX_GRACE_MS: '1000',
      WORKER_CONCURRENCY: '1',
    });
    const api = await startApi(env);
    const worker = await startWorker(env);
    procs.push(api, worker);
    await Promise.all([api.waitReady(), worker.waitReady()]);
    const token = await tokenFor('user-redis-restart');
    const pts = points.heartRates(4, 5); // 1,152 points: 6 chunks
    const inputs = chunksOf('HEART_RATE', 'restart-anchor', pts, 200);

    // Jobs certainly waiting when Redis dies: the worker's one slot is blocked on a table lock.
    const locker = await connectTestDb();
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE healthkit_sample IN ACCESS EXCLUSIVE MODE');
    for (const input of inputs.slice(0, 3)) await uploadWithRetry(api, token, input);
    await redis.kill(); // the two waiting jobs are gone from Redis
    await locker.query('ROLLBACK');
    await locker.end();
    const restarted = redis.start();
    let retries = 0;
    for (const input of inputs.slice(3)) retries += await uploadWithRetry(api, token, input);
    await restarted;

    await waitForChunksSettled(db, 60_000);
    expect(await countRows(db, 'sync_chunk')).toBe(6);
    expect(await countRows(db, 'sync_chunk', "status = 'stored'")).toBe(6);
    expect(await countRows(db, 'healthkit_sample')).toBe(pts.length);
    expect(await countRows(db, 'healthkit_source')).toBe(1);
    expect(await countRows(db, 'healthkit_sync_state')).toBe(1);
    expect((await syncState(api.baseUrl, token, 'HEART_RATE'))?.lastAnchor).toBe('restart-anchor');
    expect(api.running && worker.running).toBe(true);
    expect(worker.text()).toMatch(/outbox sweep enqueued \d+ chunks/);
    process.stdout.write(`redis restart: ${retries} retried requests while Redis was away\n`);
  });
});
