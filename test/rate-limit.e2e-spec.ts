import { buildClientSchema, getIntrospectionQuery, lexicographicSortSchema, printSchema } from 'graphql';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from 'pg';
import { connectTestDb, resetSchema } from './support/database';
import { chunksOf, gql, syncChunk, tokenFor } from './support/graphql-client';
import * as points from './support/health-points';
import { AppProcess, startApi } from './support/processes';
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
    await resetSchema(db);
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
    expect((await db.query(`SELECT count(*)::int AS n FROM sync_chunk WHERE user_id = 'user-rate-alice'`)).rows[0].n).toBe(3);

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
