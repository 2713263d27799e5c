// The naive baseline the benchmark measures beside the real worker: the seed design's
// update_or_create. One BullMQ job per chunk, as in the real pipeline, but each sample is stored
// on its own: look up its source, SELECT the row by its key, then UPDATE or INSERT it. The ledger
// and anchor rule are the real ones (so "end to end" means the same thing), in one transaction per chunk.
// Env: DATABASE_URL, REDIS_URL, QUEUE_PREFIX, CONCURRENCY.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ROOT } from './lib/bench-processes.mjs';

const require = createRequire(import.meta.url);
const { Pool } = require('pg');
const { Worker } = require('bullmq');
const { admitChunk, completeSync, markChunksStored, resolveContexts, resolveTypeIds, resolveUserRef, TABLE_SPECS } = require(
  join(ROOT, 'dist/libs/store/src/index.js'),
);
const { SYNC_QUEUE } = require(join(ROOT, 'dist/libs/queue/src/index.js'));

const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 8 });
const redis = new URL(process.env.REDIS_URL);

async function sourceId(client, userId, s) {
  const found = await client.query(
    'SELECT id FROM healthkit_source WHERE user_ref = (SELECT id FROM app_user WHERE subject = $1) AND platform = $2 AND bundle_id = $3 AND name = $4',
    [userId, s.platform, s.bundleId, s.name],
  );
  if (found.rows.length) return found.rows[0].id;
  const made = await client.query(
    `INSERT INTO healthkit_source (user_ref, platform, bundle_id, name, kind, precedence)
     VALUES ((SELECT id FROM app_user WHERE subject = $1), $2, $3, $4, 'third_party', 3)
     ON CONFLICT (user_ref, platform, bundle_id, name) DO UPDATE SET updated_at = now() RETURNING id`,
    [userId, s.platform, s.bundleId, s.name],
  );
  return made.rows[0].id;
}

async function store(ref) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const em = { query: async (sql, params) => (await client.query(sql, params)).rows };
    // The job names the ledger row; the chunk is read from it, as the real worker does.
    const admission = await admitChunk(em, ref);
    if (!admission.mayStore) {
      await client.query('COMMIT');
      return;
    }
    const data = admission.chunk;
    // The chunk's references (user, contexts, type ids) are resolved once, as the real worker does:
    // the baseline differs in storing each sample on its own, not in how it finds its references.
    const userRef = await resolveUserRef(em, data.userId);
    const contextIds = await resolveContexts(em, userRef, data.rows.contexts);
    const typeIds = await resolveTypeIds(em, data.rows.types);
    for (const [table, json] of Object.entries(data.rows.tables)) {
      const spec = TABLE_SPECS[table];
      const cols = ['type_id', 'context_id', 'source_id', ...spec.columns.map((c) => c.column)];
      const asJson = (c, v) => (c.sqlType === 'jsonb' && v !== null ? JSON.stringify(v) : v);
      for (const row of JSON.parse(json)) {
        const params = [
          typeIds[data.rows.types.indexOf(row.sampleType)],
          contextIds[row.contextIndex],
          await sourceId(client, data.userId, data.rows.sources[row.sourceIndex]),
          ...spec.columns.map((c) => asJson(c, row[c.key] ?? null)),
        ];
        const existing = await client.query(`SELECT 1 FROM ${spec.table} WHERE user_ref = $1 AND record_key = $2`, [
          userRef,
          row.recordKey,
        ]);
        if (existing.rows.length) {
          const set = cols.map((c, i) => `${c} = $${i + 2}`).join(', ');
          await client.query(
            `UPDATE ${spec.table} SET ${set}, deleted_at = NULL, updated_at = now() WHERE user_ref = $1 AND record_key = $${cols.indexOf('record_key') + 2}`,
            [userRef, ...params],
          );
        } else {
          const ph = cols.map((_, i) => `$${i + 2}`).join(', ');
          await client.query(`INSERT INTO ${spec.table} (user_ref, ${cols.join(', ')}) VALUES ($1, ${ph})`, [userRef, ...params]);
        }
      }
    }
    // The ledger mark and the anchor rule, as the real worker's batch runs them for each chunk.
    const userRefs = await markChunksStored(em, [data.chunkId]);
    await completeSync(em, userRefs.get(data.chunkId), data);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  } finally {
    client.release();
  }
}

const worker = new Worker(SYNC_QUEUE, (job) => store(job.data), {
  prefix: process.env.QUEUE_PREFIX,
  concurrency: Number(process.env.CONCURRENCY ?? 4),
  connection: {
    host: redis.hostname,
    port: Number(redis.port || 6379),
    db: Number(redis.pathname.slice(1) || 0),
    maxRetriesPerRequest: null,
  },
});
worker.on('failed', (job, err) => console.error(`naive worker: chunk failed: ${err.message}`));
process.on('SIGTERM', async () => {
  await worker.close();
  await pool.end();
  process.exit(0);
});
