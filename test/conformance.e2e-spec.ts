import { HEALTH_TABLES } from '@app/store';
import type { Client } from 'pg';
import { connectTestDb, countRows, resetData, waitFor, waitForChunksSettled } from './support/database';
import { gql, syncChunk, tokenFor } from './support/graphql-client';
import { Pipeline, startPipeline } from './support/pipeline';
import { AppProcess } from './support/processes';

const { corpus, DAY, ZONE } = require('./conformance/corpus');

jest.setTimeout(300_000);

interface Case {
  type: string;
  platform: 'ios' | 'android';
  items: Record<string, any>[];
  expect: {
    table: string;
    values?: (number | null)[];
    valueDetails?: unknown[] | null;
    day?: { kind: string; sum?: number; avg?: number; count?: number } | null;
    stage?: string;
    minutes?: number;
    workout?: Record<string, unknown>;
    profile?: Record<string, unknown>;
  };
}

const CASES: Case[] = corpus();
const USER = { ios: 'conformance-ios', android: 'conformance-android' } as const;

const SAMPLES = `query S($t: String!, $from: DateTime!, $to: DateTime!) {
  samples(sampleType: $t, from: $from, to: $to, first: 50) { edges { node { uuid sampleType value valueDetail unit } } } }`;
const AGGREGATES = `query A($t: String!, $from: DateTime!, $to: DateTime!, $zone: String!) {
  aggregates(sampleType: $t, from: $from, to: $to, bucket: DAY, timeZone: $zone) { localStart kind sum avg count } }`;
const STAGES = `query St($from: DateTime!, $to: DateTime!) {
  sleepStages(from: $from, to: $to, first: 100) { edges { node { sampleType stage minutes uuid } } } }`;
const WORKOUTS = `query W($from: DateTime!, $to: DateTime!) {
  workouts(from: $from, to: $to, first: 100) { edges { node { sampleType uuid activityType durationSeconds totalEnergyBurned totalDistance totalSteps } } } }`;
const PROFILE = `{ profile { gender birthDate bloodType } }`;

/**
 * A structured value with its inner times as instants: the corpus writes them as the package does
 * (Berlin wall time without offset, CEST on the corpus day); a read may answer them as sent or as the
 * instants they denote, which is what is compared.
 */
function withInstants(detail: any): any {
  if (detail === null || typeof detail !== 'object') return detail;
  const instant = (t: unknown) =>
    typeof t === 'string' ? new Date(/(Z|[+-]\d{2}:?\d{2})$/.test(t) ? t : `${t}+02:00`).toISOString() : t;
  const out = { ...detail };
  if (Array.isArray(out.locations)) out.locations = out.locations.map((l: any) => ({ ...l, timestamp: instant(l.timestamp) }));
  if (out.dateTime !== undefined) out.dateTime = instant(out.dateTime);
  return out;
}

/** A float read back equals what was sent, up to the rollup's nine decimals. */
const near = (actual: number, expected: number) => Math.abs(actual - expected) <= 1e-9 + 1e-12 * Math.abs(expected);

/**
 * Every HealthDataType of the health package, as each platform sends it (test/conformance/corpus.js),
 * through the built API and worker: accepted, stored in its table and read back by its query.
 */
describe('conformance: every HealthDataType of the health package, stored and read back', () => {
  let db: Client;
  let api: AppProcess;
  let pipeline: Pipeline;
  const tokens: Record<string, string> = {};
  const queuePrefix = `e2e-conformance-${process.pid}`;

  const read = async (platform: 'ios' | 'android', query: string, variables: Record<string, unknown> = {}) => {
    const res = await gql(api.baseUrl, query, variables, tokens[platform]);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data as Record<string, any>;
  };

  beforeAll(async () => {
    db = await connectTestDb();
    await resetData(db);
    pipeline = await startPipeline(queuePrefix, {
      env: { WORKER_CONCURRENCY: '4', RATE_LIMIT_READS: '0', RATE_LIMIT_SYNC: '0' },
    });
    ({ api } = pipeline);
    tokens.ios = await tokenFor(USER.ios);
    tokens.android = await tokenFor(USER.android);
  });

  afterAll(async () => {
    await pipeline?.stop();
    await db?.end();
  });

  it('covers the 111 types: 101 on iOS and 38 on Android', () => {
    const types = (p: string) => new Set(CASES.filter((c) => c.platform === p).map((c) => c.type));
    expect(types('ios').size).toBe(101);
    expect(types('android').size).toBe(38);
    expect(new Set(CASES.map((c) => c.type)).size).toBe(111);
  });

  it('accepts every item of the corpus, one sync per type and platform as the app sends them', async () => {
    for (const c of CASES) {
      const res = await syncChunk(api.baseUrl, tokens[c.platform], {
        dataType: c.type,
        anchorToken: `conformance-${c.platform}-${c.type}`,
        chunkIndex: 0,
        isFinalChunk: true,
        timeZone: ZONE,
        data: c.items,
      });
      expect([c.platform, c.type, res.errors ?? res.data!.syncHealthKitSamples.rejected]).toEqual([c.platform, c.type, []]);
      expect(res.data!.syncHealthKitSamples.accepted).toBe(c.items.length);
    }
    await waitForChunksSettled(db, 60_000);
    expect(await countRows(db, 'sync_chunk', "status = 'stored'")).toBe(CASES.length);
  });

  describe.each(CASES.map((c) => [`${c.platform} ${c.type}`, c] as const))('%s', (_, c) => {
    it(`lands in ${c.expect.table} and nowhere else`, async () => {
      const user = USER[c.platform];
      if (c.expect.table === 'user_profile') {
        expect(await countRows(db, 'user_profile', 'user_id = $1', [user])).toBe(1);
        for (const table of HEALTH_TABLES) {
          expect([table, await countRows(db, table, 'user_id = $1 AND sample_type = $2', [user, c.type])]).toEqual([table, 0]);
        }
        return;
      }
      for (const table of HEALTH_TABLES) {
        const expected = table === c.expect.table ? c.items.length : 0;
        expect([table, await countRows(db, table, 'user_id = $1 AND sample_type = $2', [user, c.type])]).toEqual([
          table,
          expected,
        ]);
      }
    });

    it('reads back through its documented query', async () => {
      const { expect: want } = c;
      const range = { from: DAY.from, to: DAY.to };
      if (want.table === 'healthkit_sample') {
        const { samples } = await read(c.platform, SAMPLES, { t: c.type, ...range });
        const nodes = samples.edges.map((e: any) => e.node);
        expect(nodes.map((n: any) => n.value)).toEqual(want.values);
        expect(nodes.map((n: any) => withInstants(n.valueDetail))).toEqual(
          (want.valueDetails ?? want.values!.map(() => null)).map(withInstants),
        );
        expect(nodes.map((n: any) => n.unit)).toEqual(c.items.map((i) => i.unit));
        // The id as the phone sent it (HealthKit's upper case, Health Connect's record id); none sent: the server's key.
        expect(nodes.map((n: any) => (c.items[0].uuid === '' ? '' : n.uuid))).toEqual(c.items.map((i) => i.uuid));

        const { aggregates } = await read(c.platform, AGGREGATES, { t: c.type, ...range, zone: ZONE });
        if (want.day == null) {
          expect(aggregates).toEqual([]); // a structured value with no one number: listed by samples, not aggregated
          return;
        }
        expect(aggregates).toHaveLength(1);
        const [day] = aggregates;
        expect([day.localStart, day.kind]).toEqual(['2025-09-10T00:00:00', want.day.kind]);
        if (want.day.sum !== undefined) expect([day.sum, near(day.sum, want.day.sum)]).toEqual([day.sum, true]);
        if (want.day.avg !== undefined) expect([day.avg, near(day.avg, want.day.avg)]).toEqual([day.avg, true]);
        if (want.day.count !== undefined) expect(day.count).toBe(want.day.count);
      } else if (want.table === 'healthkit_sleep_analysis') {
        const { sleepStages } = await read(c.platform, STAGES, range);
        const mine = sleepStages.edges.map((e: any) => e.node).filter((n: any) => n.sampleType === c.type);
        expect(mine.map((n: any) => ({ stage: n.stage, minutes: n.minutes }))).toEqual([
          { stage: want.stage, minutes: want.minutes },
        ]);
      } else if (want.table === 'healthkit_workout') {
        const { workouts } = await read(c.platform, WORKOUTS, range);
        const mine = workouts.edges.map((e: any) => e.node);
        expect(mine).toEqual([{ sampleType: 'WORKOUT', uuid: c.items[0].uuid, ...want.workout }]);
      } else {
        const { profile } = await read(c.platform, PROFILE);
        expect(profile).toMatchObject(want.profile!);
      }
    });
  });

  it('keeps the latest reading of each characteristic, whatever order the chunks arrive in', async () => {
    const base = CASES.find((c) => c.type === 'GENDER')!.items[0];
    const reading = (type: string, numericValue: number, dateTo: string) => ({
      ...base,
      type,
      dateTo,
      value: { __type: 'NumericHealthValue', numericValue },
    });
    const send = async (anchor: string, data: unknown[]) => {
      const res = await syncChunk(api.baseUrl, tokens.ios, {
        dataType: 'GENDER',
        anchorToken: anchor,
        chunkIndex: 0,
        isFinalChunk: true,
        timeZone: ZONE,
        data,
      });
      expect(res.errors).toBeUndefined();
      await waitForChunksSettled(db, 30_000);
    };
    // Newer: blood type cleared in HealthKit ("not set"). Older, arriving later: another gender.
    await send('profile-newer', [reading('BLOOD_TYPE', 0, '2025-09-11T09:00:00.000')]);
    await send('profile-older', [
      reading('GENDER', 2, '2025-09-09T09:00:00.000'),
      reading('BLOOD_TYPE', 3, '2025-09-09T09:00:00.000'),
    ]);
    expect((await read('ios', PROFILE)).profile).toEqual({ gender: 'FEMALE', birthDate: '1990-05-17', bloodType: null });
    // Android never sends characteristics: its user has no profile, every field null.
    expect((await read('android', PROFILE)).profile).toEqual({ gender: null, birthDate: null, bloodType: null });
  });

  it('exports the profile with the user data and erases it with the rest', async () => {
    const res = await read('ios', `{ exportMyHealthData(limit: 1000) { jsonLines nextCursor } }`);
    const lines = (res.exportMyHealthData.jsonLines as string).split('\n').map((l) => JSON.parse(l));
    expect(lines.filter((l) => l.table === 'user_profile').map((l) => l.row)).toEqual([
      expect.objectContaining({ user_id: USER.ios, gender: 'female', birth_date: '1990-05-17', blood_type: null }),
    ]);
    await read('ios', `mutation { deleteMyHealthData { status } }`);
    await waitFor(
      'the erasure',
      async () => (await read('ios', `{ healthDataErasure { status } }`)).healthDataErasure,
      (e) => e?.status === 'done',
      30_000,
    );
    expect(await countRows(db, 'user_profile', 'user_id = $1', [USER.ios])).toBe(0);
    expect(await countRows(db, 'healthkit_sample', 'user_id = $1', [USER.ios])).toBe(0);
  });
});
