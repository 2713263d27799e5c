import type { Client } from 'pg';
import { connectTestDb, resetData, waitFor, waitForChunksSettled } from './support/database';
import { chunksOf, gql, syncChunk, tokenFor } from './support/graphql-client';
import * as points from './support/health-points';
import { AppProcess, startApi, startWorker } from './support/processes';
import { FakeCollector, promValue, scrape } from './support/telemetry';
import { appEnv, clearQueue, testQueue } from './support/test-env';
import { queueDepth, readQueueSnapshot } from '../apps/worker/src/metrics/queue-snapshot';

jest.setTimeout(120_000);

/**
 * Built API and worker with OpenTelemetry on, every trace sampled and pushed to a stand-in OTLP
 * collector: the /metrics counters move by exactly what a sync did, and one trace runs from the
 * mutation through the BullMQ job into the worker's SQL, with its id on the log lines of that path.
 */
describe('metrics and traces (built processes)', () => {
  let db: Client;
  let api: AppProcess;
  let worker: AppProcess;
  const collector = new FakeCollector();
  const queuePrefix = `e2e-telemetry-${process.pid}`;

  beforeAll(async () => {
    db = await connectTestDb();
    await resetData(db);
    await collector.start();
    const env = appEnv(queuePrefix, {
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
      TRACE_SAMPLE_RATIO: '1',
      LOG_LEVEL: 'debug',
      METRICS_ENVIRONMENT: 'e2e',
      METRICS_INTERVAL_MS: '500',
    });
    api = await startApi(env);
    await api.waitReady();
    worker = await startWorker(env);
    await worker.waitReady();
  });

  afterAll(async () => {
    await Promise.all([api?.stop(), worker?.stop()]);
    await collector.stop();
    await db?.end();
    await clearQueue(queuePrefix);
  });

  const synced = (name: string, text: string, labels: Record<string, string> = {}) => promValue(text, name, labels) || 0;

  it('counts requests, items, rows per table, jobs and anchors by exactly what one sync did', async () => {
    const token = await tokenFor('user-metrics');
    const heart = points.heartRates(1, 5); // 288 points → chunks of 200 + 88
    const bad = { ...heart[0], uuid: 'bad-1', dateTo: '2025-08-01T00:00:00.000' }; // ends before it starts
    const inputs = chunksOf('HEART_RATE', 'anchor-m-1', [...heart, bad]);
    const [apiBefore, workerBefore] = await Promise.all([scrape(api.baseUrl), scrape(worker.baseUrl)]);

    for (const input of inputs) {
      const res = await syncChunk(api.baseUrl, token, input);
      expect(res.errors).toBeUndefined();
    }
    await waitForChunksSettled(db);
    // The same points again under a new anchor: nothing changes, so all of them count as unchanged.
    for (const input of chunksOf('HEART_RATE', 'anchor-m-2', heart)) await syncChunk(api.baseUrl, token, input);
    await waitForChunksSettled(db);
    const unauthenticated = await gql(api.baseUrl, 'query { syncStates { dataType } }', {}, 'not-a-token');
    expect(unauthenticated.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');

    const [apiAfter, workerAfter] = await Promise.all([scrape(api.baseUrl), scrape(worker.baseUrl)]);
    const delta = (before: string, after: string, name: string, labels: Record<string, string> = {}) =>
      synced(name, after, labels) - synced(name, before, labels);
    const apiDelta = (name: string, labels?: Record<string, string>) => delta(apiBefore, apiAfter, name, labels);
    const workerDelta = (name: string, labels?: Record<string, string>) => delta(workerBefore, workerAfter, name, labels);

    const sync = { operation: 'syncHealthKitSamples', type: 'mutation', outcome: 'ok' };
    expect(apiDelta('healthsync_graphql_request_duration_count', sync)).toBe(4);
    expect(apiDelta('healthsync_graphql_request_duration_count', { operation: 'syncStates', outcome: 'UNAUTHENTICATED' })).toBe(
      1,
    );
    expect(apiDelta('healthsync_sync_items_total', { result: 'accepted' })).toBe(2 * 288);
    expect(apiDelta('healthsync_sync_items_total', { result: 'rejected' })).toBe(1);

    const sampleRows = (result: string) => workerDelta('healthsync_samples_stored_total', { table: 'healthkit_sample', result });
    expect(sampleRows('inserted')).toBe(288);
    expect(sampleRows('unchanged')).toBe(288);
    expect(sampleRows('updated')).toBe(0);
    expect(workerDelta('healthsync_sync_anchors_advanced_total')).toBe(2);
    expect(workerDelta('healthsync_job_duration_count', { outcome: 'completed' })).toBe(4);
    expect(workerDelta('healthsync_job_attempts_count')).toBe(4);
    expect(workerDelta('healthsync_job_attempts_sum')).toBe(4);

    // Read at scrape time: an idle queue, Redis memory, and each process's pool.
    for (const state of ['waiting', 'active', 'delayed', 'failed']) {
      expect(promValue(workerAfter, 'healthsync_queue_jobs', { state })).toBe(0);
    }
    expect(promValue(workerAfter, 'healthsync_queue_depth')).toBe(0);
    expect(promValue(workerAfter, 'healthsync_queue_oldest_waiting_age')).toBe(0);
    expect(promValue(workerAfter, 'healthsync_redis_memory_used')).toBeGreaterThan(0);
    for (const text of [apiAfter, workerAfter]) {
      expect(promValue(text, 'healthsync_db_pool_waiting')).toBe(0);
      expect(promValue(text, 'healthsync_db_pool_connections', { state: 'in_use' })).toBeGreaterThanOrEqual(0);
    }
  });

  it('prints CloudWatch EMF lines with the same totals: requests per operation (API), samples and jobs (worker)', async () => {
    const emf = (p: AppProcess) =>
      p
        .text()
        .split('\n')
        .filter((l) => l.includes('"_aws"'))
        .map((l) => JSON.parse(l));
    const sum = (lines: any[], key: string) => lines.reduce((n, l) => n + (l[key] ?? 0), 0);
    await new Promise((r) => setTimeout(r, 1_200)); // one more interval after the last request
    const syncLines = emf(api).filter((l) => l.Operation === 'syncHealthKitSamples');
    expect(syncLines.every((l) => l.Environment === 'e2e')).toBe(true);
    expect(sum(syncLines, 'Requests')).toBe(4);
    expect(sum(syncLines, 'ServerErrors')).toBe(0);
    expect(
      sum(
        emf(api).filter((l) => l.Operation === 'syncStates'),
        'ClientErrors',
      ),
    ).toBe(1);
    const workerLines = emf(worker);
    expect(sum(workerLines, 'SamplesStored')).toBe(288); // inserted + updated; the unchanged re-send adds nothing
    expect(sum(workerLines, 'JobsCompleted')).toBe(4);
    expect(workerLines[workerLines.length - 1]).toMatchObject({ QueueDepth: 0, FailedJobs: 0, OldestJobAgeSeconds: 0 });
  });

  it('reads waiting and delayed jobs and the oldest waiting age from the queue (one snapshot for EMF and gauges)', async () => {
    const prefix = `${queuePrefix}-idle`;
    const queue = testQueue(prefix);
    try {
      await queue.add('store-chunk', {}, { jobId: 'old' });
      await queue.add('store-chunk', {}, { jobId: 'later', delay: 60_000 });
      await new Promise((r) => setTimeout(r, 1_100));
      await queue.add('store-chunk', {}, { jobId: 'new' });
      const snapshot = await readQueueSnapshot(queue);
      expect(snapshot).toMatchObject({ waiting: 2, delayed: 1, active: 0, failed: 0 });
      expect(snapshot.oldestWaitingAgeSeconds).toBeGreaterThanOrEqual(1);
      expect(snapshot.oldestWaitingAgeSeconds).toBeLessThan(30);
      expect(queueDepth(snapshot)).toBe(3);
    } finally {
      await queue.obliterate({ force: true });
      await queue.close();
    }
  });

  it('follows one chunk from the mutation through the queue into the worker SQL, trace id on its log lines', async () => {
    // The samples' upsert, a named statement: its span carries the statement's name (libs/store/sql).
    const UPSERT_SPAN = 'pg.query:health-rows/upsert/healthkit_sample ';
    const token = await tokenFor('user-traced');
    const [input] = chunksOf('STEPS', 'anchor-t-1', points.steps(1));
    const res = await syncChunk(api.baseUrl, token, input);
    expect(res.errors).toBeUndefined();
    const jobId: string = res.data!.syncHealthKitSamples.jobId;
    await waitForChunksSettled(db);

    // The worker's processing span for this job, then everything of its trace.
    const processSpan = await waitFor(
      'the worker span of the job',
      async () =>
        collector.spans.find(
          (s) =>
            s.service === 'health-sync-worker' && s.name.startsWith('process') && JSON.stringify(s.attributes).includes(jobId),
        ),
      (s) => s !== undefined,
      20_000,
    );
    const traceId = processSpan!.traceId;
    // Each process exports its spans in its own batches: wait for both sides of the trace.
    const trace = await waitFor(
      'the API spans and the worker SQL of the trace',
      async () => collector.spans.filter((s) => s.traceId === traceId),
      (spans) =>
        spans.some((s) => s.service === 'health-sync-worker' && s.name.startsWith(UPSERT_SPAN)) &&
        spans.some((s) => s.service === 'health-sync-api' && s.name.startsWith('add health-sync')),
      20_000,
    );
    const apiSpans = trace.filter((s) => s.service === 'health-sync-api').map((s) => s.name);
    expect(apiSpans).toEqual(expect.arrayContaining(['POST', expect.stringMatching(/^add health-sync/)]));
    expect(trace.filter((s) => s.service === 'health-sync-worker').map((s) => s.name)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^process health-sync/),
        expect.stringMatching(/^pg\.query:health-rows\/upsert\/healthkit_sample /),
      ]),
    );

    // The API's request line and the worker's line for the stored chunk carry the same trace id.
    const lines = (p: AppProcess) =>
      p
        .text()
        .split('\n')
        .filter((l) => l.includes(traceId));
    expect(lines(api).some((l) => l.includes('request completed'))).toBe(true);
    expect(lines(worker).some((l) => /"msg":"chunk \S+ r0: /.test(l))).toBe(true);
    // No user id, token or health value in those lines.
    for (const line of [...lines(api), ...lines(worker)]) {
      expect(line).not.toContain('user-traced');
      expect(line).not.toContain(token);
    }
  });
});
