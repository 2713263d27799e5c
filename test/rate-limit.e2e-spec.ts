import { buildClientSchema, getIntrospectionQuery, lexicographicSortSchema, printSchema } from 'graphql';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from 'pg';
import { connectTestDb, resetData } from './support/database';
import { chunksOf, gql, syncChunk, tokenFor } from './support/graphql-client';
import * as points from './support/health-points';
import { AppProcess, startApi } from './support/processes';
import { RedisServer } from './support/redis-server';
import { appEnv, clearQueue } from './support/test-env';

jest.setTimeout(60_000);

const READ = 'query { syncStates { dataType } }';

/** The built API with tiny limits: budgets are per JWT sub (not per IP), separate for sync and reads. */
describe('per-user rate limits (built API, Redis-backed)', () => {
  let db: Client;
  let api: AppProcess;
  // Limits live in Redis across runs: a fresh prefix per run starts every budget at zero.
  const queuePrefix = `e2e-rate-${process.pid}-${Date.now()}`;

  beforeAll(async () => {
    db = await connectTestDb();
    await resetData(db);
    api = await startApi(appEnv(queuePrefix, { RATE_LIMIT_SYNC: '3', RATE_LIMIT_READS: '4', RATE_LIMIT_WINDOW_SECONDS: '30' }));
    await api.waitReady();
  });

  afterAll(async () => {
    await api?.stop();
    await db?.end();
    await clearQueue(queuePrefix);
  });

  const chunk = (n: number) => chunksOf('STEPS', `anchor-rate-${n}`, points.steps(1).slice(0, 2))[0];

  it('answers RATE_LIMITED with retryAfter (HTTP 429) once a user used up the sync budget; others are unaffected', async () => {
    const alice = await tokenFor('user-rate-alice');
    const bob = await tokenFor('user-rate-bob');
    for (let i = 0; i < 3; i++) expect((await syncChunk(api.baseUrl, alice, chunk(i))).errors).toBeUndefined();

    const limited = await syncChunk(api.baseUrl, alice, chunk(3));
    expect(limited.status).toBe(429);
    expect(limited.data ?? null).toBeNull();
    const ext = limited.errors?.[0].extensions as { code: string; retryAfter: number };
    expect(ext.code).toBe('RATE_LIMITED');
    expect(ext.retryAfter).toBeGreaterThanOrEqual(1);
    expect(ext.retryAfter).toBeLessThanOrEqual(30);
    // Refused before the resolver: the ledger has only the three accepted chunks.
    expect(
      (
        await db.query(
          `SELECT count(*)::int AS n FROM sync_chunk WHERE user_ref = (SELECT id FROM app_user WHERE subject = 'user-rate-alice')`,
        )
      ).rows[0].n,
    ).toBe(3);

    // Same IP, other user: own budget.
    expect((await syncChunk(api.baseUrl, bob, chunk(0))).errors).toBeUndefined();
  });

  it('serves exactly the committed SDL (apps/api/schema.gql)', async () => {
    const res = await fetch(`${api.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: getIntrospectionQuery() }),
    });
    const served = printSchema(lexicographicSortSchema(buildClientSchema(((await res.json()) as any).data)));
    expect(`${served}\n`).toBe(readFileSync(join(__dirname, '..', 'apps', 'api', 'schema.gql'), 'utf8'));
  });

  it('counts reads apart from sync, and does not charge a request without a valid token', async () => {
    const alice = await tokenFor('user-rate-alice');
    for (let i = 0; i < 3; i++)
      expect((await gql(api.baseUrl, READ, {}, 'bad-token')).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    for (let i = 0; i < 4; i++) expect((await gql(api.baseUrl, READ, {}, alice)).errors).toBeUndefined();
    const limited = await gql(api.baseUrl, READ, {}, alice);
    expect(limited.errors?.[0].extensions?.code).toBe('RATE_LIMITED');
  });
});

/** Each root field, alias included, costs a point; a limit of 5 cannot be beaten by aliasing 20 mutations into one request. */
describe('rate limit per root field (built API)', () => {
  let db: Client;
  let api: AppProcess;
  const queuePrefix = `e2e-rate-alias-${process.pid}-${Date.now()}`;

  beforeAll(async () => {
    db = await connectTestDb();
    api = await startApi(appEnv(queuePrefix, { RATE_LIMIT_SYNC: '5', RATE_LIMIT_READS: '5', RATE_LIMIT_WINDOW_SECONDS: '30' }));
    await api.waitReady();
  });

  afterAll(async () => {
    await api?.stop();
    await db?.end();
    await clearQueue(queuePrefix);
  });

  const aliased = (n: number) =>
    `mutation Many($input: SyncHealthKitSamplesInput!) { ${Array.from(
      { length: n },
      (_, i) => `a${i}: syncHealthKitSamples(input: $input) { accepted }`,
    ).join(' ')} }`;

  it('refuses 20 aliased mutations with a limit of 5 (HTTP 429) and writes nothing', async () => {
    const carol = await tokenFor('user-rate-carol');
    const input = chunksOf('STEPS', 'anchor-alias', points.steps(1).slice(0, 2))[0];
    const res = await gql(api.baseUrl, aliased(20), { input }, carol);
    expect(res.status).toBe(429);
    expect(res.errors?.[0].extensions?.code).toBe('RATE_LIMITED');
    expect(res.data ?? null).toBeNull();
    expect(
      (
        await db.query(
          `SELECT count(*)::int AS n FROM sync_chunk WHERE user_ref = (SELECT id FROM app_user WHERE subject = 'user-rate-carol')`,
        )
      ).rows[0].n,
    ).toBe(0);
  });

  it('spends one point per alias: 3 then 3 aliased reads go over a limit of 5', async () => {
    const dave = await tokenFor('user-rate-dave');
    const reads = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `r${i}: syncStates { dataType }`).join(' ')} }`;
    expect((await gql(api.baseUrl, reads(3), {}, dave)).errors).toBeUndefined();
    const second = await gql(api.baseUrl, reads(3), {}, dave);
    expect(second.errors?.[0].extensions?.code).toBe('RATE_LIMITED');
    // The refused request's points count too (rate-limiter-flexible adds before it compares): the window is spent.
    expect((await gql(api.baseUrl, reads(1), {}, dave)).errors?.[0].extensions?.code).toBe('RATE_LIMITED');
    // Another user is not affected.
    expect((await gql(api.baseUrl, reads(5), {}, await tokenFor('user-rate-gina'))).errors).toBeUndefined();
  });
});

/** With Redis down the limiter counts in the task's memory: reads (PostgreSQL only) stay limited. */
describe('rate limit while Redis is down (built API, private redis-server)', () => {
  let api: AppProcess;
  let redis: RedisServer;

  beforeAll(async () => {
    redis = await RedisServer.start();
    api = await startApi(
      appEnv('e2e-rate-insurance', {
        REDIS_URL: redis.url(0),
        RATE_LIMIT_SYNC: '3',
        RATE_LIMIT_READS: '3',
        RATE_LIMIT_WINDOW_SECONDS: '30',
      }),
    );
    await api.waitReady();
  });

  afterAll(async () => {
    await api?.stop();
    await redis?.stop();
  });

  it('answers reads while Redis is gone, and refuses the one past the budget with RATE_LIMITED', async () => {
    const erin = await tokenFor('user-rate-erin');
    await redis.kill();
    for (let i = 0; i < 3; i++) {
      const res = await gql(api.baseUrl, READ, {}, erin);
      expect(res.errors).toBeUndefined();
    }
    const limited = await gql(api.baseUrl, READ, {}, erin);
    expect(limited.status).toBe(429);
    expect(limited.errors?.[0].extensions?.code).toBe('RATE_LIMITED');
    // Another user has a budget of their own in memory too.
    expect((await gql(api.baseUrl, READ, {}, await tokenFor('user-rate-frank'))).errors).toBeUndefined();
  });
});
