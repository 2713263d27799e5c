import { randomUUID } from 'node:crypto';
import type { Queue } from 'bullmq';
import type { Client } from 'pg';
import { connectTestDb, countRows, resetData, waitFor, waitForChunksSettled } from '../support/database';
import { chunksOf, syncChunk, syncState, tokenFor } from '../support/graphql-client';
import * as points from '../support/health-points';
import { AppProcess, freePort, startApi, startWorker } from '../support/processes';
import { appEnv, clearQueue, testQueue } from '../support/test-env';

jest.setTimeout(240_000);

/** A stop, a dead Redis or a poison chunk loses nothing and duplicates nothing (a crash: worker-crash.e2e-spec.ts). */
describe('faults (real processes)', () => {
  const prefix = `e2e-faults-${process.pid}`;
  const env = appEnv(prefix, { WORKER_CONCURRENCY: '2', WORKER_SHUTDOWN_TIMEOUT_MS: '20000' });
  let db: Client;
  let api: AppProcess;
  let queue: Queue;
  let token: string;

  beforeAll(async () => {
    db = await connectTestDb();
    await resetData(db);
    api = await startApi(env);
    await api.waitReady();
    token = await tokenFor('user-f');
    queue = testQueue(prefix);
  });

  afterAll(async () => {
    await queue?.obliterate({ force: true }).catch(() => undefined);
    await queue?.close();
    await api?.stop();
    await db?.end();
  });

  async function uploadAll(inputs: ReturnType<typeof chunksOf>) {
    for (const input of inputs) {
      const res = await syncChunk(api.baseUrl, token, input);
      if (res.errors) throw new Error(JSON.stringify(res.errors));
    }
  }

  it('SIGTERM lets active jobs finish and exits 0; queued chunks wait for the next worker', async () => {
    const pts = points.heartRates(10, 5).map((p) => ({ ...p, type: 'RESTING_HEART_RATE' })); // 2880 points, 15 chunks
    await uploadAll(chunksOf('RESTING_HEART_RATE', 'stop-anchor', pts, 200));
    const worker = await startWorker(env);
    await waitFor(
      'a first chunk stored',
      () => countRows(db, 'sync_chunk', "status = 'stored' AND data_type = 'RESTING_HEART_RATE'"),
      (n) => n >= 1,
    );
    const exit = await worker.stop();
    expect(exit).toEqual({ code: 0, signal: null });
    // Nothing half-done: no job left active (it would come back as stalled) and none failed.
    const counts = await queue.getJobCounts('active', 'failed');
    expect(counts).toEqual({ active: 0, failed: 0 });
    const stored = await countRows(db, 'sync_chunk', "status = 'stored' AND data_type = 'RESTING_HEART_RATE'");
    expect(await countRows(db, 'healthkit_sample', "sample_type = 'RESTING_HEART_RATE'")).toBe(
      (
        await db.query(
          `SELECT coalesce(sum(accepted_count), 0)::int AS n FROM sync_chunk WHERE status = 'stored' AND data_type = 'RESTING_HEART_RATE'`,
        )
      ).rows[0].n,
    );

    const next = await startWorker(env);
    await waitForChunksSettled(db);
    expect(await countRows(db, 'healthkit_sample', "sample_type = 'RESTING_HEART_RATE'")).toBe(pts.length);
    process.stdout.write(`stop test: ${stored} of 15 chunks stored before SIGTERM, the rest after restart\n`);
    await next.stop();
  });

  it('a poison chunk fails at once without retries, stays inspectable, and blocks no other chunk', async () => {
    const [good] = chunksOf('STEPS', 'poison-anchor', points.steps(1));
    good.isFinalChunk = false;
    const res = await syncChunk(api.baseUrl, token, good);
    // Read before a worker runs: the ledger keeps a chunk's payload only until it is stored.
    const goodRow = (await db.query(`SELECT id, pending_payload FROM sync_chunk WHERE anchor_token = 'poison-anchor'`)).rows[0];
    const payload = JSON.parse(goodRow.pending_payload);
    const [firstRow] = JSON.parse(payload.rows.tables.sample);
    const poisonRow = { ...firstRow, recordKey: randomUUID(), startTime: 'not-a-date' };
    const poisonPayload = {
      ...payload,
      rows: { ...payload.rows, tables: { sample: JSON.stringify([poisonRow]) }, rowCounts: { sample: 1 } },
    };
    // A ledger row whose payload PostgreSQL refuses (not a date): the same input would fail every time.
    await db.query(
      `INSERT INTO sync_chunk (user_ref, data_type, sync_key, anchor_token, chunk_index, is_final, status, content_hash, revision,
         item_count, accepted_count, rejected_count, deleted_count, pending_payload)
       SELECT user_ref, data_type, sync_key, anchor_token, 1, true, 'queued', 'poison', 0, 1, 1, 0, 0, $2 FROM sync_chunk WHERE id = $1
       RETURNING id`,
      [goodRow.id, JSON.stringify(poisonPayload)],
    );
    const poison = (await db.query(`SELECT id, job_uuid FROM sync_chunk WHERE content_hash = 'poison'`)).rows[0];
    const job = (await queue.getJob(res.data!.syncHealthKitSamples.jobId))!;
    await queue.add(
      'store-chunk',
      { ...job.data, chunkId: poison.id, jobUuid: poison.job_uuid, chunkIndex: 1, revision: 0 },
      { jobId: 'poison-job', attempts: 3 },
    );
    const worker = await startWorker(env);
    await worker.waitReady();
    await queue.add('store-chunk', { nonsense: true }, { jobId: 'malformed-job', attempts: 3 });

    await waitFor(
      'both poison jobs failed',
      () => queue.getJobCounts('failed'),
      (c) => c.failed === 2,
    );
    for (const id of ['poison-job', 'malformed-job']) {
      const failed = (await queue.getJob(id))!;
      expect(failed.attemptsMade).toBe(1);
      expect(await failed.getState()).toBe('failed');
    }
    const { rows } = await db.query(`SELECT status, error FROM sync_chunk WHERE id = $1`, [poison.id]);
    expect(rows[0].status).toBe('failed');
    // Why, without the value PostgreSQL quoted.
    expect(rows[0].error).toMatch(/^PostgreSQL error SQLSTATE 22007 \(data exception\)/);
    expect(rows[0].error).not.toContain('not-a-date');
    // The good chunk of the same sync was stored, but the sync is not complete: the anchor stays.
    expect(await countRows(db, 'sync_chunk', `anchor_token = 'poison-anchor' AND status = 'stored'`)).toBe(1);
    expect(await syncState(api.baseUrl, token, 'STEPS')).toBeNull();
    await worker.stop();
  });

  it('answers SERVICE_UNAVAILABLE (retryable) within seconds when Redis is down, and reports not ready', async () => {
    const closedPort = await freePort();
    const noRedis = await startApi({ ...env, REDIS_URL: `redis://127.0.0.1:${closedPort}` });
    try {
      await waitFor(
        'API listening',
        async () => (await fetch(`${noRedis.baseUrl}/health/live`).catch(() => null))?.status ?? 0,
        (s) => s === 200,
        30_000,
      );
      expect((await fetch(`${noRedis.baseUrl}/health/ready`)).status).toBe(503);
      const started = Date.now();
      const [input] = chunksOf('STEPS', 'no-redis-anchor', points.steps(1));
      const res = await syncChunk(noRedis.baseUrl, token, input);
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', retryable: true });
    } finally {
      await noRedis.stop();
    }
  });
});

/** The self-healing path: a chunk whose job failed for good runs again when the phone re-sends it. */
describe('a failed chunk re-sent by the phone (real processes)', () => {
  const prefix = `e2e-revive-${process.pid}`;
  // One attempt and a 1 s statement limit, so a locked table fails the job for good quickly.
  const env = appEnv(prefix, { JOB_ATTEMPTS: '1', JOB_TIMEOUT_MS: '1000' });
  let db: Client;
  let locker: Client;
  let api: AppProcess;
  let worker: AppProcess;

  beforeAll(async () => {
    db = await connectTestDb();
    await resetData(db);
    locker = await connectTestDb();
    [api, worker] = await Promise.all([startApi(env), startWorker(env)]);
    await Promise.all([api.waitReady(), worker.waitReady()]);
  });

  afterAll(async () => {
    await Promise.all([api?.stop(), worker?.stop()]);
    await locker?.end();
    await db?.end();
    await clearQueue(prefix);
  });

  it('fails while PostgreSQL is blocked, then stores the chunk and moves the anchor when it comes again', async () => {
    const user = `user-revive-${Date.now()}`;
    const anchor = `revive-anchor-${Date.now()}`;
    const token = await tokenFor(user);
    const [input] = chunksOf('STEPS', anchor, points.steps(2));
    const lockerPid = (await locker.query('SELECT pg_backend_pid() AS pid')).rows[0].pid;
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE healthkit_sample IN ACCESS EXCLUSIVE MODE');
    const first = await syncChunk(api.baseUrl, token, input);
    expect(first.data!.syncHealthKitSamples.status).toBe('queued');
    await waitFor(
      'the chunk to fail',
      () => countRows(db, 'sync_chunk', `anchor_token = '${anchor}' AND status = 'failed'`),
      (n) => n === 1,
    );
    // The job's time limit fails the attempt in the worker, but its statement waits on the lock until
    // its own statement_timeout (the same 1 s, counted from a later start): released before that,
    // the abandoned transaction would still commit and store the chunk. Release only once nothing waits.
    await waitFor(
      'the failed attempt to stop waiting for the lock',
      async () =>
        (
          await db.query(
            `SELECT count(*)::int AS n FROM pg_stat_activity
             WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> $1`,
            [lockerPid],
          )
        ).rows[0].n,
      (n) => n === 0,
    );
    await locker.query('ROLLBACK');
    expect(await syncState(api.baseUrl, token, 'STEPS')).toBeNull();

    const again = await syncChunk(api.baseUrl, token, input);
    expect(again.data!.syncHealthKitSamples).toMatchObject({ status: 'queued', jobId: first.data!.syncHealthKitSamples.jobId });
    await waitForChunksSettled(db);
    expect(await countRows(db, 'sync_chunk', `anchor_token = '${anchor}' AND status = 'stored'`)).toBe(1);
    expect(await countRows(db, 'healthkit_sample', 'user_id = $1', [user])).toBe(48);
    expect((await syncState(api.baseUrl, token, 'STEPS'))?.lastAnchor).toBe(anchor);
  });
});
