// Generates HealthDataPoint.toJson() payloads exactly as the Flutter `health` package sends them.
// Plain CommonJS so that both the jest e2e tests and the benchmark script can use it.
const { randomUUID } = require('node:crypto');

const WATCH = {
  sourceId: 'com.apple.health.1F0B3C1E-0B7A-4D38-8E3C-2B9E7B1D9A11',
  sourceName: "Jane's Apple Watch",
};
const IPHONE = { sourceId: 'com.apple.health.81C2D5A0-5B1F-4C1B-A8E6-2E1E6D3F7A20', sourceName: "Jane's iPhone" };
const OURA = { sourceId: 'com.ouraring.oura', sourceName: 'Oura' };

const pad = (n) => String(n).padStart(2, '0');
/** Dart toIso8601String() of a local time: no offset. */
function localIso(date) {
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}T${pad(date.getUTCHours())}:${pad(
    date.getUTCMinutes(),
  )}:${pad(date.getUTCSeconds())}.000`;
}

function iosPoint(type, unit, value, from, to, source = WATCH, extra = {}) {
  return {
    uuid: randomUUID().toUpperCase(),
    value,
    type,
    unit,
    dateFrom: localIso(from),
    dateTo: localIso(to),
    sourcePlatform: 'appleHealth',
    sourceDeviceId: '756B1A7A-C972-4BDB-9748-0D4749CF299C',
    sourceId: source.sourceId,
    sourceName: source.sourceName,
    recordingMethod: 'automatic',
    ...extra,
  };
}

const numeric = (v) => ({ __type: 'NumericHealthValue', numericValue: v });
const START = Date.UTC(2025, 8, 1); // 2025-09-01, local time of the phone
const MIN = 60_000;

/** Heart rate every `everyMinutes` for `days` days, from the watch. */
function heartRates(days, everyMinutes = 5) {
  const points = [];
  for (let t = 0; t < days * 24 * 60; t += everyMinutes) {
    const at = new Date(START + t * MIN);
    points.push(
      iosPoint('HEART_RATE', 'BEATS_PER_MINUTE', numeric(55 + (t % 40)), at, at, WATCH, {
        metadata: { HKMetadataKeyHeartRateMotionContext: 0 },
      }),
    );
  }
  return points;
}

/** Hourly step counts from both the watch and the phone (overlapping sources). */
function steps(days) {
  const points = [];
  for (let h = 0; h < days * 24; h++) {
    const from = new Date(START + h * 60 * MIN);
    const to = new Date(from.getTime() + 60 * MIN);
    points.push(iosPoint('STEPS', 'COUNT', numeric(300 + (h % 7) * 50), from, to, h % 2 ? WATCH : IPHONE));
  }
  return points;
}

/** One night a day: in bed, then core/deep/REM/awake stages. */
function sleepNights(days) {
  const stages = [
    ['SLEEP_IN_BED', 480],
    ['SLEEP_LIGHT', 120],
    ['SLEEP_DEEP', 90],
    ['SLEEP_REM', 60],
    ['SLEEP_AWAKE', 10],
    ['SLEEP_LIGHT', 150],
  ];
  const points = [];
  for (let d = 0; d < days; d++) {
    const night = START + d * 24 * 60 * MIN + 23 * 60 * MIN;
    let offset = 0;
    for (const [type, minutes] of stages) {
      const from = new Date(type === 'SLEEP_IN_BED' ? night : night + offset * MIN);
      const to = new Date(from.getTime() + minutes * MIN);
      if (type !== 'SLEEP_IN_BED') offset += minutes;
      points.push(iosPoint(type, 'MINUTE', numeric(minutes), from, to, WATCH));
    }
  }
  return points;
}

function workouts(days) {
  const points = [];
  for (let d = 0; d < days; d++) {
    const from = new Date(START + d * 24 * 60 * MIN + 7 * 60 * MIN);
    const to = new Date(from.getTime() + 45 * MIN);
    points.push(
      iosPoint(
        'WORKOUT',
        'NO_UNIT',
        {
          __type: 'WorkoutHealthValue',
          workoutActivityType: d % 2 ? 'RUNNING' : 'WALKING',
          totalEnergyBurned: 350,
          totalEnergyBurnedUnit: 'KILOCALORIE',
          totalDistance: 5000,
          totalDistanceUnit: 'METER',
          totalSteps: null,
          totalStepsUnit: null,
        },
        from,
        to,
        WATCH,
      ),
    );
  }
  return points;
}

function clinicalRecords(n) {
  const points = [];
  for (let i = 0; i < n; i++) {
    const at = new Date(START + i * 24 * 60 * MIN);
    points.push(
      iosPoint(
        'CLINICAL_LAB_RESULT',
        'NO_UNIT',
        {
          __type: 'ClinicalRecordHealthValue',
          fhirVersion: '4.0.1',
          resource: { resourceType: 'Observation', id: `obs-${i}`, status: 'final', code: { text: 'Hemoglobin A1c' } },
        },
        at,
        at,
        IPHONE,
      ),
    );
  }
  return points;
}

/** Health Connect: one record id for a whole heart-rate series. */
function androidHeartRateSeries(recordId, count) {
  const points = [];
  for (let i = 0; i < count; i++) {
    const at = new Date(START + i * MIN);
    points.push({
      uuid: recordId,
      value: numeric(60 + i),
      type: 'HEART_RATE',
      unit: 'BEATS_PER_MINUTE',
      dateFrom: localIso(at),
      dateTo: localIso(at),
      sourcePlatform: 'googleHealthConnect',
      sourceDeviceId: 'pixel-8',
      sourceId: '',
      sourceName: 'com.google.android.apps.fitness',
      recordingMethod: 'automatic',
    });
  }
  return points;
}

module.exports = {
  WATCH,
  IPHONE,
  OURA,
  iosPoint,
  numeric,
  localIso,
  heartRates,
  steps,
  sleepNights,
  workouts,
  clinicalRecords,
  androidHeartRateSeries,
};
