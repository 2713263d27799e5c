import type { Client } from 'pg';
import { connectTestDb, resetData, waitForChunksSettled } from './support/database';
import { gql, GraphQLResponse, syncChunk, tokenFor } from './support/graphql-client';
import * as points from './support/health-points';
import { AppProcess, startApi, startWorker } from './support/processes';
import { databaseProxy, TcpProxy } from './support/tcp-proxy';
import { appEnv, clearQueue, TEST_DATABASE_URL } from './support/test-env';

jest.setTimeout(120_000);

const CLINICAL_BUDGET = 700_000;

interface ExportPage {
  jsonLines: string;
  count: number;
  nextCursor: string | null;
}

/**
 * Work one request may cause, through the built API (its PostgreSQL connections through a proxy
 * that counts what it sends) and worker: a ranking rebuild costs what the user's data holds, not
 * the span of its dates; a clinical page stops at its byte budget; a statement stops at the API's
 * statement_timeout.
 */
describe('bounded work per request (built API + worker)', () => {
  const queuePrefix = `e2e-bounded-${process.pid}`;
  let db: Client;
  let api: AppProcess;
  let worker: AppProcess;
  let proxy: TcpProxy;

  beforeAll(async () => {
    db = await connectTestDb();
    await resetData(db);
    const proxied = await databaseProxy(TEST_DATABASE_URL);
    proxy = proxied.proxy;
    const env = appEnv(queuePrefix);
    [api, worker] = await Promise.all([
      startApi({
        ...env,
        DATABASE_URL: proxied.url,
        API_STATEMENT_TIMEOUT_MS: '1000',
        PAGE_MAX_BYTES: String(CLINICAL_BUDGET),
      }),
      startWorker(env),
    ]);
    await Promise.all([api.waitReady(), worker.waitReady()]);
  });

  afterAll(async () => {
    await Promise.all([api?.stop(), worker?.stop()]);
    await proxy?.stop();
    await clearQueue(queuePrefix);
    await db?.end();
  });

  const upload = async (token: string, anchor: string, dataType: string, data: unknown[]) => {
    const res = await syncChunk(api.baseUrl, token, {
      dataType,
      anchorToken: anchor,
      chunkIndex: 0,
      isFinalChunk: true,
      timeZone: 'UTC',
      data,
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.syncHealthKitSamples.rejected).toEqual([]);
  };

  it('rebuilds the rollup after a ranking change in a few statements for a user whose samples span 1900 to today', async () => {
    const token = await tokenFor('user-bounded-rank');
    const at = (iso: string) => new Date(iso);
    const steps = [
      points.iosPoint('STEPS', 'COUNT', points.numeric(10), at('1900-01-02T10:00:00Z'), at('1900-01-02T10:05:00Z'), points.WATCH),
      points.iosPoint('STEPS', 'COUNT', points.numeric(20), at('2025-06-01T10:00:00Z'), at('2025-06-01T10:05:00Z'), points.WATCH),
      points.iosPoint(
        'STEPS',
        'COUNT',
        points.numeric(40),
        at('2025-06-01T10:00:00Z'),
        at('2025-06-01T10:05:00Z'),
        points.IPHONE,
      ),
    ];
    await upload(token, 'bounded-rank', 'STEPS', steps);
    await waitForChunksSettled(db);

    const { data } = await gql<{ sources: { id: string; name: string }[] }>(api.baseUrl, '{ sources { id name } }', {}, token);
    const watch = data!.sources.find((s) => s.name === points.WATCH.sourceName)!.id;
    const before = proxy.bytesToTarget;
    const started = Date.now();
    const set = await gql(
      api.baseUrl,
      'mutation($id: ID!) { setSourcePrecedence(sourceId: $id, precedence: 90, sampleType: "STEPS") { id } }',
      { id: watch },
      token,
    );
    expect(set.errors).toBeUndefined();
    const sent = proxy.bytesToTarget - before;
    process.stdout.write(`ranking rebuild over 1900..2025: ${sent} bytes of statements, ${Date.now() - started} ms\n`);
    // One recompute statement is ≈ 3 KB of SQL: a walk of every month since 1900 (1,500 of them) sent ≈ 4.5 MB.
    expect(sent).toBeLessThan(60_000);

    // And the rollup is right: the Watch ranked last, the iPhone now wins the 2025 minutes; 1900 still counts.
    const day = async (from: string, to: string) =>
      (
        await gql<{ aggregates: { sum: number }[] }>(
          api.baseUrl,
          'query($f: DateTime!, $t: DateTime!) { aggregates(sampleType: "STEPS", bucket: DAY, from: $f, to: $t) { sum } }',
          { f: from, t: to },
          token,
        )
      ).data!.aggregates.map((b) => b.sum);
    expect(await day('2025-06-01T00:00:00Z', '2025-06-02T00:00:00Z')).toEqual([40]);
    expect(await day('1900-01-02T00:00:00Z', '1900-01-03T00:00:00Z')).toEqual([10]);
  });

  it('ends a clinicalRecords page and an export page at the byte budget, and pages through every record', async () => {
    const token = await tokenFor('user-bounded-clinical');
    const records = points.clinicalRecords(5).map((p, i) => ({
      ...p,
      value: { ...(p.value as object), resource: { resourceType: 'DiagnosticReport', id: `r${i}`, text: 'x'.repeat(300_000) } },
    }));
    await upload(token, 'bounded-clinical', 'CLINICAL_LAB_RESULT', records);
    await waitForChunksSettled(db);

    const PAGE = `query($after: String) { clinicalRecords(first: 100, after: $after) {
      edges { node { fhirResource } } pageInfo { hasNextPage endCursor } } }`;
    const seen: string[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 10; pages++) {
      const res = await fetch(`${api.baseUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: PAGE, variables: { after } }),
      });
      const text = await res.text();
      const page = (JSON.parse(text) as { data: { clinicalRecords: any } }).data.clinicalRecords;
      // Two 300 KB resources fit 700 KB, three do not.
      expect(page.edges.length).toBeLessThanOrEqual(2);
      expect(text.length).toBeLessThan(CLINICAL_BUDGET + 50_000);
      seen.push(...page.edges.map((e: any) => e.node.fhirResource.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen.sort()).toEqual(['r0', 'r1', 'r2', 'r3', 'r4']);

    // The export of the same user: 5,000 rows a page at most, but no more than the byte budget either.
    const EXPORT = 'query($after: String) { exportMyHealthData(after: $after, limit: 5000) { jsonLines count nextCursor } }';
    const exported: string[] = [];
    let cursor: string | null = null;
    let exportPages = 0;
    do {
      const res: GraphQLResponse<{ exportMyHealthData: ExportPage }> = await gql<{ exportMyHealthData: ExportPage }>(
        api.baseUrl,
        EXPORT,
        { after: cursor },
        token,
      );
      expect(res.errors).toBeUndefined();
      const page: ExportPage = res.data!.exportMyHealthData;
      expect(page.count).toBeGreaterThan(0);
      expect(Buffer.byteLength(page.jsonLines)).toBeLessThan(CLINICAL_BUDGET + 20_000);
      exported.push(...page.jsonLines.split('\n'));
      cursor = page.nextCursor;
      exportPages += 1;
    } while (cursor && exportPages < 20);
    expect(cursor).toBeNull();
    const clinical = exported.map((l) => JSON.parse(l)).filter((l) => l.table === 'healthkit_clinical_record');
    expect(clinical.map((l) => l.row.fhir_resource.id).sort()).toEqual(['r0', 'r1', 'r2', 'r3', 'r4']);
    expect(exportPages).toBeGreaterThanOrEqual(3);
  });

  it('ends a samples page at the byte budget too (ECG voltage series), and pages through every sample', async () => {
    const token = await tokenFor('user-bounded-ecg');
    const at = (minute: number) => new Date(Date.UTC(2025, 4, 1, 8, minute));
    const voltages = Array.from({ length: 5_000 }, (_, i) => ({ voltage: 0.000123 * i, timeSinceSampleStart: i / 512 }));
    const ecgs = [0, 1, 2, 3].map((i) =>
      points.iosPoint(
        'ELECTROCARDIOGRAM',
        'VOLT',
        { __type: 'ElectrocardiogramHealthValue', voltageValues: voltages, n: i },
        at(i),
        at(i + 1),
      ),
    );
    await upload(token, 'bounded-ecg', 'ELECTROCARDIOGRAM', ecgs);
    await waitForChunksSettled(db);

    const PAGE = `query($after: String) { samples(sampleType: "ELECTROCARDIOGRAM", from: "2025-05-01T00:00:00Z",
      to: "2025-05-02T00:00:00Z", first: 100, after: $after) { edges { node { valueDetail } } pageInfo { hasNextPage endCursor } } }`;
    const seen: number[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 10; pages++) {
      const res: GraphQLResponse<{ samples: any }> = await gql<{ samples: any }>(api.baseUrl, PAGE, { after }, token);
      expect(res.errors).toBeUndefined();
      const page = res.data!.samples;
      // One series is ≈ 300 KB of JSON: two fit the 700 KB budget, three do not.
      expect(page.edges.length).toBeLessThanOrEqual(2);
      expect(page.edges.length).toBeGreaterThan(0);
      seen.push(...page.edges.map((e: any) => e.node.valueDetail.n));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual([0, 1, 2, 3]);
  });

  it('stops a statement at API_STATEMENT_TIMEOUT_MS instead of holding the request', async () => {
    const token = await tokenFor('user-bounded-timeout');
    // A lock the read must wait for: without a statement timeout it waits as long as the lock is held.
    await db.query('BEGIN');
    await db.query('LOCK TABLE healthkit_source IN ACCESS EXCLUSIVE MODE');
    try {
      const started = Date.now();
      // Without a timeout the answer would wait for the lock: give up after 8 s (the lock is released below either way).
      const res = await Promise.race([
        gql(api.baseUrl, '{ sources { id } }', {}, token),
        new Promise<null>((resolve) => setTimeout(() => resolve(null), 8_000).unref()),
      ]);
      const took = Date.now() - started;
      expect(res).not.toBeNull();
      expect(took).toBeLessThan(8_000);
      if (!res) return;
      expect(res.data ?? null).toBeNull();
      expect(res.errors?.[0].extensions).toMatchObject({
        code: 'SERVICE_UNAVAILABLE',
        reason: 'STATEMENT_TIMEOUT',
        retryable: true,
      });
    } finally {
      await db.query('ROLLBACK');
    }
    // The worker's own limit is JOB_TIMEOUT_MS; the API's is in force on its connections only.
    expect(api.text()).toMatch(/canceling statement due to statement timeout/);
    // Answered as a coded error, not logged as an unexpected one.
    expect(api.text()).not.toMatch(/"level":50/);
  });
});
