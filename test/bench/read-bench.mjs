// Read-side benchmark: one user with a year of minute-level Watch + iPhone steps (≈ 380k rows) and
// a year of nights, 20 other users in the same tables, then the app's read queries through the
// built API over HTTP GraphQL: p50/p95 of each. Rows are generated straight into PostgreSQL in the
// shape the worker writes, and the aggregates rollup is built with the worker's own code.
// Usage: npm run bench:read [-- --runs 30 --others 20]   (npm run bench runs it after the ingest bench)
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { freshDatabase, ROOT, start, waitReady } from './lib/bench-processes.mjs';
import { BENCH_JWT_SECRET, graphqlClient, READ_QUERIES, SCREEN_READ_QUERIES, timeQueries } from './lib/read-queries.mjs';

const require = createRequire(import.meta.url);
const { Client } = require('pg');
const { rebuildRollup, resolveContexts, resolveTypeIds, resolveUserRef, AGGREGATE_SQL } = require(
  join(ROOT, 'dist/libs/store/src/index.js'),
);

const DB = 'healthsync_bench_read';
const DATABASE_URL = `postgres://postgres@127.0.0.1:5432/${DB}`;
const YEAR_START = '2025-01-01T00:00:00Z';

/** One user's year: Watch steps every minute 07:00–22:30 UTC, iPhone 10-minute samples 06:00–24:00, nightly sleep. */
const SEED_USER = `
WITH src AS (
  INSERT INTO healthkit_source (user_ref, platform, bundle_id, name, kind, precedence) VALUES
    ($4, 'appleHealth', 'com.apple.health.W', 'Watch', 'apple_watch', 1),
    ($4, 'appleHealth', 'com.apple.health.P', 'iPhone', 'iphone', 2)
  RETURNING id, kind
), watch AS (SELECT id FROM src WHERE kind = 'apple_watch'), phone AS (SELECT id FROM src WHERE kind = 'iphone'),
days AS (SELECT d FROM generate_series($2::timestamptz, $2::timestamptz + ($3 - 1) * interval '1 day', interval '1 day') AS d),
w AS (
  INSERT INTO healthkit_sample (user_ref, record_key, type_id, context_id, start_time, end_time, source_id, value)
  SELECT $4, md5($1 || 'w' || t::text)::uuid, $5, $6, t, t + interval '1 minute', watch.id, 10 + (extract(minute FROM t)::int % 30)
  FROM watch, days, generate_series(d + interval '7 hours', d + interval '22 hours 29 minutes', interval '1 minute') AS t
  RETURNING 1
), p AS (
  INSERT INTO healthkit_sample (user_ref, record_key, type_id, context_id, start_time, end_time, source_id, value)
  SELECT $4, md5($1 || 'p' || t::text)::uuid, $5, $6, t, t + interval '10 minutes', phone.id, 150
  FROM phone, days, generate_series(d + interval '6 hours', d + interval '23 hours 50 minutes', interval '10 minutes') AS t
  RETURNING 1
), s AS (
  INSERT INTO healthkit_sleep_analysis (user_ref, record_key, type_id, context_id, start_time, end_time, source_id, stage, value)
  SELECT $4, md5($1 || st.stage || st.o || d::text)::uuid, ty.id, $7, d - interval '1 hour' + st.o * interval '1 minute',
         d - interval '1 hour' + (st.o + st.m) * interval '1 minute', CASE WHEN st.stage = 'asleep' THEN phone.id ELSE watch.id END,
         st.stage, st.m
  FROM watch, phone, days,
       (VALUES ('in_bed', 0, 480), ('light', 10, 150), ('deep', 160, 90), ('rem', 250, 80), ('awake', 330, 10), ('light', 340, 130), ('asleep', 20, 440))
         AS st(stage, o, m)
  JOIN unnest($8::text[], $9::int[]) AS ty(name, id) ON ty.name = 'SLEEP_' || upper(st.stage)
  RETURNING 1
)
SELECT (SELECT count(*) FROM w) + (SELECT count(*) FROM p) AS samples, (SELECT count(*) FROM s) AS sleep`;

/**
 * What the screens' reads need, for the same user over the same days: three meals a day from a food
 * app (each as a NUTRITION meal and as its DIETARY_ENERGY_CONSUMED part, as HealthKit hands them
 * out), a Watch run at 17:00 with Strava's copy one minute later, the Watch's heart rate every
 * minute of the run, and a morning weight from the iPhone. Parameters: $1 user, $2 first day, $3 days,
 * $4 user_ref, $5 type names, $6 their ids, $7 context ids (no unit, kcal, bpm, kg).
 */
const SEED_SCREENS = `
WITH src AS (
  INSERT INTO healthkit_source (user_ref, platform, bundle_id, name, kind, precedence) VALUES
    ($4, 'appleHealth', 'com.strava.stravaride', 'Strava', 'third_party', 3),
    ($4, 'appleHealth', 'com.myfitnesspal.mfp', 'MyFitnessPal', 'third_party', 3)
  RETURNING id, name
), strava AS (SELECT id FROM src WHERE name = 'Strava'), mfp AS (SELECT id FROM src WHERE name = 'MyFitnessPal'),
watch AS (SELECT id FROM healthkit_source WHERE user_ref = $4 AND kind = 'apple_watch'),
phone AS (SELECT id FROM healthkit_source WHERE user_ref = $4 AND kind = 'iphone'),
ty AS (SELECT name, id FROM unnest($5::text[], $6::int[]) AS t(name, id)),
days AS (SELECT d FROM generate_series($2::timestamptz, $2::timestamptz + ($3 - 1) * interval '1 day', interval '1 day') AS d),
menu AS (SELECT * FROM (VALUES (1, interval '7 hours', 'Oatmeal', 'BREAKFAST', 350, 12), (2, interval '12 hours', 'Salad', 'LUNCH', 450, 20),
                               (3, interval '19 hours', 'Pasta', 'DINNER', 700, 25)) AS m(n, h, name, kind, kcal, protein)),
meals AS (
  INSERT INTO healthkit_sample (user_ref, record_key, type_id, context_id, start_time, end_time, source_id, value, value_detail)
  SELECT $4, md5($1 || 'meal' || m.n || d::text)::uuid, (SELECT id FROM ty WHERE name = 'NUTRITION'), ($7::bigint[])[1], d + m.h, d + m.h, mfp.id, NULL,
         jsonb_build_object('__type', 'NutritionHealthValue', 'name', m.name, 'meal_type', m.kind, 'calories', m.kcal, 'protein', m.protein)
  FROM mfp, days, menu m
  RETURNING 1
), parts AS (
  INSERT INTO healthkit_sample (user_ref, record_key, type_id, context_id, start_time, end_time, source_id, value)
  SELECT $4, md5($1 || 'kcal' || m.n || d::text)::uuid, (SELECT id FROM ty WHERE name = 'DIETARY_ENERGY_CONSUMED'), ($7::bigint[])[2], d + m.h, d + m.h, mfp.id, m.kcal
  FROM mfp, days, menu m
  RETURNING 1
), runs AS (
  INSERT INTO healthkit_workout (user_ref, record_key, type_id, context_id, start_time, end_time, source_id, activity_type,
                                 duration_seconds, total_energy_burned, total_energy_burned_unit, total_distance, total_distance_unit)
  SELECT $4, md5($1 || w.k || d::text)::uuid, (SELECT id FROM ty WHERE name = 'WORKOUT'), ($7::bigint[])[1], d + interval '17 hours' + w.o,
         d + interval '17 hours 45 minutes' + w.o, w.src, 'RUNNING', 2700, 420, 'KILOCALORIE', 7000, 'METER'
  FROM days, (SELECT 'run' AS k, interval '0 minutes' AS o, (SELECT id FROM watch) AS src
              UNION ALL SELECT 'strava', interval '1 minute', (SELECT id FROM strava)) AS w
  RETURNING 1
), hr AS (
  INSERT INTO healthkit_sample (user_ref, record_key, type_id, context_id, start_time, end_time, source_id, value)
  SELECT $4, md5($1 || 'hr' || t::text)::uuid, (SELECT id FROM ty WHERE name = 'HEART_RATE'), ($7::bigint[])[3], t, t, watch.id, 140 + extract(minute FROM t)::int % 10
  FROM watch, days, generate_series(d + interval '17 hours', d + interval '17 hours 44 minutes', interval '1 minute') AS t
  RETURNING 1
), weight AS (
  INSERT INTO healthkit_sample (user_ref, record_key, type_id, context_id, start_time, end_time, source_id, value)
  SELECT $4, md5($1 || 'kg' || d::text)::uuid, (SELECT id FROM ty WHERE name = 'WEIGHT'), ($7::bigint[])[4], d + interval '7 hours', d + interval '7 hours',
         phone.id, 70 + extract(doy FROM d)::int % 5 / 10.0
  FROM phone, days
  RETURNING 1
)
SELECT (SELECT count(*) FROM meals) + (SELECT count(*) FROM parts) + (SELECT count(*) FROM hr) + (SELECT count(*) FROM weight) AS samples,
       (SELECT count(*) FROM runs) AS workouts`;

const SCREEN_TYPES = ['NUTRITION', 'DIETARY_ENERGY_CONSUMED', 'WORKOUT', 'HEART_RATE', 'WEIGHT'];

export async function runReadBench({ runs = 30, others = 20 } = {}) {
  await freshDatabase(DB);
  const env = {
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    DATABASE_URL,
    REDIS_URL: 'redis://127.0.0.1:6379/9',
    QUEUE_PREFIX: `bench-read-${process.pid}`,
    JWT_SECRET: BENCH_JWT_SECRET,
    PORT: '3851',
  };
  await new Promise((resolve) => start('dist/apps/api/src/migrate.js', env).once('exit', resolve));

  // As the apps connect: JIT off (see libs/database data-source-options).
  const db = new Client({ connectionString: DATABASE_URL, options: '-c jit=off' });
  await db.connect();
  const em = { query: async (sql, params) => (await db.query(sql, params)).rows };
  // The references the worker would have made for these rows.
  const sleepTypes = ['SLEEP_IN_BED', 'SLEEP_LIGHT', 'SLEEP_DEEP', 'SLEEP_REM', 'SLEEP_AWAKE', 'SLEEP_ASLEEP'];
  const [stepsType, ...sleepTypeIds] = await resolveTypeIds(em, ['STEPS', ...sleepTypes]);
  const seed = async (user, start, days) => {
    const userRef = await resolveUserRef(em, user);
    const context = (unit) => ({ unit, recordingMethod: 'automatic', sourceDeviceId: null, metadata: null });
    const [count, minute] = await resolveContexts(em, userRef, [context('COUNT'), context('MINUTE')]);
    return (await db.query(SEED_USER, [user, start, days, userRef, stepsType, count, minute, sleepTypes, sleepTypeIds])).rows;
  };
  let t = performance.now();
  const [main] = await seed('bench-reader', YEAR_START, 365);
  const screenTypeIds = await resolveTypeIds(em, SCREEN_TYPES);
  const readerRef = await resolveUserRef(em, 'bench-reader');
  const screenContexts = await resolveContexts(
    em,
    readerRef,
    ['NO_UNIT', 'KILOCALORIE', 'BEATS_PER_MINUTE', 'KILOGRAM'].map((unit) => ({
      unit,
      recordingMethod: 'automatic',
      sourceDeviceId: null,
      metadata: null,
    })),
  );
  const [screens] = (
    await db.query(SEED_SCREENS, ['bench-reader', YEAR_START, 365, readerRef, SCREEN_TYPES, screenTypeIds, screenContexts])
  ).rows;
  for (let u = 0; u < others; u++) await seed(`bench-other-${u}`, '2025-06-01T00:00:00Z', 30);
  const seedMs = performance.now() - t;
  await db.query('ANALYZE');
  t = performance.now();
  await db.query('BEGIN');
  await rebuildRollup(em, 'bench-reader');
  await db.query('COMMIT');
  const rebuildMs = performance.now() - t;
  for (let u = 0; u < others; u++) {
    await db.query('BEGIN');
    await rebuildRollup(em, `bench-other-${u}`);
    await db.query('COMMIT');
  }
  await db.query('ANALYZE');
  const [{ total, rollup }] = (
    await db.query(`SELECT (SELECT count(*) FROM healthkit_sample)::int AS total,
      (SELECT count(*) FROM sample_rollup r JOIN app_user u ON u.id = r.user_ref WHERE u.subject = 'bench-reader')::int AS rollup`)
  ).rows;

  const api = start('dist/apps/api/src/main.js', env);
  const url = 'http://127.0.0.1:3851';
  await waitReady(url);
  const gql = await graphqlClient(url, 'bench-reader');
  // What this fixture must answer: exact bucket counts for its minute-level steps and nightly sleep.
  const checks = {
    'year of daily steps (365 buckets)': (d) => d.aggregates.length === 365 && d.aggregates.every((b) => b.sum > 0),
    'week of hourly steps': (d) => d.aggregates.length === 7 * 18,
    'year of monthly steps': (d) => d.aggregates.length === 12,
    'month of sleep nights': (d) => d.sleepSessions.length === 30,
    'page of 100 raw samples': (d) => d.samples.edges.length === 100,
    'page of 100 samples, precedence applied': (d) => d.samples.edges.length === 100,
    'daily summary': (d) => d.dailySummary.steps > 0,
    // 30 days of three meals (each also sent as its energy sample): 1,500 kcal a day, counted once.
    'nutrition, a month of days': (d) =>
      d.nutrition.length === 30 &&
      d.nutrition.every((day) => day.meals.length === 3 && day.totals.find((t) => t.nutrient === 'calories')?.total === 1500),
    // 30 Watch runs, Strava's copies left out, each with the heart rate of its 45 minutes.
    'workouts APPLIED, a month newest first': (d) =>
      d.workouts.edges.length === 30 && d.workouts.edges.every((e) => e.node.heartRate?.max === 149),
    'latest weight, height, steps': (d) =>
      d.latest[0].sample?.startTime === '2025-12-31T07:00:00.000Z' && d.latest[1].sample === null && d.latest[2].sample !== null,
  };
  const results = await timeQueries(gql, { ...READ_QUERIES, ...SCREEN_READ_QUERIES }, checks, runs);
  api.kill('SIGTERM');

  // The heaviest query's plan, run the way the API runs it.
  const plan = (
    await db.query(`EXPLAIN (ANALYZE, BUFFERS) ${AGGREGATE_SQL}`, [
      'bench-reader',
      'STEPS',
      '2025-01-01T00:00:00+01:00',
      '2026-01-01T00:00:00+01:00',
      'day',
      'Europe/Berlin',
    ])
  ).rows.map((r) => r['QUERY PLAN']);
  await db.end();

  const machine = `${cpus().length} x ${cpus()[0].model}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}, PostgreSQL + API local`;
  console.log(`\nread bench — ${machine}`);
  console.log(
    `data: user with ${Number(main.samples)} step samples over 365 days (Watch every minute, iPhone every 10 min) + ${Number(main.sleep)} sleep rows + ${Number(screens.samples)} meal, heart-rate and weight samples and ${Number(screens.workouts)} workouts; ${others} other users; ${total} samples in the table; seeded in ${(seedMs / 1000).toFixed(1)} s`,
  );
  console.log(
    `rollup: rebuilt for the year in ${(rebuildMs / 1000).toFixed(1)} s (what a ranking change costs this user), ${rollup} rows`,
  );
  console.log(`latency through GraphQL over HTTP, ${runs} runs each after 3 warm-ups:`);
  for (const [name, r] of Object.entries(results))
    console.log(
      `  ${name.padEnd(42)} p50 ${String(r.p50Ms).padStart(6)} ms   p95 ${String(r.p95Ms).padStart(6)} ms   max ${String(r.maxMs).padStart(6)} ms`,
    );
  console.log(`\nEXPLAIN (ANALYZE, BUFFERS) of the year of daily steps:\n${plan.join('\n')}`);
  const out = {
    kind: 'read',
    machine,
    at: new Date().toISOString(),
    runs,
    userSamples: Number(main.samples),
    tableSamples: total,
    rollupRows: rollup,
    rollupRebuildMs: Math.round(rebuildMs),
    queries: results,
    plan,
  };
  mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
  writeFileSync(join(ROOT, 'bench/results/read-latest.json'), JSON.stringify(out, null, 2) + '\n');
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: { runs: { type: 'string', default: '30' }, others: { type: 'string', default: '20' } },
  });
  runReadBench({ runs: Number(values.runs), others: Number(values.others) }).catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
