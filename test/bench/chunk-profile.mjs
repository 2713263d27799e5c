// Where a chunk's time goes inside the pipeline, statement by statement: the API's parse and
// row building, then the worker's writeChunk with every SQL statement timed (client round trip:
// PostgreSQL's work plus the driver's). One connection, chunks in the bench's seeded mixed data,
// stored one after another, so the figures are service time, not queueing.
// Usage: npm run build && node test/bench/chunk-profile.mjs [--phones 10 --days 2 --db healthsync_bench_profile]
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { exited, freshDatabase, ROOT, start } from './lib/bench-processes.mjs';
import { procCpuMs } from './lib/cpu-split.mjs';
import { phoneUploads } from './lib/mixed-phones.mjs';

const require = createRequire(import.meta.url);
const { Client } = require('pg');
const { buildChunkRows, parseChunk, resolveTimeZone, writePosition } = require(join(ROOT, 'dist/libs/health-data/src/index.js'));
const { writeChunk } = require(join(ROOT, 'dist/libs/store/src/index.js'));

const { values: args } = parseArgs({
  options: {
    phones: { type: 'string', default: '10' },
    days: { type: 'string', default: '2' },
    db: { type: 'string', default: 'healthsync_bench_profile' },
  },
});
const DATABASE_URL = await freshDatabase(args.db);
await exited(start('dist/apps/api/src/migrate.js', { DATABASE_URL, LOG_LEVEL: 'warn' }));

const db = new Client({ connectionString: DATABASE_URL, options: '-c jit=off' });
await db.connect();
/** Statement kind → [calls, ms]: the first words of the SQL name it well enough. */
const bySql = new Map();
const kindOf = (sql) => {
  const s = sql.replace(/\s+/g, ' ').trim();
  if (s.includes("'order/'")) return 'order lock + user ref';
  if (s.startsWith('WITH gone AS')) return `record replace ${s.split(' ')[5]}`;
  if (s.startsWith('WITH up AS (INSERT INTO healthkit_sample')) return 'upsert samples (+ changed spans)';
  if (s.startsWith('WITH up AS (INSERT INTO healthkit_')) return `upsert ${s.split(' ')[5]}`;
  if (s.startsWith('INSERT INTO healthkit_')) return `upsert ${s.split(' ')[2]}`;
  if (s.includes('pg_advisory_xact_lock')) return 'rollup lock';
  if (s.startsWith('DELETE FROM sample_rollup')) return 'rollup clear';
  if (s.includes('DELETE FROM sample_rollup')) return 'rollup clear + ranked samples';
  if (s.startsWith('INSERT INTO sample_rollup')) return 'rollup write buckets';
  if (s.includes('INSERT INTO sample_rollup')) return 'rollup recompute';
  if (s.includes('healthkit_source')) return 'sources';
  if (s.includes('sample_context')) return 'contexts';
  if (s.includes('health_term')) return 'types';
  if (s.includes('app_user')) return 'user ref';
  if (s.includes('deleted_at = now()')) return 'deletions';
  return s.slice(0, 40);
};
const timed = async (sql, run) => {
  const t = performance.now();
  const r = await run();
  const k = kindOf(sql);
  const [n, ms] = bySql.get(k) ?? [0, 0];
  bySql.set(k, [n + 1, ms + performance.now() - t]);
  return r;
};
const em = { query: (sql, params) => timed(sql, async () => (await db.query(sql, params)).rows) };

// CPU time, unlike wall time, barely moves with the machine's load: the PostgreSQL backend's
// (from /proc) and this process's.
const [{ pid }] = (await db.query('SELECT pg_backend_pid() AS pid')).rows;
const backendCpuMs = () => procCpuMs(pid).reduce((a, b) => a + b);
const pgCpuStart = backendCpuMs();
const nodeCpuStart = process.cpuUsage();

const { uploads, samples } = phoneUploads({ phones: Number(args.phones), days: Number(args.days), chunk: 200 });
const zone = resolveTimeZone('Europe/Berlin');
let parseMs = 0;
let buildMs = 0;
let writeMs = 0;
let chunkNo = 0; // one sync per run, chunks in order: the order rule's usual case
for (const { user, input } of uploads) {
  let t = performance.now();
  const { accepted } = parseChunk(input.data, zone);
  parseMs += performance.now() - t;
  t = performance.now();
  const rows = buildChunkRows(accepted);
  JSON.stringify({ rows, deletedUuids: [] }); // the ledger payload, the chunk's one encoding
  buildMs += performance.now() - t;
  t = performance.now();
  await db.query('BEGIN');
  await writeChunk(em, user, rows, [], writePosition(1, chunkNo++));
  await db.query('COMMIT');
  writeMs += performance.now() - t;
}
const pgCpuMs = backendCpuMs() - pgCpuStart;
const { user: nodeUser, system: nodeSystem } = process.cpuUsage(nodeCpuStart);
await db.end();

const n = uploads.length;
const per = (ms) => (ms / n).toFixed(3);
console.log(
  `chunks ${n}, samples ${samples}; per chunk (ms): API parse ${per(parseMs)}, API rows+JSON ${per(buildMs)}, worker write ${per(writeMs)}`,
);
const sqlMs = [...bySql.values()].reduce((a, [, ms]) => a + ms, 0);
for (const [k, [calls, ms]] of [...bySql].sort((a, b) => b[1][1] - a[1][1])) {
  console.log(
    `  ${k.padEnd(34)} ${(calls / n).toFixed(2)} calls/chunk  ${per(ms)} ms/chunk  ${((100 * ms) / writeMs).toFixed(1)} %`,
  );
}
console.log(
  `CPU per chunk (ms): PostgreSQL backend ${per(pgCpuMs)}, this process (API parse + rows + worker) ${per((nodeUser + nodeSystem) / 1000)}`,
);
console.log(`  ${'(worker JS between statements)'.padEnd(34)} ${''.padEnd(15)}  ${per(writeMs - sqlMs)} ms/chunk`);
