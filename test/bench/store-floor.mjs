// What storing a sample costs PostgreSQL at the least, on this machine: the rows a bench run stored,
// written again into empty clones of their tables (same partitions, same indexes) in the cheapest
// ways SQL offers, with none of the pipeline's work around them (no ledger, locks, sources, order
// rule, rollup computation, worker). The floor under the bench's "postgres" figure (docs/throughput.md,
// "What 40,000 samples/s would take").
// Usage: npm run bench (leaves its database), then npm run bench:floor [-- --db healthsync_bench --chunk 164]
// Reads the PostgreSQL backend's CPU from /proc: PostgreSQL must run on this machine.
import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { procCpuMs } from './lib/cpu-split.mjs';

const require = createRequire(import.meta.url);
const { Client } = require('pg');

const { values: opts } = parseArgs({
  options: {
    db: { type: 'string', default: 'healthsync_bench' },
    // rows per statement in the per-chunk pass: the bench's mean chunk (133,240 samples in 810 chunks)
    chunk: { type: 'string', default: '164' },
  },
});

const db = new Client({ connectionString: `postgres://postgres@127.0.0.1:5432/${opts.db}` });
await db.connect();
const {
  rows: [{ pid, version }],
} = await db.query(`SELECT pg_backend_pid() AS pid, current_setting('server_version') AS version`);

/** CPU ms (user + system) the backend serving this connection has used so far. */
const backendCpuMs = () => procCpuMs(pid).reduce((a, b) => a + b);

async function measure(run) {
  const before = backendCpuMs();
  const t0 = performance.now();
  await run();
  return { cpuMs: backendCpuMs() - before, wallMs: performance.now() - t0 };
}

/** An empty copy of a table, partitioned and indexed as the original is. */
async function emptyClone(table, clone) {
  await db.query(`DROP TABLE IF EXISTS ${clone}`);
  const {
    rows: [p],
  } = await db.query(
    `SELECT pg_get_partkeydef($1::regclass) AS key, (SELECT count(*)::int FROM pg_inherits WHERE inhparent = $1::regclass) AS parts`,
    [table],
  );
  await db.query(
    `CREATE TABLE ${clone} (LIKE ${table} INCLUDING DEFAULTS INCLUDING INDEXES)${p.key ? ` PARTITION BY ${p.key}` : ''}`,
  );
  for (let i = 0; p.key && i < p.parts; i++) {
    await db.query(`CREATE TABLE ${clone}_p${i} PARTITION OF ${clone} FOR VALUES WITH (MODULUS ${p.parts}, REMAINDER ${i})`);
  }
}

const {
  rows: [{ samples }],
} = await db.query('SELECT count(*)::int AS samples FROM healthkit_sample');
if (samples === 0) {
  console.error(`store-floor: ${opts.db} holds no samples; run npm run bench first (it leaves its database)`);
  process.exit(1);
}
const perThousand = (ms) => Math.round((ms / samples) * 10_000) / 10;
const report = (what, m) => {
  console.log(
    `${what.padEnd(64)} ${String(perThousand(m.cpuMs)).padStart(6)} ms CPU per 1,000 samples (wall ${Math.round(m.wallMs)} ms)`,
  );
};

console.log(`machine: ${cpus().length} x ${cpus()[0].model.trim()}, PostgreSQL ${version}; ${samples} samples of ${opts.db}`);
try {
  report('reading the rows (no write): SELECT of every column', await measure(() => db.query('SELECT * FROM healthkit_sample')));

  await emptyClone('healthkit_sample', 'floor_sample');
  await db.query('CHECKPOINT');
  report(
    'bulk: every row in one INSERT … SELECT (reading them included)',
    await measure(() => db.query('INSERT INTO floor_sample SELECT * FROM healthkit_sample')),
  );

  // Per chunk, as a phone's chunk arrives: its rows (by user and time) in one statement and one transaction.
  const { rows } = await db.query(
    `SELECT user_ref, type_id, context_id::text, record_key, start_time, end_time, source_id::text, value, value_detail, record_id, extra
     FROM healthkit_sample ORDER BY user_ref, start_time`,
  );
  const size = Number(opts.chunk);
  const chunks = [];
  for (let i = 0; i < rows.length; i += size) chunks.push(rows.slice(i, i + size));
  const column = (chunk, key) => chunk.map((r) => r[key]);
  const json = (chunk, key) => chunk.map((r) => (r[key] === null ? null : JSON.stringify(r[key])));
  const insert = {
    name: 'store-floor/insert-chunk',
    text: `INSERT INTO floor_sample (user_ref, type_id, context_id, record_key, start_time, end_time, source_id, value, value_detail, record_id, extra)
SELECT * FROM unnest($1::int[], $2::int[], $3::bigint[], $4::uuid[], $5::timestamptz[], $6::timestamptz[], $7::bigint[],
                     $8::float8[], $9::jsonb[], $10::uuid[], $11::jsonb[])
ON CONFLICT (user_ref, record_key) DO NOTHING`,
  };
  await db.query('TRUNCATE floor_sample');
  await db.query('CHECKPOINT');
  report(
    `per chunk: ${size} rows, one INSERT … ON CONFLICT DO NOTHING, one transaction`,
    await measure(async () => {
      for (const chunk of chunks) {
        await db.query('BEGIN');
        await db.query({
          ...insert,
          values: [
            column(chunk, 'user_ref'),
            column(chunk, 'type_id'),
            column(chunk, 'context_id'),
            column(chunk, 'record_key'),
            column(chunk, 'start_time'),
            column(chunk, 'end_time'),
            column(chunk, 'source_id'),
            column(chunk, 'value'),
            json(chunk, 'value_detail'),
            column(chunk, 'record_id'),
            json(chunk, 'extra'),
          ],
        });
        await db.query('COMMIT');
      }
    }),
  );

  await emptyClone('sample_rollup', 'floor_rollup');
  report(
    'rollup rows: every row in one INSERT … SELECT',
    await measure(() => db.query('INSERT INTO floor_rollup SELECT * FROM sample_rollup')),
  );
} finally {
  await db.query('DROP TABLE IF EXISTS floor_sample, floor_rollup');
  await db.end();
}
