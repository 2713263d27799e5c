import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Client } from 'pg';
import { connectTestDb, resetData, waitFor } from './support/database';
import { chunksOf, gql, GraphQLResponse, SYNC_MUTATION, tokenFor } from './support/graphql-client';
import * as points from './support/health-points';
import { AppProcess, freePort, startApi } from './support/processes';
import { appEnv, clearQueue } from './support/test-env';

jest.setTimeout(120_000);

/** docs/contract.md's error table: code → the HTTP status it documents. */
function documentedStatuses(): Map<string, number> {
  const doc = readFileSync(join(__dirname, '..', 'docs', 'contract.md'), 'utf8');
  const table = new Map<string, number>();
  const rows = [...doc.matchAll(/^\| `([A-Z_]+)` \| (\d{3}) \|/gm)];
  for (const m of rows) table.set(m[1], Number(m[2]));
  if (table.size !== rows.length || table.size === 0)
    throw new Error('docs/contract.md: an error code is listed twice, or none is');
  return table;
}

/**
 * Every error code docs/contract.md lists, provoked through the built API, answers the HTTP status
 * the table says; the request size limit and gzip bodies behave as documented.
 */
describe('error codes and their HTTP status (API process)', () => {
  const queuePrefix = `e2e-codes-${process.pid}`;
  let db: Client;
  let api: AppProcess;
  let token: string;
  const documented = documentedStatuses();

  beforeAll(async () => {
    db = await connectTestDb();
    await resetData(db);
    // A small read budget so RATE_LIMITED is a few requests away, and a shallow depth limit.
    api = await startApi(appEnv(queuePrefix, { RATE_LIMIT_READS: '8', QUERY_MAX_DEPTH: '3' }));
    await api.waitReady();
    token = await tokenFor('user-codes');
  });

  afterAll(async () => {
    await api?.stop();
    await db?.end();
    await clearQueue(queuePrefix);
  });

  const post = async (body: string | Buffer, headers: Record<string, string> = {}, auth = token) => {
    const res = await fetch(`${api.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${auth}`, ...headers },
      body,
    });
    return { status: res.status, text: await res.text() };
  };
  const codeOf = (res: GraphQLResponse) => res.errors?.[0].extensions?.code;

  it('documents each code once with a status, and answers each provoked code with that status', async () => {
    const seen = new Map<string, number>();
    const record = (res: GraphQLResponse) => seen.set(String(codeOf(res)), res.status);
    const [input] = chunksOf('STEPS', 'codes-1', points.steps(1));
    record(await gql(api.baseUrl, SYNC_MUTATION, { input: { ...input, dataType: 'heart rate' } }, token));
    record(await gql(api.baseUrl, '{ sources { nope } }', {}, token));
    record(await gql(api.baseUrl, '{ sources { id ', {}, token));
    record(await gql(api.baseUrl, '{ sources { id } }', {}, 'not-a-token'));
    record(
      await gql(
        api.baseUrl,
        `{ ${Array.from({ length: 50 }, (_, i) => `a${i}: samples(sampleType: "STEPS", from: "2025-01-01T00:00:00Z", to: "2025-02-01T00:00:00Z", first: 1000) { pageInfo { hasNextPage } }`).join(' ')} }`,
        {},
        token,
      ),
    );
    // QUERY_MAX_DEPTH is 3 here: a session's stages are one level deeper.
    record(await gql(api.baseUrl, '{ dailySummary(date: "2025-09-01") { sleep { stages { id } } } }', {}, token));
    // The read budget: the requests above used some of it; spend the rest.
    const limited = await waitFor(
      'the read budget to run out',
      () => gql(api.baseUrl, '{ sources { id } }', {}, token),
      (r) => codeOf(r) === 'RATE_LIMITED',
      10_000,
    );
    record(limited);
    // Redis down: a second API on a closed port answers sync requests SERVICE_UNAVAILABLE.
    const noRedis = await startApi(appEnv(queuePrefix, { REDIS_URL: `redis://127.0.0.1:${await freePort()}` }));
    try {
      await waitFor(
        'API listening',
        async () => (await fetch(`${noRedis.baseUrl}/health/live`).catch(() => null))?.status ?? 0,
        (s) => s === 200,
        30_000,
      );
      record(await gql(noRedis.baseUrl, SYNC_MUTATION, { input }, token));
    } finally {
      await noRedis.stop();
    }

    // Not provoked here: INTERNAL_SERVER_ERROR (no request should reach one: test/schema-walk.e2e-spec.ts).
    const notProvoked = new Set(['INTERNAL_SERVER_ERROR']);
    for (const [code, status] of seen) {
      expect([code, documented.get(code)]).toEqual([code, status]);
    }
    for (const code of documented.keys()) if (!notProvoked.has(code)) expect([code, seen.has(code)]).toEqual([code, true]);
  });

  it('takes a gzip body and refuses one that inflates past the size limit with 413', async () => {
    const body = JSON.stringify({ query: '{ syncStates { dataType } }' });
    const zipped = await post(gzipSync(body), { 'content-encoding': 'gzip' }, await tokenFor('user-codes-gzip'));
    expect(zipped.status).toBe(200);
    expect(JSON.parse(zipped.text)).toEqual({ data: { syncStates: [] } });
    // 4 MiB (the default BODY_LIMIT) of JSON once inflated, ≈ 4 KiB on the wire.
    const huge = JSON.stringify({ query: '{ syncStates { dataType } }', variables: { pad: 'x'.repeat(4 * 1024 * 1024) } });
    const tooLarge = await post(gzipSync(huge), { 'content-encoding': 'gzip' }, await tokenFor('user-codes-gzip'));
    expect(tooLarge.status).toBe(413);
  });
});
