/**
 * Every `HealthDataType` of the Flutter `health` package (13.x, lib/src/heath_data_types.dart), with
 * what this server does with it. One list, so routing, kinds, the docs table (docs/data-types.md) and
 * the conformance corpus (test/conformance) cannot disagree; a unit test holds them together.
 *
 * - `platforms`: where the package emits it (dataTypeKeysIOS / dataTypeKeysAndroid).
 * - `unit`: the package's default unit (dataTypeToUnit), the one the app asks for.
 * - `table`: where a point lands (`profile` = one row per user, latest wins).
 * - `kind`: how aggregates add it up: `cumulative` amounts sum, `discrete` readings average,
 *   `count` category events are counted; null where aggregates do not apply (sleep, workouts,
 *   structured values without one number, profile).
 * - `value`: the HealthValue subclass the package sends (`value.__type`).
 */
export type Platform = 'ios' | 'android';
export type CatalogTable = 'sample' | 'sleep' | 'workout' | 'profile';
export type MetricKind = 'cumulative' | 'discrete' | 'count';

export interface HealthDataTypeInfo {
  platforms: readonly Platform[];
  unit: string;
  table: CatalogTable;
  kind: MetricKind | null;
  value: string;
}

const t = (
  platforms: Platform[],
  unit: string,
  table: CatalogTable,
  kind: MetricKind | null,
  value: string,
): HealthDataTypeInfo => ({ platforms, unit, table, kind, value });

export const HEALTH_DATA_TYPES = {
  ACTIVE_ENERGY_BURNED: t(['ios', 'android'], 'KILOCALORIE', 'sample', 'cumulative', 'NumericHealthValue'),
  ATRIAL_FIBRILLATION_BURDEN: t(['ios'], 'PERCENT', 'sample', 'discrete', 'NumericHealthValue'),
  APPLE_STAND_HOUR: t(['ios'], 'HOUR', 'sample', 'count', 'NumericHealthValue'),
  APPLE_MOVE_TIME: t(['ios'], 'SECOND', 'sample', 'cumulative', 'NumericHealthValue'),
  APPLE_STAND_TIME: t(['ios'], 'SECOND', 'sample', 'cumulative', 'NumericHealthValue'),
  AUDIOGRAM: t(['ios'], 'DECIBEL_HEARING_LEVEL', 'sample', null, 'AudiogramHealthValue'),
  BASAL_ENERGY_BURNED: t(['ios', 'android'], 'KILOCALORIE', 'sample', 'cumulative', 'NumericHealthValue'),
  BLOOD_GLUCOSE: t(['ios', 'android'], 'MILLIGRAM_PER_DECILITER', 'sample', 'discrete', 'NumericHealthValue'),
  BLOOD_OXYGEN: t(['ios', 'android'], 'PERCENT', 'sample', 'discrete', 'NumericHealthValue'),
  BLOOD_PRESSURE_DIASTOLIC: t(['ios', 'android'], 'MILLIMETER_OF_MERCURY', 'sample', 'discrete', 'NumericHealthValue'),
  BLOOD_PRESSURE_SYSTOLIC: t(['ios', 'android'], 'MILLIMETER_OF_MERCURY', 'sample', 'discrete', 'NumericHealthValue'),
  BODY_FAT_PERCENTAGE: t(['ios', 'android'], 'PERCENT', 'sample', 'discrete', 'NumericHealthValue'),
  LEAN_BODY_MASS: t(['ios', 'android'], 'KILOGRAM', 'sample', 'discrete', 'NumericHealthValue'),
  BODY_MASS_INDEX: t(['ios', 'android'], 'NO_UNIT', 'sample', 'discrete', 'NumericHealthValue'),
  BODY_TEMPERATURE: t(['ios', 'android'], 'DEGREE_CELSIUS', 'sample', 'discrete', 'NumericHealthValue'),
  BODY_WATER_MASS: t(['android'], 'KILOGRAM', 'sample', 'discrete', 'NumericHealthValue'),
  DIETARY_CARBS_CONSUMED: t(['ios'], 'GRAM', 'sample', 'cumulative', 'NumericHealthValue'),
  DIETARY_CAFFEINE: t(['ios'], 'GRAM', 'sample', 'cumulative', 'NumericHealthValue'),
  DIETARY_ENERGY_CONSUMED: t(['ios'], 'KILOCALORIE', 'sample', 'cumulative', 'NumericHealthValue'),
  DIETARY_FATS_CONSUMED: t(['ios'], 'GRAM', 'sample', 'cumulative', 'NumericHealthValue'),
  DIETARY_PROTEIN_CONSUMED: t(['ios'], 'GRAM', 'sample', 'cumulative', 'NumericHealthValue'),
  DIETARY_FIBER: t(['ios'], 'GRAM', 'sample', 'cumulative', 'NumericHealthValue'),
  DIETARY_SUGAR: t(['ios'], 'GRAM', 'sample', 'cumulative', 'NumericHealthValue'),
  DIETARY_FAT_MONOUNSATURATED: t(['ios'], 'GRAM', 'sample', 'cumulative', 'NumericHealthValue'),
  DIETARY_FAT_POLYUNSATURATED: t(['ios'], 'GRAM', 'sample', 'cumulative', 'NumericHealthValue'),
  DIETARY_FAT_SATURATED: t(['ios'], 'GRAM', 'sample', 'cumulative', 'NumericHealthValue'),
  DIETARY_CHOLESTEROL: t(['ios'], 'GRAM', 'sample', 'cumulative', 'NumericHealthValue'),
  DIETARY_VITAMIN_A: t(['ios'], 'GRAM', 'sample', 'cumulative', 'NumericHealthValue'),
  DIETARY_THIAMIN: t(['ios'], 'GRAM', 'sample', 'cumulative', 'NumericHealthValue'),
  DIETARY_RIBOFLAVIN: t(['ios'], 'GRAM', 'sample', 'cumulative', 'NumericHealthValue'),
  DIETARY_NIACIN: t(['ios'], 'GRAM', 'sample', 'cumulative', 'NumericHealthValue'),
  DIETARY_PANTOTHENIC_ACID: t(['ios'], 'GRAM', 'sample', 'cumulative', 'NumericHealthValue'),
  DIETARY_VITAMIN_B6: t(['ios'], 'GRAM', 'sample', 'cumulative', 'NumericHealthValue'),
  DIETARY_BIOTIN: t(['ios'], 'GRAM', 'sample', 'cumulative', 'NumericHealthValue'),
  DIETARY_VITAMIN_B12: t(['ios'], 'GRAM', 'sample', 'cumulative', 'NumericHealthValue'),
  DIETARY_VITAMIN_C: t(['ios'], 'GRAM', 'sample', 'cumulative', 'NumericHealthValue'),
  DIETARY_VITAMIN_D: t(['ios'], 'GRAM', 'sample', 'cumulative', 'NumericHealthValue'),
  DIETARY_VITAMIN_E: t(['ios'], 'GRAM', 'sample', 'cumulative', 'NumericHealthValue'),
  DIETARY_VITAMIN_K: t(['ios'], 'GRAM', 'sample', 'cumulative', 'NumericHealthValue'),
  DIETARY_FOLATE: t(['ios'], 'GRAM', 'sample', 'cumulative', 'NumericHealthValue'),
  DIETARY_CALCIUM: t(['ios'], 'GRAM', 'sample', 'cumulative', 'NumericHealthValue'),
  DIETARY_CHLORIDE: t(['ios'], 'GRAM', 'sample', 'cumulative', 'NumericHealthValue'),
  DIETARY_IRON: t(['ios'], 'GRAM', 'sample', 'cumulative', 'NumericHealthValue'),
  DIETARY_MAGNESIUM: t(['ios'], 'GRAM', 'sample', 'cumulative', 'NumericHealthValue'),
  DIETARY_PHOSPHORUS: t(['ios'], 'GRAM', 'sample', 'cumulative', 'NumericHealthValue'),
  DIETARY_POTASSIUM: t(['ios'], 'GRAM', 'sample', 'cumulative', 'NumericHealthValue'),
  DIETARY_SODIUM: t(['ios'], 'GRAM', 'sample', 'cumulative', 'NumericHealthValue'),
  DIETARY_ZINC: t(['ios'], 'GRAM', 'sample', 'cumulative', 'NumericHealthValue'),
  DIETARY_CHROMIUM: t(['ios'], 'GRAM', 'sample', 'cumulative', 'NumericHealthValue'),
  DIETARY_COPPER: t(['ios'], 'GRAM', 'sample', 'cumulative', 'NumericHealthValue'),
  DIETARY_IODINE: t(['ios'], 'GRAM', 'sample', 'cumulative', 'NumericHealthValue'),
  DIETARY_MANGANESE: t(['ios'], 'GRAM', 'sample', 'cumulative', 'NumericHealthValue'),
  DIETARY_MOLYBDENUM: t(['ios'], 'GRAM', 'sample', 'cumulative', 'NumericHealthValue'),
  DIETARY_SELENIUM: t(['ios'], 'GRAM', 'sample', 'cumulative', 'NumericHealthValue'),
  FORCED_EXPIRATORY_VOLUME: t(['ios'], 'LITER', 'sample', 'discrete', 'NumericHealthValue'),
  HEART_RATE: t(['ios', 'android'], 'BEATS_PER_MINUTE', 'sample', 'discrete', 'NumericHealthValue'),
  HEART_RATE_VARIABILITY_SDNN: t(['ios'], 'MILLISECOND', 'sample', 'discrete', 'NumericHealthValue'),
  HEART_RATE_VARIABILITY_RMSSD: t(['android'], 'MILLISECOND', 'sample', 'discrete', 'NumericHealthValue'),
  HEIGHT: t(['ios', 'android'], 'METER', 'sample', 'discrete', 'NumericHealthValue'),
  INSULIN_DELIVERY: t(['ios'], 'INTERNATIONAL_UNIT', 'sample', 'cumulative', 'InsulinDeliveryHealthValue'),
  RESTING_HEART_RATE: t(['ios', 'android'], 'BEATS_PER_MINUTE', 'sample', 'discrete', 'NumericHealthValue'),
  RESPIRATORY_RATE: t(['ios', 'android'], 'RESPIRATIONS_PER_MINUTE', 'sample', 'discrete', 'NumericHealthValue'),
  PERIPHERAL_PERFUSION_INDEX: t(['ios'], 'PERCENT', 'sample', 'discrete', 'NumericHealthValue'),
  STEPS: t(['ios', 'android'], 'COUNT', 'sample', 'cumulative', 'NumericHealthValue'),
  WAIST_CIRCUMFERENCE: t(['ios'], 'METER', 'sample', 'discrete', 'NumericHealthValue'),
  WALKING_HEART_RATE: t(['ios'], 'BEATS_PER_MINUTE', 'sample', 'discrete', 'NumericHealthValue'),
  WEIGHT: t(['ios', 'android'], 'KILOGRAM', 'sample', 'discrete', 'NumericHealthValue'),
  DISTANCE_WALKING_RUNNING: t(['ios'], 'METER', 'sample', 'cumulative', 'NumericHealthValue'),
  DISTANCE_SWIMMING: t(['ios'], 'METER', 'sample', 'cumulative', 'NumericHealthValue'),
  DISTANCE_CYCLING: t(['ios'], 'METER', 'sample', 'cumulative', 'NumericHealthValue'),
  FLIGHTS_CLIMBED: t(['ios', 'android'], 'COUNT', 'sample', 'cumulative', 'NumericHealthValue'),
  DISTANCE_DELTA: t(['android'], 'METER', 'sample', 'cumulative', 'NumericHealthValue'),
  WALKING_SPEED: t(['ios'], 'METER_PER_SECOND', 'sample', 'discrete', 'NumericHealthValue'),
  SPEED: t(['android'], 'METER_PER_SECOND', 'sample', 'discrete', 'NumericHealthValue'),
  MINDFULNESS: t(['ios'], 'MINUTE', 'sample', 'cumulative', 'NumericHealthValue'),
  WATER: t(['ios', 'android'], 'LITER', 'sample', 'cumulative', 'NumericHealthValue'),
  SLEEP_ASLEEP: t(['ios', 'android'], 'MINUTE', 'sleep', null, 'NumericHealthValue'),
  SLEEP_AWAKE_IN_BED: t(['android'], 'MINUTE', 'sleep', null, 'NumericHealthValue'),
  SLEEP_AWAKE: t(['ios', 'android'], 'MINUTE', 'sleep', null, 'NumericHealthValue'),
  SLEEP_DEEP: t(['ios', 'android'], 'MINUTE', 'sleep', null, 'NumericHealthValue'),
  SLEEP_IN_BED: t(['ios'], 'MINUTE', 'sleep', null, 'NumericHealthValue'),
  SLEEP_LIGHT: t(['ios', 'android'], 'MINUTE', 'sleep', null, 'NumericHealthValue'),
  SLEEP_OUT_OF_BED: t(['android'], 'MINUTE', 'sleep', null, 'NumericHealthValue'),
  SLEEP_REM: t(['ios', 'android'], 'MINUTE', 'sleep', null, 'NumericHealthValue'),
  SLEEP_SESSION: t(['android'], 'MINUTE', 'sleep', null, 'NumericHealthValue'),
  SLEEP_UNKNOWN: t(['android'], 'MINUTE', 'sleep', null, 'NumericHealthValue'),
  EXERCISE_TIME: t(['ios'], 'MINUTE', 'sample', 'cumulative', 'NumericHealthValue'),
  WORKOUT: t(['ios', 'android'], 'NO_UNIT', 'workout', null, 'WorkoutHealthValue'),
  WORKOUT_ROUTE: t(['ios', 'android'], 'NO_UNIT', 'sample', null, 'WorkoutRouteHealthValue'),
  HEADACHE_NOT_PRESENT: t(['ios'], 'MINUTE', 'sample', 'count', 'NumericHealthValue'),
  HEADACHE_MILD: t(['ios'], 'MINUTE', 'sample', 'count', 'NumericHealthValue'),
  HEADACHE_MODERATE: t(['ios'], 'MINUTE', 'sample', 'count', 'NumericHealthValue'),
  HEADACHE_SEVERE: t(['ios'], 'MINUTE', 'sample', 'count', 'NumericHealthValue'),
  HEADACHE_UNSPECIFIED: t(['ios'], 'MINUTE', 'sample', 'count', 'NumericHealthValue'),
  NUTRITION: t(['ios', 'android'], 'NO_UNIT', 'sample', null, 'NutritionHealthValue'),
  UV_INDEX: t(['ios'], 'COUNT', 'sample', 'discrete', 'NumericHealthValue'),
  GENDER: t(['ios'], 'NO_UNIT', 'profile', null, 'NumericHealthValue'),
  BIRTH_DATE: t(['ios'], 'NO_UNIT', 'profile', null, 'NumericHealthValue'),
  BLOOD_TYPE: t(['ios'], 'NO_UNIT', 'profile', null, 'NumericHealthValue'),
  MENSTRUATION_FLOW: t(['ios', 'android'], 'NO_UNIT', 'sample', null, 'MenstruationFlowHealthValue'),
  WATER_TEMPERATURE: t(['ios'], 'DEGREE_CELSIUS', 'sample', 'discrete', 'NumericHealthValue'),
  UNDERWATER_DEPTH: t(['ios'], 'METER', 'sample', 'discrete', 'NumericHealthValue'),
  SLEEP_WRIST_TEMPERATURE: t(['ios'], 'DEGREE_CELSIUS', 'sample', 'discrete', 'NumericHealthValue'),
  HIGH_HEART_RATE_EVENT: t(['ios'], 'NO_UNIT', 'sample', 'count', 'NumericHealthValue'),
  LOW_HEART_RATE_EVENT: t(['ios'], 'NO_UNIT', 'sample', 'count', 'NumericHealthValue'),
  IRREGULAR_HEART_RATE_EVENT: t(['ios'], 'NO_UNIT', 'sample', 'count', 'NumericHealthValue'),
  ELECTRODERMAL_ACTIVITY: t(['ios'], 'SIEMEN', 'sample', 'discrete', 'NumericHealthValue'),
  ELECTROCARDIOGRAM: t(['ios'], 'VOLT', 'sample', null, 'ElectrocardiogramHealthValue'),
  TOTAL_CALORIES_BURNED: t(['ios', 'android'], 'KILOCALORIE', 'sample', 'cumulative', 'NumericHealthValue'),
  ACTIVITY_INTENSITY: t(['android'], 'MINUTE', 'sample', 'cumulative', 'ActivityIntensityHealthValue'),
  SKIN_TEMPERATURE: t(['android'], 'DEGREE_CELSIUS', 'sample', 'discrete', 'SkinTemperatureHealthValue'),
} as const satisfies Record<string, HealthDataTypeInfo>;

export type HealthDataTypeName = keyof typeof HEALTH_DATA_TYPES;

export const HEALTH_DATA_TYPE_NAMES = Object.keys(HEALTH_DATA_TYPES) as HealthDataTypeName[];

export function healthDataTypeInfo(name: string): HealthDataTypeInfo | undefined {
  return Object.hasOwn(HEALTH_DATA_TYPES, name) ? HEALTH_DATA_TYPES[name as HealthDataTypeName] : undefined;
}

/**
 * Where one type means different things per platform. Health Connect has no basal energy burned,
 * only BasalMetabolicRateRecord: the package sends it as BASAL_ENERGY_BURNED, an instant in kcal/day
 * (HealthDataConverter.kt), a rate to average, where HealthKit's basalEnergyBurned is kcal spent over
 * an interval, an amount to sum.
 */
export const ANDROID_KINDS: Readonly<Record<string, MetricKind>> = { BASAL_ENERGY_BURNED: 'discrete' };

/** The characteristics HealthKit keeps once per user: they go to the profile, not to a health table. */
export const PROFILE_TYPES = HEALTH_DATA_TYPE_NAMES.filter((n) => HEALTH_DATA_TYPES[n].table === 'profile');
