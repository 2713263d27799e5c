import type { Client } from 'pg';
import { connectTestDb, resetData, waitFor } from './support/database';
import { chunksOf, syncChunk, tokenFor } from './support/graphql-client';
import * as points from './support/health-points';
import { AppProcess, startApi } from './support/processes';
import { appEnv, clearQueue } from './support/test-env';

jest.setTimeout(60_000);

/**
 * The built API under SIGTERM. A request is held in flight by a table lock the test owns, so the
 * order of events is decided by the test, not by timing luck.
 */
describe('graceful API stop (built process)', () => {
  let db: Client;
  let locker: Client;
  const queuePrefix = `e2e-stop-${process.pid}`;

  beforeAll(async () => {
    db = await connectTestDb();
    locker = await connectTestDb();
    await resetData(db);
  });

  afterAll(async () => {
    await locker?.end();
    await db?.end();
    await clearQueue(queuePrefix);
  });

  async function readyStatus(api: AppProcess): Promise<number | 'refused'> {
    try {
      return (await fetch(`${api.baseUrl}/health/ready`)).status;
    } catch {
      return 'refused';
    }
  }

  /** Starts the sync mutation while sync_chunk is locked: it waits inside the API until the lock goes. */
  async function requestHeldInFlight(api: AppProcess) {
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE sync_chunk IN ACCESS EXCLUSIVE MODE');
    const token = await tokenFor('user-stop');
    const [input] = chunksOf('STEPS', `anchor-stop-${Date.now()}`, points.steps(1));
    const pending = syncChunk(api.baseUrl, token, input).then(
      (res) => ({ ok: true as const, res }),
      (err: Error) => ({ ok: false as const, err }),
    );
    await waitFor(
      'the request to wait on the lock',
      async () => (await db.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock'`)).rows[0].n,
      (n) => n > 0,
      10_000,
    );
    return { pending };
  }

  it('turns readiness false at once, stops accepting after the delay, finishes the request in flight, exits 0', async () => {
    const api = await startApi(appEnv(queuePrefix, { SHUTDOWN_READINESS_DELAY_MS: '1500', SHUTDOWN_TIMEOUT_MS: '15000' }));
    try {
      await api.waitReady();
      const { pending } = await requestHeldInFlight(api);
      const sigtermAt = Date.now();
      api.kill('SIGTERM');

      await waitFor(
        'readiness to turn false',
        () => readyStatus(api),
        (s) => s === 503,
        1_000,
      );
      // After the delay the port is closed to new connections while the held request is still running.
      await waitFor(
        'the server to stop accepting',
        () => readyStatus(api),
        (s) => s === 'refused',
        5_000,
      );
      expect(Date.now() - sigtermAt).toBeGreaterThanOrEqual(1_400);
      expect(api.running).toBe(true);

      await locker.query('COMMIT');
      const outcome = await pending;
      expect(outcome.ok && outcome.res.status).toBe(200);
      expect(outcome.ok && outcome.res.data?.syncHealthKitSamples.status).toBe('queued');
      const exit = await api.exited;
      expect(exit.code).toBe(0);
      expect(Date.now() - sigtermAt).toBeLessThan(15_000);
    } finally {
      await locker.query('ROLLBACK').catch(() => undefined);
      api.kill('SIGKILL');
    }
  });

  it('exits 1 at SHUTDOWN_TIMEOUT_MS when a request never finishes, before ECS would SIGKILL', async () => {
    const api = await startApi(appEnv(queuePrefix, { SHUTDOWN_READINESS_DELAY_MS: '0', SHUTDOWN_TIMEOUT_MS: '2000' }));
    try {
      await api.waitReady();
      const { pending } = await requestHeldInFlight(api);
      const sigtermAt = Date.now();
      api.kill('SIGTERM');
      const exit = await api.exited;
      const took = Date.now() - sigtermAt;
      expect(exit.code).toBe(1);
      expect(took).toBeGreaterThanOrEqual(1_900);
      expect(took).toBeLessThan(6_000);
      expect(api.text()).toContain('shutdown deadline of 2000 ms passed');
      expect((await pending).ok).toBe(false);
    } finally {
      await locker.query('ROLLBACK').catch(() => undefined);
      api.kill('SIGKILL');
    }
  });
});
