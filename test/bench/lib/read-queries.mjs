// The app's read queries as the benchmarks send them, and a GraphQL client over HTTP with a JWT.
// Shared by read-bench.mjs (its own fixture user) and simulate.mjs (a typical user of a filled
// database): both hold a year of 2025 for the measured user, so the same windows apply.
import { signToken } from './bench-processes.mjs';

export const BENCH_JWT_SECRET = 'bench-secret-bench-secret-bench-secret';

/** Name → GraphQL query text. */
export const READ_QUERIES = {
  'year of daily steps (365 buckets)': `{ aggregates(sampleType: "STEPS", from: "2025-01-01T00:00:00+01:00", to: "2026-01-01T00:00:00+01:00", bucket: DAY, timeZone: "Europe/Berlin") { localStart sum sources { sourceId sum } } }`,
  'week of hourly steps': `{ aggregates(sampleType: "STEPS", from: "2025-06-02T00:00:00+02:00", to: "2025-06-09T00:00:00+02:00", bucket: HOUR, timeZone: "Europe/Berlin") { localStart sum sources { sourceId sum } } }`,
  'year of monthly steps': `{ aggregates(sampleType: "STEPS", from: "2025-01-01T00:00:00+01:00", to: "2026-01-01T00:00:00+01:00", bucket: MONTH, timeZone: "Europe/Berlin") { localStart sum } }`,
  'month of sleep nights': `{ sleepSessions(from: "2025-06-01T00:00:00+02:00", to: "2025-07-01T00:00:00+02:00", timeZone: "Europe/Berlin") { date asleepMinutes skippedSources } }`,
  'page of 100 raw samples': `{ samples(sampleType: "STEPS", from: "2025-06-01T00:00:00Z", to: "2025-07-01T00:00:00Z", first: 100) { edges { cursor node { id value } } pageInfo { hasNextPage } } }`,
  'page of 100 samples, precedence applied': `{ samples(sampleType: "STEPS", from: "2025-06-01T00:00:00Z", to: "2025-07-01T00:00:00Z", first: 100, precedence: APPLIED) { edges { cursor node { id value } } } }`,
  'daily summary': `{ dailySummary(date: "2025-06-15", timeZone: "Europe/Berlin") { steps sleep { asleepMinutes } } }`,
};

/**
 * The screens' typed reads, timed by read-bench.mjs only (its fixture user has the meals, workouts
 * with a third party's copy, heart rate and weights they read; simulate.mjs's users do not).
 */
export const SCREEN_READ_QUERIES = {
  'nutrition, a month of days': `{ nutrition(from: "2025-06-01T00:00:00+02:00", to: "2025-07-01T00:00:00+02:00", timeZone: "Europe/Berlin") { date totals { nutrient total } meals { name energyKcal } } }`,
  'workouts APPLIED, a month newest first': `{ workouts(from: "2025-06-01T00:00:00Z", to: "2025-07-01T00:00:00Z", precedence: APPLIED, order: DESC) { edges { node { id activityType totalDistance totalEnergyBurned heartRate { avg max } hasRoute } } } }`,
  'latest weight, height, steps': `{ latest(sampleTypes: ["WEIGHT", "HEIGHT", "STEPS"]) { sampleType sample { value startTime sourceName } } }`,
};

/** The nearest-rank percentile of an ascending list. */
export const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

/** `gql(query)` → data, as `subject`, against the API at `url`; a GraphQL error throws. */
export async function graphqlClient(url, subject) {
  const token = await signToken(subject, BENCH_JWT_SECRET, '1h');
  return async (query, variables = {}) => {
    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = await res.json();
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data;
  };
}

/** Each query `runs` times after 3 warm-up calls that must pass `checks[name]`: p50/p95/p99/max in ms. */
export async function timeQueries(gql, queries, checks, runs) {
  const results = {};
  for (const [name, q] of Object.entries(queries)) {
    for (let i = 0; i < 3; i++) if (!checks[name](await gql(q))) throw new Error(`${name}: unexpected answer`);
    const times = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      await gql(q);
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    const ms = (x) => +x.toFixed(1);
    results[name] = { p50Ms: ms(pct(times, 50)), p95Ms: ms(pct(times, 95)), p99Ms: ms(pct(times, 99)), maxMs: ms(times.at(-1)) };
  }
  return results;
}
