import type { Client } from 'pg';
import { connectTestDb, countRows, resetData, waitForChunksSettled } from './support/database';
import { gql, SYNC_MUTATION, syncChunk, tokenFor } from './support/graphql-client';
import { Pipeline, startPipeline } from './support/pipeline';
import { AppProcess } from './support/processes';
import { testQueue } from './support/test-env';

jest.setTimeout(120_000);

const UUID = '5c1a2e8f-3b7d-4f2a-9e1c-7d8b6a5f4e3d';
const cursor = (micros: string) => Buffer.from(JSON.stringify([micros, UUID])).toString('base64url');
const exportCursor = (table: number, after: string) => Buffer.from(JSON.stringify({ table, after })).toString('base64url');

const item = (n: number, over: Record<string, unknown> = {}) => ({
  uuid: `hostile-${n}`,
  type: 'HEART_RATE',
  value: { __type: 'NumericHealthValue', numericValue: 60 + n },
  unit: 'BEATS_PER_MINUTE',
  dateFrom: `2025-03-01T10:${String(n % 60).padStart(2, '0')}:00.000Z`,
  dateTo: `2025-03-01T10:${String(n % 60).padStart(2, '0')}:00.000Z`,
  sourcePlatform: 'appleHealth',
  sourceId: 'com.apple.health.hostile',
  sourceName: 'Watch',
  ...over,
});

const nested = (depth: number): unknown => {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
};

type Answer = { status: number; errors?: { message: string; extensions?: Record<string, unknown> }[]; data?: unknown };

/**
 * What an attacker with a valid phone token can send, through the built API (production mode) and
 * worker: every forged value is a coded client error or a per-item rejection, never a 500 or an
 * INTERNAL_SERVER_ERROR, and a bad item cannot poison the chunk that carries it.
 */
describe('hostile input (built API in production mode + worker)', () => {
  const queuePrefix = `e2e-hostile-${process.pid}`;
  let db: Client;
  let api: AppProcess;
  let pipeline: Pipeline;
  let token: string;

  beforeAll(async () => {
    db = await connectTestDb();
    await resetData(db);
    pipeline = await startPipeline(queuePrefix, { env: { NODE_ENV: 'production' } });
    ({ api } = pipeline);
    token = await tokenFor('user-hostile');
  });

  afterAll(async () => {
    await pipeline?.stop();
    await db?.end();
  });

  const post = async (body: string, auth = token): Promise<Answer> => {
    const res = await fetch(`${api.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${auth}` },
      body,
    });
    return { status: res.status, ...((await res.json()) as Omit<Answer, 'status'>) };
  };
  const codesOf = (a: Answer) => (a.errors ?? []).map((e) => e.extensions?.code);
  const expectRefused = (a: Answer, code: string, field?: string) => {
    expect(a.status).toBeLessThan(500);
    expect(codesOf(a)).toEqual([code]);
    if (field) expect(a.errors?.[0].extensions?.field).toBe(field);
  };

  it('answers forged cursors (out-of-range times, garbage, huge keys) with BAD_USER_INPUT on `after`', async () => {
    const range = 'from: "2025-01-01T00:00:00Z", to: "2025-02-01T00:00:00Z"';
    const forged = [cursor('-9999999999999999999'), cursor('9999999999999999999'), cursor('253402300800000000'), '%%%garbage'];
    for (const after of forged) {
      for (const field of [
        `samples(sampleType: "STEPS", ${range}, after: $after) { edges { cursor } }`,
        `workouts(${range}, after: $after) { edges { cursor } }`,
        `sleepStages(${range}, after: $after) { edges { cursor } }`,
        `clinicalRecords(after: $after) { edges { cursor } }`,
      ]) {
        expectRefused(await gql(api.baseUrl, `query($after: String) { ${field} }`, { after }, token), 'BAD_USER_INPUT', 'after');
      }
    }
    for (const after of [exportCursor(0, '9999999999999999999'), exportCursor(0, '99999999999999999999'), 'garbage']) {
      const res = await gql(
        api.baseUrl,
        'query($after: String) { exportMyHealthData(after: $after) { count } }',
        { after },
        token,
      );
      expectRefused(res, 'BAD_USER_INPUT', 'after');
    }
  });

  it('refuses zone names Node knows and PostgreSQL does not, and dates PostgreSQL cannot hold', async () => {
    const zoneQueries = [
      'aggregates(bucket: DAY, sampleType: "STEPS", from: "2025-01-01T00:00:00Z", to: "2025-01-02T00:00:00Z", timeZone: $z) { sum }',
      'dailySummary(date: "2025-01-01", timeZone: $z) { date }',
      'sleepSessions(from: "2025-01-01T00:00:00Z", to: "2025-01-02T00:00:00Z", timeZone: $z) { date }',
    ];
    for (const field of zoneQueries) {
      expectRefused(
        await gql(api.baseUrl, `query($z: String!) { ${field} }`, { z: 'US/Pacific-New' }, token),
        'BAD_USER_INPUT',
        'timeZone',
      );
      // A name both know still works.
      const ok = await gql(api.baseUrl, `query($z: String!) { ${field} }`, { z: 'America/New_York' }, token);
      expect(ok.errors).toBeUndefined();
    }
    for (const [from, to] of [
      ['-200000-01-01T00:00:00Z', '-200000-06-01T00:00:00Z'],
      ['+275000-01-01T00:00:00Z', '+275000-06-01T00:00:00Z'],
      ['0050-01-01T00:00:00Z', '0050-06-01T00:00:00Z'],
    ]) {
      for (const field of [
        'sleepSessions(from: $f, to: $t) { date }',
        'aggregates(bucket: DAY, sampleType: "STEPS", from: $f, to: $t) { sum }',
        'workouts(from: $f, to: $t) { edges { cursor } }',
        'sleepStages(from: $f, to: $t) { edges { cursor } }',
      ]) {
        const res = await gql(api.baseUrl, `query($f: DateTime!, $t: DateTime!) { ${field} }`, { f: from, t: to }, token);
        expectRefused(res, 'BAD_USER_INPUT', 'from');
      }
    }
    expectRefused(await gql(api.baseUrl, '{ dailySummary(date: "9999-12-31") { date } }', {}, token), 'BAD_USER_INPUT', 'date');
  });

  it('refuses deeply nested JSON and a sub PostgreSQL cannot store, without a 500', async () => {
    let deep = '1';
    for (let i = 0; i < 5000; i++) deep = `[${deep}]`;
    const deepVariable = await post(`{"query":"{ syncStates { dataType } }","variables":{"x":${deep}}}`);
    expect(deepVariable.status).toBe(400);
    expectRefused(deepVariable, 'BAD_USER_INPUT', 'x');

    // Nested in the document itself: the parser refuses it (a coded 400), it does not crash the request.
    let literal = '1';
    for (let i = 0; i < 5000; i++) literal = `[${literal}]`;
    const deepLiteral = await post(JSON.stringify({ query: `{ syncState(dataType: ${literal}) { dataType } }` }));
    expect(deepLiteral.status).toBe(400);
    expect(codesOf(deepLiteral)).toEqual(['GRAPHQL_PARSE_FAILED']);

    // Built as text: JSON.stringify itself gives up on such depth.
    let deepObject = '1';
    for (let i = 0; i < 5000; i++) deepObject = `{"a":${deepObject}}`;
    const first = JSON.stringify(item(0, { uuid: 'a\u0000b' })).replace(
      '{"__type":"NumericHealthValue","numericValue":60}',
      deepObject,
    );
    const deepItem = await post(
      `{"query":${JSON.stringify(SYNC_MUTATION)},"variables":{"input":{"dataType":"HEART_RATE","anchorToken":"hostile-deep",` +
        `"chunkIndex":0,"isFinalChunk":true,"data":[${first},${deepObject}]}}}`,
    );
    expect(deepItem.status).toBe(200);
    const rejected = (deepItem.data as { syncHealthKitSamples: { rejected: { field: string }[] } }).syncHealthKitSamples.rejected;
    expect(rejected.map((r) => r.field)).toEqual(['item', 'item']);

    for (const sub of ['a\u0000b', 'a\uD800b']) {
      for (const query of ['{ syncStates { dataType } }', 'mutation { resetSourcePrecedence(sourceId: "1") { id } }']) {
        expectRefused(await gql(api.baseUrl, query, {}, await tokenFor(sub)), 'UNAUTHENTICATED');
      }
    }
  });

  it('gives no field suggestions in production, and serves /metrics only at its exact lower-case path', async () => {
    const typo = await gql(api.baseUrl, '{ syncStatez { dataType } }', {}, token);
    expect(typo.status).toBe(400);
    expect(codesOf(typo)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(typo.errors?.[0].message).not.toMatch(/Did you mean/);
    expect(typo.errors?.[0].message).not.toMatch(/"syncStates?"/);

    expect((await fetch(`${api.baseUrl}/metrics`)).status).toBe(200);
    for (const path of ['/METRICS', '/Metrics', '/metrics/', '/mEtRiCs?x=1']) {
      const res = await fetch(`${api.baseUrl}${path}`);
      expect(res.status).toBe(404);
      expect(await res.text()).not.toMatch(/healthsync_/);
    }
  });

  it('rejects over-cap items one by one (type, size, metadata, depth, dates, offsets) and stores the rest', async () => {
    const ahead = new Date(Date.now() + 3 * 86_400_000).toISOString();
    const data = [
      item(0),
      item(1, { type: 'X'.repeat(10_000) }),
      item(2, { value: { numericValue: 1, junk: 'j'.repeat(70_000) } }),
      item(3, { metadata: { note: 'm'.repeat(20_000) } }),
      item(4, { metadata: nested(40) }),
      item(5, { dateFrom: '0050-01-01T00:00:00Z', dateTo: '0050-01-01T00:00:00Z' }),
      item(6, { dateFrom: ahead, dateTo: ahead }),
      item(7, { dateFrom: '2025-03-01T10:00:00+99:99', dateTo: '2025-03-01T10:00:00+99:99' }),
      item(8, { dateFrom: '2025-03-01T10:00:00+05:30', dateTo: '2025-03-01T10:00:00+05:30' }),
    ];
    const res = await syncChunk(api.baseUrl, token, {
      dataType: 'HEART_RATE',
      anchorToken: 'hostile-caps',
      chunkIndex: 0,
      isFinalChunk: true,
      data,
    });
    expect(res.errors).toBeUndefined();
    const result = res.data!.syncHealthKitSamples;
    expect(result.accepted).toBe(2);
    expect(result.rejected.map((r: { index: number; field: string }) => [r.index, r.field])).toEqual([
      [1, 'type'],
      [2, 'item'],
      [3, 'metadata'],
      [4, 'item'],
      [5, 'dateFrom'],
      [6, 'dateTo'],
      [7, 'dateFrom'],
    ]);
    await waitForChunksSettled(db);
    // The good items are stored and the chunk with them; no job failed.
    expect(await countRows(db, 'sync_chunk', "status = 'stored'")).toBeGreaterThanOrEqual(1);
    expect(await countRows(db, 'sync_chunk', "status = 'failed'")).toBe(0);
    expect(await countRows(db, 'healthkit_sample', `user_ref = (SELECT id FROM app_user WHERE subject = 'user-hostile')`)).toBe(
      2,
    );
    const queue = testQueue(queuePrefix);
    try {
      expect(await queue.getFailedCount()).toBe(0);
    } finally {
      await queue.close();
    }
    const stored = await db.query(
      `SELECT s.start_time FROM healthkit_sample s JOIN app_user u ON u.id = s.user_ref WHERE u.subject = 'user-hostile' ORDER BY 1`,
    );
    expect(stored.rows.map((r) => (r.start_time as Date).toISOString())).toEqual([
      '2025-03-01T04:30:00.000Z',
      '2025-03-01T10:00:00.000Z',
    ]);
  });

  it('keeps the raw copy of at most 20 rejected items per chunk', async () => {
    const data = Array.from({ length: 50 }, (_, i) => item(i, { uuid: `raw-${i}`, value: { numericValue: 'not a number' } }));
    const res = await syncChunk(api.baseUrl, token, {
      dataType: 'HEART_RATE',
      anchorToken: 'hostile-raw',
      chunkIndex: 0,
      isFinalChunk: true,
      data,
    });
    expect(res.data?.syncHealthKitSamples.rejected).toHaveLength(50);
    const { rows } = await db.query(
      `SELECT count(*)::int AS n, count(raw)::int AS with_raw FROM sync_rejected_item r
         JOIN sync_chunk c ON c.id = r.chunk_id WHERE c.anchor_token = 'hostile-raw'`,
    );
    expect(rows[0]).toEqual({ n: 50, with_raw: 20 });
  });

  it('never answered 500 above: the API logged no unexpected error', () => {
    expect(api.text()).not.toMatch(/"level":50/);
  });
});
