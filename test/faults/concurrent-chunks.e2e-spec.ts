import type { Queue } from 'bullmq';
import type { Client } from 'pg';
import { connectTestDb, countRows, resetData, waitFor, waitForChunksSettled } from '../support/database';
import { syncChunk, SyncInput, syncState, tokenFor } from '../support/graphql-client';
import * as points from '../support/health-points';
import { AppProcess, startApi, startWorker } from '../support/processes';
import { appEnv, clearQueue, testQueue } from '../support/test-env';

jest.setTimeout(120_000);

const ROUNDS = 25;

/**
 * Contention on the same rows, many times over: each round sends a sync whose two chunks share
 * UUIDs in opposite orders, each chunk twice at once, and delivers the first chunk's job a second
 * time under another id so two workers store it concurrently. Sorted keys and the sync lock must
 * keep every deadlock away from the client and the failed set.
 */
describe('concurrent and duplicate chunks (two worker processes)', () => {
  const prefix = `e2e-race-${process.pid}`;
  const env = appEnv(prefix, { WORKER_CONCURRENCY: '4' });
  let db: Client;
  let api: AppProcess;
  let workers: AppProcess[] = [];
  let queue: Queue;

  beforeAll(async () => {
    db = await connectTestDb();
    await resetData(db);
    api = await startApi(env);
    await api.waitReady();
    queue = testQueue(prefix);
  });

  afterAll(async () => {
    await Promise.all([api?.stop(), ...workers.map((w) => w.stop())]);
    await queue?.close();
    await clearQueue(prefix);
    await db?.end();
  });

  it(`${ROUNDS} rounds: no deadlock reaches a client or the failed set, every row once`, async () => {
    const token = await tokenFor('user-race');
    const pts = points.heartRates(1, 5).slice(0, 240); // the same 240 UUIDs in every round
    const fromPhone = pts.map((p) => ({ ...p, ...points.IPHONE }));
    const errors: unknown[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const anchorToken = `race-${round}`;
      const first: SyncInput = {
        dataType: 'HEART_RATE',
        anchorToken,
        chunkIndex: 0,
        isFinalChunk: false,
        timeZone: 'UTC',
        data: pts.slice(0, 160),
      };
      // From another source, so the two chunks share no source row whose lock would queue them anyway.
      const second: SyncInput = { ...first, chunkIndex: 1, isFinalChunk: true, data: fromPhone.slice(80).reverse() };
      const answers = await Promise.all([first, first, second, second].map((input) => syncChunk(api.baseUrl, token, input)));
      for (const res of answers) if (res.errors) errors.push(res.errors);
      // The same chunk delivered twice: a second job with the same payload under another id.
      const job = await queue.getJob(answers[0].data!.syncHealthKitSamples.jobId);
      if (job) await queue.add('store-chunk', job.data, { jobId: `dup-${round}` });
    }
    expect(errors).toEqual([]);
    // Every job of every round waits; two workers of four slots each now fight over the same rows.
    workers = [await startWorker(env), await startWorker(env)];
    await waitForChunksSettled(db, 60_000);
    await waitFor(
      'every job finished',
      () => queue.getJobCounts('waiting', 'active', 'delayed'),
      (c) => c.waiting + c.active + c.delayed === 0,
    );

    expect(await queue.getJobCounts('failed')).toEqual({ failed: 0 });
    const logs = workers.map((w) => w.text()).join('');
    expect(logs).not.toMatch(/deadlock|40P01/i); // a retried deadlock still shows in the attempt's log line
    expect(await countRows(db, 'sync_chunk')).toBe(ROUNDS * 2);
    expect(await countRows(db, 'sync_chunk', "status = 'stored'")).toBe(ROUNDS * 2);
    expect(await countRows(db, 'healthkit_sample')).toBe(240);
    expect(await countRows(db, 'healthkit_source')).toBe(2);
    expect(await countRows(db, 'healthkit_sync_state')).toBe(1);
    expect((await syncState(api.baseUrl, token, 'HEART_RATE'))?.lastAnchor).toBe(`race-${ROUNDS - 1}`);
  });
});
