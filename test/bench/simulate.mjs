// The simulation (issue 10): fills DATABASE_URL with seeded, realistic users up to --rows health
// rows (adding to what is there), then measures against the filled database: the app's read
// queries for a typical user through the built API over HTTP, the ingest bench on top of the
// filled tables and on an empty database with the same settings, and bytes per sample on disk.
// Writes bench/results/scale-<N>.json and prints a table. Not part of npm test.
// Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/hs_sim npm run simulate -- --rows 10000000
//        [--runs 30 --streams 2 --ingest-phones 20 --ingest-days 1 --redis-db 14 --skip-ingest --skip-reads]
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, statfsSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { exited, freePort, ROOT, start, waitReady } from './lib/bench-processes.mjs';
import { BENCH_JWT_SECRET, graphqlClient, READ_QUERIES, timeQueries } from './lib/read-queries.mjs';
import { copyColumns, copyLine, referencesOf, refKey, simSubject, simUser, userDays } from './lib/sim-population.mjs';

const require = createRequire(import.meta.url);
const { Client } = require('pg');
const { rebuildRollup, resolveContexts, resolveSources, resolveTypeIds, resolveUserRef } = require(
  join(ROOT, 'dist/libs/store/src/index.js'),
);

const { values: opts } = parseArgs({
  options: {
    rows: { type: 'string' },
    runs: { type: 'string', default: '30' },
    streams: { type: 'string', default: '2' }, // concurrent COPY sessions
    'ingest-phones': { type: 'string', default: '20' },
    'ingest-days': { type: 'string', default: '1' },
    'redis-db': { type: 'string', default: '14' },
    'skip-ingest': { type: 'boolean', default: false },
    'skip-reads': { type: 'boolean', default: false },
  },
});
const TARGET = Number(opts.rows);
const DATABASE_URL = process.env.DATABASE_URL;
if (!Number.isSafeInteger(TARGET) || TARGET <= 0 || !DATABASE_URL) {
  console.error('usage: DATABASE_URL=postgres://… npm run simulate -- --rows N   (N: the total of health rows wanted)');
  process.exit(64);
}
const REDIS_URL = `redis://127.0.0.1:6379/${opts['redis-db']}`;
const HEALTH_TABLES = ['healthkit_sample', 'healthkit_sleep_analysis', 'healthkit_workout'];
/** Before any row exists: the row-shape target, heap + TOAST + indexes. */
const DEFAULT_BYTES_PER_ROW = 250;
const log = (line) => process.stderr.write(`${line}\n`);
const load = () => loadavg().map((x) => +x.toFixed(2));
const round = (x, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

// A statement on its own (autocommit), as the library's resolvers expect of an EntityManager.
const emOf = (db) => ({ query: async (sql, params) => (await db.query(sql, params)).rows });

async function countRows(db) {
  const parts = HEALTH_TABLES.map((t) => `(SELECT count(*) FROM ${t})`).join(' + ');
  return Number((await db.query(`SELECT ${parts} AS n`)).rows[0].n);
}

/**
 * Heap + TOAST + indexes of a table, or of its partitions when it is partitioned (the parent holds
 * no rows itself; pg_partition_tree lists nothing for a plain table).
 */
async function tableBytes(db, table) {
  const { rows } = await db.query(
    `SELECT (pg_total_relation_size($1::regclass) + coalesce((SELECT sum(pg_total_relation_size(relid))
       FROM pg_partition_tree($1::regclass) WHERE relid <> $1::regclass), 0))::bigint AS bytes`,
    [table],
  );
  return Number(rows[0].bytes);
}

/**
 * Refuses to start when the data directory's file system lacks room for the new rows at the bytes
 * per row measured so far (or 250 B), plus WAL: max_wal_size, which checkpoints keep pg_wal under,
 * and 10 % for free space the tables leave in their pages while growing.
 */
async function checkDisk(db, existing, toAdd) {
  const dataDir = (await db.query('SHOW data_directory')).rows[0].data_directory;
  const walMb = Number((await db.query(`SELECT setting FROM pg_settings WHERE name = 'max_wal_size'`)).rows[0].setting);
  let perRow = DEFAULT_BYTES_PER_ROW;
  if (existing > 100_000) {
    let bytes = 0;
    for (const t of HEALTH_TABLES) bytes += await tableBytes(db, t);
    perRow = Math.max(DEFAULT_BYTES_PER_ROW / 2, bytes / existing);
  }
  const need = toAdd * perRow * 1.1 + walMb * 2 ** 20;
  const fs = statfsSync(dataDir);
  const free = fs.bavail * fs.bsize;
  const gb = (x) => (x / 1e9).toFixed(1);
  const line = `disk: ${toAdd} rows x ${Math.round(perRow)} B + 10 % + WAL ${walMb} MB = ${gb(need)} GB needed, ${gb(free)} GB free under ${dataDir}`;
  if (need > free) {
    console.error(`refusing to start: ${line}`);
    process.exit(75);
  }
  log(line);
  return { bytesPerRowEstimate: Math.round(perRow), neededGB: +gb(need), freeGB: +gb(free) };
}

/**
 * The user's references, made by the library's resolvers as the worker makes them: app_user,
 * health_term ids, sources (classified: Watch 1, iPhone 2, Health Connect app 3) and contexts.
 * Returns refs(point) → "user_ref\ttype_id\tcontext_id\tsource_id\t".
 */
async function resolveReferences(em, user) {
  const points = referencesOf(user);
  const userRef = await resolveUserRef(em, user.subject);
  const names = [...new Set(points.map((p) => p.sampleType))];
  const typeIds = new Map((await resolveTypeIds(em, names)).map((id, i) => [names[i], id]));
  const sourceList = [
    ...new Map(points.map((p) => [`${p.source.platform}\u0000${p.source.bundleId}\u0000${p.source.name}`, p.source])).values(),
  ];
  const sourceIds = await resolveSources(em, userRef, sourceList);
  const contextIds = await resolveContexts(
    em,
    userRef,
    points.map((p) => ({
      unit: p.unit,
      recordingMethod: p.recordingMethod,
      sourceDeviceId: p.sourceDeviceId,
      metadata: p.metadata,
    })),
  );
  const prefixes = new Map();
  points.forEach((p, i) => {
    const source =
      sourceIds[
        sourceList.findIndex(
          (s) => s.platform === p.source.platform && s.bundleId === p.source.bundleId && s.name === p.source.name,
        )
      ];
    prefixes.set(refKey(p), `${userRef}\t${typeIds.get(p.sampleType)}\t${contextIds[i]}\t${source}\t`);
  });
  return (p) => {
    const prefix = prefixes.get(refKey(p));
    if (prefix === undefined) throw new Error(`no references resolved for a ${p.sampleType} point`);
    return prefix;
  };
}

/**
 * COPY through psql (the client of the local PostgreSQL): one session reading a script on stdin in
 * which each user is BEGIN, a COPY … FROM STDIN per table with its rows inline, COMMIT. This keeps
 * the project free of a COPY dependency (pg has none built in); psql streams the rows as they come.
 * `write` never waits: `below(bytes)` waits until no more than `bytes` are queued for psql, so
 * the next user can be generated while PostgreSQL still stores the last one.
 */
function copySession() {
  const psql = spawn('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', DATABASE_URL], {
    stdio: ['pipe', 'ignore', 'inherit'],
  });
  const done = exited(psql);
  let failed = null;
  done.then((code) => (failed = code === 0 ? null : code));
  let pending = [];
  let size = 0;
  const flush = () => {
    if (size === 0) return;
    psql.stdin.write(pending.join(''));
    pending = [];
    size = 0;
  };
  return {
    write: (text) => {
      pending.push(text);
      size += text.length;
      if (size >= 1 << 20) flush();
    },
    below: async (bytes) => {
      flush();
      while (psql.stdin.writableLength > bytes && failed === null) {
        await new Promise((r) => psql.stdin.once('drain', r));
      }
      if (failed !== null) throw new Error(`psql exited with ${failed}`);
    },
    end: async () => {
      flush();
      psql.stdin.end();
      const code = await done;
      if (code !== 0) throw new Error(`psql exited with ${code}`);
    },
  };
}

const COPY_TABLES = { sample: 'healthkit_sample', sleep: 'healthkit_sleep_analysis', workout: 'healthkit_workout' };
const copyHeader = (table) => `COPY ${COPY_TABLES[table]} (${copyColumns(table).join(', ')}) FROM STDIN;\n`;

async function fill(db, existing) {
  const toAdd = TARGET - existing;
  const em = emOf(db);
  // Users are numbered; continue after the last one an earlier run made.
  const { rows } = await db.query(
    `SELECT coalesce(max(substring(subject FROM 5)::int) + 1, 0) AS n FROM app_user WHERE subject ~ '^sim-[0-9]+$'`,
  );
  const firstIndex = rows[0].n;
  let index = firstIndex;
  // Users are made one after another (so the row budget, and so each user's rows, never depend on
  // timing) and stored by `streams` sessions in turn, which keeps both cores busy.
  const sessions = Array.from({ length: Number(opts.streams) }, () => {
    const copy = copySession();
    // Every reference was just resolved by the library, so the session skips the per-row
    // foreign-key triggers (as pg_restore --disable-triggers does); the constraints stay on.
    copy.write('SET session_replication_role = replica;\nSET synchronous_commit = off;\n');
    return copy;
  });
  const budget = { left: toAdd };
  let checks = 0;
  const t0 = performance.now();
  let lastLog = t0;
  while (budget.left > 0) {
    const user = simUser(index++);
    const copy = sessions[user.index % sessions.length];
    await copy.below(32 << 20);
    const refs = await resolveReferences(em, user);
    const sleep = [];
    const workouts = [];
    // Every user's first fast rows of each stream must equal the library's rows of the same points.
    const check = (stream, line, point) => {
      checks++;
      const expected = copyLine(refs(point), point);
      if (line !== expected) throw new Error(`fast row of ${stream} differs from the library's:\n${line}${expected}`);
    };
    // One transaction per user: a run stopped half-way leaves whole users.
    copy.write(`BEGIN;\n${copyHeader('sample')}`);
    for (const day of userDays(user, budget, refs, { sleep: (l) => sleep.push(l), workout: (l) => workouts.push(l) }, check)) {
      copy.write(day);
      // Let psql take what is ready while the year is made.
      if (sessions.length === 1) await copy.below(8 << 20);
    }
    copy.write(`\\.\n${copyHeader('sleep')}${sleep.join('')}\\.\n${copyHeader('workout')}${workouts.join('')}\\.\nCOMMIT;\n`);
    if (performance.now() - lastLog > 5000) {
      const s = (performance.now() - t0) / 1000;
      const done = toAdd - budget.left;
      log(
        `  made ${done} / ${toAdd} rows (stored a little later), ${index - firstIndex} users, ${Math.round(done / s)} rows/s, load ${load().join(' ')}`,
      );
      lastLog = performance.now();
    }
  }
  for (const copy of sessions) await copy.end();
  const seconds = (performance.now() - t0) / 1000;
  return {
    rowsAdded: toAdd,
    users: index - firstIndex,
    firstUser: simSubject(firstIndex),
    seconds: round(seconds),
    rowsPerSec: Math.round(toAdd / seconds),
    fastRowsChecked: checks,
  };
}

/** The measured user: user 0, an iPhone + Watch user with all of 2025 (the first run makes it). */
const MEASURED = simSubject(0);

/** Its rollup, built with the library's rebuildRollup (the one definition of precedence), when missing. */
async function ensureRollup(db) {
  const { rows } = await db.query(
    `SELECT count(*)::int AS n FROM sample_rollup WHERE user_ref = (SELECT id FROM app_user WHERE subject = $1)`,
    [MEASURED],
  );
  if (rows[0].n > 0) return { users: [MEASURED], built: false, rows: rows[0].n };
  const t = performance.now();
  await db.query('BEGIN');
  await rebuildRollup(emOf(db), MEASURED);
  await db.query('COMMIT');
  const ms = performance.now() - t;
  const after = (
    await db.query(`SELECT count(*)::int AS n FROM sample_rollup WHERE user_ref = (SELECT id FROM app_user WHERE subject = $1)`, [
      MEASURED,
    ])
  ).rows[0].n;
  return { users: [MEASURED], built: true, rebuildMs: Math.round(ms), rows: after };
}

/** The read queries through the built API over HTTP with a JWT, as read-bench.mjs runs them. */
async function measureReads(runs) {
  const port = await freePort();
  const api = start('dist/apps/api/src/main.js', {
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    DATABASE_URL,
    REDIS_URL,
    QUEUE_PREFIX: `sim-read-${process.pid}`,
    JWT_SECRET: BENCH_JWT_SECRET,
    PORT: String(port),
    MIGRATIONS: 'check',
    METRICS_INTERVAL_MS: '0',
  });
  try {
    const url = `http://127.0.0.1:${port}`;
    await waitReady(url);
    const gql = await graphqlClient(url, MEASURED);
    // A full year of data: every answer holds something.
    const checks = {
      'year of daily steps (365 buckets)': (d) => d.aggregates.length === 365 && d.aggregates.every((b) => b.sum > 0),
      'week of hourly steps': (d) => d.aggregates.length > 7 * 12,
      'year of monthly steps': (d) => d.aggregates.length === 12,
      'month of sleep nights': (d) => d.sleepSessions.length >= 29,
      'page of 100 raw samples': (d) => d.samples.edges.length === 100,
      'page of 100 samples, precedence applied': (d) => d.samples.edges.length === 100,
      'daily summary': (d) => d.dailySummary.steps > 0,
    };
    return await timeQueries(gql, READ_QUERIES, checks, runs);
  } finally {
    api.kill('SIGTERM');
    await exited(api);
  }
}

/** sync-bench.mjs with the given database options; its figures from the JSON it writes. */
async function ingestBench(dbName, extra, out) {
  const args = [
    join(ROOT, 'test/bench/sync-bench.mjs'),
    '--db',
    dbName,
    '--redis-db',
    String(Number(opts['redis-db']) + 1),
    '--phones',
    opts['ingest-phones'],
    '--days',
    opts['ingest-days'],
    '--skip-naive',
    '--skip-resend',
    '--skip-halfload',
    '--skip-read',
    '--out',
    out,
    ...extra,
  ];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'], cwd: ROOT });
  const code = await exited(child);
  if (code !== 0) throw new Error(`sync-bench exited with ${code}`);
  const r = JSON.parse(readFileSync(`${out}.json`, 'utf8'));
  return {
    storedSamplesPerSec: r.first.storedSamplesPerSec,
    samples: r.load.samples,
    seconds: r.first.seconds,
    latencyMs: r.first.latencyMs,
    load: load(),
  };
}

async function main() {
  const machine = {
    cpus: `${cpus().length} x ${cpus()[0].model}`,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  };
  const result = {
    rows: TARGET,
    machine,
    settings: { ...opts, database: new URL(DATABASE_URL).pathname.slice(1) },
    load: { start: load() },
  };
  await exited(start('dist/apps/api/src/migrate.js', { DATABASE_URL }));
  const db = new Client({ connectionString: DATABASE_URL, options: '-c jit=off' });
  await db.connect();
  machine.postgres = (await db.query('SHOW server_version')).rows[0].server_version;
  machine.postgresSettings = Object.fromEntries(
    (
      await db.query(
        `SELECT name, current_setting(name) AS v FROM pg_settings WHERE name IN ('shared_buffers', 'max_wal_size', 'work_mem', 'effective_cache_size')`,
      )
    ).rows.map((r) => [r.name, r.v]),
  );
  const existing = await countRows(db);
  log(`${existing} health rows in ${result.settings.database}; target ${TARGET}`);
  if (existing < TARGET) {
    result.disk = await checkDisk(db, existing, TARGET - existing);
    result.generation = await fill(db, existing);
    result.generation.loadAfter = load();
    log(
      `generated ${result.generation.rowsAdded} rows (${result.generation.users} users) in ${result.generation.seconds} s: ${result.generation.rowsPerSec} rows/s`,
    );
    // Hint bits, the visibility map and statistics, as a table that autovacuum keeps up has them.
    const t = performance.now();
    for (const table of HEALTH_TABLES) await db.query(`VACUUM (ANALYZE) ${table}`);
    result.generation.vacuumAnalyzeSeconds = round((performance.now() - t) / 1000);
  } else {
    result.generation = { rowsAdded: 0, note: `${existing} rows already there` };
  }
  result.rowsInDatabase = await countRows(db);
  result.rollup = await ensureRollup(db);
  const [{ n: userRows }] = (
    await db.query(
      `SELECT count(*)::int AS n FROM healthkit_sample WHERE user_ref = (SELECT id FROM app_user WHERE subject = $1)`,
      [MEASURED],
    )
  ).rows;
  result.measuredUser = { samples: userRows, days: 365 };

  const sampleRows = Number((await db.query('SELECT count(*) AS n FROM healthkit_sample')).rows[0].n);
  const sampleBytes = await tableBytes(db, 'healthkit_sample');
  result.bytesPerSample = Math.round(sampleBytes / sampleRows);
  result.tableBytes = { healthkit_sample: sampleBytes, sample_rollup: await tableBytes(db, 'sample_rollup') };

  if (!opts['skip-reads']) {
    result.load.reads = load();
    result.queries = await measureReads(Number(opts.runs));
  }
  await db.end();

  if (!opts['skip-ingest']) {
    // Filled first, then empty, back to back with the same settings; the empty one is recreated each time.
    const dbName = result.settings.database;
    const tag = `sim${Date.now().toString(36)}`;
    result.ingest = {
      settings: {
        phones: Number(opts['ingest-phones']),
        days: Number(opts['ingest-days']),
        flags: '--skip-naive --skip-resend --skip-halfload --skip-read',
      },
      filled: await ingestBench(dbName, ['--reuse-db', '--tag', tag], join(tmpdir(), `sim-ingest-filled-${process.pid}`)),
      empty: await ingestBench(`${dbName}_empty`, [], join(tmpdir(), `sim-ingest-empty-${process.pid}`)),
    };
    result.ingestSamplesPerSec = result.ingest.filled.storedSamplesPerSec;
    result.ingest.filledVsEmpty = round(result.ingest.filled.storedSamplesPerSec / result.ingest.empty.storedSamplesPerSec, 2);
  }
  result.load.end = load();
  result.at = new Date().toISOString();
  mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
  writeFileSync(join(ROOT, `bench/results/scale-${TARGET}.json`), JSON.stringify(result, null, 2) + '\n');
  report(result);
}

function report(r) {
  const m = r.machine;
  console.log(
    `\nsimulation, ${r.rows} rows — ${m.cpus}, ${m.memoryGiB} GiB, node ${m.node}, PostgreSQL ${m.postgres} (${JSON.stringify(m.postgresSettings)}), shared machine`,
  );
  if (r.generation.rowsPerSec)
    console.log(
      `generated ${r.generation.rowsAdded} rows for ${r.generation.users} new users in ${r.generation.seconds} s = ${r.generation.rowsPerSec} rows/s (COPY, indexes in place), VACUUM ANALYZE ${r.generation.vacuumAnalyzeSeconds} s; load ${r.load.start.join(' ')} → ${r.generation.loadAfter.join(' ')}`,
    );
  else console.log(`generation: ${r.generation.note}`);
  console.log(`bytes per sample (healthkit_sample heap + TOAST + indexes): ${r.bytesPerSample}`);
  console.log(
    `rollup: ${r.rollup.users.join(', ')} only (${r.rollup.rows} rows${r.rollup.built ? `, built in ${r.rollup.rebuildMs} ms` : ', already there'})`,
  );
  if (r.queries) {
    console.log(
      `reads as ${MEASURED} (${r.measuredUser.samples} samples in 2025), through the API over HTTP, ${opts.runs} runs each, load ${r.load.reads.join(' ')}:`,
    );
    console.log(`  ${'query'.padEnd(42)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)}`);
    for (const [name, q] of Object.entries(r.queries))
      console.log(`  ${name.padEnd(42)} ${String(q.p50Ms).padStart(8)} ${String(q.p99Ms).padStart(8)}`);
  }
  if (r.ingest) {
    const { filled, empty } = r.ingest;
    console.log(
      `ingest (${r.ingest.settings.phones} phones x ${r.ingest.settings.days} day, ${filled.samples} samples): filled ${filled.storedSamplesPerSec} samples/s (load ${filled.load.join(' ')}), empty ${empty.storedSamplesPerSec} samples/s (load ${empty.load.join(' ')}): ${Math.round(r.ingest.filledVsEmpty * 100)} % of empty`,
    );
  }
  // Against the 1M run, when it is there: the issue's targets.
  if (r.rows > 1_000_000 && r.queries) {
    try {
      const base = JSON.parse(readFileSync(join(ROOT, 'bench/results/scale-1000000.json'), 'utf8'));
      console.log('vs 1M rows: read p50 within 2x');
      for (const [name, q] of Object.entries(r.queries)) {
        const b = base.queries?.[name];
        if (b)
          console.log(
            `  ${q.p50Ms <= 2 * b.p50Ms ? 'met   ' : 'MISSED'} ${name}: ${q.p50Ms} vs ${b.p50Ms} ms (${round(q.p50Ms / b.p50Ms, 2)}x)`,
          );
      }
    } catch {
      // no 1M figures yet
    }
  }
  if (r.ingest) console.log(`${r.ingest.filledVsEmpty >= 0.8 ? 'met   ' : 'MISSED'} ingest within 20 % of an empty database`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
