// End-to-end throughput benchmark: many users backfilling at once through HTTP GraphQL → API →
// BullMQ/Redis → worker → PostgreSQL, all on this machine. Prints samples/s and mutation latency.
// Usage: npm run bench [-- --users 20 --days 7 --every 1 --inflight 8 --concurrency 4 --workers 1 --apis 1]
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const require = createRequire(import.meta.url);
const { Client } = require('pg');
const { SignJWT } = require('jose');
const { Queue } = require('bullmq');
const points = require('../support/health-points.js');

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { values: opts } = parseArgs({
  options: {
    users: { type: 'string', default: '20' },
    days: { type: 'string', default: '7' },
    every: { type: 'string', default: '1' }, // minutes between heart-rate samples
    chunk: { type: 'string', default: '200' },
    inflight: { type: 'string', default: '8' }, // concurrent HTTP requests
    concurrency: { type: 'string', default: '4' }, // WORKER_CONCURRENCY
    workers: { type: 'string', default: '1' },
    apis: { type: 'string', default: '1' },
    db: { type: 'string', default: 'healthsync_bench' },
    // Only the API: measures how fast chunks are accepted and queued, with no worker competing for CPU.
    'accept-only': { type: 'boolean', default: false },
  },
});
const n = (k) => Number(opts[k]);
const SECRET = 'bench-secret-bench-secret-bench-secret';
const ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const DATABASE_URL = `postgres://postgres@127.0.0.1:5432/${opts.db}`;

async function resetDatabase() {
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${opts.db} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${opts.db}`);
  await admin.end();
}

// BENCH_CPU_PROF=/some/dir writes a V8 CPU profile of every app process there, for finding hot spots.
function start(entry, env) {
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const child = spawn(process.execPath, [...profile, join(ROOT, entry)], {
    env: { PATH: process.env.PATH, ...(process.env.BENCH_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_NODE_OPTIONS } : {}), ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return child;
}

async function waitReady(url) {
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`${url}/health/ready`)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`${url} not ready`);
}

const MUTATION = `mutation Sync($input: SyncHealthKitSamplesInput!) { syncHealthKitSamples(input: $input) { chunkIndex accepted jobId } }`;

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function main() {
  await resetDatabase();
  const common = {
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    DATABASE_URL,
    REDIS_URL: 'redis://127.0.0.1:6379/9',
    QUEUE_PREFIX: `bench-${process.pid}`,
    JWT_SECRET: SECRET,
    METRICS_INTERVAL_MS: '0',
    // Telemetry settings pass through, to measure its cost: OTEL_SDK_DISABLED=true npm run bench
    ...Object.fromEntries(
      Object.entries(process.env).filter(([k]) => k.startsWith('OTEL_') || k === 'TRACE_SAMPLE_RATIO'),
    ),
  };
  const procs = [];
  const apiUrls = [];
  const workers = opts['accept-only'] ? 0 : n('workers');
  if (workers === 0) {
    // Someone has to migrate the fresh database: run the migration entry point once.
    const migrate = start('dist/apps/api/src/migrate.js', common);
    await new Promise((resolve) => migrate.once('exit', resolve));
  }
  for (let i = 0; i < workers; i++) {
    procs.push(start('dist/apps/worker/src/main.js', { ...common, WORKER_CONCURRENCY: opts.concurrency, WORKER_HEALTH_PORT: String(3901 + i) }));
    await waitReady(`http://127.0.0.1:${3901 + i}`); // the first one migrates
  }
  for (let i = 0; i < n('apis'); i++) {
    procs.push(start('dist/apps/api/src/main.js', { ...common, PORT: String(3801 + i) }));
    apiUrls.push(`http://127.0.0.1:${3801 + i}`);
  }
  await Promise.all(apiUrls.map(waitReady));

  // Each user: heart rate every `every` minutes plus hourly steps and nightly sleep, over `days` days.
  const jobs = [];
  let total = 0;
  for (let u = 0; u < n('users'); u++) {
    const token = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(`bench-user-${u}`).setExpirationTime('2h').sign(new TextEncoder().encode(SECRET));
    const streams = { HEART_RATE: points.heartRates(n('days'), n('every')), STEPS: points.steps(n('days')), SLEEP: points.sleepNights(n('days')) };
    for (const [dataType, pts] of Object.entries(streams)) {
      const count = Math.ceil(pts.length / n('chunk'));
      for (let c = 0; c < count; c++) {
        const data = pts.slice(c * n('chunk'), (c + 1) * n('chunk'));
        total += data.length;
        jobs.push({ token, body: JSON.stringify({ query: MUTATION, variables: { input: { dataType, anchorToken: `bench-${u}-${dataType}`, chunkIndex: c, isFinalChunk: c === count - 1, timeZone: 'Europe/Berlin', data } } }) });
      }
    }
  }
  // Interleave users, as a user base backfilling at once would.
  jobs.sort(() => Math.random() - 0.5);

  const db = new Client({ connectionString: DATABASE_URL });
  await db.connect();
  const latencies = [];
  let next = 0;
  let errors = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: n('inflight') }, async (_, w) => {
      const url = `${apiUrls[w % apiUrls.length]}/graphql`;
      while (next < jobs.length) {
        const job = jobs[next++];
        const t = performance.now();
        const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${job.token}` }, body: job.body });
        const body = await res.json();
        latencies.push(performance.now() - t);
        if (body.errors) {
          errors++;
          if (errors < 5) console.error(JSON.stringify(body.errors));
        }
      }
    }),
  );
  const tAccepted = performance.now();
  for (; workers > 0; ) {
    const { rows } = await db.query(`SELECT count(*) FILTER (WHERE status = 'queued')::int AS queued, count(*) FILTER (WHERE status = 'failed')::int AS failed FROM sync_chunk`);
    if (rows[0].queued === 0) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const tStored = performance.now();
  const { rows: [counts] } = await db.query(`SELECT (SELECT count(*) FROM healthkit_sample)::int + (SELECT count(*) FROM healthkit_sleep_analysis)::int AS rows,
      (SELECT count(*) FROM healthkit_sync_state)::int AS anchors, (SELECT count(*) FROM sync_chunk WHERE status = 'failed')::int AS failed`);
  await db.end();
  for (const p of procs) p.kill('SIGTERM');
  // Jobs hold whole chunks: leave nothing of this run in Redis.
  const queue = new Queue('health-sync', { prefix: common.QUEUE_PREFIX, connection: { host: '127.0.0.1', port: 6379, db: 9 } });
  await queue.obliterate({ force: true });
  await queue.close();

  latencies.sort((a, b) => a - b);
  const sec = (ms) => (ms / 1000).toFixed(2);
  console.log(`machine: ${cpus().length} x ${cpus()[0].model}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}; API x${opts.apis}, worker x${workers} (concurrency ${opts.concurrency}), PostgreSQL + Redis local`);
  console.log(`load: ${opts.users} users x ${opts.days} days (heart rate every ${opts.every} min, hourly steps, nightly sleep) = ${total} samples in ${jobs.length} chunks of <= ${opts.chunk}, ${opts.inflight} requests in flight`);
  console.log(`accepted (all mutations answered): ${sec(tAccepted - t0)} s = ${Math.round(total / ((tAccepted - t0) / 1000))} samples/s, ${Math.round(jobs.length / ((tAccepted - t0) / 1000))} chunks/s`);
  if (workers > 0) console.log(`stored end to end (last chunk in PostgreSQL): ${sec(tStored - t0)} s = ${Math.round(total / ((tStored - t0) / 1000))} samples/s`);
  console.log(`mutation latency ms: p50 ${percentile(latencies, 50).toFixed(1)}, p95 ${percentile(latencies, 95).toFixed(1)}, p99 ${percentile(latencies, 99).toFixed(1)}, max ${latencies[latencies.length - 1].toFixed(1)}`);
  if (workers > 0) {
    console.log(`check: rows stored ${counts.rows} (expected ${total}), anchors ${counts.anchors} (expected ${n('users') * 3}), failed chunks ${counts.failed}, request errors ${errors}`);
    if (counts.rows !== total || errors > 0 || counts.failed > 0) process.exitCode = 1;
  } else {
    console.log(`check: request errors ${errors} (accept-only: nothing was stored)`);
    if (errors > 0) process.exitCode = 1;
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
