import { createRequire } from 'node:module';
// Seeded, realistic upload streams of many phones, as the Flutter `health` package sends them:
// iPhones with a Watch (heart rate, steps and active energy from both, sleep stages, workouts) and
// Android phones (Health Connect heart-rate series under one record id, steps, sleep sessions).
const MIN = 60_000;
const DAY = 24 * 60 * MIN;

export function seeded(seed) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

function uuidFrom(rand) {
  const hex = Array.from({ length: 32 }, () => Math.floor(rand() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`.toUpperCase();
}

const require = createRequire(import.meta.url);
// The e2e tests' generator of HealthDataPoint.toJson(): one definition of the point shape.
const { iosPoint, localIso: localIsoOf, numeric, WATCH, IPHONE } = require('../../support/health-points.js');
const localIso = (ms) => localIsoOf(new Date(ms));

/** An iPhone/Watch point with a uuid from the seeded generator, so a run can be repeated exactly. */
function ios(rand, type, unit, value, from, to, source, extra = {}) {
  return iosPoint(type, unit, value, new Date(from), new Date(to), source, { uuid: uuidFrom(rand), ...extra });
}

function android(recordId, type, unit, value, from, to, app = 'com.google.android.apps.fitness') {
  return {
    uuid: recordId,
    value,
    type,
    unit,
    dateFrom: localIso(from),
    dateTo: localIso(to),
    sourcePlatform: 'googleHealthConnect',
    sourceDeviceId: 'pixel-8',
    sourceId: '',
    sourceName: app,
    recordingMethod: 'automatic',
  };
}

function iosStreams(rand, start, days) {
  const s = { HEART_RATE: [], STEPS: [], ACTIVE_ENERGY_BURNED: [], SLEEP: [], WORKOUT: [] };
  for (let d = 0; d < days; d++) {
    const day = start + d * DAY;
    for (let m = 0; m < 24 * 60; m += 5) {
      const t = day + m * MIN;
      s.HEART_RATE.push(
        ios(rand, 'HEART_RATE', 'BEATS_PER_MINUTE', numeric(55 + Math.round(rand() * 60)), t, t, WATCH, {
          metadata: { HKMetadataKeyHeartRateMotionContext: 0 },
        }),
      );
    }
    // Watch worn 07:00–21:00: steps and energy every 2 minutes; the iPhone counts steps all day in 10-minute samples.
    for (let m = 7 * 60; m < 21 * 60; m += 2) {
      const t = day + m * MIN;
      s.STEPS.push(ios(rand, 'STEPS', 'COUNT', numeric(Math.round(rand() * 180)), t, t + 2 * MIN, WATCH));
      s.ACTIVE_ENERGY_BURNED.push(
        ios(rand, 'ACTIVE_ENERGY_BURNED', 'KILOCALORIE', numeric(+(rand() * 8).toFixed(3)), t, t + 2 * MIN, WATCH),
      );
    }
    for (let m = 0; m < 24 * 60; m += 10) {
      const t = day + m * MIN;
      s.STEPS.push(ios(rand, 'STEPS', 'COUNT', numeric(Math.round(rand() * 700)), t, t + 10 * MIN, IPHONE));
    }
    let t = day - 60 * MIN;
    s.SLEEP.push(ios(rand, 'SLEEP_IN_BED', 'MINUTE', numeric(480), t, t + 480 * MIN, WATCH));
    for (const [type, minutes] of [
      ['SLEEP_LIGHT', 120],
      ['SLEEP_DEEP', 80],
      ['SLEEP_REM', 70],
      ['SLEEP_AWAKE', 10],
      ['SLEEP_LIGHT', 150],
      ['SLEEP_REM', 50],
    ]) {
      s.SLEEP.push(ios(rand, type, 'MINUTE', numeric(minutes), t, t + minutes * MIN, WATCH));
      t += minutes * MIN;
    }
    const w = day + 18 * 60 * MIN;
    s.WORKOUT.push(
      ios(
        rand,
        'WORKOUT',
        'NO_UNIT',
        {
          __type: 'WorkoutHealthValue',
          workoutActivityType: 'RUNNING',
          totalEnergyBurned: 400,
          totalEnergyBurnedUnit: 'KILOCALORIE',
          totalDistance: 6000,
          totalDistanceUnit: 'METER',
          totalSteps: 7000,
          totalStepsUnit: 'COUNT',
        },
        w,
        w + 40 * MIN,
        WATCH,
      ),
    );
  }
  return s;
}

function androidStreams(rand, start, days) {
  const s = { HEART_RATE: [], STEPS: [], SLEEP: [] };
  for (let d = 0; d < days; d++) {
    const day = start + d * DAY;
    for (let h = 0; h < 24; h++) {
      const record = uuidFrom(rand).toLowerCase(); // one Health Connect record per hour of samples
      for (let m = 0; m < 60; m++) {
        const t = day + (h * 60 + m) * MIN;
        s.HEART_RATE.push(android(record, 'HEART_RATE', 'BEATS_PER_MINUTE', numeric(55 + Math.round(rand() * 60)), t, t));
      }
    }
    for (let m = 0; m < 24 * 60; m += 15) {
      const t = day + m * MIN;
      s.STEPS.push(android(uuidFrom(rand).toLowerCase(), 'STEPS', 'COUNT', numeric(Math.round(rand() * 900)), t, t + 15 * MIN));
    }
    const session = uuidFrom(rand).toLowerCase();
    let t = day - 60 * MIN;
    s.SLEEP.push(android(session, 'SLEEP_SESSION', 'MINUTE', numeric(470), t, t + 470 * MIN));
    for (const [type, minutes] of [
      ['SLEEP_LIGHT', 200],
      ['SLEEP_DEEP', 90],
      ['SLEEP_REM', 100],
      ['SLEEP_AWAKE', 20],
      ['SLEEP_LIGHT', 60],
    ]) {
      s.SLEEP.push(android(session, type, 'MINUTE', numeric(minutes), t, t + minutes * MIN));
      t += minutes * MIN;
    }
  }
  return s;
}

/**
 * Upload requests of `phones` phones (every fifth one Android) over `days` days, each stream cut
 * into chunks of `chunk` with its own anchor. `tag` keeps users and anchors of separate runs apart.
 */
export function phoneUploads({ phones, days, chunk, seed = 1, tag = 'p' }) {
  const rand = seeded(seed);
  const start = Date.UTC(2025, 8, 1);
  const uploads = [];
  let samples = 0;
  let anchors = 0;
  for (let p = 0; p < phones; p++) {
    const streams = p % 5 === 4 ? androidStreams(rand, start, days) : iosStreams(rand, start, days);
    const user = `bench-${tag}-${p}`;
    for (const [dataType, points] of Object.entries(streams)) {
      const count = Math.max(1, Math.ceil(points.length / chunk));
      anchors++;
      for (let c = 0; c < count; c++) {
        const data = points.slice(c * chunk, (c + 1) * chunk);
        samples += data.length;
        uploads.push({
          user,
          input: {
            dataType,
            anchorToken: `${tag}-${p}-${dataType}`,
            chunkIndex: c,
            isFinalChunk: c === count - 1,
            timeZone: 'Europe/Berlin',
            data,
          },
        });
      }
    }
  }
  // Interleave phones, as a user base backfilling at once would (seeded shuffle).
  for (let i = uploads.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [uploads[i], uploads[j]] = [uploads[j], uploads[i]];
  }
  return { uploads, samples, anchors, users: phones };
}
