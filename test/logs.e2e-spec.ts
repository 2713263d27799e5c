import type { Client } from 'pg';
import { connectTestDb, countRows, resetData, waitForChunksSettled } from './support/database';
import { chunksOf, gql, syncChunk, syncState, tokenFor } from './support/graphql-client';
import * as points from './support/health-points';
import { Pipeline, startPipeline } from './support/pipeline';
import { AppProcess } from './support/processes';
import { appEnv } from './support/test-env';

jest.setTimeout(90_000);

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const HEART_RATE = 61.734519; // a value no log line would hold by chance
const MARKER = 'LOGMARKER-7f3a';

/**
 * A full sync (several data types, a rejected item, malformed and unauthenticated requests, reads)
 * with API and worker at LOG_LEVEL=debug: their logs hold no health value, no UUID, no token or
 * anchor, and no raw user id.
 */
describe('logs of a full sync at debug level (real processes)', () => {
  const prefix = `e2e-logs-${process.pid}`;
  const userId = `user-logs-${process.pid}-${Date.now()}`;
  const env = appEnv(prefix, { LOG_LEVEL: 'debug' });
  let db: Client;
  let api: AppProcess;
  let worker: AppProcess;
  let pipeline: Pipeline;

  beforeAll(async () => {
    db = await connectTestDb();
    await resetData(db);
    pipeline = await startPipeline(prefix, { env });
    ({ api, worker } = pipeline);
  });

  afterAll(async () => {
    await pipeline?.stop();
    await db?.end();
  });

  it('leaks nothing personal', async () => {
    const token = await tokenFor(userId);
    const mark = (p: points.Point): points.Point => ({ ...p, metadata: { note: MARKER } });
    const heart = points
      .heartRates(1, 10)
      .map((p) => mark({ ...p, value: { __type: 'NumericHealthValue', numericValue: HEART_RATE } }));
    const syncs = [
      { dataType: 'HEART_RATE', anchor: `ANCHOR-HR-${MARKER}`, pts: heart },
      { dataType: 'SLEEP', anchor: `ANCHOR-SLEEP-${MARKER}`, pts: points.sleepNights(2).map(mark) },
      { dataType: 'WORKOUT', anchor: `ANCHOR-WO-${MARKER}`, pts: points.workouts(2).map(mark) },
      { dataType: 'CLINICAL', anchor: `ANCHOR-CL-${MARKER}`, pts: points.clinicalRecords(2).map(mark) },
    ];
    // One item the API rejects (bad date), kept aside with its raw copy in the database only.
    syncs[0].pts[0] = { ...syncs[0].pts[0], dateFrom: `not-a-date-${MARKER}` };
    let stored = 0;
    for (const { dataType, anchor, pts } of syncs) {
      for (const input of chunksOf(dataType, anchor, pts, 50)) {
        const res = await syncChunk(api.baseUrl, token, input);
        expect(res.errors).toBeUndefined();
      }
      stored += pts.length;
    }
    // Refusals: a malformed chunk, a forged token, a read with an argument PostgreSQL cannot take.
    const bad = await syncChunk(api.baseUrl, token, {
      dataType: 'STEPS',
      anchorToken: `ANCHOR-BAD-${MARKER}`,
      isFinalChunk: true,
      timeZone: 'Mars/Olympus',
      data: heart.slice(0, 2),
    });
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const forged = await syncChunk(api.baseUrl, `${token}x`, {
      dataType: 'STEPS',
      anchorToken: 'x',
      isFinalChunk: true,
      data: [],
    });
    expect(forged.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const read = await gql(
      api.baseUrl,
      '{ samples(sampleType: "HEART_RATE", from: "2025-01-01T00:00:00Z", to: "2026-01-01T00:00:00Z") { edges { node { uuid value } } } }',
      {},
      token,
    );
    expect(read.errors).toBeUndefined();

    await waitForChunksSettled(db);
    expect(await countRows(db, 'sync_chunk', "status = 'stored'")).toBe(await countRows(db, 'sync_chunk'));
    expect(await countRows(db, 'sync_rejected_item')).toBe(1);
    expect((await syncState(api.baseUrl, token, 'HEART_RATE'))?.lastAnchor).toBe(`ANCHOR-HR-${MARKER}`);
    const rows = (
      await db.query(`SELECT (SELECT count(*) FROM healthkit_sample) + (SELECT count(*) FROM healthkit_sleep_analysis)
      + (SELECT count(*) FROM healthkit_workout) + (SELECT count(*) FROM healthkit_clinical_record) AS n`)
    ).rows[0].n;
    expect(Number(rows)).toBe(stored - 1);

    // Stop both so every buffered line is out, then read everything they wrote.
    await Promise.all([api.stop(), worker.stop()]);
    const logs = `${api.text()}\n${worker.text()}`;
    const lines = logs.split('\n').filter(Boolean);
    expect(lines.length).toBeGreaterThan(10); // debug level really logged something
    expect(logs).toMatch(/"level":20/); // … including debug lines
    const leaks = lines.filter(
      (line) =>
        UUID.test(line) ||
        line.includes(String(HEART_RATE)) ||
        line.includes(MARKER) ||
        line.includes(userId) ||
        line.includes(token) ||
        line.includes(token.split('.')[2]) ||
        /Jane/.test(line),
    );
    expect(leaks).toEqual([]);
  });
});
