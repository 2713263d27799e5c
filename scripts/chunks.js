#!/usr/bin/env node
// Operator tools for sync chunks (run `npm run build` first; config from the environment like the apps):
//   npm run chunks -- failed [limit]        failed chunks, newest first, with the reason
//   npm run chunks -- retry [chunkId ...]   run failed chunks again (all, or the given ids)
//   npm run chunks -- redrive <userId>      every unstored chunk of one user: retry, promote, or report lost
// Output is JSON lines; users appear as a hash (the same one the API's log lines carry).
const { loadConfigOrExit, sharedEnvSchema, userRef, validateEnv } = require('../dist/libs/config/src');
const { defaultJobOptions, redisOptions, SYNC_QUEUE } = require('../dist/libs/queue/src');
// The worker's: they need the queue and the store's ledger (libs/queue may not import the store).
const { listFailedChunks, redriveUserChunks, retryFailedChunks } = require('../dist/apps/worker/src/chunk-admin/chunk-admin');
const { Queue } = require('bullmq');
const { Client } = require('pg');

const USAGE = 'usage: npm run chunks -- failed [limit] | retry [chunkId ...] | redrive <userId>';

async function main() {
  const [command, ...args] = process.argv.slice(2);
  if (!['failed', 'retry', 'redrive'].includes(command) || (command === 'redrive' && !args[0])) {
    console.error(USAGE);
    process.exit(64);
  }
  const env = loadConfigOrExit(() => validateEnv(sharedEnvSchema, process.env));
  const db = new Client({
    connectionString: env.DATABASE_URL,
    user: env.DATABASE_USER,
    password: env.DATABASE_PASSWORD,
    ssl: env.DATABASE_SSL ? { rejectUnauthorized: true } : undefined,
  });
  const queue = new Queue(SYNC_QUEUE, {
    prefix: env.QUEUE_PREFIX,
    connection: redisOptions({ url: env.REDIS_URL, password: env.REDIS_PASSWORD }, 'producer'),
    // A chunk enqueued again from the ledger gets the apps' attempts, backoff and job retention.
    defaultJobOptions: defaultJobOptions({ prefix: env.QUEUE_PREFIX, attempts: env.JOB_ATTEMPTS, backoffMs: env.JOB_BACKOFF_MS }),
  });
  await db.connect();
  try {
    const show = ({ userId, updatedAt, ...chunk }, extra = {}) =>
      console.log(JSON.stringify({ ...chunk, user: userRef(userId), updatedAt, ...extra }));
    if (command === 'failed') {
      for (const chunk of await listFailedChunks(db, queue, Number(args[0] ?? 100))) show(chunk);
    } else {
      const results =
        command === 'retry' ? await retryFailedChunks(db, queue, args) : await redriveUserChunks(db, queue, args[0]);
      for (const { chunk, action } of results) show(chunk, { action });
      console.error(`${results.length} chunk(s) looked at`);
    }
  } finally {
    await queue.close();
    await db.end();
  }
}

main().catch((err) => {
  console.error(err.stack ?? String(err));
  process.exit(1);
});
