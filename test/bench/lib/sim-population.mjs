// Seeded users for `npm run simulate`: what a year of an Apple Watch + iPhone user (or a Health
// Connect phone) writes, as the stored rows of the health tables. Each user's data follows from
// its index alone, so a rerun, or a run that adds users to a filled database, repeats it exactly.
//
// The bulk (heart rate, steps, energy: ~99 % of rows) is written by a fast path that varies only
// identity, time and value; everything else a row holds (type, unit, phone, metadata, source) comes
// from the library's own parsePoint of a template point, and checkFastPath() compares fast rows with
// parsePoint of the full point. Sleep and workouts are few (~20 a day): they go through parsePoint
// one by one, so they are exactly what the worker stores.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ROOT } from './bench-processes.mjs';
import { seeded } from './mixed-phones.mjs';

const require = createRequire(import.meta.url);
const { iosPoint, localIso, numeric, WATCH, IPHONE } = require('../../support/health-points.js');
const { parsePoint, recordUuid, resolveTimeZone } = require(join(ROOT, 'dist/libs/health-data/src/index.js'));
const { TABLE_SPECS } = require(join(ROOT, 'dist/libs/store/src/index.js'));

const MIN = 60_000;
const DAY = 24 * 60 * MIN;
/** Every user's history ends on 2025-12-31, so the measured user's year is 2025, as in read-bench. */
export const SIM_YEAR_START = Date.UTC(2025, 0, 1);
export const SIM_DAYS = 365;
/** Phones send local times; these users live in UTC+1 (winter Berlin), close enough for a bench. */
const LOCAL_OFFSET = 60 * MIN;
const UTC = resolveTimeZone('UTC');
const ANDROID_APP = 'com.google.android.apps.fitness';

export const simSubject = (index) => `sim-${index}`;

/** User `index`: every fifth a Health Connect phone; user 0 (the measured one) and every third a full year. */
export function simUser(index) {
  const rand = seeded(Math.imul(index + 1, 0x9e3779b1));
  const days = index === 0 || index % 3 === 0 ? SIM_DAYS : 30 + Math.floor(rand() * (SIM_DAYS - 30));
  return { index, subject: simSubject(index), android: index % 5 === 4, days, seed: Math.imul(index + 7, 0x85ebca6b) >>> 0 };
}

// COPY column lists, in the library's column order (TABLE_SPECS) after the references.
export const copyColumns = (table) => [
  'user_ref',
  'type_id',
  'context_id',
  'source_id',
  ...TABLE_SPECS[table].columns.map((c) => c.column),
];

/** A value in COPY text format. */
function copyText(v) {
  if (v === null || v === undefined) return '\\N';
  const s = typeof v === 'object' ? JSON.stringify(v) : String(v);
  return s.replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]);
}

// ---- the fast path: ISO times and uuids from lookup tables ----
const HEX2 = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const hex8 = (w) => HEX2[w >>> 24] + HEX2[(w >>> 16) & 255] + HEX2[(w >>> 8) & 255] + HEX2[w & 255];
const two = (n) => String(n).padStart(2, '0');
const HMS = Array.from(
  { length: 86_400 },
  (_, s) => `${two(Math.floor(s / 3600))}:${two(Math.floor(s / 60) % 60)}:${two(s % 60)}`,
);
const dayPrefix = new Map();
/** Date.prototype.toISOString() of a whole second, without making a Date. */
function iso(ms) {
  const day = Math.floor(ms / DAY);
  let prefix = dayPrefix.get(day);
  if (prefix === undefined) dayPrefix.set(day, (prefix = new Date(day * DAY).toISOString().slice(0, 11)));
  return `${prefix}${HMS[Math.floor((ms - day * DAY) / 1000)]}.000Z`;
}
/** A random (version 4) uuid, lower case, from four draws of the user's generator. */
function uuid4(rand) {
  const a = hex8(rand() * 4294967296);
  const b = hex8(rand() * 4294967296);
  const c = hex8(rand() * 4294967296);
  const d = hex8(rand() * 4294967296);
  return `${a}-${b.slice(0, 4)}-4${b.slice(5)}-${'89ab'[c.charCodeAt(0) & 3]}${c.slice(1, 4)}-${c.slice(4)}${d}`;
}

// ---- templates: what the library makes of one point of each stream ----
const at = (ms) => new Date(ms);
function androidPoint(recordId, type, unit, value, from, to) {
  return {
    uuid: recordId,
    value,
    type,
    unit,
    dateFrom: localIso(at(from)),
    dateTo: localIso(at(to)),
    sourcePlatform: 'googleHealthConnect',
    sourceDeviceId: 'pixel-8',
    sourceId: '',
    sourceName: ANDROID_APP,
    recordingMethod: 'automatic',
  };
}
const HR_METADATA = { metadata: { HKMetadataKeyHeartRateMotionContext: 0 } };
/** The high-volume streams: key → how to make its full point (for templates and checks). */
const FAST_STREAMS = {
  hrWatch: (u, from, to, v) =>
    iosPoint('HEART_RATE', 'BEATS_PER_MINUTE', numeric(v), at(from), at(to), WATCH, { uuid: u, ...HR_METADATA }),
  stepsWatch: (u, from, to, v) => iosPoint('STEPS', 'COUNT', numeric(v), at(from), at(to), WATCH, { uuid: u }),
  energyWatch: (u, from, to, v) =>
    iosPoint('ACTIVE_ENERGY_BURNED', 'KILOCALORIE', numeric(v), at(from), at(to), WATCH, { uuid: u }),
  stepsPhone: (u, from, to, v) => iosPoint('STEPS', 'COUNT', numeric(v), at(from), at(to), IPHONE, { uuid: u }),
  hrAndroid: (u, from, to, v) => androidPoint(u, 'HEART_RATE', 'BEATS_PER_MINUTE', numeric(v), from, to),
  stepsAndroid: (u, from, to, v) => androidPoint(u, 'STEPS', 'COUNT', numeric(v), from, to),
};
const parse = (point) => parsePoint(point, UTC);
const TEMPLATE_UUID = '00000000-0000-4000-8000-000000000000';
const TEMPLATES = Object.fromEntries(
  Object.entries(FAST_STREAMS).map(([k, make]) => [k, parse(make(TEMPLATE_UUID, SIM_YEAR_START, SIM_YEAR_START, 1))]),
);

const streamsOf = (user) =>
  user.android ? ['hrAndroid', 'stepsAndroid'] : ['hrWatch', 'stepsWatch', 'energyWatch', 'stepsPhone'];

/**
 * What a user's rows refer to: the distinct type names, contexts and sources of every stream the
 * user can write (fast streams and the parsed sleep/workout templates), for the library's resolvers.
 */
export function referencesOf(user) {
  const points = streamsOf(user).map((k) => TEMPLATES[k]);
  const samplePoints = user.android
    ? ANDROID_SLEEP.map((t) => androidPoint(TEMPLATE_UUID, t, 'MINUTE', numeric(1), SIM_YEAR_START, SIM_YEAR_START))
    : [
        ...IOS_SLEEP.map((t) =>
          iosPoint(t, 'MINUTE', numeric(1), at(SIM_YEAR_START), at(SIM_YEAR_START), t === 'SLEEP_ASLEEP' ? IPHONE : WATCH),
        ),
        workoutPoint(TEMPLATE_UUID, 'RUNNING', SIM_YEAR_START, 30 * MIN),
      ];
  points.push(...samplePoints.map(parse));
  return points;
}

const IOS_SLEEP = ['SLEEP_LIGHT', 'SLEEP_DEEP', 'SLEEP_REM', 'SLEEP_AWAKE', 'SLEEP_ASLEEP'];
const ANDROID_SLEEP = ['SLEEP_SESSION', 'SLEEP_LIGHT', 'SLEEP_DEEP', 'SLEEP_REM', 'SLEEP_AWAKE'];
const ACTIVITIES = ['RUNNING', 'WALKING', 'CYCLING', 'TRADITIONAL_STRENGTH_TRAINING'];
function workoutPoint(u, activity, from, duration) {
  const km = activity === 'CYCLING' ? 25 : activity === 'RUNNING' ? 10 : activity === 'WALKING' ? 5 : 0;
  const steps = activity === 'RUNNING' ? 160 : activity === 'WALKING' ? 110 : 0;
  const minutes = duration / MIN;
  return iosPoint(
    'WORKOUT',
    'NO_UNIT',
    {
      __type: 'WorkoutHealthValue',
      workoutActivityType: activity,
      totalEnergyBurned: Math.round(minutes * (activity === 'WALKING' ? 5 : 10)),
      totalEnergyBurnedUnit: 'KILOCALORIE',
      totalDistance: km ? Math.round((km * 1000 * minutes) / 60) : null,
      totalDistanceUnit: km ? 'METER' : null,
      totalSteps: steps ? steps * minutes : null,
      totalStepsUnit: steps ? 'COUNT' : null,
    },
    at(from),
    at(from + duration),
    WATCH,
    { uuid: u },
  );
}

/** A key of a point's references, matching what the caller resolved (see referencesOf). */
export const refKey = (p) =>
  `${p.sampleType}\u0000${JSON.stringify([p.unit, p.recordingMethod, p.sourceDeviceId, p.metadata])}\u0000${p.source.platform}\u0000${p.source.bundleId}\u0000${p.source.name}`;

/** A parsed point as its table's COPY line; `refs` is "user_ref\ttype_id\tcontext_id\tsource_id\t". */
export function copyLine(refs, point) {
  return `${refs}${TABLE_SPECS[point.table].columns.map((c) => copyText(point[c.key])).join('\t')}\n`;
}

/**
 * User `user`'s rows, day by day: yields each day's healthkit_sample COPY text, hands sleep and
 * workout lines to `out.sleep(line)` / `out.workout(line)`, and stops when `budget.left` rows are
 * written (it counts down). `refs(point)` gives the reference prefix of a parsed point (copyLine's
 * `refs`); `check(stream, line, point)` (optional) sees the first fast rows of each stream with
 * the full point they stand for. A generator, so the caller streams a day while the next is made.
 */
export function* userDays(user, budget, refs, out, check) {
  const rand = seeded(user.seed);
  const prefix = Object.fromEntries(streamsOf(user).map((k) => [k, refs(TEMPLATES[k])]));
  const checked = {};
  let text = '';
  // One fast row: `recordId` is the Health Connect record id (Android) or null (a fresh HealthKit uuid).
  const fast = (stream, from, to, value, recordId = null) => {
    if (budget.left <= 0) return;
    budget.left--;
    let line;
    const start = iso(from);
    if (recordId === null) {
      line = `${prefix[stream]}${uuid4(rand)}\t\\N\t${start}\t${from === to ? start : iso(to)}\t\\N\t${value}\t\\N\n`;
      if (check && (checked[stream] = (checked[stream] ?? 0) + 1) <= 20) {
        check(stream, line, parse(FAST_STREAMS[stream](line.split('\t')[4].toUpperCase(), from, to, value)));
      }
    } else {
      const type = TEMPLATES[stream].sampleType;
      line = `${prefix[stream]}${recordUuid(`${recordId}|${type}|${start}`)}\t${recordId}\t${start}\t${from === to ? start : iso(to)}\t\\N\t${value}\t\\N\n`;
      if (check && (checked[stream] = (checked[stream] ?? 0) + 1) <= 20) {
        check(stream, line, parse(FAST_STREAMS[stream](recordId, from, to, value)));
      }
    }
    text += line;
  };
  const parsed = (point) => {
    if (budget.left <= 0) return;
    budget.left--;
    const p = parse(point);
    (p.table === 'sleep' ? out.sleep : out.workout)(copyLine(refs(p), p));
  };
  const first = SIM_YEAR_START + (SIM_DAYS - user.days) * DAY;
  for (let d = 0; d < user.days && budget.left > 0; d++) {
    // Local midnight of the day, in UTC.
    const day = first + d * DAY - LOCAL_OFFSET;
    if (user.android) androidDay(rand, day, fast, parsed);
    else iosDay(rand, day, fast, parsed);
    yield text;
    text = '';
  }
}

const jitter = (rand) => Math.floor(rand() * 60) * 1000;

/**
 * An iPhone + Watch day: asleep from ~23:00 the evening before to ~06:30–08:30; Watch heart rate every
 * ~5 min awake, ~10 min asleep and every 10 s in a workout; walks (12–28 a day, 5–40 min) give Watch
 * steps per minute; active energy every minute while the Watch is worn and its wearer awake
 * (it is off the wrist, charging, one evening hour); iPhone steps in 10-minute samples when carried;
 * Watch sleep stages in ~90-minute cycles plus the iPhone's asleep interval; a workout on ~3 days in 7.
 */
function iosDay(rand, day, fast, parsed) {
  const sleepStart = day - 60 * MIN + Math.floor(rand() * 60) * MIN;
  const wake = sleepStart + (390 + Math.floor(rand() * 120)) * MIN;
  const charging = day + (19 + Math.floor(rand() * 2)) * 60 * MIN;
  const worn = (t) => t < charging || t >= charging + 60 * MIN;

  // Sleep of the night that ends this morning.
  let t = sleepStart + 10 * MIN;
  for (let cycle = 0; t < wake; cycle++) {
    const stages = [
      ['SLEEP_LIGHT', 30 + rand() * 30],
      ['SLEEP_DEEP', Math.max(5, 40 - cycle * 8) * (0.6 + rand() * 0.4)],
      ['SLEEP_REM', 10 + cycle * 5 + rand() * 10],
      ...(rand() < 0.4 ? [['SLEEP_AWAKE', 1 + rand() * 5]] : []),
    ];
    for (const [type, minutes] of stages) {
      const end = Math.min(wake, t + Math.round(minutes) * MIN);
      if (end > t)
        parsed(iosPoint(type, 'MINUTE', numeric((end - t) / MIN), at(t), at(end), WATCH, { uuid: uuid4(rand).toUpperCase() }));
      t = end;
    }
  }
  parsed(
    iosPoint('SLEEP_ASLEEP', 'MINUTE', numeric((wake - sleepStart - 5 * MIN) / MIN), at(sleepStart + 5 * MIN), at(wake), IPHONE, {
      uuid: uuid4(rand).toUpperCase(),
    }),
  );

  // Minutes of the day with a walk or a workout: 1 walking, 2 workout.
  const activity = new Uint8Array(24 * 60);
  const walks = 12 + Math.floor(rand() * 17);
  const awakeFrom = (wake - day) / MIN;
  for (let w = 0; w < walks; w++) {
    const from = Math.floor(awakeFrom + rand() * (23 * 60 - awakeFrom - 40));
    activity.fill(1, from, from + 5 + Math.floor(rand() * 36));
  }
  let workout = null;
  if (rand() < 3 / 7) {
    const from = (17 + Math.floor(rand() * 3)) * 60 + Math.floor(rand() * 60);
    const minutes = 25 + Math.floor(rand() * 36);
    workout = {
      from: day + from * MIN,
      to: day + (from + minutes) * MIN,
      activity: ACTIVITIES[Math.floor(rand() * ACTIVITIES.length)],
    };
    activity.fill(2, from, from + minutes);
    parsed(workoutPoint(uuid4(rand).toUpperCase(), workout.activity, workout.from, workout.to - workout.from));
  }

  // Heart rate: asleep every 10 min, awake every 5, in a workout every 10 s.
  for (let m = (sleepStart - day) / MIN; m < 24 * 60 - 60;) {
    const t0 = day + m * MIN;
    if (workout && t0 >= workout.from && t0 < workout.to) {
      for (let s = t0; s < Math.min(workout.to, t0 + 5 * MIN); s += 10_000) fast('hrWatch', s, s, 110 + Math.floor(rand() * 50));
    } else if (worn(t0)) {
      const t1 = t0 + jitter(rand);
      fast('hrWatch', t1, t1, t0 < wake ? 48 + Math.floor(rand() * 15) : 60 + Math.floor(rand() * 40));
    }
    m += t0 < wake ? 10 : 5;
  }
  // Watch steps per active minute, energy every minute while worn and awake.
  const slot = new Float64Array(24 * 6); // Watch steps per 10 minutes, for the phone's samples
  for (let m = Math.ceil(awakeFrom); m < 23 * 60; m++) {
    const t0 = day + m * MIN;
    const a = activity[m];
    if (!worn(t0)) continue;
    if (a) {
      const steps =
        a === 2 && workout.activity !== 'RUNNING' && workout.activity !== 'WALKING' ? 0 : 70 + Math.floor(rand() * 70);
      if (steps) fast('stepsWatch', t0, t0 + MIN, steps);
      slot[Math.floor(m / 10)] += steps;
      fast('energyWatch', t0, t0 + MIN, (a === 2 ? 8000 + Math.floor(rand() * 6000) : 3000 + Math.floor(rand() * 3000)) / 1000);
    } else {
      fast('energyWatch', t0, t0 + MIN, (100 + Math.floor(rand() * 400)) / 1000);
    }
  }
  // The iPhone counts most of the same steps (it is not always carried), plus some around the house.
  for (let s = Math.ceil(awakeFrom / 10); s < 23 * 6; s++) {
    const steps = Math.round(slot[s] * (0.6 + rand() * 0.3)) + (rand() < 0.3 ? Math.floor(rand() * 80) : 0);
    if (steps > 0) fast('stepsPhone', day + s * 10 * MIN, day + (s + 1) * 10 * MIN, steps);
  }
}

/**
 * A Health Connect day: heart rate every minute as hourly series (one record id per hour, its points
 * keyed by name), steps in 15-minute records, one sleep session with its stages under one record id.
 */
function androidDay(rand, day, fast, parsed) {
  const sleepStart = day - 60 * MIN + Math.floor(rand() * 60) * MIN;
  const wake = sleepStart + (390 + Math.floor(rand() * 120)) * MIN;
  const session = uuid4(rand);
  parsed(androidPoint(session, 'SLEEP_SESSION', 'MINUTE', numeric((wake - sleepStart) / MIN), sleepStart, wake));
  let t = sleepStart;
  while (t < wake) {
    for (const [type, minutes] of [
      ['SLEEP_LIGHT', 40 + rand() * 30],
      ['SLEEP_DEEP', 15 + rand() * 30],
      ['SLEEP_REM', 15 + rand() * 20],
      ['SLEEP_AWAKE', 2 + rand() * 5],
    ]) {
      const end = Math.min(wake, t + Math.round(minutes) * MIN);
      if (end > t) parsed(androidPoint(session, type, 'MINUTE', numeric((end - t) / MIN), t, end));
      t = end;
    }
  }
  for (let h = 0; h < 24; h++) {
    const record = uuid4(rand);
    for (let m = 0; m < 60; m++) {
      const t0 = day + (h * 60 + m) * MIN;
      fast('hrAndroid', t0, t0, (t0 < wake ? 50 : 62) + Math.floor(rand() * 35), record);
    }
  }
  for (let q = 0; q < 96; q++) {
    const t0 = day + q * 15 * MIN;
    if (t0 >= wake && t0 < day + 23 * 60 * MIN) fast('stepsAndroid', t0, t0 + 15 * MIN, Math.floor(rand() * 900), uuid4(rand));
  }
}
