import { randomUUID } from 'node:crypto';
import type { Client } from 'pg';
import { connectTestDb, resetData, waitForChunksSettled } from './support/database';
import { chunksOf, gql, syncChunk, SyncInput, tokenFor } from './support/graphql-client';
import * as points from './support/health-points';
import { Pipeline, startPipeline } from './support/pipeline';
import { AppProcess } from './support/processes';

jest.setTimeout(180_000);

const MIN = 60_000;
const at = (iso: string) => new Date(iso);
const plus = (d: Date, minutes: number) => new Date(d.getTime() + minutes * MIN);
const STRAVA = { sourceId: 'com.strava.stravaride', sourceName: 'Strava' };
const OMRON = { sourceId: 'jp.co.omron.healthcare.omronconnect', sourceName: 'OMRON connect' };
const WITHINGS = { sourceId: 'com.withings.wiScaleNG', sourceName: 'Health Mate' };
const QARDIO = { sourceId: 'com.getqardio.qardioapp', sourceName: 'Qardio' };
const MFP = { sourceId: 'com.myfitnesspal.mfp', sourceName: 'MyFitnessPal' };
const CRONOMETER = { sourceId: 'com.cronometer.ios', sourceName: 'Cronometer' };

const num = (type: string, unit: string, value: number, from: Date, to: Date, source: points.SourceRef, extra = {}) =>
  points.iosPoint(type, unit, points.numeric(value), from, to, source, extra);

/** A NUTRITION meal and, as HealthKit also hands them out, its DIETARY_* samples (same source, same interval). */
function meal(time: string, source: points.SourceRef, name: string, mealType: string, nutrients: Record<string, number>) {
  const t = at(time);
  const value = { __type: 'NutritionHealthValue', name, meal_type: mealType, ...nutrients };
  return points.iosPoint('NUTRITION', 'NO_UNIT', value, t, t, source);
}
const DIETARY: Record<string, [string, string]> = {
  calories: ['DIETARY_ENERGY_CONSUMED', 'KILOCALORIE'],
  protein: ['DIETARY_PROTEIN_CONSUMED', 'GRAM'],
  carbs: ['DIETARY_CARBS_CONSUMED', 'GRAM'],
  fat: ['DIETARY_FATS_CONSUMED', 'GRAM'],
  fiber: ['DIETARY_FIBER', 'GRAM'],
};
const partsOf = (time: string, source: points.SourceRef, nutrients: Record<string, number>) =>
  Object.entries(nutrients).map(([k, v]) => num(DIETARY[k][0], DIETARY[k][1], v, at(time), at(time), source));

/** Health Connect: a record as the package sends it (sourceId empty, the app's package as name). */
function androidPoint(type: string, unit: string, value: number, from: Date, to: Date) {
  return {
    uuid: randomUUID(),
    value: points.numeric(value),
    type,
    unit,
    dateFrom: points.localIso(from),
    dateTo: points.localIso(to),
    sourcePlatform: 'googleHealthConnect',
    sourceDeviceId: 'pixel-8',
    sourceId: '',
    sourceName: 'com.google.android.apps.fitness',
    recordingMethod: 'automatic',
  };
}

/**
 * The reads the app's screens are built on, through the built API and worker, each with an answer
 * worked out by hand: latest values, blood-pressure pairs, workouts without a third party's copy
 * and with heart rate during them, nutrition days, manual entries left out, Android's home screen,
 * and structured values read back with instants.
 */
describe('typed reads for the screens (API + worker processes)', () => {
  const queuePrefix = `e2e-typed-${process.pid}`;
  let db: Client;
  let api: AppProcess;
  let pipeline: Pipeline;
  let reader: string;
  let android: string;

  // Weight: three readings, the newest on 09-05 08:00, where a scale app also wrote one at the same instant.
  const weights = [
    num('WEIGHT', 'KILOGRAM', 80, at('2025-09-01T08:00:00Z'), at('2025-09-01T08:00:00Z'), points.IPHONE),
    num('WEIGHT', 'KILOGRAM', 79.5, at('2025-09-05T08:00:00Z'), at('2025-09-05T08:00:00Z'), points.IPHONE, {
      deviceModel: 'iPhone15,2',
    }),
    num('WEIGHT', 'KILOGRAM', 81, at('2025-09-03T08:00:00Z'), at('2025-09-03T08:00:00Z'), points.IPHONE),
    num('WEIGHT', 'KILOGRAM', 90, at('2025-09-05T08:00:00Z'), at('2025-09-05T08:00:00Z'), WITHINGS),
  ];
  // Blood pressure: two pairs from the cuff's app, and a systolic without its diastolic.
  const bp = (type: string, value: number, time: string) => num(type, 'MILLIMETER_OF_MERCURY', value, at(time), at(time), OMRON);
  const pressures = [
    bp('BLOOD_PRESSURE_SYSTOLIC', 120, '2025-09-10T07:00:00Z'),
    bp('BLOOD_PRESSURE_DIASTOLIC', 80, '2025-09-10T07:00:00Z'),
    bp('BLOOD_PRESSURE_SYSTOLIC', 130, '2025-09-11T07:00:00Z'),
    bp('BLOOD_PRESSURE_DIASTOLIC', 85, '2025-09-11T07:00:00Z'),
    bp('BLOOD_PRESSURE_SYSTOLIC', 125, '2025-09-12T07:00:00Z'),
  ];
  // Another cuff app copied the 09-11 reading 30 s later: same minute, an equal rank, a newer source: it loses.
  const copied = (type: string, value: number) =>
    num(type, 'MILLIMETER_OF_MERCURY', value, at('2025-09-11T07:00:30Z'), at('2025-09-11T07:00:30Z'), QARDIO);
  const pressureCopy = [copied('BLOOD_PRESSURE_SYSTOLIC', 131), copied('BLOOD_PRESSURE_DIASTOLIC', 86)];
  // A Watch run 07:00–07:45, Strava's copy of it 07:01–07:46, and a Watch walk in the evening.
  const workout = (type: string, from: string, to: string, source: points.SourceRef) =>
    points.iosPoint(
      'WORKOUT',
      'NO_UNIT',
      {
        __type: 'WorkoutHealthValue',
        workoutActivityType: type,
        totalEnergyBurned: 420,
        totalEnergyBurnedUnit: 'KILOCALORIE',
        totalDistance: 7000,
        totalDistanceUnit: 'METER',
      },
      at(from),
      at(to),
      source,
    );
  const watchRun = workout('RUNNING', '2025-09-10T07:00:00Z', '2025-09-10T07:45:00Z', points.WATCH);
  const stravaRun = workout('RUNNING', '2025-09-10T07:01:00Z', '2025-09-10T07:46:00Z', STRAVA);
  const watchWalk = workout('WALKING', '2025-09-10T18:00:00Z', '2025-09-10T18:30:00Z', points.WATCH);
  // Heart rate each minute of the run from the Watch (140..149 repeating), and Strava's copies at 200.
  const runHr = Array.from({ length: 45 }, (_, i) => {
    const t = plus(at('2025-09-10T07:00:00Z'), i);
    return num('HEART_RATE', 'BEATS_PER_MINUTE', 140 + (i % 10), t, t, points.WATCH);
  });
  const stravaHr = Array.from({ length: 45 }, (_, i) => {
    const t = plus(at('2025-09-10T07:00:00Z'), i);
    return num('HEART_RATE', 'BEATS_PER_MINUTE', 200, t, t, STRAVA);
  });
  const runHrSum = runHr.reduce((s, p) => s + (p.value as { numericValue: number }).numericValue, 0);
  // The run's route, sent with the phone in Berlin (UTC+2): wall times 09:00:00 and 09:00:05 local.
  const berlinWall = (iso: string) => new Date(at(iso).getTime() + 120 * MIN);
  const route = points.iosPoint(
    'WORKOUT_ROUTE',
    'NO_UNIT',
    {
      __type: 'WorkoutRouteHealthValue',
      workoutUuid: watchRun.uuid,
      locations: [
        { latitude: 52.52, longitude: 13.405, timestamp: '2025-09-10T09:00:00.000', altitude: 34, speed: 2.9 },
        { latitude: 52.5201, longitude: 13.4052, timestamp: '2025-09-10T09:00:05.000', altitude: 34.5, speed: 3.1 },
      ],
    },
    berlinWall('2025-09-10T07:00:00Z'),
    berlinWall('2025-09-10T07:00:05Z'),
    points.WATCH,
  );
  const flow = points.iosPoint(
    'MENSTRUATION_FLOW',
    'NO_UNIT',
    { __type: 'MenstruationFlowHealthValue', flow: 'medium', isStartOfCycle: true, dateTime: '2025-09-08T10:00:00.000' },
    berlinWall('2025-09-08T08:00:00Z'),
    berlinWall('2025-09-08T08:00:00Z'),
    points.IPHONE,
  );
  // Meals of 2025-09-10 (UTC): breakfast and lunch arrive as NUTRITION and as DIETARY_* samples,
  // Cronometer copied the lunch, and a snack and a coffee were logged as samples only.
  const breakfast = { calories: 350, protein: 12, carbs: 60, fat: 6 };
  const lunch = { calories: 450, protein: 20, carbs: 30, fat: 25, fiber: 8 };
  const nutritionPoints = [
    meal('2025-09-10T07:30:00Z', MFP, 'Oatmeal', 'BREAKFAST', breakfast),
    ...partsOf('2025-09-10T07:30:00Z', MFP, breakfast),
    meal('2025-09-10T12:15:00Z', MFP, 'Salad', 'LUNCH', lunch),
    ...partsOf('2025-09-10T12:15:00Z', MFP, lunch),
    num('DIETARY_CAFFEINE', 'GRAM', 0.095, at('2025-09-10T09:00:00Z'), at('2025-09-10T09:00:00Z'), MFP),
    num('DIETARY_ENERGY_CONSUMED', 'KILOCALORIE', 150, at('2025-09-10T16:00:00Z'), at('2025-09-10T16:00:00Z'), MFP),
    num('WATER', 'LITER', 0.5, at('2025-09-10T10:00:00Z'), at('2025-09-10T10:00:00Z'), points.IPHONE),
    meal('2025-09-11T08:00:00Z', MFP, 'Toast', 'BREAKFAST', { calories: 200 }),
  ];
  // Synced later, so Cronometer is the newer of two third-party sources of equal rank: its copy loses.
  const cronometerLunch = meal('2025-09-10T12:15:00Z', CRONOMETER, 'Salad', 'LUNCH', lunch);
  // Steps on 2025-09-12: 1,000 from the Watch, 500 typed in by hand on the iPhone at 12:00–12:30, where
  // the ring (third party, ranked below the iPhone) counted 300 on its own.
  const steps = [
    num('STEPS', 'COUNT', 1000, at('2025-09-12T08:00:00Z'), at('2025-09-12T09:00:00Z'), points.WATCH),
    num('STEPS', 'COUNT', 500, at('2025-09-12T12:00:00Z'), at('2025-09-12T12:30:00Z'), points.IPHONE, {
      recordingMethod: 'manual',
    }),
    num('STEPS', 'COUNT', 300, at('2025-09-12T12:00:00Z'), at('2025-09-12T12:30:00Z'), points.OURA),
  ];
  // A night whose stages a session lists.
  const night = [
    num('SLEEP_LIGHT', 'MINUTE', 120, at('2025-09-09T22:00:00Z'), at('2025-09-10T00:00:00Z'), points.WATCH),
    num('SLEEP_DEEP', 'MINUTE', 60, at('2025-09-10T00:00:00Z'), at('2025-09-10T01:00:00Z'), points.WATCH),
  ];
  // Android: Health Connect's distance, energy and steps of 2025-09-10.
  const androidDay = [
    androidPoint('DISTANCE_DELTA', 'METER', 1200, at('2025-09-10T08:00:00Z'), at('2025-09-10T08:20:00Z')),
    androidPoint('DISTANCE_DELTA', 'METER', 800.5, at('2025-09-10T17:00:00Z'), at('2025-09-10T17:15:00Z')),
    androidPoint('TOTAL_CALORIES_BURNED', 'KILOCALORIE', 2100, at('2025-09-10T00:00:00Z'), at('2025-09-10T23:59:00Z')),
    androidPoint('ACTIVE_ENERGY_BURNED', 'KILOCALORIE', 310, at('2025-09-10T08:00:00Z'), at('2025-09-10T09:00:00Z')),
    androidPoint('STEPS', 'COUNT', 2500, at('2025-09-10T08:00:00Z'), at('2025-09-10T08:20:00Z')),
  ];
  // A Health Connect exercise session and its route: the package sends both under the session's id.
  const sessionId = randomUUID();
  const androidRun = {
    ...androidPoint('WORKOUT', 'NO_UNIT', 0, at('2025-09-10T06:00:00Z'), at('2025-09-10T06:30:00Z')),
    uuid: sessionId,
    value: { __type: 'WorkoutHealthValue', workoutActivityType: 'RUNNING', totalDistance: 5000, totalDistanceUnit: 'METER' },
  };
  const androidRoute = {
    ...androidPoint('WORKOUT_ROUTE', 'NO_UNIT', 0, at('2025-09-10T06:00:00Z'), at('2025-09-10T06:00:10Z')),
    uuid: sessionId,
    value: {
      __type: 'WorkoutRouteHealthValue',
      locations: [
        { latitude: 48.1, longitude: 11.5, timestamp: '2025-09-10T06:00:00.000', altitude: 520 },
        { latitude: 48.1001, longitude: 11.5002, timestamp: '2025-09-10T06:00:10.000' },
      ],
    },
  };

  async function query(q: string, variables: Record<string, unknown> = {}, token = reader) {
    const res = await gql(api.baseUrl, q, variables, token);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data as Record<string, any>;
  }
  async function upload(inputs: SyncInput[], token = reader) {
    for (const input of inputs) {
      const res = await syncChunk(api.baseUrl, token, input);
      if (res.errors) throw new Error(JSON.stringify(res.errors));
      expect(res.data?.syncHealthKitSamples.rejected).toEqual([]);
    }
  }

  beforeAll(async () => {
    db = await connectTestDb();
    await resetData(db);
    pipeline = await startPipeline(queuePrefix);
    ({ api } = pipeline);
    reader = await tokenFor('user-typed-reader');
    android = await tokenFor('user-typed-android');
    await upload(chunksOf('WEIGHT', 'w-1', weights, 200, 'UTC'));
    await upload(chunksOf('BLOOD_PRESSURE', 'bp-1', pressures, 200, 'UTC'));
    await waitForChunksSettled(db);
    await upload(chunksOf('BLOOD_PRESSURE', 'bp-2', pressureCopy, 200, 'UTC'));
    await upload(chunksOf('WORKOUT', 'wo-1', [watchRun, stravaRun, watchWalk], 200, 'UTC'));
    await upload(chunksOf('HEART_RATE', 'hr-1', [...runHr, ...stravaHr], 200, 'UTC'));
    await upload(chunksOf('WORKOUT_ROUTE', 'route-1', [route], 200, 'Europe/Berlin'));
    await upload(chunksOf('MENSTRUATION_FLOW', 'flow-1', [flow], 200, 'Europe/Berlin'));
    await upload(chunksOf('NUTRITION', 'food-1', nutritionPoints, 200, 'UTC'));
    await waitForChunksSettled(db);
    await upload(chunksOf('NUTRITION', 'food-2', [cronometerLunch], 200, 'UTC'));
    await upload(chunksOf('STEPS', 'steps-1', steps, 200, 'UTC'));
    await upload(chunksOf('SLEEP', 'sleep-1', night, 200, 'UTC'));
    await upload(chunksOf('DISTANCE_DELTA', 'android-1', androidDay, 200, 'UTC'), android);
    await upload(chunksOf('WORKOUT', 'android-2', [androidRun, androidRoute], 200, 'UTC'), android);
    await waitForChunksSettled(db);
  });

  afterAll(async () => {
    await pipeline?.stop();
    await db?.end();
  });

  it('gives the newest weight among three, from the best-ranked source at that instant, and null for a type without data', async () => {
    const { latest } = await query(
      `{ latest(sampleTypes: ["WEIGHT", "HEIGHT"]) { sampleType
         sample { value unit startTime sourceName precedence recordingMethod sourceDeviceId deviceModel } } }`,
    );
    expect(latest).toEqual([
      {
        sampleType: 'WEIGHT',
        sample: {
          value: 79.5,
          unit: 'KILOGRAM',
          startTime: '2025-09-05T08:00:00.000Z',
          sourceName: "Jane's iPhone",
          precedence: 2,
          recordingMethod: 'automatic',
          sourceDeviceId: '756B1A7A-C972-4BDB-9748-0D4749CF299C',
          deviceModel: 'iPhone15,2',
        },
      },
      { sampleType: 'HEIGHT', sample: null },
    ]);
  });

  it('pairs systolic and diastolic by moment, newest first, in pages', async () => {
    const BP = `query B($after: String) { bloodPressure(from: "2025-09-01T00:00:00Z", to: "2025-10-01T00:00:00Z", first: 1, after: $after) {
      edges { node { time systolic diastolic unit sourceName systolicUuid diastolicUuid } } pageInfo { hasNextPage endCursor } } }`;
    const first = (await query(BP)).bloodPressure;
    expect(first.edges.map((e: any) => e.node)).toEqual([
      {
        time: '2025-09-11T07:00:00.000Z',
        systolic: 130,
        diastolic: 85,
        unit: 'MILLIMETER_OF_MERCURY',
        sourceName: 'OMRON connect',
        systolicUuid: pressures[2].uuid,
        diastolicUuid: pressures[3].uuid,
      },
    ]);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = (await query(BP, { after: first.pageInfo.endCursor })).bloodPressure;
    expect(second.edges.map((e: any) => [e.node.time, e.node.systolic, e.node.diastolic])).toEqual([
      ['2025-09-10T07:00:00.000Z', 120, 80],
    ]);
    expect(second.pageInfo.hasNextPage).toBe(false);
  });

  const WORKOUTS = `query W($precedence: SamplePrecedence, $order: ListOrder) {
    workouts(from: "2025-09-10T00:00:00Z", to: "2025-09-11T00:00:00Z", precedence: $precedence, order: $order) {
      edges { node { id uuid activityType sourceName totalDistance totalEnergyBurned heartRate { avg max count } hasRoute } } } }`;

  it("leaves out Strava's copy of a Watch run with APPLIED, with the heart rate the Watch measured during it", async () => {
    const raw = (await query(WORKOUTS, { precedence: 'RAW' })).workouts.edges.map((e: any) => e.node);
    expect(raw.map((w: any) => [w.activityType, w.sourceName])).toEqual([
      ['RUNNING', "Jane's Apple Watch"],
      ['RUNNING', 'Strava'],
      ['WALKING', "Jane's Apple Watch"],
    ]);
    const applied = (await query(WORKOUTS, { precedence: 'APPLIED', order: 'DESC' })).workouts.edges.map((e: any) => e.node);
    expect(applied.map((w: any) => [w.activityType, w.sourceName])).toEqual([
      ['WALKING', "Jane's Apple Watch"],
      ['RUNNING', "Jane's Apple Watch"],
    ]);
    const run = applied[1];
    expect(run).toMatchObject({ uuid: watchRun.uuid, totalDistance: 7000, totalEnergyBurned: 420, hasRoute: true });
    // 45 Watch readings; Strava's readings in the same minutes lose to the Watch.
    expect(run.heartRate.count).toBe(45);
    expect(run.heartRate.avg).toBeCloseTo(runHrSum / 45, 9);
    expect(run.heartRate.max).toBe(149);
    expect(applied[0]).toMatchObject({ heartRate: null, hasRoute: false });
    // The route's points by the workout's id, their local Berlin times answered as instants.
    const { workoutRoute } = await query(
      `query R($id: ID!) { workoutRoute(workoutId: $id) { time latitude longitude altitude speed } }`,
      {
        id: run.id,
      },
    );
    expect(workoutRoute).toEqual([
      { time: '2025-09-10T07:00:00.000Z', latitude: 52.52, longitude: 13.405, altitude: 34, speed: 2.9 },
      { time: '2025-09-10T07:00:05.000Z', latitude: 52.5201, longitude: 13.4052, altitude: 34.5, speed: 3.1 },
    ]);
  });

  it('totals a day of meals and nutrient samples, a meal counted once however it arrived', async () => {
    const { nutrition } = await query(
      `{ nutrition(from: "2025-09-10T00:00:00Z", to: "2025-09-12T00:00:00Z", timeZone: "UTC") {
         date totals { nutrient sampleType unit total } meals { name mealType energyKcal sourceName startTime } } }`,
    );
    expect(nutrition).toEqual([
      {
        date: '2025-09-10',
        totals: [
          { nutrient: 'calories', sampleType: 'DIETARY_ENERGY_CONSUMED', unit: 'KILOCALORIE', total: 350 + 450 + 150 },
          { nutrient: 'protein', sampleType: 'DIETARY_PROTEIN_CONSUMED', unit: 'GRAM', total: 32 },
          { nutrient: 'carbs', sampleType: 'DIETARY_CARBS_CONSUMED', unit: 'GRAM', total: 90 },
          { nutrient: 'fat', sampleType: 'DIETARY_FATS_CONSUMED', unit: 'GRAM', total: 31 },
          { nutrient: 'caffeine', sampleType: 'DIETARY_CAFFEINE', unit: 'GRAM', total: 0.095 },
          { nutrient: 'fiber', sampleType: 'DIETARY_FIBER', unit: 'GRAM', total: 8 },
          { nutrient: 'water', sampleType: 'WATER', unit: 'LITER', total: 0.5 },
        ],
        meals: [
          {
            name: 'Oatmeal',
            mealType: 'BREAKFAST',
            energyKcal: 350,
            sourceName: 'MyFitnessPal',
            startTime: '2025-09-10T07:30:00.000Z',
          },
          {
            name: 'Salad',
            mealType: 'LUNCH',
            energyKcal: 450,
            sourceName: 'MyFitnessPal',
            startTime: '2025-09-10T12:15:00.000Z',
          },
        ],
      },
      {
        date: '2025-09-11',
        totals: [{ nutrient: 'calories', sampleType: 'DIETARY_ENERGY_CONSUMED', unit: 'KILOCALORIE', total: 200 }],
        meals: [
          {
            name: 'Toast',
            mealType: 'BREAKFAST',
            energyKcal: 200,
            sourceName: 'MyFitnessPal',
            startTime: '2025-09-11T08:00:00.000Z',
          },
        ],
      },
    ]);
    // In New York the 07:30Z breakfast is still 09-10, and so is nothing else moved: dates follow the zone.
    const ny = (
      await query(
        `{ nutrition(from: "2025-09-10T04:00:00Z", to: "2025-09-12T04:00:00Z", timeZone: "America/New_York") { date meals { name } } }`,
      )
    ).nutrition;
    expect(ny.map((d: any) => [d.date, d.meals.map((m: any) => m.name)])).toEqual([
      ['2025-09-10', ['Oatmeal', 'Salad']],
      ['2025-09-11', ['Toast']],
    ]);
  });

  it('leaves out manual entries before precedence when asked, in aggregates and in the daily summary', async () => {
    const AGG = `query A($x: Boolean, $bucket: BucketSize!) { aggregates(sampleType: "STEPS", from: "2025-09-12T00:00:00Z", to: "2025-09-13T00:00:00Z", bucket: $bucket, excludeManual: $x) { localStart sum count sources { sourceName sum } } }`;
    // With it, the manual entry wins 12:00–12:30 over the ring; without it, the ring's 300 count there.
    expect((await query(AGG, { bucket: 'DAY' })).aggregates).toMatchObject([{ sum: 1500, count: 2 }]);
    expect((await query(AGG, { bucket: 'DAY', x: true })).aggregates).toEqual([
      {
        localStart: '2025-09-12T00:00:00',
        sum: 1300,
        count: 2,
        sources: [
          { sourceName: "Jane's Apple Watch", sum: 1000 },
          { sourceName: 'Oura', sum: 300 },
        ],
      },
    ]);
    const hours = (await query(AGG, { bucket: 'HOUR', x: true })).aggregates;
    expect(hours.map((h: any) => [h.localStart, h.sum])).toEqual([
      ['2025-09-12T08:00:00', 1000],
      ['2025-09-12T12:00:00', 300],
    ]);
    const DAY = `query D($x: Boolean) { dailySummary(date: "2025-09-12", excludeManual: $x) { steps } }`;
    expect((await query(DAY)).dailySummary.steps).toBe(1500);
    expect((await query(DAY, { x: true })).dailySummary.steps).toBe(1300);
    // A user without any manual entry gets the same answer either way.
    const androidAgg = `{ aggregates(sampleType: "STEPS", from: "2025-09-10T00:00:00Z", to: "2025-09-11T00:00:00Z", bucket: DAY, excludeManual: true) { sum } }`;
    expect((await query(androidAgg, {}, android)).aggregates).toEqual([{ sum: 2500 }]);
  });

  it('gives an Android home screen its distance and energy from the types Health Connect writes', async () => {
    const { dailySummary } = await query(
      `{ dailySummary(date: "2025-09-10") { steps distanceMeters activeEnergyKcal totalEnergyKcal } }`,
      {},
      android,
    );
    expect(dailySummary).toMatchObject({ steps: 2500, distanceMeters: 2000.5, activeEnergyKcal: 310 });
    // A day-long sample is spread over 96 quarter-hour rollup rows, each rounded to 6 decimals.
    expect(dailySummary.totalEnergyKcal).toBeCloseTo(2100, 3);
  });

  it('finds the route of a Health Connect exercise session, sent under the session id', async () => {
    const { workouts } = await query(
      `{ workouts(from: "2025-09-10T00:00:00Z", to: "2025-09-11T00:00:00Z") { edges { node { id uuid activityType hasRoute } } } }`,
      {},
      android,
    );
    expect(workouts.edges.map((e: any) => e.node)).toMatchObject([{ uuid: sessionId, activityType: 'RUNNING', hasRoute: true }]);
    const { workoutRoute } = await query(
      `query R($id: ID!) { workoutRoute(workoutId: $id) { time latitude longitude altitude } }`,
      { id: workouts.edges[0].node.id },
      android,
    );
    expect(workoutRoute).toEqual([
      { time: '2025-09-10T06:00:00.000Z', latitude: 48.1, longitude: 11.5, altitude: 520 },
      { time: '2025-09-10T06:00:10.000Z', latitude: 48.1001, longitude: 11.5002, altitude: null },
    ]);
  });

  it('reads structured values back with their inner times as instants, the stored row unchanged', async () => {
    const { samples } = await query(
      `{ samples(sampleType: "MENSTRUATION_FLOW", from: "2025-09-08T00:00:00Z", to: "2025-09-09T00:00:00Z") { edges { node { startTime menstruationFlow { flow isStartOfCycle wasUserEntered dateTime } valueDetail } } } }`,
    );
    expect(samples.edges.map((e: any) => e.node)).toEqual([
      {
        startTime: '2025-09-08T08:00:00.000Z',
        menstruationFlow: { flow: 'medium', isStartOfCycle: true, wasUserEntered: null, dateTime: '2025-09-08T08:00:00.000Z' },
        valueDetail: {
          __type: 'MenstruationFlowHealthValue',
          flow: 'medium',
          isStartOfCycle: true,
          dateTime: '2025-09-08T08:00:00.000Z',
        },
      },
    ]);
    const routeSamples = (
      await query(
        `{ samples(sampleType: "WORKOUT_ROUTE", from: "2025-09-10T00:00:00Z", to: "2025-09-11T00:00:00Z") { edges { node { valueDetail route { time } } } } }`,
      )
    ).samples.edges;
    expect(routeSamples[0].node.route.map((p: any) => p.time)).toEqual(['2025-09-10T07:00:00.000Z', '2025-09-10T07:00:05.000Z']);
    expect(routeSamples[0].node.valueDetail.locations.map((l: any) => l.timestamp)).toEqual([
      '2025-09-10T07:00:00.000Z',
      '2025-09-10T07:00:05.000Z',
    ]);
    const { rows } = await db.query(
      `SELECT s.value_detail->>'dateTime' AS t FROM healthkit_sample s JOIN health_term ht ON ht.id = s.type_id WHERE ht.name = 'MENSTRUATION_FLOW'`,
    );
    expect(rows).toEqual([{ t: '2025-09-08T10:00:00.000' }]);
  });

  it("lists a sleep session's stages with their type", async () => {
    const { sleepSessions } = await query(
      `{ sleepSessions(from: "2025-09-10T00:00:00Z", to: "2025-09-11T00:00:00Z") { stages { sampleType stage unit minutes recordingMethod } } }`,
    );
    expect(sleepSessions).toEqual([
      {
        stages: [
          { sampleType: 'SLEEP_LIGHT', stage: 'light', unit: 'MINUTE', minutes: 120, recordingMethod: 'automatic' },
          { sampleType: 'SLEEP_DEEP', stage: 'deep', unit: 'MINUTE', minutes: 60, recordingMethod: 'automatic' },
        ],
      },
    ]);
  });

  it('refuses a misspelled sampleType in every read with BAD_USER_INPUT naming the field, never an empty answer', async () => {
    const range = 'from: "2025-09-01T00:00:00Z", to: "2025-09-02T00:00:00Z"';
    const cases: [string, string][] = [
      [`{ samples(sampleType: "STEPZ", ${range}) { edges { cursor } } }`, 'sampleType'],
      [`{ aggregates(sampleType: "HEART_RATES", ${range}, bucket: DAY) { sum } }`, 'sampleType'],
      [`{ latest(sampleTypes: ["WEIGHT", "WIEGHT"]) { sampleType } }`, 'sampleTypes'],
      [`{ latest(sampleTypes: []) { sampleType } }`, 'sampleTypes'],
      [`{ workoutRoute(workoutId: "not-an-id") { time } }`, 'workoutId'],
    ];
    for (const [q, field] of cases) {
      const res = await gql(api.baseUrl, q, {}, reader);
      // A refused nullable field answers null, a non-null one takes data with it: never a value.
      expect(Object.values(res.data ?? {}).every((v) => v === null)).toBe(true);
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
  });

  it("shows another user nothing of these reads, and no route of someone else's workout", async () => {
    const stranger = await tokenFor('user-typed-stranger');
    const run = (await query(WORKOUTS, { precedence: 'RAW' })).workouts.edges[0].node;
    const res = await query(
      `query S($id: ID!) { latest(sampleTypes: ["WEIGHT"]) { sample { value } }
         bloodPressure(from: "2025-09-01T00:00:00Z", to: "2025-10-01T00:00:00Z") { edges { cursor } }
         nutrition(from: "2025-09-01T00:00:00Z", to: "2025-10-01T00:00:00Z") { date }
         workouts(from: "2025-09-01T00:00:00Z", to: "2025-10-01T00:00:00Z", precedence: APPLIED) { edges { cursor } }
         workoutRoute(workoutId: $id) { time } }`,
      { id: run.id },
      stranger,
    );
    expect(res).toEqual({
      latest: [{ sample: null }],
      bloodPressure: { edges: [] },
      nutrition: [],
      workouts: { edges: [] },
      workoutRoute: null,
    });
  });
});
