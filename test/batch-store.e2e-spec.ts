import { randomBytes } from 'node:crypto';
import type { Queue } from 'bullmq';
import { Client } from 'pg';
import { connectTestDb, countRows, named, resetData, waitFor, waitForChunksSettled } from './support/database';
import { chunksOf, syncChunk, SyncInput, syncState, tokenFor } from './support/graphql-client';
import * as points from './support/health-points';
import { AppProcess, startApi, startWorker } from './support/processes';
import { promValue, scrape } from './support/telemetry';
import { appEnv, clearQueue, testQueue } from './support/test-env';

jest.setTimeout(180_000);

/** The user-writes lock's class (libs/store/src/locks/advisory-locks.ts): an erasure holds it exclusively. */
const ERASURE_LOCK_CLASS = 72019;
/** A data-type name PostgreSQL cannot index (SQLSTATE 54000), as in the poison-chunk suite. */
const UNINDEXABLE_TYPE = `POISON_${randomBytes(7_500).toString('base64')}`;
const BATCH_SIZE = 8;

/**
 * Several chunks stored in one transaction (the worker's group commit), through the built processes
 * and real PostgreSQL and Redis. Each test makes its batch deterministic: a leader chunk is held at
 * its user-writes lock (the test holds it, as an erasure would) while the other chunks are queued
 * and taken by the worker; they wait behind the leader's batch and, once it is let go, form one
 * batch. The worker's batch histogram says how many chunks each batch had.
 */
describe('chunks stored in batches (real processes)', () => {
  const prefix = `e2e-batch-${process.pid}`;
  const env = appEnv(prefix, { WORKER_CONCURRENCY: '16', WORKER_BATCH_SIZE: String(BATCH_SIZE), JOB_ATTEMPTS: '3' });
  let db: Client;
  let gate: Client;
  let api: AppProcess;
  let worker: AppProcess;
  let queue: Queue;

  async function send(subject: string, input: SyncInput) {
    const res = await syncChunk(api.baseUrl, await tokenFor(subject), input);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data!.syncHealthKitSamples as { jobId: string };
  }

  async function batchStats() {
    const text = await scrape(worker.baseUrl);
    const of = (result: string) => ({
      batches: promValue(text, 'healthsync_worker_batch_chunks_count', { result }) || 0,
      chunks: promValue(text, 'healthsync_worker_batch_chunks_sum', { result }) || 0,
    });
    return {
      committed: of('committed'),
      retried: of('retried'),
      anchors: promValue(text, 'healthsync_sync_anchors_advanced_total') || 0,
    };
  }

  /**
   * Sends the leader chunk and holds it at its user's lock, lets `queueOthers` queue the rest (the
   * queue paused, so a test may change a job before the worker sees it), waits until the worker
   * holds them all, then lets the leader go: the rest are stored as the next batch.
   */
  async function inOneBatch(leader: string, queueOthers: () => Promise<number>) {
    await gate.query('SELECT pg_advisory_lock($1, hashtext($2))', [ERASURE_LOCK_CLASS, leader]);
    try {
      const [lead] = chunksOf('HEART_RATE', `${leader}-anchor`, points.heartRates(1, 60));
      await send(leader, lead);
      await waitFor(
        'the leader taken',
        () => queue.getJobCounts('active'),
        (c) => c.active === 1,
      );
      await queue.pause();
      const others = await queueOthers();
      await queue.resume();
      await waitFor(
        'every chunk taken',
        () => queue.getJobCounts('active'),
        (c) => c.active === 1 + others,
      );
      // process() hands each job to the batcher right after BullMQ made it active.
      await new Promise((r) => setTimeout(r, 300));
    } finally {
      await gate.query('SELECT pg_advisory_unlock($1, hashtext($2))', [ERASURE_LOCK_CLASS, leader]);
    }
    await waitForChunksSettled(db);
  }

  const rollupCount = async (subject: string) =>
    Number(
      (await db.query(`SELECT coalesce(sum(count), 0) AS n FROM ${named('sample_rollup')} WHERE user_id = $1`, [subject])).rows[0]
        .n,
    );

  beforeAll(async () => {
    db = await connectTestDb();
    gate = await connectTestDb();
    await resetData(db);
    await clearQueue(prefix);
    queue = testQueue(prefix);
    api = await startApi(env);
    worker = await startWorker(env);
    await Promise.all([api.waitReady(), worker.waitReady()]);
  });

  afterAll(async () => {
    await Promise.all([api?.stop(), worker?.stop()]);
    await queue?.close();
    await clearQueue(prefix);
    await gate?.end();
    await db?.end();
  });

  it('stores chunks of several users in one batch; two chunks of one sync in it move its anchor once', async () => {
    const before = await batchStats();
    const users = ['batch-a', 'batch-b', 'batch-c'];
    const pts = points.heartRates(1, 5); // 288 points: two chunks of 150 and 138
    await inOneBatch('batch-lead-1', async () => {
      for (const user of users) for (const input of chunksOf('HEART_RATE', `${user}-anchor`, pts, 150)) await send(user, input);
      await send('batch-c', chunksOf('STEPS', 'batch-c-steps', points.steps(1), 500)[0]);
      return 7;
    });
    const after = await batchStats();
    // The leader's batch of one, then one batch of the seven others.
    expect(after.committed.batches - before.committed.batches).toBe(2);
    expect(after.committed.chunks - before.committed.chunks).toBe(8);
    expect(after.retried.batches - before.retried.batches).toBe(0);
    // Five syncs (the leader's, three of two chunks, one of one): five anchors, each once.
    expect(after.anchors - before.anchors).toBe(5);
    for (const user of users) {
      expect(await countRows(db, 'sync_chunk', "user_id = $1 AND status = 'stored'", [user])).toBe(user === 'batch-c' ? 3 : 2);
      expect((await syncState(api.baseUrl, await tokenFor(user), 'HEART_RATE'))?.lastAnchor).toBe(`${user}-anchor`);
      expect(await countRows(db, 'healthkit_sample', "user_id = $1 AND sample_type = 'HEART_RATE'", [user])).toBe(pts.length);
    }
    expect((await syncState(api.baseUrl, await tokenFor('batch-c'), 'STEPS'))?.lastAnchor).toBe('batch-c-steps');
    // One rollup refresh per user covered both chunks' spans: every heart rate counted once.
    expect(await rollupCount('batch-a')).toBe(pts.length);
    expect(await rollupCount('batch-b')).toBe(pts.length);
    expect(await rollupCount('batch-c')).toBe(await countRows(db, 'healthkit_sample', 'user_id = $1', ['batch-c']));
  });

  it('a poison chunk in a batch fails alone, at its first attempt; the others of the batch are stored', async () => {
    const before = await batchStats();
    let poisonId = '';
    const goods = ['batch-good-1', 'batch-good-2', 'batch-good-3'];
    await inOneBatch('batch-lead-2', async () => {
      for (const user of goods) await send(user, chunksOf('HEART_RATE', `${user}-anchor`, points.heartRates(1, 30))[0]);
      const { jobId } = await send('batch-poison', chunksOf('HEART_RATE', 'poison-anchor', points.heartRates(1, 30))[0]);
      // The worker reads the chunk from its ledger row (the job holds the reference only): poisoned there.
      poisonId = (await queue.getJob(jobId))!.data.chunkId;
      const [{ pending_payload }] = (await db.query(`SELECT pending_payload FROM sync_chunk WHERE id = $1`, [poisonId])).rows;
      const payload = JSON.parse(pending_payload);
      await db.query(`UPDATE sync_chunk SET pending_payload = $2 WHERE id = $1`, [
        poisonId,
        JSON.stringify({ ...payload, rows: { ...payload.rows, types: [UNINDEXABLE_TYPE] } }),
      ]);
      return goods.length + 1;
    });
    const after = await batchStats();
    expect(after.retried.batches - before.retried.batches).toBe(1);
    expect(after.retried.chunks - before.retried.chunks).toBe(4);
    const poison = (await db.query(`SELECT status, error FROM sync_chunk WHERE id = $1`, [poisonId])).rows[0];
    expect(poison.status).toBe('failed');
    expect(poison.error).toMatch(/^PostgreSQL error SQLSTATE 54000/);
    expect(worker.text().match(new RegExp(`chunk ${poisonId} attempt \\d failed`, 'g'))).toEqual([
      `chunk ${poisonId} attempt 1 failed`,
    ]);
    for (const user of goods) {
      expect(await countRows(db, 'sync_chunk', "user_id = $1 AND status = 'stored'", [user])).toBe(1);
      expect((await syncState(api.baseUrl, await tokenFor(user), 'HEART_RATE'))?.lastAnchor).toBe(`${user}-anchor`);
    }
    expect(await countRows(db, 'healthkit_sample', 'user_id = $1', ['batch-poison'])).toBe(0);
  });

  it('a superseded revision inside a batch writes nothing; the newer revision in the same batch is stored', async () => {
    const before = await batchStats();
    const all = points.heartRates(1, 60);
    const old = all.slice(0, 12);
    const fresh = all.slice(12);
    const jobs: string[] = [];
    await inOneBatch('batch-lead-3', async () => {
      jobs.push((await send('batch-rev', chunksOf('HEART_RATE', 'rev-anchor', old)[0])).jobId);
      jobs.push((await send('batch-rev', chunksOf('HEART_RATE', 'rev-anchor', fresh)[0])).jobId);
      await send('batch-rev-other', chunksOf('HEART_RATE', 'rev-other-anchor', all)[0]);
      return 3;
    });
    const after = await batchStats();
    expect(after.committed.chunks - before.committed.chunks).toBe(4);
    expect(after.committed.batches - before.committed.batches).toBe(2);
    const [superseded, current] = await Promise.all(jobs.map(async (id) => (await queue.getJob(id))!.returnvalue));
    expect(superseded).toMatchObject({ sync: 'superseded', inserted: 0, updated: 0, deleted: 0 });
    expect(current).toMatchObject({ sync: 'advanced', inserted: fresh.length });
    expect(await countRows(db, 'healthkit_sample', 'user_id = $1', ['batch-rev'])).toBe(fresh.length);
    expect(await rollupCount('batch-rev')).toBe(fresh.length);
    expect(await countRows(db, 'healthkit_sample', 'user_id = $1', ['batch-rev-other'])).toBe(all.length);
  });
});
