// End-to-end ingest benchmark on this machine: many phones backfilling at once through HTTP GraphQL
// → API → BullMQ/Redis → worker → PostgreSQL, then the same data re-sent, then latency at half the
// measured maximum as an open-loop rate, then the naive baseline (update_or_create per sample) on a
// separate database with the same data, then the read side (read-bench.mjs).
// Usage: npm run bench [-- --phones 50 --days 2 --chunk 200 --inflight 8 --concurrency 16 --batch 8 --workers 1 --apis 1
//                          --skip-naive --skip-resend --skip-halfload --skip-read --accept-only --telemetry off
//                          --reuse-db --tag p --out bench/results/ingest-latest]
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { cpuSplit } from './lib/cpu-split.mjs';
import {
  exited,
  freePort,
  freshDatabase,
  imageNodeOptions,
  ROOT,
  signToken,
  start,
  waitReady,
  watchRss,
} from './lib/bench-processes.mjs';
import { phoneUploads } from './lib/mixed-phones.mjs';
import { benchChartSvg } from './lib/svg-chart.mjs';
import { runReadBench } from './read-bench.mjs';

const require = createRequire(import.meta.url);
const { Client } = require('pg');
const { Queue } = require('bullmq');
const IORedis = require('ioredis');

const { values: opts } = parseArgs({
  options: {
    phones: { type: 'string', default: '50' },
    days: { type: 'string', default: '2' },
    chunk: { type: 'string', default: '200' },
    inflight: { type: 'string', default: '8' }, // concurrent HTTP requests (closed loop)
    concurrency: { type: 'string', default: '16' }, // WORKER_CONCURRENCY
    batch: { type: 'string', default: '' }, // WORKER_BATCH_SIZE (unset: the worker's default)
    workers: { type: 'string', default: '1' },
    apis: { type: 'string', default: '1' },
    'halfload-seconds': { type: 'string', default: '15' },
    db: { type: 'string', default: 'healthsync_bench' },
    'redis-db': { type: 'string', default: '9' },
    'accept-only': { type: 'boolean', default: false }, // only the API: how fast chunks are validated and queued
    // off: the apps run with OTEL_SDK_DISABLED, to measure what OpenTelemetry costs (production runs it on)
    telemetry: { type: 'string', default: 'on' },
    'skip-naive': { type: 'boolean', default: false },
    'skip-resend': { type: 'boolean', default: false },
    'skip-halfload': { type: 'boolean', default: false },
    'skip-read': { type: 'boolean', default: false },
    // Ingest on top of what --db holds (npm run simulate fills it) instead of a fresh database;
    // --tag names this run's phones apart from earlier runs' (bench-<tag>-N).
    'reuse-db': { type: 'boolean', default: false },
    tag: { type: 'string', default: 'p' },
    out: { type: 'string', default: 'bench/results/ingest-latest' }, // .json and .svg
  },
});
const n = (k) => Number(opts[k]);
/** The API and the worker run with their images' NODE_OPTIONS (heap sizes), as deployed. */
const API_NODE_OPTIONS = imageNodeOptions('api');
const WORKER_NODE_OPTIONS = imageNodeOptions('worker');
if (!['on', 'off'].includes(opts.telemetry)) throw new Error('--telemetry: on or off');
const telemetryOff = opts.telemetry === 'off';
const SECRET = 'bench-secret-bench-secret-bench-secret';
const REDIS_URL = `redis://127.0.0.1:6379/${opts['redis-db']}`;
const MUTATION = `mutation Sync($input: SyncHealthKitSamplesInput!) { syncHealthKitSamples(input: $input) { chunkIndex accepted jobId } }`;
const pct = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN);
const round = (x, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
/** p50/p95/p99/max of latencies already sorted ascending. */
const percentiles = (l) => ({ p50: round(pct(l, 50)), p95: round(pct(l, 95)), p99: round(pct(l, 99)), max: round(l.at(-1)) });
const log = (line) => process.stderr.write(`${line}\n`);

const tokens = new Map();
async function tokenOf(user) {
  if (!tokens.has(user)) {
    tokens.set(user, await signToken(user, SECRET, '2h'));
  }
  return tokens.get(user);
}

async function bodies(uploads) {
  return Promise.all(
    uploads.map(async (u) => ({
      token: await tokenOf(u.user),
      body: JSON.stringify({ query: MUTATION, variables: { input: u.input } }),
    })),
  );
}

async function post(url, req, stats) {
  const t = performance.now();
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${req.token}` },
    body: req.body,
  });
  const body = await res.json();
  stats.latencies.push(performance.now() - t);
  if (body.errors) {
    stats.errors++;
    if (stats.errors < 5) log(JSON.stringify(body.errors));
  }
}

/** As fast as `inflight` requests at a time allow. */
async function closedLoop(urls, reqs, inflight, stats = { latencies: [], errors: 0 }) {
  let next = 0;
  await Promise.all(
    Array.from({ length: inflight }, async (_, w) => {
      while (next < reqs.length) await post(urls[w % urls.length], reqs[next++], stats);
    }),
  );
  return stats;
}

/** Requests leave on a fixed schedule whether or not earlier ones have answered: latency without queueing in the client. */
async function openLoop(urls, reqs, perSecond) {
  const stats = { latencies: [], errors: 0 };
  const t0 = performance.now();
  await Promise.all(
    reqs.map(async (req, i) => {
      const due = t0 + (i * 1000) / perSecond;
      await new Promise((r) => setTimeout(r, Math.max(0, due - performance.now())));
      await post(urls[i % urls.length], req, stats);
    }),
  );
  return stats;
}

/** Anchors and rows already in a reused database, so the checks count only this run's. */
const before = { anchors: 0, rows: 0, chunks: 0 };

async function waitStored(db, expectedAnchors, label) {
  let last = 0;
  for (;;) {
    const {
      rows: [s],
    } =
      await db.query(`SELECT count(*) FILTER (WHERE status = 'queued')::int AS queued, count(*) FILTER (WHERE status = 'stored')::int AS stored,
      count(*) FILTER (WHERE status = 'failed')::int AS failed, (SELECT count(*) FROM healthkit_sync_state)::int AS anchors FROM sync_chunk`);
    if (performance.now() - last > 2000) {
      log(
        `  ${label}: ${s.stored} chunks stored, ${s.queued} queued, ${s.failed} failed, ${s.anchors}/${expectedAnchors} anchors`,
      );
      last = performance.now();
    }
    if (s.queued === 0 && s.anchors - before.anchors >= expectedAnchors) return s;
    if (s.queued === 0 && s.failed > 0) return s;
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function redisMemory(redis) {
  const info = await redis.info('memory');
  const get = (k) => Number(/^(\w+):(.*)$/m.test(info) && info.match(new RegExp(`^${k}:(\\d+)`, 'm'))?.[1]);
  return { usedMb: round(get('used_memory') / 2 ** 20), peakMb: round(get('used_memory_peak') / 2 ** 20) };
}

async function startPipeline(databaseUrl, prefix, { naive = false } = {}) {
  const common = {
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    DATABASE_URL: databaseUrl,
    REDIS_URL,
    QUEUE_PREFIX: prefix,
    JWT_SECRET: SECRET,
    METRICS_INTERVAL_MS: '0',
    ...(telemetryOff ? { OTEL_SDK_DISABLED: 'true' } : {}),
  };
  await exited(start('dist/apps/api/src/migrate.js', common));
  const procs = [];
  const workers = opts['accept-only'] ? 0 : n('workers');
  for (let i = 0; i < workers; i++) {
    if (naive) {
      procs.push({
        name: `naive-worker-${i}`,
        child: start('test/bench/naive-worker.mjs', { ...common, CONCURRENCY: opts.concurrency }),
      });
    } else {
      const port = await freePort();
      procs.push({
        name: `worker-${i}`,
        child: start('dist/apps/worker/src/main.js', {
          ...common,
          ...(WORKER_NODE_OPTIONS ? { NODE_OPTIONS: WORKER_NODE_OPTIONS } : {}),
          WORKER_CONCURRENCY: opts.concurrency,
          ...(opts.batch ? { WORKER_BATCH_SIZE: opts.batch } : {}),
          WORKER_HEALTH_PORT: String(port),
          MIGRATIONS: 'check',
        }),
      });
      await waitReady(`http://127.0.0.1:${port}`);
    }
  }
  const urls = [];
  for (let i = 0; i < n('apis'); i++) {
    const port = await freePort();
    procs.push({
      name: `api-${i}`,
      child: start('dist/apps/api/src/main.js', {
        ...common,
        ...(API_NODE_OPTIONS ? { NODE_OPTIONS: API_NODE_OPTIONS } : {}),
        PORT: String(port),
        MIGRATIONS: 'check',
      }),
    });
    urls.push(`http://127.0.0.1:${port}`);
  }
  await Promise.all(urls.map(waitReady));
  return { procs, urls: urls.map((u) => `${u}/graphql`), workers };
}

async function stopPipeline(procs, prefix) {
  for (const p of procs) p.child.kill('SIGTERM');
  await Promise.all(procs.map((p) => exited(p.child)));
  // Jobs hold whole chunks: leave nothing of this run in Redis.
  const queue = new Queue('health-sync', { prefix, connection: { host: '127.0.0.1', port: 6379, db: n('redis-db') } });
  await queue.obliterate({ force: true });
  await queue.close();
}

/**
 * What each stored sample costs on disk: heap, TOAST and indexes of healthkit_sample over its rows,
 * summed over its partitions (a partitioned parent holds no data of its own).
 */
async function tableBytes(db) {
  await db.query('VACUUM ANALYZE healthkit_sample');
  const {
    rows: [b],
  } = await db.query(`WITH parts AS (
      SELECT relid FROM pg_partition_tree('healthkit_sample') WHERE isleaf
    ), toast AS (SELECT c.reltoastrelid AS t FROM parts JOIN pg_class c ON c.oid = parts.relid WHERE c.reltoastrelid <> 0)
    SELECT (SELECT count(*) FROM healthkit_sample)::int AS rows,
      (SELECT sum(pg_relation_size(relid)) FROM parts) AS heap, (SELECT sum(pg_indexes_size(relid)) FROM parts) AS indexes,
      coalesce((SELECT sum(pg_total_relation_size(t)) FROM toast), 0) AS toast`);
  const per = (x) => round(Number(x) / b.rows, 0);
  return {
    rows: b.rows,
    heapBytes: per(b.heap),
    toastBytes: per(b.toast),
    indexBytes: per(b.indexes),
    totalBytes: per(Number(b.heap) + Number(b.toast) + Number(b.indexes)),
  };
}

async function countRows(db) {
  const {
    rows: [c],
  } = await db.query(`SELECT (SELECT count(*) FROM healthkit_sample)::int + (SELECT count(*) FROM healthkit_sleep_analysis)::int
    + (SELECT count(*) FROM healthkit_workout)::int AS rows, (SELECT count(*) FROM healthkit_sync_state)::int AS anchors`);
  return c;
}

/**
 * Every 500 ms while a pass runs: samples accepted (answered requests) and stored (chunks the ledger
 * says are stored), both in samples at the run's mean chunk size, with a progress line every 2 s.
 */
function sampleProgress(db, stats, samplesPerChunk, label) {
  const t0 = performance.now();
  const series = [{ t: 0, accepted: 0, stored: 0 }];
  let stopped = false;
  let printed = 0;
  const loop = (async () => {
    while (!stopped) {
      await new Promise((r) => setTimeout(r, 500));
      const {
        rows: [s],
      } = await db.query(`SELECT count(*) FILTER (WHERE status = 'stored')::int AS stored FROM sync_chunk`);
      const t = (performance.now() - t0) / 1000;
      series.push({
        t: round(t, 2),
        accepted: Math.round(stats.latencies.length * samplesPerChunk),
        stored: Math.round((s.stored - before.chunks) * samplesPerChunk),
      });
      if (t - printed >= 2) {
        log(`  ${label}: ${t.toFixed(0)} s, ${stats.latencies.length} chunks answered, ${s.stored - before.chunks} stored`);
        printed = t;
      }
    }
  })();
  return { stop: async () => ((stopped = true), await loop, series) };
}

async function ingest(label, urls, reqs, db, expectedAnchors, samples, { chart = false, procs = [] } = {}) {
  const cpu = cpuSplit(procs);
  const t0 = performance.now();
  const stats = { latencies: [], errors: 0 };
  const progress = chart ? sampleProgress(db, stats, samples / reqs.length, label) : null;
  await closedLoop(urls, reqs, n('inflight'), stats);
  const accepted = performance.now() - t0;
  const state = opts['accept-only'] ? null : await waitStored(db, expectedAnchors, label);
  const stored = performance.now() - t0;
  const used = cpu.stop();
  const perThousand = (ms) => round((ms * 1000) / samples, 1);
  const series = progress ? await progress.stop() : undefined;
  stats.latencies.sort((a, b) => a - b);
  const l = stats.latencies;
  return {
    acceptedSamplesPerSec: Math.round(samples / (accepted / 1000)),
    storedSamplesPerSec: state ? Math.round(samples / (stored / 1000)) : null,
    seconds: round(stored / 1000, 2),
    // CPU ms per 1,000 samples from the first request to the last anchor: the whole machine's busy
    // time, and each group of processes' part (lib/cpu-split.mjs). What a sample costs, waits aside.
    cpuMsPerThousandSamples: {
      machine: perThousand(used.machineBusyMs),
      ...Object.fromEntries(Object.entries(used.byGroup).map(([k, v]) => [k, perThousand(v)])),
    },
    machineBusyShare: round(used.machineBusyMs / used.machineTotalMs, 2),
    cpuKernelShare: used.kernelShare,
    chunksPerSec: round(reqs.length / (stored / 1000)),
    latencyMs: percentiles(l),
    requestErrors: stats.errors,
    failedChunks: state?.failed ?? 0,
    ...(series ? { series, latenciesMs: l.map((x) => round(x)) } : {}),
  };
}

async function main() {
  const data = phoneUploads({ phones: n('phones'), days: n('days'), chunk: n('chunk'), seed: 7, tag: opts.tag });
  const reqs = await bodies(data.uploads);
  const redis = new IORedis({ host: '127.0.0.1', port: 6379, db: n('redis-db') });
  const result = {
    machine: {},
    settings: {
      ...opts,
      apiNodeOptions: process.env.BENCH_NODE_OPTIONS ?? API_NODE_OPTIONS ?? null,
      workerNodeOptions: process.env.BENCH_NODE_OPTIONS ?? WORKER_NODE_OPTIONS ?? null,
    },
    load: { phones: data.users, samples: data.samples, chunks: reqs.length, anchors: data.anchors },
  };
  log(
    `load: ${data.users} phones x ${opts.days} days = ${data.samples} samples in ${reqs.length} chunks of <= ${opts.chunk}, ${opts.inflight} requests in flight`,
  );

  // 1. Ours, first pass.
  const databaseUrl = opts['reuse-db'] ? `postgres://postgres@127.0.0.1:5432/${opts.db}` : await freshDatabase(opts.db);
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  if (opts['reuse-db']) {
    const has = (await db.query(`SELECT to_regclass('healthkit_sample') IS NOT NULL AS migrated`)).rows[0].migrated;
    if (has) {
      Object.assign(before, await countRows(db));
      const { rows } = await db.query(`SELECT count(*)::int AS chunks FROM sync_chunk WHERE status = 'stored'`);
      before.chunks = rows[0].chunks;
    }
  }
  const [{ version: pgVersion }] = (await db.query('SHOW server_version')).rows.map((r) => ({ version: r.server_version }));
  const redisVersion = (await redis.info('server')).match(/redis_version:(\S+)/)[1];
  result.machine = {
    cpus: `${cpus().length} x ${cpus()[0].model}`,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    postgres: pgVersion,
    redis: redisVersion,
  };
  const prefix = `bench-${process.pid}`;
  const pipeline = await startPipeline(databaseUrl, prefix);
  const rss = watchRss(pipeline.procs);
  let redisPeak = 0;
  const redisTimer = setInterval(async () => (redisPeak = Math.max(redisPeak, (await redisMemory(redis)).usedMb)), 250);
  result.first = await ingest('first pass', pipeline.urls, reqs, db, data.anchors, data.samples, {
    chart: true,
    procs: pipeline.procs,
  });
  // Redis at its fullest while the first pass ran; the half load's paused workers later leave a
  // deliberate backlog of queued jobs, which the overall peak includes.
  const redisPeakFirstPass = redisPeak;
  const stored = opts['accept-only'] ? null : await countRows(db);
  if (stored)
    result.first.check = {
      rowsStored: stored.rows - before.rows,
      rowsExpected: data.samples,
      anchors: stored.anchors - before.anchors,
      anchorsExpected: data.anchors,
    };

  if (!opts['accept-only'] && !opts['skip-resend']) {
    // 2. The same chunks again (a phone that lost its anchor): nothing changes, and it must not be slower.
    result.resend = await ingest('re-send', pipeline.urls, reqs, db, data.anchors, data.samples, { procs: pipeline.procs });
  }
  if (!opts['accept-only'] && !opts['skip-halfload']) {
    // 3. Half the measured maximum, offered at a steady rate by new phones.
    const rate = Math.max(1, result.first.chunksPerSec / 2);
    const needed = Math.ceil(rate * n('halfload-seconds'));
    /** `needed` chunks of phones not seen yet, seeded apart from every other pass. */
    const newPhones = async (seed, tag) => {
      const more = phoneUploads({
        phones: Math.ceil((n('phones') * needed) / reqs.length) + 1,
        days: n('days'),
        chunk: n('chunk'),
        seed,
        tag,
      });
      return bodies(more.uploads.slice(0, needed));
    };
    const half = await newPhones(11, 'h');
    const t0 = performance.now();
    const stats = await openLoop(pipeline.urls, half, rate);
    await waitStored(db, 0, 'half load');
    result.halfLoad = {
      chunksPerSec: round(rate),
      samplesPerSec: Math.round((rate * data.samples) / reqs.length),
      requests: half.length,
      seconds: round((performance.now() - t0) / 1000, 1),
      latencyMs: percentiles(stats.latencies.sort((a, b) => a - b)),
      requestErrors: stats.errors,
    };
    // 3b. The same rate with the workers paused (SIGSTOP): the mutation's own latency, without the
    // CPU that storing takes on the same cores. The difference is what sharing the machine costs.
    const aloneReqs = await newPhones(13, 'i');
    const workers = pipeline.procs.filter((p) => p.name.startsWith('worker'));
    workers.forEach((p) => p.child.kill('SIGSTOP'));
    const aloneStats = await openLoop(pipeline.urls, aloneReqs, rate).finally(() =>
      workers.forEach((p) => p.child.kill('SIGCONT')),
    );
    await waitStored(db, 0, 'half load, workers paused');
    result.halfLoad.workersPausedLatencyMs = percentiles(aloneStats.latencies.sort((a, b) => a - b));
    result.halfLoad.workersPausedErrors = aloneStats.errors;
  }
  clearInterval(redisTimer);
  result.rssMb = rss.stop();
  result.redisMemoryMb = { peakSampledFirstPass: redisPeakFirstPass, peakSampled: redisPeak, ...(await redisMemory(redis)) };
  if (!opts['accept-only']) result.bytesPerSample = await tableBytes(db);
  await db.end();
  await stopPipeline(pipeline.procs, prefix);

  // 4. The naive baseline on its own database, same chunks.
  if (!opts['accept-only'] && !opts['skip-naive']) {
    const naiveUrl = await freshDatabase(`${opts.db}_naive`);
    const ndb = new Client({ connectionString: naiveUrl });
    await ndb.connect();
    const naive = await startPipeline(naiveUrl, `${prefix}-naive`, { naive: true });
    result.naive = await ingest('naive', naive.urls, reqs, ndb, data.anchors, data.samples, { procs: naive.procs });
    const c = await countRows(ndb);
    result.naive.check = { rowsStored: c.rows, rowsExpected: data.samples, anchors: c.anchors };
    await ndb.end();
    await stopPipeline(naive.procs, `${prefix}-naive`);
    result.speedupOverNaive = round(result.first.storedSamplesPerSec / result.naive.storedSamplesPerSec, 1);
    // Storage side: the CPU of what stores (worker, PostgreSQL, Redis) per 1,000 samples, the API and the
    // load generator left out (both pipelines share them), ours against the naive pipeline's.
    const storage = (cpu, worker) => round((cpu?.[worker] ?? 0) + (cpu?.postgres ?? 0) + (cpu?.redis ?? 0));
    const ours = storage(result.first.cpuMsPerThousandSamples, 'worker');
    const naiveCost = storage(result.naive.cpuMsPerThousandSamples, 'naive');
    if (ours > 0 && naiveCost > 0) result.storageCpu = { ours, naive: naiveCost, ratio: round(naiveCost / ours, 1) };
  }
  await redis.quit();
  report(result);
  if (!opts['skip-read']) result.read = await runReadBench();
  mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
  result.at = new Date().toISOString();
  const { latenciesMs, ...first } = result.first;
  const title = `first pass: ${data.samples} samples, ${reqs.length} chunks, ${result.first.storedSamplesPerSec} samples/s stored end to end`;
  const out = resolve(ROOT, opts.out);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(`${out}.svg`, benchChartSvg({ title, series: first.series, latencies: latenciesMs }));
  writeFileSync(`${out}.json`, JSON.stringify({ ...result, first }, null, 2) + '\n');
  const bad =
    result.first.requestErrors ||
    result.first.failedChunks ||
    (result.first.check && result.first.check.rowsStored !== data.samples);
  if (bad) process.exitCode = 1;
}

function report(r) {
  const m = r.machine;
  console.log(
    `machine: ${m.cpus}, ${m.memoryGiB} GiB, node ${m.node}, PostgreSQL ${m.postgres}, Redis ${m.redis} — API x${opts.apis}, worker x${opts.workers} (concurrency ${opts.concurrency}, batch ${opts.batch || 'default'}), API NODE_OPTIONS ${process.env.BENCH_NODE_OPTIONS ?? API_NODE_OPTIONS ?? 'none'}, worker NODE_OPTIONS ${process.env.BENCH_NODE_OPTIONS ?? WORKER_NODE_OPTIONS ?? 'none'}, telemetry ${opts.telemetry}, load generator on the same machine`,
  );
  console.log(
    `load: ${r.load.phones} phones (4 in 5 iPhone + Watch, 1 in 5 Android) x ${opts.days} days = ${r.load.samples} samples in ${r.load.chunks} chunks of <= ${opts.chunk}; ${opts.inflight} requests in flight`,
  );
  const line = (name, x) =>
    x &&
    console.log(
      `${name.padEnd(12)} accepted ${x.acceptedSamplesPerSec} samples/s, stored end to end ${x.storedSamplesPerSec ?? '-'} samples/s (${x.seconds} s); mutation p50 ${x.latencyMs.p50} / p95 ${x.latencyMs.p95} / p99 ${x.latencyMs.p99} ms; errors ${x.requestErrors}, failed chunks ${x.failedChunks}`,
    );
  const cpuLine = (name, x) =>
    x?.cpuMsPerThousandSamples &&
    console.log(
      `${''.padEnd(12)} CPU ms per 1,000 samples (${name}, machine ${Math.round(x.machineBusyShare * 100)} % busy): ${Object.entries(
        x.cpuMsPerThousandSamples,
      )
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
    );
  line('first pass', r.first);
  cpuLine('first pass', r.first);
  line('re-send', r.resend);
  cpuLine('re-send', r.resend);
  line('naive', r.naive);
  cpuLine('naive', r.naive);
  if (r.first.check)
    console.log(
      `check: rows ${r.first.check.rowsStored}/${r.first.check.rowsExpected}, anchors ${r.first.check.anchors}/${r.first.check.anchorsExpected}`,
    );
  if (r.halfLoad)
    console.log(
      `half load   ${r.halfLoad.chunksPerSec} chunks/s (${r.halfLoad.samplesPerSec} samples/s) open loop for ${r.halfLoad.seconds} s: p50 ${r.halfLoad.latencyMs.p50} / p95 ${r.halfLoad.latencyMs.p95} / p99 ${r.halfLoad.latencyMs.p99} ms, errors ${r.halfLoad.requestErrors}`,
    );
  if (r.halfLoad?.workersPausedLatencyMs) {
    const w = r.halfLoad.workersPausedLatencyMs;
    console.log(
      `            the same rate with the workers paused (the API alone): p50 ${w.p50} / p95 ${w.p95} / p99 ${w.p99} ms, errors ${r.halfLoad.workersPausedErrors}`,
    );
  }
  console.log(
    `peak RSS MB: ${JSON.stringify(r.rssMb)}; Redis used MB: peak sampled in the first pass ${r.redisMemoryMb.peakSampledFirstPass}, over the run ${r.redisMemoryMb.peakSampled} (with the paused workers' backlog), now ${r.redisMemoryMb.usedMb} (up to 1,000 completed jobs are kept an hour)`,
  );
  if (r.bytesPerSample)
    console.log(
      `bytes per stored sample (healthkit_sample, ${r.bytesPerSample.rows} rows): ${r.bytesPerSample.totalBytes} = heap ${r.bytesPerSample.heapBytes} + TOAST ${r.bytesPerSample.toastBytes} + indexes ${r.bytesPerSample.indexBytes}`,
    );
  const targets = [
    ['>= 40,000 samples/s end to end', r.first.storedSamplesPerSec >= 40_000, `${r.first.storedSamplesPerSec}`],
    [
      '>= 20x the naive pipeline',
      r.speedupOverNaive === undefined ? null : r.speedupOverNaive >= 20,
      `${r.speedupOverNaive ?? '-'}x`,
    ],
    [
      "storage-side CPU (worker + PostgreSQL + Redis) <= 1/10 of the naive pipeline's",
      r.storageCpu ? r.storageCpu.ratio >= 10 : null,
      r.storageCpu ? `${r.storageCpu.ours} vs ${r.storageCpu.naive} ms per 1,000 samples, 1/${r.storageCpu.ratio}` : '-',
    ],
    ['half-load p99 < 25 ms', r.halfLoad ? r.halfLoad.latencyMs.p99 < 25 : null, `${r.halfLoad?.latencyMs.p99 ?? '-'} ms`],
    [
      're-send no slower than first pass',
      r.resend ? r.resend.storedSamplesPerSec >= r.first.storedSamplesPerSec * 0.95 : null,
      `${r.resend?.storedSamplesPerSec ?? '-'} samples/s`,
    ],
    ['API and worker RSS < 300 MB', Object.values(r.rssMb).every((v) => v < 300), JSON.stringify(r.rssMb)],
    [
      '<= 225 bytes per stored sample',
      r.bytesPerSample ? r.bytesPerSample.totalBytes <= 225 : null,
      `${r.bytesPerSample?.totalBytes ?? '-'} B`,
    ],
  ];
  console.log('targets:');
  for (const [name, ok, value] of targets)
    console.log(`  ${ok === null ? 'not run' : ok ? 'met    ' : 'MISSED '} ${name}: ${value}`);
  const cpu = r.first.cpuMsPerThousandSamples;
  if (cpu && r.first.storedSamplesPerSec < 40_000) {
    // What limits the figure: at 40,000 samples/s every 1,000 samples may cost (cores x 1,000 / 40) ms
    // of CPU, all processes together. The split says which part alone already exceeds that.
    const cores = cpus().length;
    const budget = (cores * 1000) / 40;
    const parts = Object.entries(cpu)
      .filter(([k]) => k !== 'machine')
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `${k} ${v} (${Math.round((100 * v) / cpu.machine)} %)`);
    console.log(
      `  what limits it: 40,000 samples/s on ${cores} cores allows ${budget} ms of CPU per 1,000 samples; the first pass used ${cpu.machine}: ${parts.join(', ')}`,
    );
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
