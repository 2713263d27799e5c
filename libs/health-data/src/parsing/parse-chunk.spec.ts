import { recordUuid } from './record-uuid';
import { parseChunk } from './parse-chunk';
import { resolveTimeZone } from './time-zone';

const berlin = resolveTimeZone('Europe/Berlin');

const iosHeartRate = {
  uuid: '5C1A2E8F-3B7D-4F2A-9E1C-7D8B6A5F4E3D',
  value: { __type: 'NumericHealthValue', numericValue: 72 },
  type: 'HEART_RATE',
  unit: 'BEATS_PER_MINUTE',
  dateFrom: '2025-09-10T02:28:55.000',
  dateTo: '2025-09-10T02:28:55.000',
  sourcePlatform: 'appleHealth',
  sourceDeviceId: '756B1A7A-C972-4BDB-9748-0D4749CF299C',
  sourceId: 'com.apple.health.1F0B3C1E-0B7A-4D38-8E3C-2B9E7B1D9A11',
  sourceName: "Jane's Apple Watch",
  recordingMethod: 'automatic',
  metadata: { HKMetadataKeyHeartRateMotionContext: 0 },
};

const androidSleepStage = (type: string, from: string, to: string) => ({
  uuid: 'hc-sleep-session-1',
  value: { __type: 'NumericHealthValue', numericValue: 30 },
  type,
  unit: 'MINUTE',
  dateFrom: from,
  dateTo: to,
  sourcePlatform: 'googleHealthConnect',
  sourceDeviceId: 'pixel-8',
  sourceId: '',
  sourceName: 'com.google.android.apps.fitness',
  recordingMethod: 'automatic',
});

describe('parseChunk', () => {
  it('turns the iOS example into a sample row keyed by its UUID, in UTC', () => {
    const { accepted, rejected } = parseChunk([iosHeartRate], berlin);
    expect(rejected).toEqual([]);
    expect(accepted).toHaveLength(1);
    const [p] = accepted;
    expect(p.table).toBe('sample');
    expect(p.recordKey).toBe(iosHeartRate.uuid.toLowerCase());
    expect(p.recordId).toBeNull();
    // 02:28:55 in Berlin (CEST, +02:00) is 00:28:55 UTC
    expect(p.startTime).toBe('2025-09-10T00:28:55.000Z');
    expect(p).toMatchObject({ value: 72, unit: 'BEATS_PER_MINUTE', sampleType: 'HEART_RATE' });
    expect(p.source).toEqual({
      platform: 'appleHealth',
      bundleId: iosHeartRate.sourceId,
      name: "Jane's Apple Watch",
      productType: null,
    });
    expect(p.metadata).toEqual({ HKMetadataKeyHeartRateMotionContext: 0 });
    expect(p.extra).toBeNull();
  });

  it('keys Android points by record id + type + start, since one record id covers a whole session', () => {
    const { accepted } = parseChunk(
      [
        androidSleepStage('SLEEP_LIGHT', '2025-09-10T23:00:00.000', '2025-09-10T23:30:00.000'),
        androidSleepStage('SLEEP_DEEP', '2025-09-10T23:30:00.000', '2025-09-11T00:00:00.000'),
        androidSleepStage('SLEEP_LIGHT', '2025-09-11T00:00:00.000', '2025-09-11T00:30:00.000'),
      ],
      resolveTimeZone('+00:00'),
    );
    expect(accepted.map((p) => p.recordKey)).toEqual([
      recordUuid('hc-sleep-session-1|SLEEP_LIGHT|2025-09-10T23:00:00.000Z'),
      recordUuid('hc-sleep-session-1|SLEEP_DEEP|2025-09-10T23:30:00.000Z'),
      recordUuid('hc-sleep-session-1|SLEEP_LIGHT|2025-09-11T00:00:00.000Z'),
    ]);
    // A Health Connect deletion names the record id: every point carries it.
    expect(new Set(accepted.map((p) => p.recordId))).toEqual(new Set([recordUuid('hc-sleep-session-1')]));
    expect(accepted.map((p) => (p.table === 'sleep' ? p.stage : null))).toEqual(['light', 'deep', 'light']);
  });

  it('routes on type, not on the (mangled) __type', () => {
    const workout = {
      ...iosHeartRate,
      uuid: 'W1',
      type: 'WORKOUT',
      unit: 'NO_UNIT',
      dateTo: '2025-09-10T03:28:55.000',
      value: {
        __type: 'a9',
        workoutActivityType: 'RUNNING',
        totalEnergyBurned: 500,
        totalEnergyBurnedUnit: 'KILOCALORIE',
        totalDistance: 10000,
        totalDistanceUnit: 'METER',
        totalSteps: null,
      },
    };
    const clinical = {
      ...iosHeartRate,
      uuid: 'C1',
      type: 'CLINICAL_LAB_RESULT',
      value: { __type: 'x', fhirVersion: '4.0.1', resource: { resourceType: 'Observation', id: 'o1' } },
    };
    const nutrition = { ...iosHeartRate, uuid: 'N1', type: 'NUTRITION', value: { __type: 'q', calories: 300 } };
    const { accepted, rejected } = parseChunk([workout, clinical, nutrition], berlin);
    expect(rejected).toEqual([]);
    expect(accepted.map((p) => p.table)).toEqual(['workout', 'clinical', 'sample']);
    expect(accepted[0]).toMatchObject({ activityType: 'RUNNING', durationSeconds: 3600, totalEnergyBurned: 500 });
    expect(accepted[1]).toMatchObject({ resourceType: 'Observation', fhirVersion: '4.0.1' });
    expect(accepted[2]).toMatchObject({ value: null, valueDetail: { __type: 'q', calories: 300 } });
  });

  it('lets an explicit offset win over the chunk time zone', () => {
    const items = [{ ...iosHeartRate, dateFrom: '2025-09-10T02:28:55+05:00', dateTo: '2025-09-10T02:28:55.000Z' }];
    const { accepted } = parseChunk(items, berlin);
    expect(accepted[0].startTime).toBe('2025-09-09T21:28:55.000Z');
    expect(accepted[0].endTime).toBe('2025-09-10T02:28:55.000Z');
  });

  it('rejects bad items by index and field and keeps the good ones', () => {
    const items = [
      iosHeartRate,
      { ...iosHeartRate, uuid: undefined },
      { ...iosHeartRate, value: { __type: 'NumericHealthValue', numericValue: 'NaN' } },
      { ...iosHeartRate, dateTo: '2025-09-10T01:00:00.000' },
      { ...iosHeartRate, dateFrom: 'yesterday' },
      'not an object',
      { ...iosHeartRate, type: 'heart rate' },
      { ...iosHeartRate, sourcePlatform: 'fitbit' },
    ];
    const { accepted, rejected } = parseChunk(items, berlin);
    expect(accepted).toHaveLength(1);
    expect(rejected.map((r) => [r.index, r.field])).toEqual([
      [1, 'uuid'],
      [2, 'value.numericValue'],
      [3, 'dateTo'],
      [4, 'dateFrom'],
      [5, 'item'],
      [6, 'type'],
      [7, 'sourcePlatform'],
    ]);
    expect(rejected[0].message).toBe('uuid is required');
  });

  it('rejects an offset-less date when the chunk has no time zone', () => {
    const { rejected } = parseChunk([iosHeartRate], null);
    expect(rejected).toEqual([{ index: 0, field: 'dateFrom', message: expect.stringContaining('no UTC offset') }]);
  });

  it('keeps unknown keys from newer app versions', () => {
    const { accepted } = parseChunk([{ ...iosHeartRate, futureField: { a: 1 }, deviceModel: 'Watch6,7' }], berlin);
    expect(accepted[0].extra).toEqual({ futureField: { a: 1 }, deviceModel: 'Watch6,7' });
    expect(accepted[0].source.productType).toBe('Watch6,7');
  });
});

describe('parseChunk routing by the catalog', () => {
  it('stores SLEEP_WRIST_TEMPERATURE as a temperature sample, never a sleep stage', () => {
    const point = {
      ...iosHeartRate,
      type: 'SLEEP_WRIST_TEMPERATURE',
      unit: 'DEGREE_CELSIUS',
      value: { __type: 'NumericHealthValue', numericValue: -0.42 },
    };
    const { accepted } = parseChunk([{ ...point, dateTo: '2025-09-10T07:00:00.000' }], berlin);
    expect(accepted[0]).toMatchObject({ table: 'sample', sampleType: 'SLEEP_WRIST_TEMPERATURE', value: -0.42 });
  });

  it('keeps the one number of a structured value next to the whole object', () => {
    const insulin = { __type: 'InsulinDeliveryHealthValue', units: 4.5, reason: 'BOLUS' };
    const intensity = { __type: 'ActivityIntensityHealthValue', intensityLevel: 'vigorous', minutes: 25 };
    const skin = { __type: 'SkinTemperatureHealthValue', temperature_delta: 0.3, baseline: 33.1, measurement_location: 'wrist' };
    const { accepted, rejected } = parseChunk(
      [
        { ...iosHeartRate, uuid: 'I1', type: 'INSULIN_DELIVERY', value: insulin },
        { ...androidSleepStage('ACTIVITY_INTENSITY', '2025-09-10T08:00:00.000', '2025-09-10T08:25:00.000'), value: intensity },
        { ...androidSleepStage('SKIN_TEMPERATURE', '2025-09-10T03:00:00.000', '2025-09-10T03:00:00.000'), value: skin },
      ],
      berlin,
    );
    expect(rejected).toEqual([]);
    expect(accepted.map((p) => [p.table, p.sampleType, 'value' in p && p.value, 'valueDetail' in p && p.valueDetail])).toEqual([
      ['sample', 'INSULIN_DELIVERY', 4.5, insulin],
      ['sample', 'ACTIVITY_INTENSITY', 25, intensity],
      ['sample', 'SKIN_TEMPERATURE', 0.3, skin],
    ]);
  });

  it('rejects a structured value without its number, and a numeric type without numericValue', () => {
    const { rejected } = parseChunk(
      [
        {
          ...iosHeartRate,
          uuid: 'I1',
          type: 'INSULIN_DELIVERY',
          value: { __type: 'InsulinDeliveryHealthValue', reason: 'BASAL' },
        },
        { ...iosHeartRate, uuid: 'F1', type: 'DIETARY_FIBER', value: { __type: 'NumericHealthValue' } },
      ],
      berlin,
    );
    expect(rejected.map((r) => [r.index, r.field])).toEqual([
      [0, 'value.units'],
      [1, 'value.numericValue'],
    ]);
  });
});

describe('parseChunk workouts', () => {
  it("reads a workoutSummary total of 0 as unknown: the package's default where HealthKit has none", () => {
    const workout = {
      ...iosHeartRate,
      uuid: 'W2',
      type: 'WORKOUT',
      unit: 'NO_UNIT',
      dateTo: '2025-09-10T03:28:55.000',
      value: { __type: 'WorkoutHealthValue', workoutActivityType: 'YOGA' },
      workoutSummary: { workoutType: 'yoga', totalDistance: 0, totalEnergyBurned: 120, totalSteps: 0 },
    };
    const { accepted } = parseChunk([workout], berlin);
    expect(accepted[0]).toMatchObject({ table: 'workout', totalDistance: null, totalEnergyBurned: 120, totalSteps: null });
  });
});
