#!/usr/bin/env node
// Rebuilds the aggregates rollup (sample_rollup) of some metrics for every user who has samples of
// them, from the raw rows, with the code the worker uses (run `npm run build` first; config from the
// environment like the apps):
//   npm run rollup:rebuild                     the metrics whose meaning changed with the type catalog
//                                              (every DIETARY_*, INSULIN_DELIVERY, ACTIVITY_INTENSITY,
//                                              SKIN_TEMPERATURE, SLEEP_WRIST_TEMPERATURE; docs/operations.md)
//   npm run rollup:rebuild -- TYPE [TYPE ...]  the given metrics
// One transaction per user, under the erasure lock a chunk takes (an erasure never races it) and the
// per-metric rollup locks; the API keeps serving meanwhile. Prints one JSON line per user (hashed).
const { loadConfigOrExit, sharedEnvSchema, userRef, validateEnv } = require('../dist/libs/config/src');
const { HEALTH_DATA_TYPE_NAMES } = require('../dist/libs/health-data/src');
const { rebuildRollup } = require('../dist/libs/store/src');
const { LOCK_SQL } = require('../dist/libs/store/src');
const { Client } = require('pg');

const CHANGED_BY_CATALOG = [
  ...HEALTH_DATA_TYPE_NAMES.filter((n) => n.startsWith('DIETARY_')),
  'INSULIN_DELIVERY',
  'ACTIVITY_INTENSITY',
  'SKIN_TEMPERATURE',
  'SLEEP_WRIST_TEMPERATURE',
];

async function main() {
  const types = process.argv.slice(2).length > 0 ? process.argv.slice(2) : CHANGED_BY_CATALOG;
  const env = loadConfigOrExit(() => validateEnv(sharedEnvSchema, process.env));
  const db = new Client({
    connectionString: env.DATABASE_URL,
    user: env.DATABASE_USER,
    password: env.DATABASE_PASSWORD,
    ssl: env.DATABASE_SSL ? { rejectUnauthorized: true } : undefined,
  });
  await db.connect();
  // rebuildRollup only runs statements: a pg client stands in for TypeORM's EntityManager.
  const em = { query: (sql, params) => db.query(sql, params).then((r) => r.rows) };
  try {
    const { rows: users } = await db.query(
      `SELECT u.subject FROM app_user u WHERE EXISTS (SELECT 1 FROM healthkit_sample s
         WHERE s.user_ref = u.id AND s.type_id IN (SELECT id FROM health_term WHERE name = ANY($1::text[])))
       ORDER BY u.id`,
      [types],
    );
    for (const { subject } of users) {
      const started = Date.now();
      await db.query('BEGIN');
      try {
        await db.query(LOCK_SQL.userWritesShared, [subject]);
        await rebuildRollup(em, subject, types);
        await db.query('COMMIT');
      } catch (err) {
        await db.query('ROLLBACK');
        throw err;
      }
      console.log(JSON.stringify({ user: userRef(subject), types: types.length, ms: Date.now() - started }));
    }
    console.error(`${users.length} user(s) rebuilt`);
  } finally {
    await db.end();
  }
}

main().catch((err) => {
  console.error(err.stack ?? String(err));
  process.exit(1);
});
