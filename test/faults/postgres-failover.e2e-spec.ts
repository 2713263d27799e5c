import type { Queue } from 'bullmq';
import type { Client } from 'pg';
import { connectTestDb, countRows, resetData, waitFor, waitForChunksSettled } from '../support/database';
import { chunksOf, syncChunk, syncState, tokenFor } from '../support/graphql-client';
import * as points from '../support/health-points';
import { AppProcess, startApi, startWorker } from '../support/processes';
import { databaseProxy, TcpProxy } from '../support/tcp-proxy';
import { appEnv, clearQueue, TEST_DATABASE_URL, testQueue } from '../support/test-env';

jest.setTimeout(180_000);

/**
 * A database failover seen from the worker: every connection dies and new ones are refused for a
 * while (an RDS Multi-AZ failover takes 60–120 s). With 3 attempts and a 1 s backoff, attempts
 * counted against an outage would fail chunks within seconds; the worker must instead put the jobs
 * back and wait, so every chunk is stored without the phone sending anything again. The outbox
 * sweep is off: it must not be what saves the chunks.
 */
describe('PostgreSQL unavailable mid-sync (real processes, TCP proxy)', () => {
  const prefix = `e2e-pgfailover-${process.pid}`;
  let db: Client;
  let proxy: TcpProxy;
  let api: AppProcess;
  let worker: AppProcess;
  let queue: Queue;

  beforeAll(async () => {
    db = await connectTestDb();
    await resetData(db);
    const proxied = await databaseProxy(TEST_DATABASE_URL);
    proxy = proxied.proxy;
    api = await startApi(appEnv(prefix)); // the API talks to PostgreSQL directly: the phone keeps uploading
    await api.waitReady();
    worker = await startWorker(
      appEnv(prefix, {
        DATABASE_URL: proxied.url,
        MIGRATIONS: 'check',
        JOB_ATTEMPTS: '3',
        JOB_BACKOFF_MS: '1000',
        OUTBOX_SWEEP_INTERVAL_MS: '0',
        WORKER_DB_UNAVAILABLE_WAIT_MS: '1000',
      }),
    );
    await worker.waitReady();
    queue = testQueue(prefix);
  });

  afterAll(async () => {
    proxy?.up();
    await Promise.all([api?.stop(), worker?.stop()]);
    await proxy?.stop();
    await queue?.close();
    await clearQueue(prefix);
    await db?.end();
  });

  async function syncThroughOutage(user: string, outageMs: number) {
    const pts = points.heartRates(1, 5); // 288 points: 6 chunks of 50
    const anchor = `failover-${outageMs}`;
    const token = await tokenFor(user);
    const inputs = chunksOf('HEART_RATE', anchor, pts, 50);
    const send = async (i: number) => {
      const res = await syncChunk(api.baseUrl, token, inputs[i]);
      if (res.errors) throw new Error(JSON.stringify(res.errors));
    };
    const stored = () => countRows(db, 'sync_chunk', "user_id = $1 AND status = 'stored'", [user]);
    await send(0);
    await waitFor('the first chunk stored', stored, (n) => n === 1);
    // Two chunks reach the worker, then the database goes away under them; the rest arrive during the outage.
    await send(1);
    await send(2);
    expect(proxy.down()).toBeGreaterThan(0);
    for (let i = 3; i < inputs.length; i++) await send(i);
    await new Promise((r) => setTimeout(r, outageMs));
    expect(await stored()).toBeLessThan(inputs.length); // the outage really held chunks back
    proxy.up();
    const upAt = Date.now();

    await waitForChunksSettled(db, 30_000);
    process.stdout.write(
      `failover test: ${outageMs / 1000} s outage; every chunk stored ${Date.now() - upAt} ms after the database was back\n`,
    );
    expect(await countRows(db, 'sync_chunk', 'user_id = $1', [user])).toBe(inputs.length);
    expect(await stored()).toBe(inputs.length);
    expect(await countRows(db, 'sync_chunk', "status = 'failed'")).toBe(0);
    expect((await queue.getJobCounts('failed')).failed).toBe(0);
    expect(await countRows(db, 'healthkit_sample', 'user_id = $1', [user])).toBe(pts.length);
    expect((await syncState(api.baseUrl, token, 'HEART_RATE'))?.lastAnchor).toBe(anchor);
    expect(worker.text()).toContain('database unavailable');
  }

  it('rides out a 5 s outage: every chunk stored, none failed, nothing re-sent', async () => {
    await syncThroughOutage('user-outage-5s', 5_000);
  });

  it('rides out a 90 s outage (a Multi-AZ failover): every chunk stored, none failed, nothing re-sent', async () => {
    await syncThroughOutage('user-outage-90s', 90_000);
  });
});
