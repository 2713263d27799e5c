import type { Client } from 'pg';
import { connectTestDb, countRows, resetData } from './support/database';
import { gql, SYNC_MUTATION, tokenFor } from './support/graphql-client';
import * as points from './support/health-points';
import { AppProcess, startApi } from './support/processes';
import { appEnv, clearQueue } from './support/test-env';

jest.setTimeout(60_000);

async function post(baseUrl: string, body: unknown, token: string) {
  const res = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json().catch(() => null)) as any };
}

/** Operations too costly or too deep are refused before anything runs; batches and (in production) introspection too. */
describe('GraphQL operation limits (API processes)', () => {
  const prefix = `e2e-limits-${process.pid}`;
  let db: Client;
  let dev: AppProcess;
  let prod: AppProcess;
  let token: string;

  beforeAll(async () => {
    db = await connectTestDb();
    await resetData(db);
    dev = await startApi(appEnv(prefix));
    await dev.waitReady();
    // Depth 2 here so the real schema (at most 3 deep) can show the depth limit firing.
    prod = await startApi(appEnv(prefix, { NODE_ENV: 'production', MIGRATIONS: 'check', QUERY_MAX_DEPTH: '2' }));
    await prod.waitReady();
    token = await tokenFor('user-limits');
  });

  afterAll(async () => {
    await Promise.all([dev?.stop(), prod?.stop()]);
    await clearQueue(prefix);
    await db?.end();
  });

  it('refuses 500 aliased aggregates with QUERY_TOO_COMPLEX (HTTP 400) and executes none of them', async () => {
    // Each alias would fail its own range check if it ran (from after to): no per-alias error proves none ran.
    const aliases = Array.from(
      { length: 500 },
      (_, i) =>
        `a${i}: aggregates(sampleType: "STEPS", from: "2025-02-01T00:00:00Z", to: "2025-01-01T00:00:00Z", bucket: DAY) { sum }`,
    ).join('\n');
    const res = await post(dev.baseUrl, { query: `query Flood {\n${aliases}\n}` }, token);
    expect(res.status).toBe(400);
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', cost: 250_000, limit: 25_000 });
    expect(res.body.errors[0].extensions.http).toBeUndefined();
    expect(res.body.data).toBeUndefined();
  });

  it('lets two sleepSessions into one operation and refuses three (each may hold 100,000 stage rows)', async () => {
    const sessions = (n: number) =>
      `query Nights { ${Array.from(
        { length: n },
        (_, i) => `s${i}: sleepSessions(from: "2025-01-01T00:00:00Z", to: "2025-01-02T00:00:00Z") { date }`,
      ).join(' ')} }`;
    const two = await post(dev.baseUrl, { query: sessions(2) }, token);
    expect(two.body.errors).toBeUndefined();
    const three = await post(dev.baseUrl, { query: sessions(3) }, token);
    expect(three.status).toBe(400);
    expect(three.body.errors[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 25_000 });
  });

  it('refuses an aliased mutation flood before any chunk is written', async () => {
    const fields = Array.from({ length: 600 }, (_, i) => `m${i}: syncHealthKitSamples(input: $input) { jobId }`).join('\n');
    const input = { dataType: 'STEPS', anchorToken: 'flood', chunkIndex: 0, isFinalChunk: true, data: points.steps(1) };
    const res = await post(
      dev.baseUrl,
      { query: `mutation Flood($input: SyncHealthKitSamplesInput!) {\n${fields}\n}`, variables: { input } },
      token,
    );
    expect(res.status).toBe(400);
    expect(res.body.errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
    expect(await countRows(db, 'sync_chunk')).toBe(0);
  });

  it('runs a normal query and a normal mutation', async () => {
    const read = await gql(
      dev.baseUrl,
      `{ samples(sampleType: "STEPS", from: "2025-01-01T00:00:00Z", to: "2025-02-01T00:00:00Z", first: 1000) { edges { node { uuid value } } }
         aggregates(sampleType: "STEPS", from: "2025-01-01T00:00:00Z", to: "2025-02-01T00:00:00Z", bucket: DAY) { sum }
         syncStates { dataType } }`,
      {},
      token,
    );
    expect(read.status).toBe(200);
    expect(read.errors).toBeUndefined();
    expect(read.data).toEqual({ samples: { edges: [] }, aggregates: [], syncStates: [] });
    const input = {
      dataType: 'STEPS',
      anchorToken: 'normal',
      chunkIndex: 0,
      isFinalChunk: true,
      timeZone: 'Europe/Berlin',
      data: points.steps(1),
    };
    const write = await gql(dev.baseUrl, SYNC_MUTATION, { input }, token);
    expect(write.errors).toBeUndefined();
    expect(await countRows(db, 'sync_chunk')).toBe(1);
  });

  it('refuses a query deeper than QUERY_MAX_DEPTH with QUERY_TOO_DEEP (HTTP 400)', async () => {
    const res = await post(
      prod.baseUrl,
      { query: '{ sleepSessions(from: "2025-01-01T00:00:00Z", to: "2025-01-02T00:00:00Z") { stages { uuid } } }' },
      token,
    );
    expect(res.status).toBe(400);
    expect(res.body.errors[0].extensions).toMatchObject({ code: 'QUERY_TOO_DEEP', depth: 3, limit: 2 });
    expect(res.body.data).toBeUndefined();
  });

  it('refuses batched operations (an array body)', async () => {
    const res = await post(
      dev.baseUrl,
      [{ query: '{ syncStates { dataType } }' }, { query: '{ syncStates { dataType } }' }],
      token,
    );
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body ?? '')).not.toContain('syncStates":[');
  });

  it('answers introspection in development and refuses it in production', async () => {
    const query = '{ __schema { queryType { name } } }';
    const devRes = await post(dev.baseUrl, { query }, token);
    expect(devRes.body.data.__schema.queryType.name).toBe('Query');
    const prodRes = await post(prod.baseUrl, { query }, token);
    expect(prodRes.status).toBe(400);
    expect(prodRes.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(prodRes.body.data).toBeUndefined();
    const typeRes = await post(prod.baseUrl, { query: '{ __type(name: "Query") { name } }' }, token);
    expect(typeRes.body.errors?.[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});
