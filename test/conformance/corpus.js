// The conformance corpus: for every HealthDataType of the Flutter `health` package (13.3.1,
// carp-dk/carp-health-flutter) and each platform that emits it, items shaped exactly as
// HealthDataPoint.toJson() produces them, with where they must land and what they must read back.
//
// Written from the package's own source, not from this server:
// - lib/src/heath_data_types.dart: the enum, dataTypeKeysIOS / dataTypeKeysAndroid, dataTypeToUnit
//   (the unit the app asks for, so the unit every item carries);
// - lib/health.g.dart + lib/src/health_value_types.dart: each value's toJson (`__type` is the class
//   name, null fields are left out: includeIfNull false);
// - lib/src/health_data_point.dart: dateFrom/dateTo are local DateTimes (toIso8601String without
//   offset, the chunk carries the zone); MINDFULNESS, HEADACHE_* and the SLEEP_* stages get their
//   duration in minutes as value; uuid "" where the platform sends none;
// - ios/Classes/HealthDataReader.swift: quantity and category samples carry `metadata` (sanitised,
//   {} when empty) and recording_method; workouts a workoutSummary; audiograms and ECGs neither
//   recording method (→ "unknown") nor metadata; characteristics no uuid, source com.apple.Health;
// - android/.../HealthDataConverter.kt, HealthDataReader.kt: sourceId "", sourceName the package,
//   recording_method from Health Connect, no metadata (routes excepted); a heart-rate or speed
//   series and a blood-pressure record share one record id; sleep stages carry the session's id and
//   no recording method; BASAL_ENERGY_BURNED is BasalMetabolicRateRecord (kcal/day, an instant);
//   BODY_MASS_INDEX is computed by the package from height and weight (uuid "", source "").
//
// Every item is on 2025-09-10 in Europe/Berlin. `expect` says where the item must land and what the
// read API must answer; docs/data-types.md is the same table for people. The e2e test
// test/conformance.e2e-spec.ts replays the corpus through the built API and worker.
// `node test/conformance/corpus.js [ios|android]` prints the items as one JSON array (for
// scripts/replay-upload.js).

const ZONE = 'Europe/Berlin';
const DAY = { from: '2025-09-10T00:00:00+02:00', to: '2025-09-11T00:00:00+02:00' };

const IOS_DEVICE = '756B1A7A-C972-4BDB-9748-0D4749CF299C'; // identifierForVendor
const ANDROID_DEVICE = 'AP2A.240805.005'; // Build.ID
const WATCH = { sourceId: 'com.apple.health.1F0B3C1E-0B7A-4D38-8E3C-2B9E7B1D9A11', sourceName: "Jane's Apple Watch" };
const IPHONE = { sourceId: 'com.apple.health.81C2D5A0-5B1F-4C1B-A8E6-2E1E6D3F7A20', sourceName: "Jane's iPhone" };
const HEALTH_APP = { sourceId: 'com.apple.Health', sourceName: 'Health' };
const FIT = 'com.google.android.apps.fitness';
const SAMSUNG = 'com.sec.android.app.shealth';

const pad = (n, w = 2) => String(n).padStart(w, '0');
/** Dart's toIso8601String() of a local DateTime on the corpus day: no offset, milliseconds. */
const at = (hh, mm = 0, ss = 0) => `2025-09-10T${pad(hh)}:${pad(mm)}:${pad(ss)}.000`;
/** Epoch ms of a Berlin wall time on the corpus day (CEST, UTC+2). */
const epochMs = (hh, mm = 0) => Date.UTC(2025, 8, 10, hh - 2, mm);
const minutesBetween = (from, to) => (Date.parse(`${to}Z`) - Date.parse(`${from}Z`)) / 60_000;

let serial = 0;
/** Stable ids: HealthKit answers upper-case UUIDs, Health Connect lower-case ones. */
function nextUuid() {
  serial += 1;
  return `6f1c${pad(serial, 4)}-2b7d-4c1e-9a3f-${pad(serial, 12)}`;
}
const iosUuid = () => nextUuid().toUpperCase();

const numeric = (numericValue) => ({ __type: 'NumericHealthValue', numericValue });

/** A HealthKit quantity or category sample (HealthDataReader.swift getData). */
function ios(
  type,
  unit,
  value,
  from,
  to,
  { source = IPHONE, metadata = {}, recordingMethod = 'automatic', uuid = iosUuid() } = {},
) {
  const item = {
    uuid,
    value,
    type,
    unit,
    dateFrom: from,
    dateTo: to,
    sourcePlatform: 'appleHealth',
    sourceDeviceId: IOS_DEVICE,
    sourceId: source.sourceId,
    sourceName: source.sourceName,
    recordingMethod,
  };
  if (metadata !== null) item.metadata = metadata;
  return item;
}

/** A Health Connect record (HealthDataConverter.kt createBaseRecord): no metadata, sourceId "". */
function android(
  type,
  unit,
  value,
  from,
  to,
  { uuid = nextUuid(), app = FIT, recordingMethod = 'automatic', sourceId = '' } = {},
) {
  return {
    uuid,
    value,
    type,
    unit,
    dateFrom: from,
    dateTo: to,
    sourcePlatform: 'googleHealthConnect',
    sourceDeviceId: ANDROID_DEVICE,
    sourceId,
    sourceName: app,
    recordingMethod,
  };
}

// ---- What the read API must answer -------------------------------------------------------------

/** Lands in healthkit_sample; `samples` lists each item with this value; `aggregates` by day gives `day`. */
const sample = (values, day, valueDetails = null) => ({ table: 'healthkit_sample', values, valueDetails, day });
const sum = (total) => ({ kind: 'CUMULATIVE', sum: total });
const avg = (mean) => ({ kind: 'DISCRETE', avg: mean });
const count = (n) => ({ kind: 'COUNT', count: n });
/** Lands in healthkit_sleep_analysis; `sleepStages` shows it as this stage with these minutes. */
const sleep = (stage, minutes) => ({ table: 'healthkit_sleep_analysis', stage, minutes });
/** Lands in healthkit_workout; `workouts` shows these fields. */
const workout = (fields) => ({ table: 'healthkit_workout', workout: fields });
/** Lands in user_profile; `profile` shows this field. */
const profile = (field, value) => ({ table: 'user_profile', profile: { [field]: value } });

// ---- iOS ---------------------------------------------------------------------------------------

/** HealthKit quantity types as plain numbers: [type, value, interval?, expected day aggregate]. */
const IOS_QUANTITIES = [
  ['ACTIVE_ENERGY_BURNED', 'KILOCALORIE', 42.5, true, 'sum'],
  ['ATRIAL_FIBRILLATION_BURDEN', 'PERCENT', 0.02, true, 'avg'],
  ['APPLE_MOVE_TIME', 'SECOND', 600, true, 'sum'],
  ['APPLE_STAND_TIME', 'SECOND', 240, true, 'sum'],
  ['BASAL_ENERGY_BURNED', 'KILOCALORIE', 11.25, true, 'sum'],
  ['BLOOD_GLUCOSE', 'MILLIGRAM_PER_DECILITER', 97, false, 'avg'],
  ['BLOOD_OXYGEN', 'PERCENT', 0.97, false, 'avg'],
  ['BLOOD_PRESSURE_DIASTOLIC', 'MILLIMETER_OF_MERCURY', 78, false, 'avg'],
  ['BLOOD_PRESSURE_SYSTOLIC', 'MILLIMETER_OF_MERCURY', 121, false, 'avg'],
  ['BODY_FAT_PERCENTAGE', 'PERCENT', 0.21, false, 'avg'],
  ['LEAN_BODY_MASS', 'KILOGRAM', 56.4, false, 'avg'],
  ['BODY_MASS_INDEX', 'NO_UNIT', 22.4, false, 'avg'],
  ['BODY_TEMPERATURE', 'DEGREE_CELSIUS', 36.7, false, 'avg'],
  ['DIETARY_CARBS_CONSUMED', 'GRAM', 48, true, 'sum'],
  ['DIETARY_CAFFEINE', 'GRAM', 0.095, true, 'sum'],
  ['DIETARY_ENERGY_CONSUMED', 'KILOCALORIE', 420, true, 'sum'],
  ['DIETARY_FATS_CONSUMED', 'GRAM', 14, true, 'sum'],
  ['DIETARY_PROTEIN_CONSUMED', 'GRAM', 22, true, 'sum'],
  ['DIETARY_FIBER', 'GRAM', 6.5, true, 'sum'],
  ['DIETARY_SUGAR', 'GRAM', 12, true, 'sum'],
  ['DIETARY_FAT_MONOUNSATURATED', 'GRAM', 5.5, true, 'sum'],
  ['DIETARY_FAT_POLYUNSATURATED', 'GRAM', 3.25, true, 'sum'],
  ['DIETARY_FAT_SATURATED', 'GRAM', 4.5, true, 'sum'],
  ['DIETARY_CHOLESTEROL', 'GRAM', 0.12, true, 'sum'],
  ['DIETARY_VITAMIN_A', 'GRAM', 0.0003, true, 'sum'],
  ['DIETARY_THIAMIN', 'GRAM', 0.0004, true, 'sum'],
  ['DIETARY_RIBOFLAVIN', 'GRAM', 0.0005, true, 'sum'],
  ['DIETARY_NIACIN', 'GRAM', 0.006, true, 'sum'],
  ['DIETARY_PANTOTHENIC_ACID', 'GRAM', 0.002, true, 'sum'],
  ['DIETARY_VITAMIN_B6', 'GRAM', 0.0006, true, 'sum'],
  ['DIETARY_BIOTIN', 'GRAM', 0.00001, true, 'sum'],
  ['DIETARY_VITAMIN_B12', 'GRAM', 0.0000012, true, 'sum'],
  ['DIETARY_VITAMIN_C', 'GRAM', 0.03, true, 'sum'],
  ['DIETARY_VITAMIN_D', 'GRAM', 0.000005, true, 'sum'],
  ['DIETARY_VITAMIN_E', 'GRAM', 0.004, true, 'sum'],
  ['DIETARY_VITAMIN_K', 'GRAM', 0.00003, true, 'sum'],
  ['DIETARY_FOLATE', 'GRAM', 0.0001, true, 'sum'],
  ['DIETARY_CALCIUM', 'GRAM', 0.3, true, 'sum'],
  ['DIETARY_CHLORIDE', 'GRAM', 0.5, true, 'sum'],
  ['DIETARY_IRON', 'GRAM', 0.004, true, 'sum'],
  ['DIETARY_MAGNESIUM', 'GRAM', 0.08, true, 'sum'],
  ['DIETARY_PHOSPHORUS', 'GRAM', 0.25, true, 'sum'],
  ['DIETARY_POTASSIUM', 'GRAM', 0.9, true, 'sum'],
  ['DIETARY_SODIUM', 'GRAM', 0.6, true, 'sum'],
  ['DIETARY_ZINC', 'GRAM', 0.003, true, 'sum'],
  ['DIETARY_CHROMIUM', 'GRAM', 0.00002, true, 'sum'],
  ['DIETARY_COPPER', 'GRAM', 0.0003, true, 'sum'],
  ['DIETARY_IODINE', 'GRAM', 0.00005, true, 'sum'],
  ['DIETARY_MANGANESE', 'GRAM', 0.0008, true, 'sum'],
  ['DIETARY_MOLYBDENUM', 'GRAM', 0.00002, true, 'sum'],
  ['DIETARY_SELENIUM', 'GRAM', 0.00002, true, 'sum'],
  ['ELECTRODERMAL_ACTIVITY', 'SIEMEN', 0.000004, false, 'avg'],
  ['FORCED_EXPIRATORY_VOLUME', 'LITER', 3.4, false, 'avg'],
  ['HEART_RATE_VARIABILITY_SDNN', 'MILLISECOND', 48.3, false, 'avg'],
  ['HEIGHT', 'METER', 1.72, false, 'avg'],
  ['RESTING_HEART_RATE', 'BEATS_PER_MINUTE', 58, false, 'avg'],
  ['RESPIRATORY_RATE', 'RESPIRATIONS_PER_MINUTE', 14.5, false, 'avg'],
  ['PERIPHERAL_PERFUSION_INDEX', 'PERCENT', 0.04, false, 'avg'],
  ['STEPS', 'COUNT', 812, true, 'sum'],
  ['WAIST_CIRCUMFERENCE', 'METER', 0.82, false, 'avg'],
  ['WALKING_HEART_RATE', 'BEATS_PER_MINUTE', 96, false, 'avg'],
  ['WEIGHT', 'KILOGRAM', 68.2, false, 'avg'],
  ['FLIGHTS_CLIMBED', 'COUNT', 3, true, 'sum'],
  ['DISTANCE_WALKING_RUNNING', 'METER', 640.5, true, 'sum'],
  ['DISTANCE_SWIMMING', 'METER', 400, true, 'sum'],
  ['DISTANCE_CYCLING', 'METER', 3200, true, 'sum'],
  ['WALKING_SPEED', 'METER_PER_SECOND', 1.34, false, 'avg'],
  ['WATER', 'LITER', 0.33, true, 'sum'],
  ['EXERCISE_TIME', 'MINUTE', 12, true, 'sum'],
  ['UV_INDEX', 'COUNT', 5, false, 'avg'],
  ['WATER_TEMPERATURE', 'DEGREE_CELSIUS', 21.5, false, 'avg'],
  ['UNDERWATER_DEPTH', 'METER', 4.2, false, 'avg'],
  ['TOTAL_CALORIES_BURNED', 'KILOCALORIE', 95, true, 'sum'],
];

const aggregateOf = (how, v) => (how === 'sum' ? sum(v) : how === 'avg' ? avg(v) : count(v));

function iosCases() {
  const cases = [];
  const add = (type, items, expect) => cases.push({ type, platform: 'ios', items, expect });

  for (const [type, unit, v, interval, how] of IOS_QUANTITIES) {
    const to = interval ? at(8, 10) : at(8, 0);
    add(
      type,
      [ios(type, unit, numeric(v), at(8, 0), to, { source: interval ? IPHONE : WATCH })],
      sample([v], aggregateOf(how, v)),
    );
  }
  // A Watch heart rate carries the motion context in its metadata.
  add(
    'HEART_RATE',
    [
      ios('HEART_RATE', 'BEATS_PER_MINUTE', numeric(64), at(9, 0), at(9, 0), {
        source: WATCH,
        metadata: { HKMetadataKeyHeartRateMotionContext: 0 },
      }),
      ios('HEART_RATE', 'BEATS_PER_MINUTE', numeric(72), at(9, 5), at(9, 5), {
        source: WATCH,
        metadata: { HKMetadataKeyHeartRateMotionContext: 1 },
      }),
    ],
    sample([64, 72], avg(68)),
  );
  // Overnight wrist temperature (Series 8+): a reading over the night, never a sleep stage.
  add(
    'SLEEP_WRIST_TEMPERATURE',
    [ios('SLEEP_WRIST_TEMPERATURE', 'DEGREE_CELSIUS', numeric(35.62), at(0, 30), at(6, 30), { source: WATCH })],
    sample([35.62], avg(35.62)),
  );
  // Category samples whose value the package replaces by the duration in minutes.
  add('MINDFULNESS', [ios('MINDFULNESS', 'MINUTE', numeric(10), at(12, 0), at(12, 10))], sample([10], sum(10)));
  for (const [i, type] of [
    'HEADACHE_NOT_PRESENT',
    'HEADACHE_MILD',
    'HEADACHE_MODERATE',
    'HEADACHE_SEVERE',
    'HEADACHE_UNSPECIFIED',
  ].entries()) {
    const from = at(13 + i, 0);
    const to = at(13 + i, 45);
    add(
      type,
      [
        ios(type, 'MINUTE', numeric(minutesBetween(from, to)), from, to, {
          recordingMethod: 'manual',
          metadata: { HKWasUserEntered: true },
        }),
      ],
      sample([45], count(1)),
    );
  }
  // Category events with HealthKit's raw value: stood (0) in an hour, heart-rate notifications (0, not applicable).
  add(
    'APPLE_STAND_HOUR',
    [ios('APPLE_STAND_HOUR', 'HOUR', numeric(0), at(10, 0), at(11, 0), { source: WATCH })],
    sample([0], count(1)),
  );
  for (const type of ['HIGH_HEART_RATE_EVENT', 'LOW_HEART_RATE_EVENT', 'IRREGULAR_HEART_RATE_EVENT']) {
    add(type, [ios(type, 'NO_UNIT', numeric(0), at(11, 0), at(11, 10), { source: WATCH })], sample([0], count(1)));
  }
  // Sleep stages (category samples; value = minutes).
  const stages = [
    ['SLEEP_IN_BED', 'in_bed', at(0, 0), at(7, 0)],
    ['SLEEP_ASLEEP', 'asleep', at(0, 10), at(6, 50)],
    ['SLEEP_LIGHT', 'light', at(0, 15), at(2, 0)],
    ['SLEEP_DEEP', 'deep', at(2, 0), at(3, 30)],
    ['SLEEP_REM', 'rem', at(3, 30), at(4, 30)],
    ['SLEEP_AWAKE', 'awake', at(4, 30), at(4, 40)],
  ];
  for (const [type, stage, from, to] of stages) {
    const minutes = minutesBetween(from, to);
    add(type, [ios(type, 'MINUTE', numeric(minutes), from, to, { source: WATCH })], sleep(stage, minutes));
  }
  // A Watch workout: no metadata, a workoutSummary from the native keys (workout_type, total_*).
  add(
    'WORKOUT',
    [
      (() => {
        const item = ios(
          'WORKOUT',
          'NO_UNIT',
          {
            __type: 'WorkoutHealthValue',
            workoutActivityType: 'RUNNING',
            totalEnergyBurned: 350,
            totalEnergyBurnedUnit: 'KILOCALORIE',
            totalDistance: 5012,
            totalDistanceUnit: 'METER',
          },
          at(7, 0),
          at(7, 30),
          { source: WATCH, metadata: null },
        );
        item.workoutSummary = { workoutType: 'running', totalDistance: 5012, totalEnergyBurned: 350, totalSteps: 0 };
        return item;
      })(),
    ],
    workout({ activityType: 'RUNNING', durationSeconds: 1800, totalEnergyBurned: 350, totalDistance: 5012, totalSteps: null }),
  );
  const routeValue = {
    __type: 'WorkoutRouteHealthValue',
    locations: [
      {
        __type: 'WorkoutRouteLocation',
        latitude: 52.52,
        longitude: 13.405,
        timestamp: at(7, 0, 5),
        altitude: 34.2,
        horizontalAccuracy: 4.5,
        verticalAccuracy: 3,
        speed: 2.9,
        course: 87.5,
        speedAccuracy: 0.4,
        courseAccuracy: 12,
      },
      {
        __type: 'WorkoutRouteLocation',
        latitude: 52.5203,
        longitude: 13.4061,
        timestamp: at(7, 0, 10),
        horizontalAccuracy: 5,
        speed: 3.1,
      },
    ],
  };
  add(
    'WORKOUT_ROUTE',
    [
      ios('WORKOUT_ROUTE', 'NO_UNIT', routeValue, at(7, 0, 5), at(7, 0, 10), {
        source: WATCH,
        metadata: { route_point_count: 2 },
      }),
    ],
    sample([null], null, [routeValue]),
  );
  const audiogram = {
    __type: 'AudiogramHealthValue',
    frequencies: [500, 1000, 2000, 4000],
    leftEarSensitivities: [10, 15, 20, 30],
    rightEarSensitivities: [5, 10, 20, 25],
  };
  add(
    'AUDIOGRAM',
    [ios('AUDIOGRAM', 'DECIBEL_HEARING_LEVEL', audiogram, at(15, 0), at(15, 10), { metadata: null, recordingMethod: 'unknown' })],
    sample([null], null, [audiogram]),
  );
  const ecg = {
    __type: 'ElectrocardiogramHealthValue',
    voltageValues: [
      { __type: 'ElectrocardiogramVoltageValue', voltage: 0.000123, timeSinceSampleStart: 0 },
      { __type: 'ElectrocardiogramVoltageValue', voltage: 0.000141, timeSinceSampleStart: 0.001953125 },
    ],
    averageHeartRate: 71,
    samplingFrequency: 512,
    classification: 'SINUS_RHYTHM',
  };
  add(
    'ELECTROCARDIOGRAM',
    [
      ios('ELECTROCARDIOGRAM', 'VOLT', ecg, at(16, 0), at(16, 0, 30), {
        source: WATCH,
        metadata: null,
        recordingMethod: 'unknown',
      }),
    ],
    sample([null], null, [ecg]),
  );
  const insulin = { __type: 'InsulinDeliveryHealthValue', units: 4.5, reason: 'BOLUS' };
  add(
    'INSULIN_DELIVERY',
    [
      ios('INSULIN_DELIVERY', 'INTERNATIONAL_UNIT', insulin, at(12, 30), at(12, 30), {
        metadata: { HKInsulinDeliveryReason: 2 },
      }),
    ],
    sample([4.5], sum(4.5), [insulin]),
  );
  const meal = {
    __type: 'NutritionHealthValue',
    name: 'Oatmeal with berries',
    meal_type: 'BREAKFAST',
    calories: 320,
    protein: 11,
    fat: 6.5,
    carbs: 54,
    fiber: 8,
    sugar: 14,
    sodium: 0.12,
  };
  add(
    'NUTRITION',
    [ios('NUTRITION', 'NO_UNIT', meal, at(7, 45), at(7, 45), { metadata: null, recordingMethod: 'manual' })],
    sample([null], null, [meal]),
  );
  // HealthKit's boolean metadata reaches Dart as a bool, which the package compares with 1.0
  // (MenstruationFlowHealthValue.fromHealthDataPoint): both flags come out false when present.
  const flow = {
    __type: 'MenstruationFlowHealthValue',
    flow: 'medium',
    isStartOfCycle: false,
    wasUserEntered: false,
    dateTime: at(6, 0),
  };
  add(
    'MENSTRUATION_FLOW',
    [
      ios('MENSTRUATION_FLOW', 'NO_UNIT', flow, at(6, 0), at(6, 0), {
        recordingMethod: 'manual',
        metadata: { HKMenstrualCycleStart: true, HKWasUserEntered: true },
      }),
    ],
    sample([null], null, [flow]),
  );
  // Characteristics: no uuid, the app's query window as dates, source "Health", always manual.
  const characteristic = (type, v) => ({
    ...ios(type, 'NO_UNIT', numeric(v), at(0, 0), at(18, 0), { source: HEALTH_APP, metadata: null, recordingMethod: 'manual' }),
    uuid: '',
  });
  add('GENDER', [characteristic('GENDER', 1)], profile('gender', 'FEMALE'));
  // 1990-05-17 00:00 in Berlin (CEST) = 1990-05-16T22:00:00Z, as seconds (dateOfBirthComponents().date).
  add('BIRTH_DATE', [characteristic('BIRTH_DATE', Date.UTC(1990, 4, 16, 22) / 1000)], profile('birthDate', '1990-05-17'));
  add('BLOOD_TYPE', [characteristic('BLOOD_TYPE', 7)], profile('bloodType', 'O_POSITIVE'));
  return cases;
}

// ---- Android -----------------------------------------------------------------------------------

function androidCases() {
  const cases = [];
  const add = (type, items, expect) => cases.push({ type, platform: 'android', items, expect });
  const interval = (type, unit, v, how, opts) =>
    add(type, [android(type, unit, numeric(v), at(8, 0), at(8, 15), opts)], sample([v], aggregateOf(how, v)));
  const instant = (type, unit, v, opts) =>
    add(type, [android(type, unit, numeric(v), at(8, 0), at(8, 0), opts)], sample([v], avg(v)));

  interval('ACTIVE_ENERGY_BURNED', 'KILOCALORIE', 38.5, 'sum');
  interval('STEPS', 'COUNT', 1024, 'sum');
  interval('DISTANCE_DELTA', 'METER', 812.5, 'sum');
  interval('WATER', 'LITER', 0.25, 'sum', { recordingMethod: 'manual' });
  interval('FLIGHTS_CLIMBED', 'COUNT', 2, 'sum');
  interval('TOTAL_CALORIES_BURNED', 'KILOCALORIE', 120.5, 'sum');
  instant('BLOOD_GLUCOSE', 'MILLIGRAM_PER_DECILITER', 101, { recordingMethod: 'manual' });
  instant('BLOOD_OXYGEN', 'PERCENT', 96.5);
  instant('BODY_FAT_PERCENTAGE', 'PERCENT', 22.5, { recordingMethod: 'manual' });
  instant('LEAN_BODY_MASS', 'KILOGRAM', 54.1, { recordingMethod: 'manual' });
  instant('BODY_TEMPERATURE', 'DEGREE_CELSIUS', 36.8, { recordingMethod: 'manual' });
  instant('BODY_WATER_MASS', 'KILOGRAM', 38.9, { recordingMethod: 'manual' });
  instant('HEART_RATE_VARIABILITY_RMSSD', 'MILLISECOND', 41.2);
  instant('HEIGHT', 'METER', 1.68, { recordingMethod: 'manual' });
  instant('WEIGHT', 'KILOGRAM', 63.5, { recordingMethod: 'manual', app: SAMSUNG });
  instant('RESTING_HEART_RATE', 'BEATS_PER_MINUTE', 61);
  instant('RESPIRATORY_RATE', 'RESPIRATIONS_PER_MINUTE', 15);
  // BasalMetabolicRateRecord: kcal per day at an instant, a rate to average, never a total.
  instant('BASAL_ENERGY_BURNED', 'KILOCALORIE', 1650);
  // One BloodPressureRecord read twice (diastolic, systolic): the same record id.
  const bp = nextUuid();
  add(
    'BLOOD_PRESSURE_SYSTOLIC',
    [
      android('BLOOD_PRESSURE_SYSTOLIC', 'MILLIMETER_OF_MERCURY', numeric(118), at(8, 30), at(8, 30), {
        uuid: bp,
        recordingMethod: 'manual',
      }),
    ],
    sample([118], avg(118)),
  );
  add(
    'BLOOD_PRESSURE_DIASTOLIC',
    [
      android('BLOOD_PRESSURE_DIASTOLIC', 'MILLIMETER_OF_MERCURY', numeric(76), at(8, 30), at(8, 30), {
        uuid: bp,
        recordingMethod: 'manual',
      }),
    ],
    sample([76], avg(76)),
  );
  // A HeartRateRecord / SpeedRecord series: one record id for every sample.
  const hr = nextUuid();
  add(
    'HEART_RATE',
    [61, 67, 70].map((v, i) => android('HEART_RATE', 'BEATS_PER_MINUTE', numeric(v), at(9, i), at(9, i), { uuid: hr })),
    sample([61, 67, 70], avg(66)),
  );
  const speed = nextUuid();
  add(
    'SPEED',
    [2.5, 3.5].map((v, i) =>
      android('SPEED', 'METER_PER_SECOND', numeric(v), at(9, 30 + i), at(9, 30 + i), { uuid: speed, recordingMethod: 'active' }),
    ),
    sample([2.5, 3.5], avg(3)),
  );
  // BMI computed by the package from the last height and each weight: no id, no source.
  add(
    'BODY_MASS_INDEX',
    [
      {
        ...android('BODY_MASS_INDEX', 'NO_UNIT', numeric(22.5), at(8, 0), at(8, 0), {
          uuid: '',
          app: '',
          recordingMethod: 'unknown',
        }),
      },
    ],
    sample([22.5], avg(22.5)),
  );
  // A SleepSessionRecord: the session itself, and its stages (session id, no recording method).
  const session = nextUuid();
  add(
    'SLEEP_SESSION',
    [android('SLEEP_SESSION', 'MINUTE', numeric(420), at(0, 0), at(7, 0), { uuid: session })],
    sleep('session', 420),
  );
  const androidStages = [
    ['SLEEP_AWAKE_IN_BED', 'awake', at(0, 0), at(0, 10)],
    ['SLEEP_LIGHT', 'light', at(0, 10), at(2, 0)],
    ['SLEEP_DEEP', 'deep', at(2, 0), at(3, 0)],
    ['SLEEP_REM', 'rem', at(3, 0), at(4, 0)],
    ['SLEEP_AWAKE', 'awake', at(4, 0), at(4, 5)],
    ['SLEEP_ASLEEP', 'asleep', at(4, 5), at(6, 0)],
    ['SLEEP_UNKNOWN', 'unknown', at(6, 0), at(6, 30)],
    ['SLEEP_OUT_OF_BED', 'out_of_bed', at(6, 30), at(6, 40)],
  ];
  for (const [type, stage, from, to] of androidStages) {
    const minutes = minutesBetween(from, to);
    add(
      type,
      [android(type, 'MINUTE', numeric(minutes), from, to, { uuid: session, recordingMethod: 'unknown' })],
      sleep(stage, minutes),
    );
  }
  // An ExerciseSessionRecord with the distance, calories and steps the plugin adds up in its window.
  const exercise = nextUuid();
  add(
    'WORKOUT',
    [
      android(
        'WORKOUT',
        'NO_UNIT',
        {
          __type: 'WorkoutHealthValue',
          workoutActivityType: 'RUNNING',
          totalEnergyBurned: 298,
          totalEnergyBurnedUnit: 'KILOCALORIE',
          totalDistance: 4810,
          totalDistanceUnit: 'METER',
          totalSteps: 5230,
          totalStepsUnit: 'COUNT',
        },
        at(18, 0),
        at(18, 30),
        { uuid: exercise, recordingMethod: 'unknown' },
      ),
    ],
    workout({ activityType: 'RUNNING', durationSeconds: 1800, totalEnergyBurned: 298, totalDistance: 4810, totalSteps: 5230 }),
  );
  // The session's route: the session's id, source = the app package, metadata from the plugin.
  const route = {
    __type: 'WorkoutRouteHealthValue',
    locations: [
      {
        __type: 'WorkoutRouteLocation',
        latitude: 48.137,
        longitude: 11.575,
        timestamp: at(18, 0, 2),
        altitude: 519,
        horizontalAccuracy: 6,
      },
      {
        __type: 'WorkoutRouteLocation',
        latitude: 48.1374,
        longitude: 11.5761,
        timestamp: at(18, 0, 7),
        altitude: 519.5,
        horizontalAccuracy: 5,
        verticalAccuracy: 2,
      },
    ],
    workoutUuid: exercise,
  };
  add(
    'WORKOUT_ROUTE',
    [
      {
        ...android('WORKOUT_ROUTE', 'NO_UNIT', route, at(18, 0, 2), at(18, 0, 7), {
          uuid: exercise,
          recordingMethod: 'active',
          sourceId: FIT,
        }),
        metadata: {
          workout_uuid: exercise,
          workout_activity_type: 'RUNNING',
          workout_start_time: epochMs(18, 0),
          workout_end_time: epochMs(18, 30),
          route_point_count: 2,
        },
      },
    ],
    sample([null], null, [route]),
  );
  const meal = {
    __type: 'NutritionHealthValue',
    name: 'Chicken salad',
    meal_type: 'LUNCH',
    calories: 450,
    protein: 32,
    fat: 18,
    carbs: 30,
    fat_saturated: 4,
    fiber: 7,
    sodium: 0.8,
    sugar: 6,
  };
  add(
    'NUTRITION',
    [android('NUTRITION', 'NO_UNIT', meal, at(12, 30), at(13, 0), { recordingMethod: 'manual' })],
    sample([null], null, [meal]),
  );
  // MenstruationFlowRecord: flow from Health Connect's value, no start-of-cycle or user-entered flags.
  const flow = { __type: 'MenstruationFlowHealthValue', flow: 'light', dateTime: at(7, 0) };
  add(
    'MENSTRUATION_FLOW',
    [android('MENSTRUATION_FLOW', 'NO_UNIT', flow, at(7, 0), at(7, 0), { recordingMethod: 'manual' })],
    sample([null], null, [flow]),
  );
  const intensity = { __type: 'ActivityIntensityHealthValue', intensityLevel: 'vigorous', minutes: 25 };
  add(
    'ACTIVITY_INTENSITY',
    [android('ACTIVITY_INTENSITY', 'MINUTE', intensity, at(17, 0), at(17, 25))],
    sample([25], sum(25), [intensity]),
  );
  // SkinTemperatureRecord: one point per delta, the record's baseline and location.
  const skin = { __type: 'SkinTemperatureHealthValue', temperature_delta: -0.25, baseline: 33.5, measurement_location: 'wrist' };
  add(
    'SKIN_TEMPERATURE',
    [android('SKIN_TEMPERATURE', 'DEGREE_CELSIUS', skin, at(3, 0), at(3, 0))],
    sample([-0.25], avg(-0.25), [skin]),
  );
  return cases;
}

/** Every case: { type, platform, items, expect }. The same ids on every call. */
function corpus() {
  serial = 0;
  return [...iosCases(), ...androidCases()];
}

module.exports = { corpus, ZONE, DAY };

if (require.main === module) {
  const platform = process.argv[2];
  const items = corpus()
    .filter((c) => !platform || c.platform === platform)
    .flatMap((c) => c.items);
  process.stdout.write(`${JSON.stringify(items, null, 2)}\n`);
}
