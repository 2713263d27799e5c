import { Redis } from 'ioredis';
import type { Client } from 'pg';
import { connectTestDb, countRows, resetData, waitForChunksSettled } from './support/database';
import { syncChunk, tokenFor } from './support/graphql-client';
import * as points from './support/health-points';
import { AppProcess, startApi, startWorker } from './support/processes';
import { RedisServer } from './support/redis-server';
import { appEnv } from './support/test-env';

jest.setTimeout(120_000);

const MAXMEMORY = 16 * 1024 * 1024;

/**
 * A Redis of the test's own with a small maxmemory and no worker: the API refuses chunks with a
 * retryable answer before Redis is full, refused chunks leave nothing behind, and every accepted
 * chunk is stored once a worker runs.
 */
describe('backpressure (API process, own small Redis)', () => {
  let redis: RedisServer;
  let redisClient: Redis;
  let db: Client;
  const procs: AppProcess[] = [];

  beforeAll(async () => {
    redis = await RedisServer.start(['--maxmemory', String(MAXMEMORY), '--maxmemory-policy', 'noeviction']);
    redisClient = new Redis(redis.url());
    db = await connectTestDb();
    await resetData(db);
  });

  afterAll(async () => {
    await Promise.all(procs.map((p) => p.stop()));
    redisClient?.disconnect();
    await redis?.stop();
    await db?.end();
  });

  async function usedMemory(): Promise<number> {
    return Number(/^used_memory:(\d+)/m.exec(await redisClient.info('memory'))![1]);
  }

  it('refuses before Redis is full, writes nothing for a refusal, and stores every accepted chunk once a worker runs', async () => {
    const env = appEnv('bp-memory', {
      REDIS_URL: redis.url(),
      BACKPRESSURE_MAX_MEMORY_PERCENT: '40',
      BACKPRESSURE_PROBE_MS: '100',
    });
    const api = await startApi(env);
    procs.push(api);
    await api.waitReady();
    const token = await tokenFor('user-bp');
    // A job is a ledger reference of about a kilobyte in Redis: 16 MB would take thousands of chunks.
    // What else Redis holds (here a filler outside the queue's keys) counts too: after the first chunk
    // (which loads BullMQ's scripts) it is filled to ≈ 150 KB below the refusal threshold, which the
    // next chunks cross. (In 32 KB keys: one large value is rounded up to the allocator's next megabyte.)
    const fill = async () => {
      for (let n = 0; (await usedMemory()) < 0.4 * MAXMEMORY - 150 * 1024; n++) {
        await redisClient.set(`bp-filler-${n}`, 'x'.repeat(32 * 1024));
      }
    };
    const all = points.heartRates(30, 1); // 43,200 points: 216 chunks, more than the 150 KB left can queue
    let accepted = 0;
    let refused = 0;
    const refusals: unknown[] = [];
    // Each chunk is a sync of its own (own stream, final), so every accepted one moves an anchor.
    for (let i = 0; refused < 5 && i * 200 < all.length; i++) {
      if (i === 1) await fill();
      const input = {
        dataType: `BP_${i}`,
        anchorToken: `bp-${i}`,
        chunkIndex: 0,
        isFinalChunk: true,
        timeZone: 'Europe/Berlin',
        data: all.slice(i * 200, i * 200 + 200),
      };
      const res = await syncChunk(api.baseUrl, token, input);
      if (res.errors) {
        refused += 1;
        refusals.push(res.errors[0].extensions);
        expect(await usedMemory()).toBeLessThan(MAXMEMORY);
      } else {
        expect(refused).toBe(0); // once refusing, it keeps refusing while nothing drains
        expect(res.data!.syncHealthKitSamples).toMatchObject({ accepted: 200, rejected: [] });
        accepted += 1;
      }
    }
    expect(refused).toBe(5);
    expect(accepted).toBeGreaterThan(5);
    for (const ext of refusals) {
      expect(ext).toEqual({ code: 'SERVICE_UNAVAILABLE', reason: 'BACKPRESSURE', retryable: true, retryAfter: 30 });
    }
    // Refused requests wrote nothing; readiness stays up while refusing.
    expect(await countRows(db, 'sync_chunk')).toBe(accepted);
    expect((await fetch(`${api.baseUrl}/health/ready`)).status).toBe(200);
    process.stdout.write(
      `backpressure: ${accepted} chunks accepted, refusals from ${(await usedMemory()) >> 10} KiB of ${MAXMEMORY >> 10} KiB\n`,
    );

    const worker = await startWorker(env);
    procs.push(worker);
    await waitForChunksSettled(db, 60_000);
    expect(await countRows(db, 'sync_chunk', "status = 'stored'")).toBe(accepted);
    expect(await countRows(db, 'healthkit_sample')).toBe(accepted * 200);
    expect(await countRows(db, 'healthkit_sync_state')).toBe(accepted);
    expect(await countRows(db, 'sync_rejected_item')).toBe(0);
  });

  it('refuses above the queue depth limit, checked once per probe', async () => {
    await resetData(db);
    const api = await startApi(
      appEnv('bp-depth', { REDIS_URL: redis.url(1), BACKPRESSURE_MAX_WAITING: '3', BACKPRESSURE_PROBE_MS: '100' }),
    );
    procs.push(api);
    await api.waitReady();
    const token = await tokenFor('user-bp-depth');
    const codes: string[] = [];
    for (let i = 0; i < 5; i++) {
      await new Promise((r) => setTimeout(r, 150)); // a fresh probe for each request
      const res = await syncChunk(api.baseUrl, token, {
        dataType: 'STEPS',
        anchorToken: 'depth',
        chunkIndex: i,
        isFinalChunk: false,
        timeZone: 'UTC',
        data: points.steps(1),
      });
      codes.push(res.errors ? String(res.errors[0].extensions?.code) : 'ok');
    }
    expect(codes).toEqual(['ok', 'ok', 'ok', 'SERVICE_UNAVAILABLE', 'SERVICE_UNAVAILABLE']);
    expect(await countRows(db, 'sync_chunk')).toBe(3);
  });
});
