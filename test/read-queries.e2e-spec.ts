import type { Client } from 'pg';
import { connectTestDb, resetSchema, waitForChunksSettled } from './support/database';
import { chunksOf, gql, syncChunk, tokenFor } from './support/graphql-client';
import * as points from './support/health-points';
import { AppProcess, startApi, startWorker } from './support/processes';
import { appEnv, clearQueue } from './support/test-env';

jest.setTimeout(120_000);

/** Read queries apply source precedence at query time and never mix users. */
describe('read queries (API + worker processes)', () => {
  const queuePrefix = `e2e-read-${process.pid}`;
  let db: Client;
  let api: AppProcess;
  let worker: AppProcess;
  let reader: string;

  const at = (iso: string) => new Date(iso);
  const hour = (from: string, source: points.SourceRef, steps: number) =>
    points.iosPoint('STEPS', 'COUNT', points.numeric(steps), at(from), new Date(at(from).getTime() + 3_600_000), source);

  // Local times (the chunk says Europe/Berlin, UTC+2 in September).
  const watchMorning = hour('2025-09-10T08:00:00Z', points.WATCH, 1000);
  const phoneMorning = hour('2025-09-10T08:00:00Z', points.IPHONE, 900); // the same walk, counted again
  const ouraMorning = hour('2025-09-10T08:00:00Z', points.OURA, 950);
  const phoneEvening = hour('2025-09-10T20:00:00Z', points.IPHONE, 400); // the watch was off
  const lateNight = hour('2025-09-11T01:00:00Z', points.WATCH, 50); // 23:00 UTC on the 10th
  const deleted = hour('2025-09-10T10:00:00Z', points.WATCH, 5000);

  async function query(q: string, variables: Record<string, unknown> = {}, token = reader) {
    const res = await gql(api.baseUrl, q, variables, token);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data as Record<string, any>;
  }

  beforeAll(async () => {
    db = await connectTestDb();
    await resetSchema(db);
    const env = appEnv(queuePrefix);
    [api, worker] = await Promise.all([startApi(env), startWorker(env)]);
    await Promise.all([api.waitReady(), worker.waitReady()]);
    reader = await tokenFor('user-reader');
    const data = [watchMorning, phoneMorning, ouraMorning, phoneEvening, lateNight, deleted];
    const upload = async (input: Parameters<typeof syncChunk>[2]) => {
      const res = await syncChunk(api.baseUrl, reader, input);
      if (res.errors) throw new Error(JSON.stringify(res.errors));
    };
    for (const input of chunksOf('STEPS', 'read-anchor-1', data)) await upload(input);
    await waitForChunksSettled(db);
    await upload({ dataType: 'STEPS', anchorToken: 'read-anchor-2', chunkIndex: 0, isFinalChunk: true, data: [], deletedUuids: [deleted.uuid] });
    for (const input of chunksOf('SLEEP', 'read-sleep', points.sleepNights(1))) await upload(input);
    for (const input of chunksOf('WORKOUT', 'read-workout', points.workouts(2))) await upload(input);
    for (const input of chunksOf('CLINICAL', 'read-clinical', points.clinicalRecords(2))) await upload(input);
    await waitForChunksSettled(db);
  });

  afterAll(async () => {
    await Promise.all([api?.stop(), worker?.stop()]);
    await db?.end();
    await clearQueue(queuePrefix);
  });

  const AGGREGATES = `query A($from: DateTime!, $to: DateTime!, $bucket: BucketSize!, $tz: String!) {
    aggregates(sampleType: "STEPS", from: $from, to: $to, bucket: $bucket, timeZone: $tz) {
      localStart sourceName precedence sum count skippedSources } }`;

  it('counts each hour once, from the best-ranked source that has data there', async () => {
    const { aggregates } = await query(AGGREGATES, { from: '2025-09-09T00:00:00Z', to: '2025-09-12T00:00:00Z', bucket: 'HOUR', tz: 'Europe/Berlin' });
    expect(aggregates).toEqual([
      { localStart: '2025-09-10T08:00:00', sourceName: "Jane's Apple Watch", precedence: 1, sum: 1000, count: 1, skippedSources: 2 },
      { localStart: '2025-09-10T20:00:00', sourceName: "Jane's iPhone", precedence: 2, sum: 400, count: 1, skippedSources: 0 },
      { localStart: '2025-09-11T01:00:00', sourceName: "Jane's Apple Watch", precedence: 1, sum: 50, count: 1, skippedSources: 0 },
    ]);
  });

  it('cuts days in the requested time zone, IANA or offset', async () => {
    const range = { from: '2025-09-09T00:00:00Z', to: '2025-09-12T00:00:00Z', bucket: 'DAY' };
    const berlin = (await query(AGGREGATES, { ...range, tz: 'Europe/Berlin' })).aggregates;
    // Stored times are 06:00Z, 18:00Z and 23:00Z on the 10th: all on the 10th in UTC, the last is the 11th in Berlin.
    expect(berlin.map((b: any) => [b.localStart, b.sum])).toEqual([
      ['2025-09-10T00:00:00', 1000],
      ['2025-09-11T00:00:00', 50],
    ]);
    const utc = (await query(AGGREGATES, { ...range, tz: 'UTC' })).aggregates;
    expect(utc.map((b: any) => [b.localStart, b.sum, b.skippedSources])).toEqual([['2025-09-10T00:00:00', 1050, 2]]);
    const offset = (await query(AGGREGATES, { ...range, tz: '+02:00' })).aggregates;
    expect(offset.map((b: any) => [b.localStart, b.sum])).toEqual(berlin.map((b: any) => [b.localStart, b.sum]));
  });

  it('lists raw samples of every source, best source first, without deleted ones', async () => {
    const { samples } = await query(
      `query S($from: DateTime!, $to: DateTime!) { samples(sampleType: "STEPS", from: $from, to: $to) { uuid value precedence sourceName } }`,
      { from: '2025-09-10T00:00:00Z', to: '2025-09-11T00:00:00Z' },
    );
    expect(samples.map((s: any) => [s.uuid, s.value, s.precedence])).toEqual([
      [watchMorning.uuid, 1000, 1],
      [phoneMorning.uuid, 900, 2],
      [ouraMorning.uuid, 950, 3],
      [phoneEvening.uuid, 400, 2],
      [lateNight.uuid, 50, 1],
    ]);
  });

  it('lists sources with their precedence, sleep stages, workouts and clinical records', async () => {
    const data = await query(`query R($from: DateTime!, $to: DateTime!) {
      sources { name kind precedence }
      sleepStages(from: $from, to: $to) { stage minutes }
      workouts(from: $from, to: $to) { activityType durationSeconds totalEnergyBurned }
      clinicalRecords(resourceType: "Observation") { resourceType fhirResource } }`,
      { from: '2025-08-01T00:00:00Z', to: '2025-10-01T00:00:00Z' },
    );
    expect(data.sources).toEqual([
      { name: "Jane's Apple Watch", kind: 'apple_watch', precedence: 1 },
      { name: "Jane's iPhone", kind: 'iphone', precedence: 2 },
      { name: 'Oura', kind: 'third_party', precedence: 3 },
    ]);
    expect(data.sleepStages.map((s: any) => s.stage)).toEqual(['in_bed', 'light', 'deep', 'rem', 'awake', 'light']);
    expect(data.workouts).toEqual([
      { activityType: 'WALKING', durationSeconds: 2700, totalEnergyBurned: 350 },
      { activityType: 'RUNNING', durationSeconds: 2700, totalEnergyBurned: 350 },
    ]);
    expect(data.clinicalRecords).toHaveLength(2);
    expect(data.clinicalRecords[0].fhirResource).toMatchObject({ resourceType: 'Observation', status: 'final' });
  });

  it('groups sleep into nights with minutes per stage', async () => {
    const { sleepSessions } = await query(
      `query N($from: DateTime!, $to: DateTime!) { sleepSessions(from: $from, to: $to) {
         sourceName precedence minutesByStage asleepMinutes skippedSources stages { stage } } }`,
      { from: '2025-08-01T00:00:00Z', to: '2025-10-01T00:00:00Z' },
    );
    expect(sleepSessions).toEqual([
      {
        sourceName: "Jane's Apple Watch",
        precedence: 1,
        minutesByStage: { light: 270, deep: 90, rem: 60, awake: 10 },
        asleepMinutes: 420,
        skippedSources: 0,
        stages: [{ stage: 'light' }, { stage: 'deep' }, { stage: 'rem' }, { stage: 'awake' }, { stage: 'light' }],
      },
    ]);
  });

  it("shows another user nothing of this user's data", async () => {
    const other = await tokenFor('user-nosy');
    const data = await query(
      `query R($from: DateTime!, $to: DateTime!) { sources { id } samples(sampleType: "STEPS", from: $from, to: $to) { uuid } clinicalRecords { uuid } }`,
      { from: '2025-09-01T00:00:00Z', to: '2025-10-01T00:00:00Z' },
      other,
    );
    expect(data).toEqual({ sources: [], samples: [], clinicalRecords: [] });
  });

  it('refuses unbounded or inverted ranges and unknown zones with the field named', async () => {
    const bad = async (variables: Record<string, unknown>, field: string) => {
      const res = await gql(api.baseUrl, AGGREGATES, variables, reader);
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    };
    await bad({ from: '2025-09-12T00:00:00Z', to: '2025-09-10T00:00:00Z', bucket: 'DAY', tz: 'UTC' }, 'to');
    await bad({ from: '2020-01-01T00:00:00Z', to: '2025-01-01T00:00:00Z', bucket: 'DAY', tz: 'UTC' }, 'to');
    await bad({ from: '2025-09-09T00:00:00Z', to: '2025-09-10T00:00:00Z', bucket: 'DAY', tz: 'Moon/Base' }, 'timeZone');
    const unauthenticated = await gql(api.baseUrl, '{ sources { id } }', {});
    expect(unauthenticated.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});
