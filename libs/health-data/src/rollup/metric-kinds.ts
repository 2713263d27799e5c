/**
 * How a metric adds up. Cumulative metrics (steps, distance, energy, …) are amounts spread over a
 * sample's interval: a bucket sums the share of each winning sample that falls in it. Discrete
 * metrics (heart rate, SpO₂, weight, …) are readings: a bucket gives avg/min/max/count of them.
 * Names are the Flutter `health` package's HealthDataType names; anything not listed is discrete.
 */
export const CUMULATIVE_TYPES: readonly string[] = [
  'ACTIVE_ENERGY_BURNED',
  'BASAL_ENERGY_BURNED',
  'TOTAL_CALORIES_BURNED',
  'STEPS',
  'DISTANCE_WALKING_RUNNING',
  'DISTANCE_CYCLING',
  'DISTANCE_SWIMMING',
  'DISTANCE_DELTA',
  'FLIGHTS_CLIMBED',
  'EXERCISE_TIME',
  'APPLE_STAND_TIME',
  'APPLE_MOVE_TIME',
  'MINDFULNESS',
  'WATER',
  'DIETARY_ENERGY_CONSUMED',
  'DIETARY_CARBS_CONSUMED',
  'DIETARY_PROTEIN_CONSUMED',
  'DIETARY_FATS_CONSUMED',
  'DIETARY_CAFFEINE',
  'SWIMMING_STROKES',
  'WHEELCHAIR_PUSHES',
];

const CUMULATIVE = new Set(CUMULATIVE_TYPES);

export type MetricKind = 'cumulative' | 'discrete';

export function metricKindOf(sampleType: string): MetricKind {
  return CUMULATIVE.has(sampleType) ? 'cumulative' : 'discrete';
}
