import type { Client } from 'pg';
import { connectTestDb, named, resetData, waitForChunksSettled } from './support/database';
import { chunksOf, gql, syncChunk, SyncInput, tokenFor } from './support/graphql-client';
import * as points from './support/health-points';
import { Pipeline, startPipeline } from './support/pipeline';
import { AppProcess } from './support/processes';

jest.setTimeout(180_000);

const MIN = 60_000;
const POLAR = { sourceId: 'com.polar.polarflow', sourceName: 'Polar H10' };
const at = (iso: string) => new Date(iso);
const plus = (d: Date, minutes: number) => new Date(d.getTime() + minutes * MIN);

/** `count` samples of `minutes` each from `start`, one after another. */
function series(
  type: string,
  unit: string,
  start: string,
  count: number,
  minutes: number,
  value: number,
  source: points.SourceRef,
) {
  return Array.from({ length: count }, (_, i) => {
    const from = plus(at(start), i * minutes);
    return points.iosPoint(type, unit, points.numeric(value), from, minutes === 0 ? from : plus(from, minutes), source);
  });
}
/** Instant readings every minute. */
const readings = (type: string, start: string, count: number, value: number, source: points.SourceRef) =>
  Array.from({ length: count }, (_, i) => {
    const t = plus(at(start), i);
    return points.iosPoint(type, 'BEATS_PER_MINUTE', points.numeric(value), t, t, source);
  });
const sleep = (type: string, from: string, to: string, source: points.SourceRef) =>
  points.iosPoint(type, 'MINUTE', points.numeric((at(to).getTime() - at(from).getTime()) / MIN), at(from), at(to), source);

/**
 * The read path through the built API and worker: precedence per minute (not per bucket), user
 * rankings, DST days, sleep nights and naps, cursor pages, and one user never seeing another's rows.
 */
describe('read queries (API + worker processes)', () => {
  const queuePrefix = `e2e-read-${process.pid}`;
  let db: Client;
  let api: AppProcess;
  let pipeline: Pipeline;
  let reader: string;

  // 2025-09-10 (UTC): the Watch worn 08:00–12:00 counts 20 steps a minute (4,800); the iPhone counts
  // 100 steps every 10 minutes from 06:00 to 22:00 (9,600, of which 2,400 under the Watch).
  const watchSteps = series('STEPS', 'COUNT', '2025-09-10T08:00:00Z', 240, 1, 20, points.WATCH);
  const phoneSteps = series('STEPS', 'COUNT', '2025-09-10T06:00:00Z', 96, 10, 100, points.IPHONE);
  // Heart rate: the Watch every minute 08:00–08:59 at 70, a strap every minute 08:30–09:59 at 100.
  const watchHr = readings('HEART_RATE', '2025-09-10T08:00:00Z', 60, 70, points.WATCH);
  const strapHr = readings('HEART_RATE', '2025-09-10T08:30:00Z', 90, 100, POLAR);
  // 2025-10-26 is 25 hours long in Berlin (22:00Z on the 25th to 23:00Z on the 26th); one sample
  // an hour from 21:00Z to 23:00Z inclusive: 25 inside the local day, one on each side.
  const dstSteps = series('STEPS', 'COUNT', '2025-10-25T21:00:00Z', 27, 60, 100, points.IPHONE);
  // The night to 2025-09-10 04:00Z (06:00 in Berlin) from the Watch in detail, the same night from
  // the iPhone as one interval, and an afternoon nap.
  const deepStage = sleep('SLEEP_DEEP', '2025-09-09T23:00:00Z', '2025-09-10T01:00:00Z', points.WATCH);
  const watchNight = [
    sleep('SLEEP_IN_BED', '2025-09-09T20:00:00Z', '2025-09-10T04:00:00Z', points.WATCH),
    sleep('SLEEP_LIGHT', '2025-09-09T20:30:00Z', '2025-09-09T23:00:00Z', points.WATCH),
    deepStage,
    sleep('SLEEP_AWAKE', '2025-09-10T01:00:00Z', '2025-09-10T01:30:00Z', points.WATCH),
    sleep('SLEEP_REM', '2025-09-10T01:30:00Z', '2025-09-10T04:00:00Z', points.WATCH),
  ];
  const phoneNight = [sleep('SLEEP_ASLEEP', '2025-09-09T21:00:00Z', '2025-09-10T04:30:00Z', points.IPHONE)];
  const nap = [sleep('SLEEP_ASLEEP', '2025-09-10T13:00:00Z', '2025-09-10T13:40:00Z', points.WATCH)];

  async function query(q: string, variables: Record<string, unknown> = {}, token = reader) {
    const res = await gql(api.baseUrl, q, variables, token);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data as Record<string, any>;
  }
  async function upload(inputs: SyncInput[], token = reader) {
    for (const input of inputs) {
      const res = await syncChunk(api.baseUrl, token, input);
      if (res.errors) throw new Error(JSON.stringify(res.errors));
    }
  }

  beforeAll(async () => {
    db = await connectTestDb();
    await resetData(db);
    pipeline = await startPipeline(queuePrefix);
    ({ api } = pipeline);
    reader = await tokenFor('user-reader');
    await upload(chunksOf('STEPS', 'steps-1', [...watchSteps, ...phoneSteps, ...dstSteps], 200, 'UTC'));
    await upload(chunksOf('HEART_RATE', 'hr-1', [...watchHr, ...strapHr], 200, 'UTC'));
    await upload(chunksOf('SLEEP', 'sleep-1', [...watchNight, ...phoneNight, ...nap], 200, 'UTC'));
    await upload(chunksOf('WORKOUT', 'workout-1', points.workouts(2), 200, 'UTC'));
    await upload(chunksOf('CLINICAL', 'clinical-1', points.clinicalRecords(5), 200, 'UTC'));
    await waitForChunksSettled(db);
  });

  afterAll(async () => {
    await pipeline?.stop();
    await db?.end();
  });

  const AGGREGATES = `query A($type: String!, $from: DateTime!, $to: DateTime!, $bucket: BucketSize!, $timeZone: String!) {
    aggregates(sampleType: $type, from: $from, to: $to, bucket: $bucket, timeZone: $timeZone) {
      localStart startTime kind sum avg min max count sources { sourceName precedence sum count } } }`;
  const day = { from: '2025-09-10T00:00:00Z', to: '2025-09-11T00:00:00Z', timeZone: 'UTC' };
  const aggregates = async (type: string, bucket: string, range: Record<string, string> = day) =>
    (await query(AGGREGATES, { type, bucket, ...range })).aggregates as any[];
  const sourceId = async (name: string) => (await query('{ sources { id name } }')).sources.find((s: any) => s.name === name).id;

  it('counts steps per minute from the best source that has data: Watch + iPhone make 12,000, and the hours add up to the day', async () => {
    const [total] = await aggregates('STEPS', 'DAY');
    expect(total).toMatchObject({ localStart: '2025-09-10T00:00:00', kind: 'CUMULATIVE', sum: 12_000 });
    expect(total.sources).toEqual([
      { sourceName: "Jane's Apple Watch", precedence: 1, sum: 4800, count: 240 },
      { sourceName: "Jane's iPhone", precedence: 2, sum: 7200, count: 72 },
    ]);
    const hours = await aggregates('STEPS', 'HOUR');
    expect(hours.map((h) => [h.localStart.slice(11, 13), h.sum])).toEqual([
      ['06', 600],
      ['07', 600],
      ['08', 1200],
      ['09', 1200],
      ['10', 1200],
      ['11', 1200],
      ...['12', '13', '14', '15', '16', '17', '18', '19', '20', '21'].map((h) => [h, 600]),
    ]);
    expect(hours.reduce((sum, h) => sum + h.sum, 0)).toBe(12_000);
  });

  it('counts a partly covered sample in proportion: a 10-minute iPhone sample half under the Watch counts half', async () => {
    // Drop the Watch's 08:00–08:04 minutes: the iPhone's 08:00–08:10 sample now wins 5 of its 10 minutes.
    await upload([
      {
        dataType: 'STEPS',
        anchorToken: 'steps-2',
        chunkIndex: 0,
        isFinalChunk: true,
        data: [],
        deletedUuids: watchSteps.slice(0, 5).map((p) => p.uuid),
      },
    ]);
    await waitForChunksSettled(db);
    const [eight] = (await aggregates('STEPS', 'HOUR')).filter((h) => h.localStart.endsWith('08:00:00'));
    expect(eight.sum).toBeCloseTo(1200 - 5 * 20 + 50, 6);
    expect(eight.sources.map((s: any) => [s.sourceName, s.sum])).toEqual([
      ["Jane's Apple Watch", 1100],
      ["Jane's iPhone", 50],
    ]);
    await upload(chunksOf('STEPS', 'steps-3', watchSteps.slice(0, 5), 200, 'UTC'));
    await waitForChunksSettled(db);
    expect((await aggregates('STEPS', 'DAY'))[0].sum).toBe(12_000);
  });

  it('lets a heart-rate strap count where it alone measured and lose where the Watch measured too', async () => {
    const hours = await aggregates('HEART_RATE', 'HOUR');
    expect(
      hours.map((h) => [
        h.localStart.slice(11, 16),
        h.kind,
        h.avg,
        h.min,
        h.max,
        h.count,
        h.sources.map((s: any) => s.sourceName),
      ]),
    ).toEqual([
      ['08:00', 'DISCRETE', 70, 70, 70, 60, ["Jane's Apple Watch"]],
      ['09:00', 'DISCRETE', 100, 100, 100, 60, ['Polar H10']],
    ]);
  });

  it("follows the user's ranking at once, per metric or for all, and goes back to the default", async () => {
    const SET = `mutation S($id: ID!, $p: Int!, $t: String) { setSourcePrecedence(sourceId: $id, precedence: $p, sampleType: $t) {
      name precedence defaultPrecedence overrides { sampleType precedence } } }`;
    const RESET = `mutation R($id: ID!) { resetSourcePrecedence(sourceId: $id) { name precedence overrides { sampleType } } }`;
    const watch = await sourceId("Jane's Apple Watch");
    const set = (await query(SET, { id: watch, p: 5, t: 'STEPS' })).setSourcePrecedence;
    expect(set).toEqual({
      name: "Jane's Apple Watch",
      precedence: 1,
      defaultPrecedence: 1,
      overrides: [{ sampleType: 'STEPS', precedence: 5 }],
    });
    const [flipped] = await aggregates('STEPS', 'DAY');
    expect(flipped.sum).toBe(9600);
    expect(flipped.sources.map((s: any) => [s.sourceName, s.precedence])).toEqual([["Jane's iPhone", 2]]);
    expect((await aggregates('HEART_RATE', 'HOUR'))[0].avg).toBe(70); // another metric: unchanged

    await query(SET, { id: watch, p: 9 }); // every metric: the strap now wins 08:30–08:59
    const [eight] = await aggregates('HEART_RATE', 'HOUR');
    expect([eight.avg, eight.count]).toEqual([85, 60]);

    expect((await query(RESET, { id: watch })).resetSourcePrecedence).toEqual({
      name: "Jane's Apple Watch",
      precedence: 1,
      overrides: [],
    });
    expect((await aggregates('STEPS', 'DAY'))[0].sum).toBe(12_000);
    expect((await aggregates('HEART_RATE', 'HOUR'))[0].avg).toBe(70);
    // Raw rows never changed.
    const { rows } = await db.query(
      `SELECT count(*)::int AS n FROM ${named('healthkit_sample')} WHERE user_id = 'user-reader' AND deleted_at IS NULL`,
    );
    expect(rows[0].n).toBe(240 + 96 + 27 + 60 + 90);
  });

  it('cuts a 25-hour DST day in the requested zone, its repeated hour as two buckets', async () => {
    const range = { from: '2025-10-25T22:00:00Z', to: '2025-10-26T23:00:00Z', timeZone: 'Europe/Berlin' };
    expect((await aggregates('STEPS', 'DAY', range)).map((d) => [d.localStart, d.startTime, d.sum])).toEqual([
      ['2025-10-26T00:00:00', '2025-10-25T22:00:00.000Z', 2500],
    ]);
    const hours = await aggregates('STEPS', 'HOUR', range);
    expect(hours).toHaveLength(25);
    expect(hours.filter((h) => h.localStart === '2025-10-26T02:00:00').map((h) => h.startTime)).toEqual([
      '2025-10-26T00:00:00.000Z',
      '2025-10-26T01:00:00.000Z',
    ]);
    const weeks = await aggregates('STEPS', 'WEEK', { ...range, from: '2025-09-01T00:00:00Z' });
    expect(weeks.map((w) => [w.localStart, w.sum])).toEqual([
      ['2025-09-08T00:00:00', 12_000], // Monday
      ['2025-10-20T00:00:00', 2600], // Saturday 23:00 local, then the whole Sunday
    ]);
    const months = await aggregates('STEPS', 'MONTH', {
      from: '2025-09-01T00:00:00Z',
      to: '2025-11-01T00:00:00Z',
      timeZone: 'Europe/Berlin',
    });
    expect(months.map((m) => [m.localStart, m.sum])).toEqual([
      ['2025-09-01T00:00:00', 12_000],
      ['2025-10-01T00:00:00', 2700],
    ]);
  });

  const SESSIONS = `query N($from: DateTime!, $to: DateTime!, $tz: String!) { sleepSessions(from: $from, to: $to, timeZone: $tz) {
    date isNap startTime endTime asleepMinutes inBedMinutes efficiency minutesByStage sourceName precedence skippedSources stages { stage } } }`;
  const berlinDay = { from: '2025-09-09T22:00:00Z', to: '2025-09-10T22:00:00Z', tz: 'Europe/Berlin' };

  it('dates a night by its wake-up, from its best source, and flags the nap', async () => {
    const { sleepSessions } = await query(SESSIONS, berlinDay);
    expect(sleepSessions).toEqual([
      {
        date: '2025-09-10',
        isNap: false,
        startTime: '2025-09-09T20:00:00.000Z',
        endTime: '2025-09-10T04:00:00.000Z',
        asleepMinutes: 420,
        inBedMinutes: 480,
        efficiency: 0.875,
        minutesByStage: { light: 150, deep: 120, awake: 30, rem: 150 },
        sourceName: "Jane's Apple Watch",
        precedence: 1,
        skippedSources: 1,
        stages: [{ stage: 'light' }, { stage: 'deep' }, { stage: 'awake' }, { stage: 'rem' }],
      },
      expect.objectContaining({ date: '2025-09-10', isNap: true, asleepMinutes: 40, minutesByStage: { asleep: 40 } }),
    ]);
    // The day before has no wake-up: the same night is not returned twice.
    expect(
      (await query(SESSIONS, { from: '2025-09-08T22:00:00Z', to: '2025-09-09T22:00:00Z', tz: 'Europe/Berlin' })).sleepSessions,
    ).toEqual([]);
  });

  it('changes the totals when a stage is reclassified under the same UUID', async () => {
    await upload(chunksOf('SLEEP', 'sleep-2', [{ ...deepStage, type: 'SLEEP_LIGHT' }], 200, 'UTC'));
    await waitForChunksSettled(db);
    const [night] = (await query(SESSIONS, berlinDay)).sleepSessions;
    expect(night.minutesByStage).toEqual({ light: 270, awake: 30, rem: 150 });
    expect(night.asleepMinutes).toBe(420);
  });

  it('gives a home screen its day in one call', async () => {
    const { dailySummary } = await query(`{ dailySummary(date: "2025-09-10", timeZone: "Europe/Berlin") {
      date steps distanceMeters restingHeartRate sleep { date isNap asleepMinutes } naps { asleepMinutes } workouts { activityType } } }`);
    // In Berlin the day runs 22:00Z–22:00Z: the iPhone's 21:xx samples (UTC) are 23:xx local, still the 10th.
    expect(dailySummary).toEqual({
      date: '2025-09-10',
      steps: 12_000,
      distanceMeters: null,
      restingHeartRate: null,
      sleep: { date: '2025-09-10', isNap: false, asleepMinutes: 420 },
      naps: [{ asleepMinutes: 40 }],
      workouts: [],
    });
  });

  const SAMPLES = `query S($after: String, $first: Int!, $precedence: SamplePrecedence!) {
    samples(sampleType: "STEPS", from: "2025-09-10T00:00:00Z", to: "2025-09-11T00:00:00Z", first: $first, after: $after, precedence: $precedence) {
      edges { cursor node { id uuid startTime sourceName precedence } } pageInfo { hasNextPage endCursor } } }`;
  async function allPages(first: number, precedence: string) {
    const nodes: any[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const { samples }: any = await query(SAMPLES, { after, first, precedence });
      nodes.push(...samples.edges.map((e: any) => e.node));
      pages++;
      if (!samples.pageInfo.hasNextPage) return { nodes, pages };
      after = samples.pageInfo.endCursor;
    }
  }

  it('pages raw samples with cursors that return every row exactly once, in time order', async () => {
    const { nodes, pages } = await allPages(100, 'RAW');
    expect(pages).toBe(4);
    expect(nodes).toHaveLength(240 + 96);
    expect(new Set(nodes.map((n) => n.id)).size).toBe(nodes.length);
    const times = nodes.map((n) => Date.parse(n.startTime));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('pages only what counted with precedence APPLIED: the iPhone samples under the Watch drop out', async () => {
    const { nodes } = await allPages(50, 'APPLIED');
    expect(nodes).toHaveLength(240 + 72);
    expect(new Set(nodes.map((n) => n.id)).size).toBe(nodes.length);
    const phoneUnderWatch = nodes.filter(
      (n) => n.sourceName === "Jane's iPhone" && n.startTime >= '2025-09-10T08' && n.startTime < '2025-09-10T12',
    );
    expect(phoneUnderWatch).toEqual([]);
  });

  it('pages sleep stages, workouts and clinical records', async () => {
    const range = { from: '2025-08-01T00:00:00Z', to: '2025-10-01T00:00:00Z' };
    const first = await query(
      `query P($from: DateTime!, $to: DateTime!) {
      sleepStages(from: $from, to: $to, first: 4) { edges { node { stage } } pageInfo { hasNextPage endCursor } }
      workouts(from: $from, to: $to, first: 1) { edges { node { activityType } } pageInfo { hasNextPage endCursor } }
      clinicalRecords(first: 3) { edges { node { startTime resourceType } } pageInfo { hasNextPage endCursor } } }`,
      range,
    );
    expect(first.sleepStages.edges).toHaveLength(4);
    expect(first.sleepStages.pageInfo.hasNextPage).toBe(true);
    const rest = await query(
      `query P($from: DateTime!, $to: DateTime!, $s: String, $w: String, $c: String) {
      sleepStages(from: $from, to: $to, first: 100, after: $s) { edges { node { stage } } pageInfo { hasNextPage } }
      workouts(from: $from, to: $to, first: 10, after: $w) { edges { node { activityType } } pageInfo { hasNextPage } }
      clinicalRecords(first: 10, after: $c) { edges { node { startTime } } pageInfo { hasNextPage } } }`,
      {
        ...range,
        s: first.sleepStages.pageInfo.endCursor,
        w: first.workouts.pageInfo.endCursor,
        c: first.clinicalRecords.pageInfo.endCursor,
      },
    );
    expect(first.sleepStages.edges.length + rest.sleepStages.edges.length).toBe(
      watchNight.length + phoneNight.length + nap.length,
    );
    expect([first.workouts.edges, rest.workouts.edges].flat().map((e: any) => e.node.activityType)).toEqual([
      'WALKING',
      'RUNNING',
    ]);
    const clinicalTimes = [first.clinicalRecords.edges, rest.clinicalRecords.edges].flat().map((e: any) => e.node.startTime);
    expect(clinicalTimes).toHaveLength(5);
    expect(clinicalTimes).toEqual([...clinicalTimes].sort().reverse()); // newest first
    expect(rest.clinicalRecords.pageInfo.hasNextPage).toBe(false);
  });

  it('reports the progress of a sync, with the chunks to send again', async () => {
    const PROGRESS = `query P($a: String!) { syncProgress(dataType: "STEPS", anchorToken: $a) {
      chunksReceived chunksStored chunksFailed itemsAccepted finalChunkReceived missingChunkIndexes failedChunkIndexes anchorMoved } }`;
    const done = (await query(PROGRESS, { a: 'steps-1' })).syncProgress;
    expect(done).toEqual({
      chunksReceived: 2,
      chunksStored: 2,
      chunksFailed: 0,
      itemsAccepted: 363,
      finalChunkReceived: true,
      missingChunkIndexes: [],
      failedChunkIndexes: [],
      anchorMoved: false,
    });
    const partial = chunksOf(
      'STEPS',
      'steps-partial',
      series('STEPS', 'COUNT', '2025-09-12T00:00:00Z', 30, 1, 5, points.WATCH),
      10,
      'UTC',
    );
    await upload([partial[0], partial[2]]);
    await waitForChunksSettled(db);
    expect((await query(PROGRESS, { a: 'steps-partial' })).syncProgress).toEqual({
      chunksReceived: 2,
      chunksStored: 2,
      chunksFailed: 0,
      itemsAccepted: 20,
      finalChunkReceived: true,
      missingChunkIndexes: [1],
      failedChunkIndexes: [],
      anchorMoved: false,
    });
    await upload([partial[1]]);
    await waitForChunksSettled(db);
    expect((await query(PROGRESS, { a: 'steps-partial' })).syncProgress).toMatchObject({
      chunksReceived: 3,
      missingChunkIndexes: [],
      anchorMoved: true,
    });
  });

  it("shows another user nothing of this user's data and lets them rank none of its sources", async () => {
    const other = await tokenFor('user-nosy');
    const data = await query(
      `query R($from: DateTime!, $to: DateTime!) {
      sources { id }
      samples(sampleType: "STEPS", from: $from, to: $to) { edges { cursor } }
      aggregates(sampleType: "STEPS", from: $from, to: $to, bucket: DAY) { sum }
      sleepSessions(from: $from, to: $to) { date }
      sleepStages(from: $from, to: $to) { edges { cursor } }
      workouts(from: $from, to: $to) { edges { cursor } }
      clinicalRecords { edges { cursor } }
      dailySummary(date: "2025-09-10") { steps sleep { date } }
      syncProgress(dataType: "STEPS", anchorToken: "steps-1") { chunksReceived } }`,
      { from: '2025-09-01T00:00:00Z', to: '2025-10-01T00:00:00Z' },
      other,
    );
    expect(data).toEqual({
      sources: [],
      samples: { edges: [] },
      aggregates: [],
      sleepSessions: [],
      sleepStages: { edges: [] },
      workouts: { edges: [] },
      clinicalRecords: { edges: [] },
      dailySummary: { steps: null, sleep: null },
      syncProgress: { chunksReceived: 0 },
    });
    const res = await gql(
      api.baseUrl,
      `mutation { setSourcePrecedence(sourceId: "${await sourceId("Jane's iPhone")}", precedence: 1) { id } }`,
      {},
      other,
    );
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'sourceId' });
  });

  it('refuses bad ranges, buckets, page sizes, cursors, zones and dates with the field named', async () => {
    const bad = async (q: string, variables: Record<string, unknown>, field: string) => {
      const res = await gql(api.baseUrl, q, variables, reader);
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(res.data ?? null).toBeNull();
    };
    const agg = { type: 'STEPS', bucket: 'DAY', ...day };
    await bad(AGGREGATES, { ...agg, from: '2025-09-12T00:00:00Z' }, 'to');
    await bad(AGGREGATES, { ...agg, from: '2020-01-01T00:00:00Z' }, 'to');
    await bad(AGGREGATES, { ...agg, bucket: 'YEAR' }, 'bucket');
    await bad(AGGREGATES, { ...agg, timeZone: 'Moon/Base' }, 'timeZone');
    await bad(AGGREGATES, { ...agg, timeZone: '+05:07' }, 'timeZone');
    await bad(AGGREGATES, { ...agg, type: 'steps; drop' }, 'sampleType');
    await bad(AGGREGATES, { ...agg, from: 'yesterday' }, 'from');
    await bad(SAMPLES, { first: 1001, precedence: 'RAW' }, 'first');
    await bad(SAMPLES, { first: 0, precedence: 'RAW' }, 'first');
    await bad(SAMPLES, { first: 10, after: 'not-a-cursor', precedence: 'RAW' }, 'after');
    await bad('{ dailySummary(date: "2025-02-30") { steps } }', {}, 'date');
    await bad(
      '{ sleepSessions(from: "2025-09-01T00:00:00Z", to: "2025-09-02T00:00:00Z", gapMinutes: 0) { date } }',
      {},
      'gapMinutes',
    );
    await bad(
      `mutation { setSourcePrecedence(sourceId: "${await sourceId('Polar H10')}", precedence: 0) { id } }`,
      {},
      'precedence',
    );
    await bad('mutation { setSourcePrecedence(sourceId: "abc", precedence: 3) { id } }', {}, 'sourceId');
    const unauthenticated = await gql(api.baseUrl, '{ sources { id } }', {});
    expect(unauthenticated.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});
