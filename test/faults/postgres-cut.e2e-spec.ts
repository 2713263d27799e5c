import { ERASURE_LOCK_CLASS } from '@app/store';
import type { Queue } from 'bullmq';
import type { Client } from 'pg';
import { connectTestDb, countRows, resetData, waitFor, waitForChunksSettled } from '../support/database';
import { chunksOf, syncChunk, syncState, tokenFor } from '../support/graphql-client';
import * as points from '../support/health-points';
import { AppProcess, startApi, startWorker } from '../support/processes';
import { promValue, scrape } from '../support/telemetry';
import { databaseProxy, TcpProxy } from '../support/tcp-proxy';
import { appEnv, clearQueue, TEST_DATABASE_URL, testQueue } from '../support/test-env';

jest.setTimeout(90_000);

/**
 * The worker's PostgreSQL connections are cut while a job's transaction is open (through a TCP
 * proxy the test owns): the attempt rolls back, the job is put back without counting an attempt and succeeds, and the anchor
 * moves only once every chunk is stored.
 */
describe('PostgreSQL connections cut mid-job (real processes, TCP proxy)', () => {
  const prefix = `e2e-pgcut-${process.pid}`;
  let db: Client;
  let locker: Client;
  let proxy: TcpProxy;
  let api: AppProcess;
  let worker: AppProcess;
  let queue: Queue;

  beforeAll(async () => {
    db = await connectTestDb();
    await resetData(db);
    locker = await connectTestDb();
    const proxied = await databaseProxy(TEST_DATABASE_URL);
    proxy = proxied.proxy;
    api = await startApi(appEnv(prefix)); // the API talks to PostgreSQL directly
    await api.waitReady();
    worker = await startWorker(appEnv(prefix, { DATABASE_URL: proxied.url, WORKER_CONCURRENCY: '1', MIGRATIONS: 'check' }));
    await worker.waitReady();
    queue = testQueue(prefix);
  });

  afterAll(async () => {
    await locker?.query('ROLLBACK').catch(() => undefined);
    await Promise.all([api?.stop(), worker?.stop()]);
    await proxy?.stop();
    await queue?.close();
    await clearQueue(prefix);
    await locker?.end();
    await db?.end();
  });

  it('retries the cut job, stores every chunk once, and moves the anchor only after the last one', async () => {
    const pts = points.heartRates(2, 5); // 576 points: 3 chunks
    const token = await tokenFor('user-pgcut');
    const inputs = chunksOf('HEART_RATE', 'pgcut-anchor', pts, 200);
    // The first chunk's transaction blocks on a table lock, so the cut lands inside it.
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE healthkit_sample IN ACCESS EXCLUSIVE MODE');
    const first = await syncChunk(api.baseUrl, token, inputs[0]);
    const jobId = first.data!.syncHealthKitSamples.jobId as string;
    await waitFor(
      'the worker waiting on the lock inside its transaction',
      async () =>
        (
          await db.query(
            `SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'healthsync-worker' AND wait_event_type = 'Lock'`,
          )
        ).rows[0].n,
      (n) => n === 1,
    );
    for (const input of inputs.slice(1)) {
      const res = await syncChunk(api.baseUrl, token, input);
      if (res.errors) throw new Error(JSON.stringify(res.errors));
    }
    expect(proxy.cutAll()).toBeGreaterThan(0);
    await locker.query('ROLLBACK');

    await waitForChunksSettled(db);
    const job = (await queue.getJob(jobId))!;
    expect(await job.getState()).toBe('completed');
    // The cut attempt, then the one that stored it; the cut is the database's fault, not the chunk's,
    // so it used up no attempt (the job went back to waiting, see SyncProcessor.waitForDatabase).
    expect(job.attemptsStarted).toBeGreaterThanOrEqual(2);
    expect(job.attemptsMade).toBe(1);
    expect((await queue.getJobCounts('failed')).failed).toBe(0);

    expect(await countRows(db, 'sync_chunk')).toBe(3);
    expect(await countRows(db, 'sync_chunk', "status = 'stored'")).toBe(3);
    expect(await countRows(db, 'healthkit_sample')).toBe(pts.length);
    expect(await countRows(db, 'healthkit_source')).toBe(1);
    expect(await countRows(db, 'healthkit_sync_state')).toBe(1);
    expect((await syncState(api.baseUrl, token, 'HEART_RATE'))?.lastAnchor).toBe('pgcut-anchor');
    // Not early: the anchor moved in (or after) the transaction that stored the last chunk.
    const { rows } = await db.query(
      `SELECT (SELECT last_sync_time FROM healthkit_sync_state) >= max(stored_at) AS after_all FROM sync_chunk`,
    );
    expect(rows[0].after_all).toBe(true);
  });
});

/**
 * The same cut while a batch of several chunks (several users) is inside its transaction: the
 * database is to blame, not a chunk, so every job of the batch goes back to waiting without using an
 * attempt, and all are stored once it answers again.
 */
describe('PostgreSQL connections cut mid-batch (real processes, TCP proxy)', () => {
  const prefix = `e2e-pgcut-batch-${process.pid}`;
  let db: Client;
  let locker: Client;
  let gate: Client;
  let proxy: TcpProxy;
  let api: AppProcess;
  let worker: AppProcess;
  let queue: Queue;

  beforeAll(async () => {
    db = await connectTestDb();
    await resetData(db);
    locker = await connectTestDb();
    gate = await connectTestDb();
    const proxied = await databaseProxy(TEST_DATABASE_URL);
    proxy = proxied.proxy;
    api = await startApi(appEnv(prefix));
    await api.waitReady();
    worker = await startWorker(
      appEnv(prefix, {
        DATABASE_URL: proxied.url,
        WORKER_CONCURRENCY: '16',
        WORKER_BATCH_SIZE: '4',
        MIGRATIONS: 'check',
      }),
    );
    await worker.waitReady();
    queue = testQueue(prefix);
  });

  afterAll(async () => {
    await locker?.query('ROLLBACK').catch(() => undefined);
    await gate?.query('SELECT pg_advisory_unlock_all()').catch(() => undefined);
    await Promise.all([api?.stop(), worker?.stop()]);
    await proxy?.stop();
    await queue?.close();
    await clearQueue(prefix);
    await Promise.all([locker?.end(), gate?.end()]);
    await db?.end();
  });

  it('puts every job of the cut batch back without an attempt, then stores them all', async () => {
    const waitingOnLocks = async () =>
      (
        await db.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'healthsync-worker' AND wait_event_type = 'Lock'`,
        )
      ).rows[0].n as number;
    // A leader chunk's batch of one waits at its user's lock (held here, as an erasure would) ...
    await gate.query('SELECT pg_advisory_lock($1, hashtext($2))', [ERASURE_LOCK_CLASS, 'user-pgcut-lead']);
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE healthkit_sample IN ACCESS EXCLUSIVE MODE');
    const lead = chunksOf('HEART_RATE', 'lead-anchor', points.heartRates(1, 60))[0];
    const res = await syncChunk(api.baseUrl, await tokenFor('user-pgcut-lead'), lead);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    await waitFor('the leader waiting', waitingOnLocks, (n) => n === 1);
    // ... so the next four chunks form one batch of four, which waits on the table lock in its transaction.
    const users = ['user-pgcut-1', 'user-pgcut-2', 'user-pgcut-3', 'user-pgcut-4'];
    const jobIds: string[] = [];
    for (const user of users) {
      const sent = await syncChunk(
        api.baseUrl,
        await tokenFor(user),
        chunksOf('HEART_RATE', `${user}-anchor`, points.heartRates(1, 30))[0],
      );
      if (sent.errors) throw new Error(JSON.stringify(sent.errors));
      jobIds.push(sent.data!.syncHealthKitSamples.jobId);
    }
    await waitFor('the batch of four waiting inside its transaction', waitingOnLocks, (n) => n === 2);
    expect(proxy.cutAll()).toBeGreaterThan(0);
    await locker.query('ROLLBACK');
    await gate.query('SELECT pg_advisory_unlock($1, hashtext($2))', [ERASURE_LOCK_CLASS, 'user-pgcut-lead']);

    await waitForChunksSettled(db);
    for (const id of jobIds) {
      const job = (await queue.getJob(id))!;
      expect(await job.getState()).toBe('completed');
      expect(job.attemptsStarted).toBeGreaterThanOrEqual(2);
      expect(job.attemptsMade).toBe(1);
    }
    expect((await queue.getJobCounts('failed')).failed).toBe(0);
    // The leader's batch of one and the batch of four failed whole (none retried alone: no chunk was to blame).
    const metrics = await scrape(worker.baseUrl);
    expect(promValue(metrics, 'healthsync_worker_batch_chunks_count', { result: 'failed' })).toBe(2);
    expect(promValue(metrics, 'healthsync_worker_batch_chunks_sum', { result: 'failed' })).toBe(5);
    expect(promValue(metrics, 'healthsync_worker_batch_chunks_count', { result: 'retried' })).toBeNaN();
    expect(await countRows(db, 'sync_chunk', "status = 'stored'")).toBe(5);
    for (const user of users) {
      expect((await syncState(api.baseUrl, await tokenFor(user), 'HEART_RATE'))?.lastAnchor).toBe(`${user}-anchor`);
      expect(await countRows(db, 'healthkit_sample', 'user_id = $1', [user])).toBe(48);
    }
  });
});
