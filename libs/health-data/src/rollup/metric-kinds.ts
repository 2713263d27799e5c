import {
  ANDROID_KINDS,
  HEALTH_DATA_TYPE_NAMES,
  HEALTH_DATA_TYPES,
  healthDataTypeInfo,
  MetricKind,
} from '../catalog/health-data-types';

export type { MetricKind } from '../catalog/health-data-types';

/**
 * How a metric adds up (the `kind` of each type in catalog/health-data-types.ts):
 * - cumulative metrics (steps, distance, energy, every DIETARY_*, water, insulin, …) are amounts
 *   spread over a sample's interval: a bucket sums the share of each winning sample that falls in it;
 * - discrete metrics (heart rate, SpO₂, weight, speeds, temperatures, UV index, …) are readings: a
 *   bucket gives avg/min/max/count of them;
 * - count metrics (headaches, heart-rate events, stand hours) are category events: a bucket counts
 *   them. Their rollup is the discrete one (each event counted once, where it starts).
 * Anything not in the catalog is discrete, except the few names below that newer HealthKit versions
 * or other apps write as amounts.
 */
const OTHER_CUMULATIVE = ['SWIMMING_STROKES', 'WHEELCHAIR_PUSHES'];

/** The metrics whose rollup spreads each sample over its interval (the SQL's cumulative list). */
export const CUMULATIVE_TYPES: readonly string[] = [
  ...HEALTH_DATA_TYPE_NAMES.filter((n) => HEALTH_DATA_TYPES[n].kind === 'cumulative'),
  ...OTHER_CUMULATIVE,
];

const CUMULATIVE = new Set(CUMULATIVE_TYPES);

/**
 * The kind of a metric. `platforms` are the platforms of the sources whose data is being read: a
 * type that means something else on Health Connect (Android's BASAL_ENERGY_BURNED is a kcal/day
 * rate) takes its Android kind when every source is a Health Connect one.
 */
export function metricKindOf(sampleType: string, platforms: readonly string[] = []): MetricKind {
  const android = ANDROID_KINDS[sampleType];
  if (android && platforms.length > 0 && platforms.every((p) => p === 'googleHealthConnect')) return android;
  if (CUMULATIVE.has(sampleType)) return 'cumulative';
  return healthDataTypeInfo(sampleType)?.kind === 'count' ? 'count' : 'discrete';
}
