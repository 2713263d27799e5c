import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Queue } from 'bullmq';
import Redis from 'ioredis';
import type { Client } from 'pg';
import { connectTestDb, countRows, resetData, waitFor } from '../support/database';
import { chunksOf, syncChunk, tokenFor } from '../support/graphql-client';
import * as points from '../support/health-points';
import { AppProcess, startApi, startWorker } from '../support/processes';
import { appEnv, clearQueue, TEST_REDIS_URL, testQueue } from '../support/test-env';

jest.setTimeout(120_000);

const CHUNKS_CLI = join(__dirname, '..', '..', 'scripts', 'chunks.js');
/**
 * A data-type name PostgreSQL cannot index (a btree row holds at most 2,704 bytes, after
 * compression, hence random): SQLSTATE 54000.
 */
const UNINDEXABLE_TYPE = `POISON_${randomBytes(7_500).toString('base64')}`;

/**
 * A chunk PostgreSQL refuses whatever is tried: it fails at its first attempt, the ledger row says
 * why (without the values), and Redis keeps only a reference to it (no payload, no user): the
 * failed set and the queue's memory are the same after an operator's retry cycle as before it,
 * and the outbox sweep leaves it alone.
 * The poison is a hand-made job (the API's input caps refuse such a type; a chunk the API accepted
 * that PostgreSQL refuses is what this models).
 */
describe('poison chunk (real processes)', () => {
  const prefix = `e2e-poison-${process.pid}`;
  const env = appEnv(prefix, { JOB_ATTEMPTS: '3', OUTBOX_SWEEP_INTERVAL_MS: '500', OUTBOX_GRACE_MS: '1000' });
  let db: Client;
  let api: AppProcess;
  let worker: AppProcess | undefined;
  let queue: Queue;
  let redis: Redis;

  const chunksCli = (...args: string[]) => {
    const run = spawnSync(process.execPath, [CHUNKS_CLI, ...args], { env, encoding: 'utf8', timeout: 30_000 });
    if (run.status !== 0) throw new Error(`chunks ${args.join(' ')} exited ${run.status}: ${run.stderr}`);
    return run.stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l));
  };

  /** Every value Redis holds under this suite's queue prefix, as one text. */
  async function redisContent(): Promise<string> {
    const parts: string[] = [];
    for (const key of await redis.keys(`${prefix}:*`)) {
      const type = await redis.type(key);
      if (type === 'hash') parts.push(JSON.stringify(await redis.hgetall(key)));
      else if (type === 'string') parts.push((await redis.get(key)) ?? '');
      else if (type === 'list') parts.push(...(await redis.lrange(key, 0, -1)));
      else if (type === 'zset') parts.push(...(await redis.zrange(key, 0, -1)));
      else if (type === 'set') parts.push(...(await redis.smembers(key)));
      else if (type === 'stream') parts.push(JSON.stringify(await redis.xrange(key, '-', '+')));
      else throw new Error(`unexpected Redis type ${type} at ${key}`);
    }
    return parts.join('\n');
  }

  /** Bytes Redis holds under this suite's queue prefix, and the failed set's size. */
  async function redisFootprint() {
    const keys = await redis.keys(`${prefix}:*`);
    let bytes = 0;
    for (const key of keys) {
      // The events stream is capped by BullMQ (maxLenEvents) and holds ids and reasons, no payload.
      if (key.endsWith(':events')) continue;
      // SAMPLES 0: every field counted; the default estimate from 5 fields may miss the one holding the payload.
      bytes += Number((await redis.call('MEMORY', 'USAGE', key, 'SAMPLES', '0')) ?? 0);
    }
    return { bytes, failed: (await queue.getJobCounts('failed')).failed };
  }

  const ledgerRow = async (id: string) =>
    (await db.query(`SELECT status, error, updated_at FROM sync_chunk WHERE id = $1`, [id])).rows[0] as {
      status: string;
      error: string | null;
      updated_at: Date;
    };

  beforeAll(async () => {
    db = await connectTestDb();
    await resetData(db);
    await clearQueue(prefix);
    api = await startApi(env);
    await api.waitReady();
    queue = testQueue(prefix);
    redis = new Redis(TEST_REDIS_URL);
  });

  afterAll(async () => {
    await Promise.all([api?.stop(), worker?.stop()]);
    await queue?.close();
    redis?.disconnect();
    await clearQueue(prefix);
    await db?.end();
  });

  it('fails at once with its reason on the ledger row, and a retry cycle leaves Redis as it was', async () => {
    // Queued while no worker runs: a big chunk (its payload dwarfs any bookkeeping) and a good one.
    const pts = points.heartRates(2, 5).slice(0, 500); // the most one chunk may hold
    const [poisonInput] = chunksOf('HEART_RATE', 'poison-anchor', pts, pts.length);
    const poisoned = await syncChunk(api.baseUrl, await tokenFor('user-poison'), poisonInput);
    expect(poisoned.errors).toBeUndefined();
    const [goodInput] = chunksOf('HEART_RATE', 'good-anchor', points.heartRates(1, 60));
    const good = await syncChunk(api.baseUrl, await tokenFor('user-good'), goodInput);
    expect(good.errors).toBeUndefined();

    // Redis, with both jobs queued and no worker running, holds their ledger references only: no
    // health data, no user id, no anchor (every value under the prefix, the job hashes included).
    const redisText = await redisContent();
    const secrets = ['user-poison', 'user-good', 'poison-anchor', 'good-anchor', '756B1A7A-C972', 'BEATS_PER_MINUTE'];
    for (const secret of [...secrets, pts[0].uuid, pts[0].uuid.toLowerCase(), '"rows"', 'deletedUuids', 'recordKey']) {
      expect(redisText).not.toContain(secret);
    }
    for (const answer of [poisoned, good]) {
      const { jobId } = answer.data!.syncHealthKitSamples;
      const hash = await redis.hgetall(`${prefix}:${queue.name}:${jobId}`);
      expect(Object.keys(JSON.parse(hash.data)).sort()).toEqual(['chunkId', 'chunkIndex', 'dataType', 'jobUuid', 'revision']);
    }

    // The poison: the same ledger row, its payload with a type name PostgreSQL refuses (the job names the row).
    const job = (await queue.getJob(poisoned.data!.syncHealthKitSamples.jobId))!;
    const poisonId: string = job.data.chunkId;
    const [{ pending_payload }] = (await db.query(`SELECT pending_payload FROM sync_chunk WHERE id = $1`, [poisonId])).rows;
    const payload = JSON.parse(pending_payload);
    await db.query(`UPDATE sync_chunk SET pending_payload = $2 WHERE id = $1`, [
      poisonId,
      JSON.stringify({ ...payload, rows: { ...payload.rows, types: [UNINDEXABLE_TYPE] } }),
    ]);
    const queuedBytes = (await redisFootprint()).bytes;

    worker = await startWorker(env);
    await worker.waitReady();
    const first = await waitFor(
      'the poison chunk to fail',
      () => ledgerRow(poisonId),
      (r) => r.status === 'failed',
      30_000,
    );
    expect(first.error).toMatch(/^PostgreSQL error SQLSTATE 54000 \(program limit exceeded\)/);
    expect(first.error).not.toContain(UNINDEXABLE_TYPE.slice(7, 40));
    // Unrecoverable: one attempt, not three.
    expect(worker.text().match(new RegExp(`chunk ${poisonId} attempt \\d failed`, 'g'))).toEqual([
      `chunk ${poisonId} attempt 1 failed`,
    ]);
    expect(worker.text()).not.toContain(UNINDEXABLE_TYPE.slice(7, 40));
    await waitFor(
      'the good chunk stored',
      () => countRows(db, 'sync_chunk', "status = 'stored'"),
      (n) => n === 1,
    );
    // A completed job keeps its ledger reference only (it never held more).
    const done = (await queue.getJob(good.data!.syncHealthKitSamples.jobId))!;
    expect(Object.keys(done.data).sort()).toEqual(['chunkId', 'chunkIndex', 'dataType', 'jobUuid', 'revision']);

    await new Promise((r) => setTimeout(r, 1_500)); // an outbox sweep or two: the failed chunk is not re-enqueued
    const before = await redisFootprint();
    expect(before.failed).toBe(1);
    const failedJob = (await queue.getJob(poisoned.data!.syncHealthKitSamples.jobId))!;
    expect(await failedJob.getState()).toBe('failed');
    expect(failedJob.data).toEqual(expect.objectContaining({ chunkId: poisonId }));
    expect(JSON.stringify(failedJob.data)).not.toContain('user-poison');
    expect(failedJob.failedReason).toMatch(/^PostgreSQL error SQLSTATE 54000/);
    // Never the payload: a 500-sample chunk's rows would be tens of KB under the prefix.
    expect(queuedBytes).toBeLessThan(16_384);

    // The operator's retry cycle: enqueued again from the ledger's payload, fails again, leaves nothing.
    const retried = chunksCli('retry', poisonId);
    expect(retried).toEqual([expect.objectContaining({ id: poisonId, action: 'enqueued from the ledger' })]);
    await waitFor(
      'the retried poison chunk to fail again',
      () => ledgerRow(poisonId),
      (r) => r.status === 'failed' && r.updated_at.getTime() > first.updated_at.getTime(),
      30_000,
    );
    await new Promise((r) => setTimeout(r, 1_500));
    const after = await redisFootprint();
    expect(after.failed).toBe(1);
    expect(Math.abs(after.bytes - before.bytes)).toBeLessThan(2_048);
    process.stdout.write(
      `poison test: Redis under the prefix ${queuedBytes} B with the poison queued, ${before.bytes} B after it failed, ${after.bytes} B after a retry cycle\n`,
    );
    expect((await ledgerRow(poisonId)).status).toBe('failed');
    expect(chunksCli('failed')).toEqual([expect.objectContaining({ id: poisonId, jobState: 'failed' })]);
  });
});
