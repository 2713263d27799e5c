import type { Client } from 'pg';
import { connectTestDb, countRows, resetData, resetSchema, waitFor, waitForChunksSettled } from '../support/database';
import { chunksOf, syncChunk, syncState, tokenFor } from '../support/graphql-client';
import * as points from '../support/health-points';
import { AppProcess, startApi, startWorker } from '../support/processes';
import { appEnv, clearQueue, testQueue } from '../support/test-env';

jest.setTimeout(180_000);

/**
 * PostgreSQL's ledger is the truth, Redis only delivers: a database reset or restore under a Redis
 * that remembers old jobs, and a Redis that lost jobs, both end with every chunk stored once.
 */
describe('ledger vs Redis (real processes)', () => {
  const prefix = `e2e-restore-${process.pid}`;
  // A fast outbox sweep so the lost-jobs case heals within the test.
  const env = appEnv(prefix, { OUTBOX_SWEEP_INTERVAL_MS: '500', OUTBOX_GRACE_MS: '1000' });
  let db: Client;
  const procs: AppProcess[] = [];

  async function start(which: 'api' | 'worker') {
    const proc = which === 'api' ? await startApi(env) : await startWorker(env);
    procs.push(proc);
    await proc.waitReady();
    return proc;
  }

  async function upload(api: AppProcess, user: string, dataType: string, anchor: string, pts: unknown[]) {
    const token = await tokenFor(user);
    for (const input of chunksOf(dataType, anchor, pts, 200)) {
      const res = await syncChunk(api.baseUrl, token, input);
      if (res.errors) throw new Error(JSON.stringify(res.errors));
    }
    return token;
  }

  beforeAll(async () => {
    db = await connectTestDb();
    await resetData(db);
    await clearQueue(prefix);
  });

  afterAll(async () => {
    await Promise.all(procs.map((p) => p.stop()));
    await clearQueue(prefix);
    await db?.end();
  });

  it('after a database reset under a Redis that keeps completed jobs, a new sync stores every chunk', async () => {
    const pts = points.heartRates(2, 5); // 576 points: 3 chunks
    let api = await start('api');
    let worker = await start('worker');
    await upload(api, 'user-before', 'HEART_RATE', 'before-reset', pts);
    await waitForChunksSettled(db);
    expect(await countRows(db, 'sync_chunk', "status = 'stored'")).toBe(3);
    const queue = testQueue(prefix);
    try {
      // Redis remembers the first sync's jobs as completed.
      expect((await queue.getJobCounts('completed')).completed).toBe(3);

      await Promise.all([api.stop(), worker.stop()]);
      await resetSchema(db); // the "restore": every sequence starts again
      api = await start('api');
      worker = await start('worker');

      const token = await upload(api, 'user-after', 'HEART_RATE', 'after-reset', pts);
      await waitForChunksSettled(db, 30_000);
      expect(await countRows(db, 'sync_chunk')).toBe(3);
      expect(await countRows(db, 'sync_chunk', "status = 'stored'")).toBe(3);
      expect(await countRows(db, 'healthkit_sample')).toBe(pts.length);
      expect(await countRows(db, 'healthkit_sample', "user_id = 'user-after'")).toBe(pts.length);
      expect(await countRows(db, 'healthkit_source')).toBe(1);
      expect(await countRows(db, 'healthkit_sync_state')).toBe(1);
      expect((await syncState(api.baseUrl, token, 'HEART_RATE'))?.lastAnchor).toBe('after-reset');
      expect((await queue.getJobCounts('completed')).completed).toBe(6);
      expect((await queue.getJobCounts('failed')).failed).toBe(0);
    } finally {
      await queue.close();
    }
  });

  it('jobs Redis lost (failover, flush) are enqueued again from the ledger by the outbox sweep', async () => {
    await Promise.all(procs.splice(0).map((p) => p.stop()));
    await resetData(db);
    await clearQueue(prefix);
    const api = await start('api');
    const pts = points.steps(9); // 216 points: 2 chunks
    const token = await upload(api, 'user-lost', 'STEPS', 'lost-anchor', pts);
    expect(await countRows(db, 'sync_chunk', "status = 'queued'")).toBe(2);
    // The mutation answered, so the jobs were acknowledged; now Redis loses them.
    await clearQueue(prefix);

    await start('worker');
    await waitForChunksSettled(db, 30_000);
    expect(await countRows(db, 'sync_chunk', "status = 'stored'")).toBe(2);
    expect(await countRows(db, 'sync_chunk', 'pending_payload IS NOT NULL')).toBe(0);
    expect(await countRows(db, 'healthkit_sample')).toBe(pts.length);
    expect(await countRows(db, 'healthkit_sync_state')).toBe(1);
    expect((await syncState(api.baseUrl, token, 'STEPS'))?.lastAnchor).toBe('lost-anchor');
    const queue = testQueue(prefix);
    try {
      await waitFor(
        'jobs completed',
        () => queue.getJobCounts('completed', 'failed'),
        (c) => c.completed === 2,
      );
      expect((await queue.getJobCounts('failed')).failed).toBe(0);
    } finally {
      await queue.close();
    }
  });

  it('a chunk the restored ledger holds as queued, whose job Redis remembers as completed, is stored again when the phone re-sends it', async () => {
    await Promise.all(procs.splice(0).map((p) => p.stop()));
    await resetData(db);
    await clearQueue(prefix);
    // The sweep off: the API's own enqueue must handle it.
    const noSweep = appEnv(prefix, { OUTBOX_SWEEP_INTERVAL_MS: '0' });
    const api = await startApi(noSweep);
    const worker = await startWorker(noSweep);
    procs.push(api, worker);
    await Promise.all([api.waitReady(), worker.waitReady()]);
    const pts = points.steps(4); // 96 points: 1 chunk
    const [input] = chunksOf('STEPS', 'restored-anchor', pts, 200);
    const token = await tokenFor('user-restored');
    const first = await syncChunk(api.baseUrl, token, input);
    await waitForChunksSettled(db);
    // The restore: a backup taken before the chunk was stored.
    await db.query(`UPDATE sync_chunk SET status = 'queued', stored_at = NULL`);
    await db.query('DELETE FROM healthkit_sample');
    await db.query('DELETE FROM healthkit_sync_state');

    const again = await syncChunk(api.baseUrl, token, input);
    expect(again.data!.syncHealthKitSamples).toMatchObject({ status: 'queued', jobId: first.data!.syncHealthKitSamples.jobId });
    await waitForChunksSettled(db);
    expect(await countRows(db, 'sync_chunk', "status = 'stored'")).toBe(1);
    expect(await countRows(db, 'healthkit_sample')).toBe(pts.length);
    expect((await syncState(api.baseUrl, token, 'STEPS'))?.lastAnchor).toBe('restored-anchor');
  });

  it('a job left in Redis whose ledger row id a restore gave to another chunk (other job_uuid) writes nothing', async () => {
    await Promise.all(procs.splice(0).map((p) => p.stop()));
    await resetData(db);
    await clearQueue(prefix);
    // The sweep off: the row under its new job uuid has no job, and none may be made for it here.
    const noSweep = appEnv(prefix, { OUTBOX_SWEEP_INTERVAL_MS: '0' });
    const api = await startApi(noSweep);
    procs.push(api);
    await api.waitReady();
    const pts = points.steps(4); // 96 points: 1 chunk
    const token = await tokenFor('user-replaced');
    const [input] = chunksOf('STEPS', 'replaced-anchor', pts, 200);
    const { jobId } = (await syncChunk(api.baseUrl, token, input)).data!.syncHealthKitSamples;
    // The restore: the row with the job's id is now another chunk, with its own random job uuid.
    await db.query(`UPDATE sync_chunk SET job_uuid = gen_random_uuid()`);

    const worker = await startWorker(noSweep);
    procs.push(worker);
    await worker.waitReady();
    const queue = testQueue(prefix);
    try {
      const job = await waitFor(
        'the job to finish',
        () => queue.getJob(jobId),
        (j) => j?.finishedOn !== undefined,
      );
      expect(await job!.getState()).toBe('completed');
      expect(job!.returnvalue).toMatchObject({ sync: 'gone', inserted: 0 });
      expect(await countRows(db, 'healthkit_sample')).toBe(0);
      expect(await countRows(db, 'sync_chunk', "status = 'queued' AND pending_payload IS NOT NULL")).toBe(1);
      expect(await syncState(api.baseUrl, token, 'STEPS')).toBeNull();
    } finally {
      await queue.close();
    }
  });

  it('jobs an older version queued (the whole chunk, or a spent marker) are stored from the ledger', async () => {
    await Promise.all(procs.splice(0).map((p) => p.stop()));
    await resetData(db);
    await clearQueue(prefix);
    const api = await start('api');
    const pts = points.steps(9); // 216 points: 2 chunks
    const token = await upload(api, 'user-upgrade', 'STEPS', 'upgrade-anchor', pts);
    const queue = testQueue(prefix);
    try {
      const jobs = await queue.getJobs(['waiting']);
      expect(jobs).toHaveLength(2);
      const [full, spent] = jobs;
      // The old API's job: the whole chunk, here with rows that are not the ledger's (nothing in them),
      // so a stored sample can only have come from the ledger.
      await full.updateData({
        ...full.data,
        userId: 'user-upgrade',
        syncKey: 'old-sync-key',
        anchorToken: 'upgrade-anchor',
        isFinal: full.data.chunkIndex === 1,
        rows: { sources: [], contexts: [], types: [], tables: {}, rowCounts: {} },
        deletedUuids: [],
      });
      // An old worker's marker on a job whose run it had not finished (its chunk not stored).
      await spent.updateData({ ...spent.data, payloadDropped: true });

      await start('worker');
      await waitForChunksSettled(db, 30_000);
      expect(await countRows(db, 'sync_chunk', "status = 'stored'")).toBe(2);
      expect(await countRows(db, 'healthkit_sample', "user_id = 'user-upgrade'")).toBe(pts.length);
      expect((await syncState(api.baseUrl, token, 'STEPS'))?.lastAnchor).toBe('upgrade-anchor');
      expect((await queue.getJobCounts('failed')).failed).toBe(0);
    } finally {
      await queue.close();
    }
  });
});
