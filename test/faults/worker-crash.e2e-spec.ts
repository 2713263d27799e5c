import type { Queue } from 'bullmq';
import type { Client } from 'pg';
import { connectTestDb, countRows, resetData, waitFor, waitForChunksSettled } from '../support/database';
import { chunksOf, syncChunk, syncState, tokenFor } from '../support/graphql-client';
import * as points from '../support/health-points';
import { AppProcess, startApi, startWorker } from '../support/processes';
import { appEnv, clearQueue, testQueue } from '../support/test-env';

jest.setTimeout(120_000);

// The production settings (the defaults): recovery is bounded by lock duration + stalled interval.
const LOCK_MS = 20_000;
const STALLED_MS = 10_000;

/**
 * A worker killed with SIGKILL while it holds jobs: with the production lock duration and stalled
 * check, another worker takes them over within the documented worst case, and every chunk is stored
 * exactly once.
 */
describe('recovery after a worker crash (real processes, production lock settings)', () => {
  const prefix = `e2e-crash-${process.pid}`;
  // Only what the test must change: its own queue; everything about locks and stalls is the default.
  const env = appEnv(prefix, { WORKER_CONCURRENCY: '2' });
  let db: Client;
  let locker: Client;
  let api: AppProcess;
  let queue: Queue;
  const procs: AppProcess[] = [];

  beforeAll(async () => {
    db = await connectTestDb();
    await resetData(db);
    locker = await connectTestDb();
    api = await startApi(env);
    await api.waitReady();
    queue = testQueue(prefix);
  });

  afterAll(async () => {
    await locker?.query('ROLLBACK').catch(() => undefined);
    await Promise.all([api?.stop(), ...procs.map((p) => p.stop())]);
    await queue?.close();
    await clearQueue(prefix);
    await locker?.end();
    await db?.end();
  });

  it('hands the dead worker’s active jobs to a live worker within lock duration + stalled interval', async () => {
    const pts = points.heartRates(2, 5); // 576 points: 3 chunks
    const token = await tokenFor('user-crash');
    // Held jobs for sure: the sample table is locked, so the first worker's jobs block mid-transaction.
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE healthkit_sample IN ACCESS EXCLUSIVE MODE');
    for (const input of chunksOf('HEART_RATE', 'crash-anchor', pts, 200)) {
      const res = await syncChunk(api.baseUrl, token, input);
      if (res.errors) throw new Error(JSON.stringify(res.errors));
    }
    const doomed = await startWorker(env);
    procs.push(doomed);
    await waitFor(
      'two jobs active in the first worker',
      () => queue.getActiveCount(),
      (n) => n === 2,
    );

    doomed.kill('SIGKILL');
    const killedAt = Date.now();
    expect((await doomed.exited).signal).toBe('SIGKILL');
    await locker.query('ROLLBACK');
    const rescuer = await startWorker(env);
    procs.push(rescuer);
    await rescuer.waitReady();

    await waitForChunksSettled(db, LOCK_MS + STALLED_MS + 30_000);
    const recoveryMs = Date.now() - killedAt;
    process.stdout.write(
      `worker crash: the killed worker's 2 jobs were stored ${(recoveryMs / 1000).toFixed(1)} s after SIGKILL\n`,
    );
    // Not before the lock could expire (nothing double-processed while the owner might live) …
    expect(recoveryMs).toBeGreaterThan(LOCK_MS / 2);
    // … and within the documented worst case (lock + one stalled interval), with room for a busy machine.
    expect(recoveryMs).toBeLessThan(LOCK_MS + STALLED_MS + 10_000);

    expect(await countRows(db, 'sync_chunk')).toBe(3);
    expect(await countRows(db, 'sync_chunk', "status = 'stored'")).toBe(3);
    expect(await countRows(db, 'healthkit_sample')).toBe(pts.length);
    expect(await countRows(db, 'healthkit_source')).toBe(1);
    expect(await countRows(db, 'healthkit_sync_state')).toBe(1);
    expect((await syncState(api.baseUrl, token, 'HEART_RATE'))?.lastAnchor).toBe('crash-anchor');
    expect(await queue.getJobCounts('failed', 'active', 'waiting')).toEqual({ failed: 0, active: 0, waiting: 0 });
  });
});
