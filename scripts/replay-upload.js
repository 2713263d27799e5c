#!/usr/bin/env node
// Replays the app's upload loop from a JSON file of HealthDataPoint.toJson() items, the way the phone
// does it: one sync stream per data type, chunks of 200 in order, the last one isFinalChunk, one
// anchor per stream; RATE_LIMITED and SERVICE_UNAVAILABLE answers are waited out and the chunk re-sent.
// Then, as the app does before it keeps a sync's anchor (docs/contract.md, the sync recipe), it polls
// syncProgress until each sync's anchor moved or a newer sync superseded it, and only then prints
// the sync states (exit 2 when a sync has failed chunks or does not finish within --wait-seconds).
//
//   TOKEN=$(JWT_SECRET=… npm run --silent token -- my-user) \
//   node scripts/replay-upload.js scripts/sample-health-data.json [--url http://127.0.0.1:3000/graphql]
//        [--chunk 200] [--time-zone Europe/Berlin] [--anchor-prefix replay] [--wait-seconds 120]
const { readFileSync } = require('node:fs');

const MUTATION = `mutation Sync($input: SyncHealthKitSamplesInput!) {
  syncHealthKitSamples(input: $input) { chunkIndex accepted rejected { index field message } status }
}`;
const STATE = 'query { syncStates { dataType lastAnchor lastSyncTime } }';
const PROGRESS = `query P($dataType: String!, $anchorToken: String!) {
  syncProgress(dataType: $dataType, anchorToken: $anchorToken) { anchorMoved superseded failedChunkIndexes missingChunkIndexes }
}`;
const MAX_TRIES = 8;
const POLL_MS = 250;

function options(argv) {
  const opts = {
    url: 'http://127.0.0.1:3000/graphql',
    chunk: 200,
    timeZone: 'Europe/Berlin',
    anchorPrefix: `replay-${Date.now()}`,
    waitSeconds: 120,
  };
  const files = [];
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--url') opts.url = argv[++i];
    else if (flag === '--chunk') opts.chunk = Number(argv[++i]);
    else if (flag === '--time-zone') opts.timeZone = argv[++i];
    else if (flag === '--anchor-prefix') opts.anchorPrefix = argv[++i];
    else if (flag === '--wait-seconds') opts.waitSeconds = Number(argv[++i]);
    else files.push(flag);
  }
  if (files.length !== 1 || !(opts.chunk >= 1 && opts.chunk <= 500) || !(opts.waitSeconds >= 0)) {
    console.error('usage: TOKEN=… node scripts/replay-upload.js <points.json> [--url …] [--chunk 1..500] [--time-zone …]');
    process.exit(64);
  }
  return { ...opts, file: files[0] };
}

/** The sync stream a point belongs to: the app syncs sleep stages and clinical records as one stream each. */
function streamOf(point) {
  if (point.type.startsWith('SLEEP_')) return 'SLEEP';
  if (point.type.startsWith('CLINICAL_')) return 'CLINICAL';
  return point.type;
}

async function post(url, token, query, variables) {
  for (let attempt = 1; ; attempt++) {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = await res.json();
    const error = body.errors?.[0];
    const code = error?.extensions?.code;
    if (!error) return body.data;
    if ((code === 'RATE_LIMITED' || code === 'SERVICE_UNAVAILABLE') && attempt < MAX_TRIES) {
      const waitS = error.extensions.retryAfter ?? Math.min(30, 2 ** attempt);
      console.error(`${code}: waiting ${waitS} s (attempt ${attempt})`);
      await new Promise((r) => setTimeout(r, waitS * 1000));
      continue;
    }
    throw new Error(`${code ?? res.status}: ${error.message}`);
  }
}

/**
 * Waits until the sync's anchor moved (every chunk stored) or a newer sync of the stream moved it
 * (superseded: this one never will). A sync with failed chunks will not finish by itself: the app
 * re-sends those chunks; here it is reported. Returns the sync's last progress and how it ended.
 */
async function waitForSync(opts, token, dataType, anchorToken) {
  const deadline = Date.now() + opts.waitSeconds * 1000;
  for (;;) {
    const { syncProgress: p } = await post(opts.url, token, PROGRESS, { dataType, anchorToken });
    if (p.anchorMoved) return 'anchorMoved';
    if (p.superseded) return 'superseded';
    if (p.failedChunkIndexes.length > 0) return `failed chunks ${p.failedChunkIndexes.join(',')}`;
    if (Date.now() >= deadline)
      return `not finished after ${opts.waitSeconds} s (missing chunks: ${p.missingChunkIndexes.join(',') || 'none'})`;
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

async function main() {
  const opts = options(process.argv.slice(2));
  const token = process.env.TOKEN;
  if (!token) throw new Error('TOKEN is required (a JWT whose sub is the user)');
  const points = JSON.parse(readFileSync(opts.file, 'utf8'));
  if (!Array.isArray(points)) throw new Error(`${opts.file} must hold a JSON array of HealthDataPoint.toJson() items`);

  const streams = new Map();
  for (const point of points) streams.set(streamOf(point), [...(streams.get(streamOf(point)) ?? []), point]);
  const syncs = [];
  for (const [dataType, items] of streams) {
    const anchorToken = `${opts.anchorPrefix}-${dataType}`;
    syncs.push({ dataType, anchorToken });
    const chunks = Math.max(1, Math.ceil(items.length / opts.chunk));
    let accepted = 0;
    let rejected = 0;
    for (let chunkIndex = 0; chunkIndex < chunks; chunkIndex++) {
      const data = items.slice(chunkIndex * opts.chunk, (chunkIndex + 1) * opts.chunk);
      const input = { dataType, anchorToken, chunkIndex, isFinalChunk: chunkIndex === chunks - 1, timeZone: opts.timeZone, data };
      const result = (await post(opts.url, token, MUTATION, { input })).syncHealthKitSamples;
      accepted += result.accepted;
      rejected += result.rejected.length;
      for (const r of result.rejected) console.error(`${dataType} chunk ${chunkIndex} item ${r.index}: ${r.field} ${r.message}`);
    }
    console.log(JSON.stringify({ dataType, anchorToken, chunks, accepted, rejected }));
  }
  let unfinished = 0;
  for (const sync of syncs) {
    sync.outcome = await waitForSync(opts, token, sync.dataType, sync.anchorToken);
    if (sync.outcome !== 'anchorMoved' && sync.outcome !== 'superseded') {
      unfinished += 1;
      console.error(`${sync.dataType}: ${sync.outcome}`);
    }
  }
  console.log(JSON.stringify({ syncs: syncs.map(({ dataType, outcome }) => ({ dataType, outcome })) }));
  const { syncStates } = await post(opts.url, token, STATE, {});
  console.log(JSON.stringify({ syncStates }));
  if (unfinished > 0) process.exitCode = 2;
}

main().catch((err) => {
  console.error(err.message);
  process.exit(1);
});
