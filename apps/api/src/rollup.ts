import 'reflect-metadata';
import { loadConfigOrExit, loadDatabaseSettings, userRef } from '@app/config';
import { buildDataSourceOptions } from '@app/database';
import { HEALTH_DATA_TYPE_NAMES } from '@app/health-data';
// The one import of the rebuild itself (the code the worker and a ranking change use).
import { rebuildRollup } from '@app/store';
import { LOCK_SQL, REBUILD_REQUEST_SQL } from '@app/store';
import { DataSource } from 'typeorm';

/**
 * `npm run rollup -- <command>` (in the image: `node dist/apps/api/src/rollup.js <command>`), the
 * operator's tool for the derived rollup (sample_rollup), with the apps' database environment:
 *
 *   rebuild                  every rebuild a migration called for (`npm run migrate` lists them), then
 *                            deletes its request; a migration never runs the rollup code itself
 *   rebuild <user> [TYPE …]  one user (the JWT sub): every metric, or the ones given
 *   rebuild --all [TYPE …]   every user who has samples of the metrics given; without any, of the metrics
 *                            whose meaning changed with the type catalog (docs/operations.md#rollup-rebuild)
 *   pending                  lists the rebuilds migrations called for, changes nothing
 *
 * One transaction per user, under the erasure lock a chunk takes (shared: an erasure never races it) and
 * the per-metric rollup locks rebuildRollup takes; chunks and reads go on meanwhile. Prints one JSON line
 * per user, hashed. Safe to run again, and two runs at once only do some users twice.
 */

const CHANGED_BY_CATALOG = [
  ...HEALTH_DATA_TYPE_NAMES.filter((n) => n.startsWith('DIETARY_')),
  'INSULIN_DELIVERY',
  'ACTIVITY_INTENSITY',
  'SKIN_TEMPERATURE',
  'SLEEP_WRIST_TEMPERATURE',
];

const USAGE = 'usage: npm run rollup -- rebuild [<user> [TYPE …] | --all [TYPE …]] | pending';

type Db = DataSource;

/** Rebuilds one user's metrics (all when none are given) in one transaction; `inTransaction` runs first in it. */
async function rebuildUser(
  db: Db,
  subject: string,
  types: readonly string[] | undefined,
  inTransaction?: (run: (sql: string, params: unknown[]) => Promise<unknown[]>) => Promise<boolean>,
): Promise<boolean> {
  const started = Date.now();
  const runner = db.createQueryRunner();
  await runner.connect();
  try {
    await runner.startTransaction();
    await runner.query(LOCK_SQL.userWritesShared, [subject]);
    if (inTransaction && !(await inTransaction((sql, params) => runner.query(sql, params)))) {
      await runner.rollbackTransaction();
      return false;
    }
    await rebuildRollup(runner.manager, subject, types);
    await runner.commitTransaction();
  } catch (err) {
    if (runner.isTransactionActive) await runner.rollbackTransaction();
    throw err;
  } finally {
    await runner.release();
  }
  console.log(JSON.stringify({ user: userRef(subject), types: types?.length ?? 'all', ms: Date.now() - started }));
  return true;
}

/** Carries out the requests migrations recorded, oldest first, each deleted in its rebuild's transaction. */
async function rebuildRequested(db: Db): Promise<number> {
  let done = 0;
  for (let last = '0'; ;) {
    const [next]: { id: string; subject: string; sampleTypes: string[] | null }[] = await db.query(REBUILD_REQUEST_SQL.next, [
      last,
    ]);
    if (!next) return done;
    last = next.id;
    const taken = await rebuildUser(db, next.subject, next.sampleTypes ?? undefined, async (run) => {
      return (await run(REBUILD_REQUEST_SQL.take, [next.id])).length > 0;
    });
    if (taken) done++;
  }
}

async function pending(db: Db): Promise<void> {
  const rows: { requestedBy: string; users: number }[] = await db.query(REBUILD_REQUEST_SQL.summary);
  if (rows.length === 0) console.log('no rollup rebuild pending');
  for (const r of rows) console.log(`rollup rebuild pending for ${r.users} user(s), called for by ${r.requestedBy}`);
}

async function main(args: string[]): Promise<void> {
  const [command, ...rest] = args;
  if (command !== 'rebuild' && command !== 'pending') {
    console.error(USAGE);
    process.exit(64); // EX_USAGE
  }
  const settings = loadConfigOrExit(() => loadDatabaseSettings(process.env));
  const db = await new DataSource(buildDataSourceOptions(settings, 'healthsync-rollup')).initialize();
  try {
    if (command === 'pending') return await pending(db);
    if (rest.length === 0) {
      console.error(`${await rebuildRequested(db)} requested rebuild(s) done`);
    } else if (rest[0] === '--all') {
      const types = rest.length > 1 ? rest.slice(1) : CHANGED_BY_CATALOG;
      const users: { subject: string }[] = await db.query(REBUILD_REQUEST_SQL.usersWithSamplesOf, [types]);
      for (const { subject } of users) await rebuildUser(db, subject, types);
      console.error(`${users.length} user(s) rebuilt`);
    } else {
      const [subject, ...types] = rest;
      await rebuildUser(db, subject, types.length > 0 ? types : undefined);
      console.error('1 user(s) rebuilt');
    }
  } finally {
    await db.destroy();
  }
}

void main(process.argv.slice(2)).catch((err) => {
  console.error(err instanceof Error ? err.stack : String(err));
  process.exit(1);
});
