import { ComplexityEstimator, ComplexityEstimatorArgs } from 'graphql-query-complexity';
import { getNamedType, isLeafType } from 'graphql';

/**
 * What one root field costs before its rows: roughly the database work it starts. Keyed by field
 * name so the read resolvers need no annotations (they change often); a root field missing here
 * costs DEFAULT_ROOT_COST, high enough that a new query is not a cheap way around the limit.
 */
export const ROOT_FIELD_COST: Readonly<Record<string, number>> = {
  syncHealthKitSamples: 50,
  syncState: 1,
  syncStates: 5,
  sources: 10,
  samples: 10,
  workouts: 10,
  sleepStages: 10,
  clinicalRecords: 10,
  // A GROUP BY over a range that may span years.
  aggregates: 500,
  // Up to 100,000 stage rows (≈ 30 MB of objects) grouped into nights: at most two per operation
  // under the default QUERY_MAX_COST, so aliases cannot fill the heap (50 of them once could).
  sleepSessions: 12_500,
  // Four day totals, a night and the day's workouts.
  dailySummary: 1500,
  syncProgress: 10,
  // One row by its unique index.
  profile: 1,
  // Paged like samples; a pair per row.
  bloodPressure: 10,
  // One index probe per type asked (at most 32).
  latest: 50,
  // Raw meal and nutrient rows of a range that may span a year.
  nutrition: 500,
  // One workout's routes.
  workoutRoute: 20,
  // A ranking change rebuilds the user's rollup from raw rows (seconds for a year of minute data).
  setSourcePrecedence: 2000,
  resetSourcePrecedence: 2000,
};
export const DEFAULT_ROOT_COST = 100;

/** Arguments that bound how many rows a list field returns. */
const SIZE_ARGS = ['first', 'limit'] as const;

const ROOT_TYPES = new Set(['Query', 'Mutation', 'Subscription']);

function sizeOf(args: Record<string, unknown>): number | null {
  for (const name of SIZE_ARGS) {
    const value = args[name];
    if (typeof value === 'number' && Number.isFinite(value) && value > 0) return value;
  }
  return null;
}

/**
 * cost = own + rows × (1 + what each row asks for), where rows is the `first`/`limit` argument
 * (defaults included) and 1 otherwise. Own is the root field's base cost, 1 for a nested object,
 * 0 for a scalar; introspection costs nothing here (production turns it off).
 * So `samples(limit: 10000) { value source { name } }` costs 10 + 10000 × 2, and every alias of a
 * field is counted again: 500 aliased `aggregates` cost 250,000.
 */
export const queryCostEstimator: ComplexityEstimator = ({ type, field, args, childComplexity }: ComplexityEstimatorArgs) => {
  if (field.name.startsWith('__')) return 0;
  const isRoot = ROOT_TYPES.has(type.name);
  const own = isRoot ? (ROOT_FIELD_COST[field.name] ?? DEFAULT_ROOT_COST) : isLeafType(getNamedType(field.type)) ? 0 : 1;
  const rows = sizeOf(args);
  return rows === null ? own + childComplexity : own + rows * (1 + childComplexity);
};
