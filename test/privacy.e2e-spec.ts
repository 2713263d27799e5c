import { createHash } from 'node:crypto';
import type { Client } from 'pg';
import { connectTestDb, countRows, orphanedHealthRows, resetData, waitFor, waitForChunksSettled } from './support/database';
import { chunksOf, gql, syncChunk, SyncInput, tokenFor } from './support/graphql-client';
import * as points from './support/health-points';
import { Pipeline, startPipeline } from './support/pipeline';
import { AppProcess } from './support/processes';
import { appEnv, testQueue } from './support/test-env';

jest.setTimeout(120_000);

const ERASE = `mutation { deleteMyHealthData { id status counts { name deleted } } }`;
const PROGRESS = `query { healthDataErasure { id status finishedAt counts { name deleted } } }`;
const EXPORT = `query Export($after: String, $limit: Int!) { exportMyHealthData(after: $after, limit: $limit) { jsonLines count nextCursor } }`;
const USER_TABLES = [
  'healthkit_sample',
  'healthkit_workout',
  'healthkit_sleep_analysis',
  'healthkit_clinical_record',
  'healthkit_source',
  'healthkit_sync_state',
  'sync_rejected_item',
  'sync_chunk',
];
/** Erasure and export through the built API and worker, against real PostgreSQL and Redis. */
describe('privacy: deleteMyHealthData, healthDataErasure, exportMyHealthData', () => {
  let db: Client;
  let locker: Client;
  let api: AppProcess;
  let pipeline: Pipeline;
  const queuePrefix = `e2e-privacy-${process.pid}`;
  // Small batches: the erasure of even this test's data takes many statements.
  const env = appEnv(queuePrefix, { ERASURE_BATCH_SIZE: '50' });

  async function countsOf(userId: string): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const t of USER_TABLES) counts[t] = await countRows(db, t, 'user_id = $1', [userId]);
    return counts;
  }

  async function upload(token: string, inputs: SyncInput[]) {
    for (const input of inputs) {
      const res = await syncChunk(api.baseUrl, token, input);
      if (res.errors) throw new Error(JSON.stringify(res.errors));
    }
  }

  async function backfill(userId: string, tag: string) {
    const token = await tokenFor(userId);
    const bad = { ...points.heartRates(1, 60)[0], uuid: `bad-${tag}`, dateTo: '2025-08-01T00:00:00.000' };
    await upload(token, [
      ...chunksOf('HEART_RATE', `hr-${tag}`, [...points.heartRates(1, 10), bad]),
      ...chunksOf('SLEEP', `sleep-${tag}`, points.sleepNights(2)),
      ...chunksOf('WORKOUT', `wo-${tag}`, points.workouts(2)),
      ...chunksOf('CLINICAL', `cl-${tag}`, points.clinicalRecords(2)),
    ]);
    await waitForChunksSettled(db);
    return token;
  }

  beforeAll(async () => {
    db = await connectTestDb();
    locker = await connectTestDb();
    await resetData(db);
    pipeline = await startPipeline(queuePrefix, { env });
    ({ api } = pipeline);
  });

  afterAll(async () => {
    await pipeline?.stop();
    await locker?.end();
    await db?.end();
  });

  it('erases every row of the caller in every table in batches, removes queued jobs, lets no chunk back in, keeps an audit row', async () => {
    const alice = await backfill('user-alice', 'a');
    await backfill('user-bob', 'b');
    const before = await countsOf('user-alice');
    for (const t of USER_TABLES) expect(before[t]).toBeGreaterThan(0);
    const bobBefore = await countsOf('user-bob');

    // Jobs in Redis name alice's ledger rows: a completed one of alice's, and one still waiting for a
    // newer revision of the same chunk (delayed, so the worker leaves it alone).
    const queue = testQueue(queuePrefix);
    const { rows: ledger } = await db.query(
      `SELECT id::text, job_uuid::text FROM sync_chunk WHERE user_ref = (SELECT id FROM app_user WHERE subject = 'user-alice') ORDER BY id LIMIT 1`,
    );
    const [completedJob, waitingJob] = [`chunk-${ledger[0].job_uuid}-r0`, `chunk-${ledger[0].job_uuid}-r1`];
    expect(await queue.getJobState(completedJob)).toBe('completed');
    await db.query(`UPDATE sync_chunk SET revision = 1 WHERE id = $1`, [ledger[0].id]);
    await queue.add(
      'store-chunk',
      { chunkId: ledger[0].id, jobUuid: ledger[0].job_uuid, revision: 1, dataType: 'STEPS', chunkIndex: 0 },
      { jobId: waitingJob, delay: 600_000 },
    );

    // Hold the erasure after the health tables (sync state cannot be deleted while we hold this lock).
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE healthkit_sync_state IN SHARE MODE');
    try {
      const started = await gql(api.baseUrl, ERASE, {}, alice);
      expect(started.errors).toBeUndefined();
      expect(started.data!.deleteMyHealthData.status).toBe('running');
      expect(await queue.getJob(completedJob)).toBeUndefined();
      expect(await queue.getJob(waitingJob)).toBeUndefined();

      const progress = await waitFor(
        'the health tables to be emptied',
        async () => (await gql(api.baseUrl, PROGRESS, {}, alice)).data!.healthDataErasure,
        (e) => e.counts.some((c: { name: string; deleted: number }) => c.name === 'healthkit_source' && c.deleted > 0),
        20_000,
      );
      expect(progress.status).toBe('running');
      expect(await countRows(db, 'healthkit_sample', `user_id = 'user-alice'`)).toBe(0);
      // Sources are gone already and no health row is left pointing at one (no foreign key checks that).
      expect(await orphanedHealthRows(db)).toBe(0);

      // A chunk arriving during the erasure is accepted by the API but stores nothing.
      const late = await syncChunk(api.baseUrl, alice, chunksOf('STEPS', 'late-anchor', points.steps(1))[0]);
      expect(late.errors).toBeUndefined();
      const job = await waitFor(
        'the late chunk to be processed',
        async () => queue.getJob(late.data!.syncHealthKitSamples.jobId),
        (j) => j?.returnvalue != null,
        20_000,
      );
      expect(job!.returnvalue).toMatchObject({ sync: 'erased', inserted: 0 });
      expect(await countRows(db, 'healthkit_sample', `user_id = 'user-alice'`)).toBe(0);
    } finally {
      await locker.query('COMMIT');
      await queue.close();
    }

    const done = await waitFor(
      'the erasure to finish',
      async () => (await gql(api.baseUrl, PROGRESS, {}, alice)).data!.healthDataErasure,
      (e) => e.status === 'done',
      20_000,
    );
    expect(done.finishedAt).not.toBeNull();
    const counted = Object.fromEntries(done.counts.map((c: { name: string; deleted: number }) => [c.name, c.deleted]));
    for (const t of USER_TABLES) {
      // The late chunk's ledger row was swept too.
      expect(counted[t]).toBe(t === 'sync_chunk' ? before[t] + 1 : before[t]);
    }
    expect(counted.queue_jobs).toBeGreaterThanOrEqual(2);
    expect(await countsOf('user-alice')).toEqual(Object.fromEntries(USER_TABLES.map((t) => [t, 0])));
    expect(await countsOf('user-bob')).toEqual(bobBefore);
    expect(await orphanedHealthRows(db)).toBe(0);

    // The audit row: a hash of the user, when, counts; no user id.
    const { rows: audit } = await db.query(
      `SELECT e.*, u.subject AS user_id FROM health_data_erasure e LEFT JOIN app_user u ON u.id = e.user_ref`,
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      user_hash: createHash('sha256').update('user-alice').digest('hex'),
      user_id: null,
      status: 'done',
    });
    expect(JSON.stringify(audit[0])).not.toContain('user-alice');
  });

  it("also erases the read side: the rollup of aggregates and the user's source rankings, and a new sync afterwards is stored", async () => {
    const bob = await tokenFor('user-bob');
    const carol = await tokenFor('user-carol');
    const rank = async (token: string) => {
      const { data } = await gql(api.baseUrl, '{ sources { id } }', {}, token);
      const res = await gql(
        api.baseUrl,
        `mutation { setSourcePrecedence(sourceId: "${data!.sources[0].id}", precedence: 7) { id } }`,
        {},
        token,
      );
      expect(res.errors).toBeUndefined();
    };
    await upload(bob, chunksOf('STEPS', 'bob-before', points.steps(1)));
    await upload(carol, chunksOf('STEPS', 'carol-before', points.steps(1)));
    await waitForChunksSettled(db);
    await rank(bob);
    await rank(carol);
    const rollup = await countRows(db, 'sample_rollup', `user_id = 'user-bob'`);
    expect(rollup).toBeGreaterThan(0);

    expect((await gql(api.baseUrl, ERASE, {}, bob)).errors).toBeUndefined();
    const done = await waitFor(
      'the erasure to finish',
      async () => (await gql(api.baseUrl, PROGRESS, {}, bob)).data!.healthDataErasure,
      (e) => e.status === 'done',
      20_000,
    );
    const counted = Object.fromEntries(done.counts.map((c: { name: string; deleted: number }) => [c.name, c.deleted]));
    expect(counted).toMatchObject({ source_precedence: 1, sample_rollup: rollup });
    for (const table of ['source_precedence', 'sample_rollup']) {
      expect(await countRows(db, table, `user_id = 'user-bob'`)).toBe(0);
      expect(await countRows(db, table, `user_id = 'user-carol'`)).toBeGreaterThan(0);
    }

    // After the erasure the user may sync again; that is new data and it is stored.
    await upload(bob, chunksOf('STEPS', 'after-erasure', points.steps(1)));
    await waitForChunksSettled(db);
    expect(await countRows(db, 'healthkit_sample', `user_id = 'user-bob'`)).toBe(points.steps(1).length);
    expect(await countRows(db, 'sample_rollup', `user_id = 'user-bob'`)).toBeGreaterThan(0);
  });

  it('exports every raw row of the caller as JSON lines, page by page, and only theirs', async () => {
    const dave = await backfill('user-dave', 'd');
    await backfill('user-erin', 'e');
    const expected = await countsOf('user-dave');
    const seen: Record<string, number> = {};
    let after: string | null = null;
    let pages = 0;
    do {
      const res: any = await gql(api.baseUrl, EXPORT, { after, limit: 25 }, dave);
      expect(res.errors).toBeUndefined();
      const page = res.data.exportMyHealthData;
      const lines = page.jsonLines ? page.jsonLines.split('\n') : [];
      expect(lines).toHaveLength(page.count);
      for (const line of lines) {
        const { table, row } = JSON.parse(line);
        expect(row.user_id).toBe('user-dave');
        seen[table] = (seen[table] ?? 0) + 1;
      }
      after = page.nextCursor;
      pages++;
    } while (after && pages < 100);
    expect(after).toBeNull();
    for (const t of USER_TABLES) expect(seen[t] ?? 0).toBe(expected[t]);
    expect(pages).toBeGreaterThan(3);
    const bad = await gql(api.baseUrl, EXPORT, { after: 'garbage', limit: 10 }, dave);
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });
});
