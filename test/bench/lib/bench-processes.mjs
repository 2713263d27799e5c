// Child processes for the benchmarks: the built apps as they run in production, on free ports.
import { spawn } from 'node:child_process';
import { openSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

const require = createRequire(import.meta.url);
const { Client } = require('pg');
// Ports, readiness and tokens: the same helpers the e2e suites use (test/support/app-helpers.js).
const { freePort, signToken, waitReady: waitReadyWithin } = require('../../support/app-helpers.js');
export { freePort, signToken };
const ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/** An empty database of that name on the local server (dropped first if there), and its URL. */
export async function freshDatabase(name) {
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return `postgres://postgres@127.0.0.1:5432/${name}`;
}

/** Every process a bench started and that still runs: stopped when the bench exits, however it exits. */
const running = new Set();
process.on('exit', () => running.forEach((child) => child.kill('SIGTERM')));

/**
 * The NODE_OPTIONS an image of docker/Dockerfile runs its app with (`ENV NODE_OPTIONS=…` in the stage
 * `FROM runtime AS <stage>`), or undefined: the bench runs each app as its image does (the API's heap
 * cap changes its RSS and its garbage collection).
 */
export function imageNodeOptions(stage) {
  const dockerfile = readFileSync(join(ROOT, 'docker/Dockerfile'), 'utf8');
  const body = dockerfile.split(/^FROM /m).find((part) => new RegExp(`^\\S+ AS ${stage}\\s`).test(part));
  return body?.match(/^ENV NODE_OPTIONS=(.+)$/m)?.[1].trim();
}

// BENCH_CPU_PROF=/some/dir writes a V8 CPU profile of every app process there, for finding hot spots.
// BENCH_GC_LOG=/some/dir runs every app process with --trace-gc (not allowed in NODE_OPTIONS) and
// writes its stdout there, one file per process: every collection with its pause (and the app's log lines).
// BENCH_NODE_OPTIONS replaces every app's NODE_OPTIONS (the image's included).
let started = 0;
export function start(entry, env) {
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const gcLog = process.env.BENCH_GC_LOG;
  const stdout = gcLog ? openSync(join(gcLog, `${(started += 1)}-${entry.replace(/[^a-z0-9]+/gi, '-')}.log`), 'w') : 'ignore';
  const child = spawn(process.execPath, [...profile, ...(gcLog ? ['--trace-gc'] : []), join(ROOT, entry)], {
    env: {
      PATH: process.env.PATH,
      ...env,
      ...(process.env.BENCH_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_NODE_OPTIONS } : {}),
    },
    stdio: ['ignore', stdout, 'inherit'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

/** Until `${url}/health/ready` answers 200 (45 s: a bench may start its apps on a busy machine). */
export function waitReady(url) {
  return waitReadyWithin(url, { timeoutMs: 45_000 });
}

export function exited(child) {
  return new Promise((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', resolve)));
}

/** Resident set size in MB from /proc (Linux), 0 once the process is gone. */
export function rssMb(pid) {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('VmRSS:'));
    return line ? Number(line.split(/\s+/)[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** Samples the peak RSS of some processes every 200 ms until stopped. */
export function watchRss(children) {
  const peak = new Map(children.map((c) => [c.name, 0]));
  const timer = setInterval(() => {
    for (const c of children) peak.set(c.name, Math.max(peak.get(c.name), rssMb(c.child.pid)));
  }, 200);
  return { stop: () => (clearInterval(timer), Object.fromEntries([...peak].map(([k, v]) => [k, Math.round(v)]))) };
}
