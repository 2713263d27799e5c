import { HEALTH_DATA_TYPE_NAMES, HEALTH_DATA_TYPES, healthDataTypeInfo } from '../catalog/health-data-types';

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
 * Types whose value must be a plain number: every catalog type the package sends as a
 * NumericHealthValue. Unknown types are still accepted and stored as samples; for them a
 * numericValue is checked only when present.
 */
export const NUMERIC_TYPES = new Set<string>(
  HEALTH_DATA_TYPE_NAMES.filter(
    (n) => HEALTH_DATA_TYPES[n].value === 'NumericHealthValue' && HEALTH_DATA_TYPES[n].table === 'sample',
  ),
);

/**
 * Structured values that still carry the one number their kind adds up: stored as the sample's
 * value (so aggregates see them) next to the whole object (value_detail). Insulin units are an
 * amount, activity-intensity minutes a duration, a skin-temperature delta a reading.
 */
export const STRUCTURED_NUMBERS: Readonly<Record<string, string>> = {
  INSULIN_DELIVERY: 'units',
  ACTIVITY_INTENSITY: 'minutes',
  SKIN_TEMPERATURE: 'temperature_delta',
};

/**
 * The table of a point. The catalog decides for the package's types (SLEEP_WRIST_TEMPERATURE is a
 * temperature reading, a sample, though its name starts with SLEEP_); a name a newer app invents
 * goes by its prefix. Profile types (GENDER, …) never reach here: parsePoint takes them first.
 */
export function targetTableFor(type: string): TargetTable {
  const table = healthDataTypeInfo(type)?.table;
  if (table && table !== 'profile') return table;
  if (type === 'WORKOUT') return 'workout';
  if (type.startsWith('SLEEP_')) return 'sleep';
  if (type.startsWith('CLINICAL_')) return 'clinical';
  return 'sample';
}

export function sleepStageFor(type: string): string {
  return SLEEP_STAGES[type] ?? 'unknown';
}
