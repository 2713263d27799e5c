/** Which table a point lands in. Decided by `type`, never by `value.__type` (obfuscated builds mangle it). */
export type TargetTable = 'sample' | 'workout' | 'sleep' | 'clinical';

export const DATA_TYPE_PATTERN = /^[A-Z][A-Z0-9_]*$/;

const SLEEP_STAGES: Record<string, string> = {
  SLEEP_IN_BED: 'in_bed',
  SLEEP_ASLEEP: 'asleep',
  SLEEP_ASLEEP_CORE: 'light',
  SLEEP_LIGHT: 'light', // HealthKit "core"
  SLEEP_DEEP: 'deep',
  SLEEP_ASLEEP_DEEP: 'deep',
  SLEEP_REM: 'rem',
  SLEEP_ASLEEP_REM: 'rem',
  SLEEP_AWAKE: 'awake',
  SLEEP_AWAKE_IN_BED: 'awake',
  SLEEP_OUT_OF_BED: 'out_of_bed',
  SLEEP_SESSION: 'session',
  SLEEP_UNKNOWN: 'unknown',
};

/**
 * Types whose value must be a plain number. Unknown types are still accepted and stored as
 * samples; for them a numericValue is checked only when present.
 */
export const NUMERIC_TYPES = new Set([
  'ACTIVE_ENERGY_BURNED',
  'BASAL_ENERGY_BURNED',
  'BLOOD_GLUCOSE',
  'BLOOD_OXYGEN',
  'BLOOD_PRESSURE_DIASTOLIC',
  'BLOOD_PRESSURE_SYSTOLIC',
  'BODY_FAT_PERCENTAGE',
  'BODY_MASS_INDEX',
  'BODY_TEMPERATURE',
  'DISTANCE_DELTA',
  'DISTANCE_WALKING_RUNNING',
  'EXERCISE_TIME',
  'FLIGHTS_CLIMBED',
  'HEART_RATE',
  'HEART_RATE_VARIABILITY_RMSSD',
  'HEART_RATE_VARIABILITY_SDNN',
  'HEIGHT',
  'RESPIRATORY_RATE',
  'RESTING_HEART_RATE',
  'STEPS',
  'WALKING_HEART_RATE',
  'WATER',
  'WEIGHT',
]);

export function targetTableFor(type: string): TargetTable {
  if (type === 'WORKOUT') return 'workout';
  if (type.startsWith('SLEEP_')) return 'sleep';
  if (type.startsWith('CLINICAL_')) return 'clinical';
  return 'sample';
}

export function sleepStageFor(type: string): string {
  return SLEEP_STAGES[type] ?? 'unknown';
}
