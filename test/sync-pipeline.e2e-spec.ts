import { MIGRATIONS } from '@app/database/migrations';
import { recordUuid } from '@app/health-data';
import type { Client } from 'pg';
import { connectTestDb, countRows, named, resetSchema, waitForChunksSettled } from './support/database';
import { chunksOf, gql, syncChunk, syncState, SyncInput, tokenFor } from './support/graphql-client';
import * as points from './support/health-points';
import { Pipeline, startPipeline } from './support/pipeline';
import { AppProcess } from './support/processes';

jest.setTimeout(180_000);

/**
 * The whole path with real processes: HTTP GraphQL → API → BullMQ/Redis → worker → PostgreSQL.
 */
describe('sync pipeline (API + worker processes, real PostgreSQL and Redis)', () => {
  let db: Client;
  let api: AppProcess;
  let pipeline: Pipeline;
  let alice: string;
  let bob: string;
  const queuePrefix = `e2e-pipeline-${process.pid}`;

  const DAYS = 30;
  const backfill = {
    HEART_RATE: points.heartRates(DAYS, 5), // 8640
    STEPS: points.steps(DAYS), // 720
    SLEEP: points.sleepNights(DAYS), // 180
    WORKOUT: points.workouts(DAYS), // 30
    CLINICAL: points.clinicalRecords(5),
  };
  const total = Object.values(backfill).reduce((n, p) => n + p.length, 0);

  async function upload(token: string, inputs: SyncInput[], inFlight = 4) {
    const results: any[] = new Array(inputs.length);
    let next = 0;
    await Promise.all(
      Array.from({ length: inFlight }, async () => {
        while (next < inputs.length) {
          const i = next++;
          const res = await syncChunk(api.baseUrl, token, inputs[i]);
          if (res.errors) throw new Error(`chunk ${i}: ${JSON.stringify(res.errors)}`);
          results[i] = res.data!.syncHealthKitSamples;
        }
      }),
    );
    return results;
  }

  const backfillInputs = () =>
    Object.entries(backfill).flatMap(([dataType, pts]) => chunksOf(dataType, `anchor-${dataType}-1`, pts));

  async function tableCounts(userId: string) {
    const where = 'user_id = $1';
    return {
      samples: await countRows(db, 'healthkit_sample', where, [userId]),
      sleep: await countRows(db, 'healthkit_sleep_analysis', where, [userId]),
      workouts: await countRows(db, 'healthkit_workout', where, [userId]),
      clinical: await countRows(db, 'healthkit_clinical_record', where, [userId]),
      sources: await countRows(db, 'healthkit_source', where, [userId]),
    };
  }

  beforeAll(async () => {
    db = await connectTestDb();
    await resetSchema(db);
    // Started together on an empty schema: the advisory lock lets exactly one of them migrate.
    pipeline = await startPipeline(queuePrefix, { env: { WORKER_CONCURRENCY: '4' } });
    ({ api } = pipeline);
    alice = await tokenFor('user-alice');
    bob = await tokenFor('user-bob');
  });

  afterAll(async () => {
    const exits = (await pipeline?.stop()) ?? [];
    await db?.end();
    // Graceful stop: both exit 0 on SIGTERM.
    expect(exits.map((e) => e?.code)).toEqual([0, 0]);
  });

  it('migrated the schema exactly once although API and worker started together', async () => {
    // Each migration once (a second process applying them too would have added rows).
    const { rows } = await db.query('SELECT name FROM typeorm_migrations ORDER BY id');
    expect(rows.map((r) => r.name)).toEqual(MIGRATIONS.map((m) => m.name));
  });

  it('stores a 30-day backfill of several types uploaded in chunks of 200, each row once', async () => {
    const inputs = backfillInputs();
    const started = Date.now();
    const results = await upload(alice, inputs);
    const accepted = Date.now();
    await waitForChunksSettled(db);
    const stored = Date.now();

    expect(results.every((r) => r.rejected.length === 0 && r.status === 'queued')).toBe(true);
    expect(results.reduce((n, r) => n + r.accepted, 0)).toBe(total);
    expect(await tableCounts('user-alice')).toEqual({
      samples: backfill.HEART_RATE.length + backfill.STEPS.length,
      sleep: backfill.SLEEP.length,
      workouts: backfill.WORKOUT.length,
      clinical: backfill.CLINICAL.length,
      sources: 2, // the watch and the phone
    });
    expect(await countRows(db, 'sync_chunk', "status = 'stored'")).toBe(inputs.length);
    for (const dataType of Object.keys(backfill)) {
      expect(await syncState(api.baseUrl, alice, dataType)).toMatchObject({ dataType, lastAnchor: `anchor-${dataType}-1` });
    }
    const { rows } = await db.query(
      `SELECT kind, precedence FROM ${named('healthkit_source')} WHERE user_id = 'user-alice' ORDER BY precedence`,
    );
    expect(rows).toEqual([
      { kind: 'apple_watch', precedence: 1 },
      { kind: 'iphone', precedence: 2 },
    ]);
    const seconds = (stored - started) / 1000;
    process.stdout.write(
      `e2e backfill: ${total} points in ${inputs.length} chunks; accepted in ${((accepted - started) / 1000).toFixed(2)} s, ` +
        `stored in ${seconds.toFixed(2)} s = ${Math.round(total / seconds)} samples/s (4 requests in flight, worker concurrency 4)\n`,
    );
  });

  it('re-sending every chunk changes no count and rewrites no row', async () => {
    const before = await tableCounts('user-alice');
    const {
      rows: [{ last }],
    } = await db.query(
      `SELECT max(updated_at) AS last FROM (SELECT updated_at FROM healthkit_sample UNION ALL SELECT updated_at FROM healthkit_sleep_analysis
        UNION ALL SELECT updated_at FROM healthkit_workout UNION ALL SELECT updated_at FROM healthkit_clinical_record) t`,
    );
    const results = await upload(alice, backfillInputs());
    // Same content, already stored: nothing to enqueue.
    expect(results.every((r) => r.status === 'stored')).toBe(true);
    // And even a forced re-run of the jobs writes nothing: re-send one chunk with new content, then the old again.
    const [first] = backfillInputs();
    const altered = { ...first, data: first.data.slice(0, 199) };
    await upload(alice, [altered]);
    await waitForChunksSettled(db);
    await upload(alice, [first]);
    await waitForChunksSettled(db);
    expect(await tableCounts('user-alice')).toEqual(before);
    const {
      rows: [{ n }],
    } = await db.query(`SELECT count(*)::int AS n FROM healthkit_sample WHERE updated_at > $1`, [last]);
    expect(n).toBe(0);
    expect(await countRows(db, 'sync_chunk', "status <> 'stored'")).toBe(0);
  });

  it('a request delivered twice at once (a client retry racing the first try) makes one chunk and one job', async () => {
    const pts = points.heartRates(1, 15); // 96 points
    const [indexed] = chunksOf(
      'RESPIRATORY_RATE',
      'anchor-dup-1',
      pts.map((p) => ({ ...p, type: 'RESPIRATORY_RATE' })),
    );
    const others = points.heartRates(1, 15).map((p) => ({ ...p, type: 'WALKING_HEART_RATE' })); // new UUIDs
    const unindexed = { ...chunksOf('WALKING_HEART_RATE', 'anchor-dup-2', others)[0], chunkIndex: null };
    const answers = await Promise.all([indexed, indexed, unindexed, unindexed].map((c) => syncChunk(api.baseUrl, alice, c)));
    const results = answers.map((a) => a.data!.syncHealthKitSamples);
    expect(results[0].jobId).toBe(results[1].jobId);
    expect(results[2]).toMatchObject({ chunkIndex: 0, jobId: results[3].jobId });
    expect(results[3].chunkIndex).toBe(0);
    await waitForChunksSettled(db);
    expect(await countRows(db, 'sync_chunk', `anchor_token IN ('anchor-dup-1', 'anchor-dup-2')`)).toBe(2);
    expect(await countRows(db, 'healthkit_sample', `sample_type IN ('RESPIRATORY_RATE', 'WALKING_HEART_RATE')`)).toBe(
      pts.length + others.length,
    );
    expect((await syncState(api.baseUrl, alice, 'WALKING_HEART_RATE'))?.lastAnchor).toBe('anchor-dup-2');
  });

  it('updates one row when Apple reclassifies a sleep stage under the same UUID', async () => {
    const stage = backfill.SLEEP.find((p) => p.type === 'SLEEP_LIGHT')!;
    const reclassified = { ...stage, type: 'SLEEP_DEEP' };
    await upload(alice, chunksOf('SLEEP', 'anchor-SLEEP-2', [reclassified]));
    await waitForChunksSettled(db);
    const { rows } = await db.query(
      `SELECT stage, sample_type FROM ${named('healthkit_sleep_analysis')} WHERE user_id = 'user-alice' AND hk_uuid = $1`,
      [stage.uuid],
    );
    expect(rows).toEqual([{ stage: 'deep', sample_type: 'SLEEP_DEEP' }]);
    expect(await countRows(db, 'healthkit_sleep_analysis', 'user_id = $1', ['user-alice'])).toBe(backfill.SLEEP.length);
    expect((await syncState(api.baseUrl, alice, 'SLEEP'))?.lastAnchor).toBe('anchor-SLEEP-2');
  });

  it('keeps the anchor until the final chunk and every earlier chunk are stored, in any arrival order', async () => {
    const pts = points.heartRates(2, 7); // 412 points → 3 chunks
    const [c0, c1, c2] = chunksOf('HEART_RATE', 'anchor-HEART_RATE-2', pts);
    expect(c2.isFinalChunk).toBe(true);

    await upload(alice, [c2]); // the final chunk arrives first
    await waitForChunksSettled(db);
    expect((await syncState(api.baseUrl, alice, 'HEART_RATE'))?.lastAnchor).toBe('anchor-HEART_RATE-1');

    await upload(alice, [c0]);
    await waitForChunksSettled(db);
    expect((await syncState(api.baseUrl, alice, 'HEART_RATE'))?.lastAnchor).toBe('anchor-HEART_RATE-1');

    await upload(alice, [c1]);
    await waitForChunksSettled(db);
    expect((await syncState(api.baseUrl, alice, 'HEART_RATE'))?.lastAnchor).toBe('anchor-HEART_RATE-2');
  });

  it('numbers chunks in arrival order when the app sends no chunkIndex', async () => {
    const pts = points.heartRates(1, 10); // 144 points
    const inputs = chunksOf('HRV_TEST', 'anchor-noindex-1', pts, 50).map((c) => ({ ...c, chunkIndex: null }));
    const results: any[] = [];
    for (const input of inputs) results.push((await syncChunk(api.baseUrl, alice, input)).data!.syncHealthKitSamples);
    expect(results.map((r) => r.chunkIndex)).toEqual([0, 1, 2]);
    // A retried request without an index lands in the slot its first attempt got.
    const retried = await syncChunk(api.baseUrl, alice, inputs[1]);
    expect(retried.data!.syncHealthKitSamples.chunkIndex).toBe(1);
    await waitForChunksSettled(db);
    expect((await syncState(api.baseUrl, alice, 'HRV_TEST'))?.lastAnchor).toBe('anchor-noindex-1');
  });

  it('accepts an empty sync (locked phone) and moves no anchor', async () => {
    const res = await syncChunk(api.baseUrl, alice, {
      dataType: 'STEPS',
      anchorToken: 'anchor-STEPS-empty',
      chunkIndex: 0,
      isFinalChunk: true,
      timeZone: 'Europe/Berlin',
      data: [],
      deletedUuids: [],
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.syncHealthKitSamples).toMatchObject({ accepted: 0, rejected: [] });
    await waitForChunksSettled(db);
    expect(await countRows(db, 'sync_chunk', "anchor_token = 'anchor-STEPS-empty' AND status = 'stored'")).toBe(1);
    expect((await syncState(api.baseUrl, alice, 'STEPS'))?.lastAnchor).toBe('anchor-STEPS-1');
  });

  it('marks deleted records with deleted_at, keeps them, and clears it when they come back', async () => {
    const gone = [backfill.HEART_RATE[0], backfill.WORKOUT[0]];
    const before = await tableCounts('user-alice');
    await upload(alice, [
      {
        dataType: 'HEART_RATE',
        anchorToken: 'anchor-HEART_RATE-3',
        chunkIndex: 0,
        isFinalChunk: true,
        timeZone: 'Europe/Berlin',
        data: [],
        deletedUuids: gone.map((p) => p.uuid),
      },
    ]);
    await waitForChunksSettled(db);
    const deleted = async () =>
      (
        await db.query(
          `SELECT hk_uuid FROM ${named('healthkit_sample')} WHERE user_id = 'user-alice' AND deleted_at IS NOT NULL
           UNION ALL SELECT hk_uuid FROM ${named('healthkit_workout')} WHERE user_id = 'user-alice' AND deleted_at IS NOT NULL`,
        )
      ).rows.map((r) => r.hk_uuid);
    expect((await deleted()).sort()).toEqual(gone.map((p) => p.uuid).sort());
    // A sync with only deletions is not empty: the anchor moves.
    expect((await syncState(api.baseUrl, alice, 'HEART_RATE'))?.lastAnchor).toBe('anchor-HEART_RATE-3');
    expect(await tableCounts('user-alice')).toEqual(before);

    await upload(alice, chunksOf('HEART_RATE', 'anchor-HEART_RATE-4', [gone[0]]));
    await waitForChunksSettled(db);
    expect(await deleted()).toEqual([gone[1].uuid]);
  });

  it("never lets user B see or overwrite user A's rows, even with A's UUIDs", async () => {
    const stolen = backfill.HEART_RATE.slice(0, 50).map((p) => ({ ...p, value: points.numeric(999) }));
    await upload(bob, chunksOf('HEART_RATE', 'anchor-bob-1', stolen));
    await waitForChunksSettled(db);
    expect(await countRows(db, 'healthkit_sample', `user_id = 'user-alice' AND value = 999`)).toBe(0);
    expect(await countRows(db, 'healthkit_sample', `user_id = 'user-bob' AND value = 999`)).toBe(50);
    expect((await syncState(api.baseUrl, bob, 'HEART_RATE'))?.lastAnchor).toBe('anchor-bob-1');
    expect(await syncState(api.baseUrl, bob, 'SLEEP')).toBeNull();
    expect((await syncState(api.baseUrl, alice, 'HEART_RATE'))?.lastAnchor).toBe('anchor-HEART_RATE-4');
    const states = await gql(api.baseUrl, '{ syncStates { dataType lastAnchor } }', {}, bob);
    expect(states.data!.syncStates).toEqual([{ dataType: 'HEART_RATE', lastAnchor: 'anchor-bob-1' }]);
  });

  it('stores every point of a Health Connect series that shares one record id', async () => {
    const series = points.androidHeartRateSeries('hc-record-42', 120);
    await upload(bob, chunksOf('HEART_RATE', 'hc-changes-token-1', series, 200, '+02:00'));
    await waitForChunksSettled(db);
    // A non-UUID record id is stored as its name-based uuid.
    const hcRecord = recordUuid('hc-record-42');
    expect(await countRows(db, 'healthkit_sample', `user_id = 'user-bob' AND hk_uuid = $1`, [hcRecord])).toBe(120);
    // A Health Connect deletion carries just the record id: every point of it is marked.
    await upload(bob, [
      {
        dataType: 'HEART_RATE',
        anchorToken: 'hc-changes-token-2',
        chunkIndex: 0,
        isFinalChunk: true,
        data: [],
        deletedUuids: ['hc-record-42'],
      },
    ]);
    await waitForChunksSettled(db);
    expect(
      await countRows(db, 'healthkit_sample', `user_id = 'user-bob' AND hk_uuid = $1 AND deleted_at IS NOT NULL`, [hcRecord]),
    ).toBe(120);
  });

  it('rejects bad items by index, keeps them for inspection, and stores the rest', async () => {
    const good = points.heartRates(1, 60).slice(0, 3);
    const bad = [
      { ...good[0], uuid: 'bad-1', value: { __type: 'NumericHealthValue', numericValue: 'NaN' } },
      { ...good[0], uuid: 'bad-2', dateTo: '2025-08-01T00:00:00.000' },
    ];
    const res = await syncChunk(api.baseUrl, alice, {
      dataType: 'HEART_RATE',
      anchorToken: 'anchor-HEART_RATE-5',
      chunkIndex: 0,
      isFinalChunk: true,
      timeZone: 'Europe/Berlin',
      data: [good[0], bad[0], good[1], bad[1], good[2]],
    });
    expect(res.data!.syncHealthKitSamples).toMatchObject({
      accepted: 3,
      rejected: [
        { index: 1, field: 'value.numericValue' },
        { index: 3, field: 'dateTo' },
      ],
    });
    await waitForChunksSettled(db);
    const { rows } = await db.query(`SELECT item_index, field, raw->>'uuid' AS uuid FROM sync_rejected_item ORDER BY item_index`);
    expect(rows).toEqual([
      { item_index: 1, field: 'value.numericValue', uuid: 'bad-1' },
      { item_index: 3, field: 'dateTo', uuid: 'bad-2' },
    ]);
    expect(await countRows(db, 'healthkit_sample', `hk_uuid = ANY($1)`, [good.map((p) => p.uuid)])).toBe(3);
    // Rejected items do not block the sync.
    expect((await syncState(api.baseUrl, alice, 'HEART_RATE'))?.lastAnchor).toBe('anchor-HEART_RATE-5');
  });
});
