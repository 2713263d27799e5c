import * as fs from 'node:fs';
import * as path from 'node:path';
import { Client } from 'pg';
import { REPO_ROOT, hostCommand, parseDockerfile, resolveTarget, toHostPath, type Target } from './support/dockerfile';
import { Proc, freePort, run, waitFor200 } from './support/process';

/**
 * Docker cannot run here, so this runs what the images run: each target's
 * CMD from docker/Dockerfile (parsed, /app mapped to this checkout), as a
 * plain process with the image's ENV and a production environment, against
 * the machine's PostgreSQL and Redis. It then runs the image's own
 * HEALTHCHECK command and stops the process the way ECS does (SIGTERM).
 *
 * Needs a built dist/ (`npm run build`), PostgreSQL on 127.0.0.1:5432 (user
 * postgres, trust auth) and Redis on 127.0.0.1:6379.
 */
const ADMIN_URL = process.env.TEST_DOCKER_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
// Overridable so two checkouts can run the suite side by side on one machine.
const DATABASE_NAME = process.env.TEST_DOCKER_DATABASE ?? 'healthsync_test_docker';
const DATABASE_URL = `postgres://postgres@127.0.0.1:5432/${DATABASE_NAME}`;
const REDIS_URL = process.env.TEST_DOCKER_REDIS_URL ?? 'redis://127.0.0.1:6379/7';
const JWT_SECRET = 'docker-entrypoint-test-secret-0123456789';

const READY_TIMEOUT_MS = 30_000;
/** Idle processes must stop well inside ECS's stopTimeout. */
const STOP_TIMEOUT_MS = 10_000;

const PORT_VAR: Record<string, string> = { api: 'PORT', worker: 'WORKER_HEALTH_PORT' };

const dockerfile = parseDockerfile();

async function ensureDatabase(): Promise<void> {
  const client = new Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE_NAME]);
    if (!rowCount) await client.query(`CREATE DATABASE ${DATABASE_NAME}`);
  } finally {
    await client.end();
  }
}

/**
 * The image's ENV (what the container starts with), then the deployment's
 * variables on top, as ECS does. Nothing is inherited from the test runner
 * except PATH. Image paths outside /app (the RDS CA bundle) do not exist on
 * this machine and are left out.
 */
function containerEnv(target: Target, overrides: Record<string, string>): Record<string, string> {
  const image = Object.fromEntries(
    Object.entries(target.env)
      .map(([k, v]) => [k, toHostPath(v)] as const)
      .filter(([, v]) => !(path.isAbsolute(v) && !fs.existsSync(v))),
  );
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', ...image, ...overrides };
}

function deploymentEnv(): Record<string, string> {
  return {
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    DATABASE_URL,
    DATABASE_SSL: 'false',
    REDIS_URL,
    MIGRATIONS: 'run',
    JWT_SECRET,
    METRICS_ENVIRONMENT: 'test-docker',
  };
}

describe('Docker targets run as plain processes', () => {
  const running: Proc[] = [];

  beforeAll(async () => {
    for (const name of ['api', 'worker']) {
      const entry = hostCommand(resolveTarget(dockerfile, name)).find((a) => a.endsWith('.js'));
      if (!entry || !fs.existsSync(path.resolve(REPO_ROOT, entry))) {
        throw new Error(`${entry ?? name} is missing: run "npm run build" before this test`);
      }
    }
    await ensureDatabase();
  });

  afterEach(async () => {
    // Never leave a process behind, whatever failed.
    for (const proc of running.splice(0)) {
      proc.kill('SIGKILL');
      await proc.exitWithin(5_000);
    }
  });

  // Worker first: in ECS the api starts only after the worker is healthy.
  describe.each(['worker', 'api'])('%s target', (name) => {
    const target = resolveTarget(dockerfile, name);

    test('serves /health/ready, passes the image HEALTHCHECK, and exits 0 on SIGTERM', async () => {
      const port = await freePort();
      const env = containerEnv(target, { ...deploymentEnv(), [PORT_VAR[name]]: String(port) });
      const proc = new Proc(hostCommand(target), { cwd: REPO_ROOT, env });
      running.push(proc);

      await waitFor200(`http://127.0.0.1:${port}/health/ready`, proc, READY_TIMEOUT_MS);

      // The image's own HEALTHCHECK, pointed at the port this process got.
      expect(target.healthcheck).not.toBeNull();
      const probe = target.healthcheck!.map(toHostPath).map((arg) => arg.replace(/^(http:\/\/127\.0\.0\.1:)\d+/, `$1${port}`));
      const healthy = await run(probe, { cwd: REPO_ROOT, env: { PATH: env.PATH }, timeoutMs: 10_000 });
      expect({ code: healthy.code, output: healthy.output }).toEqual({ code: 0, output: '' });

      // ECS stop: SIGTERM, then SIGKILL after stopTimeout. An idle process must exit cleanly long before.
      proc.kill('SIGTERM');
      const exit = await proc.exitWithin(STOP_TIMEOUT_MS);
      if (!exit) throw new Error(`still running ${STOP_TIMEOUT_MS} ms after SIGTERM:\n${proc.output()}`);
      expect({ ...exit, output: exit.code === 0 ? '' : proc.output() }).toEqual({ code: 0, signal: null, output: '' });

      // With the process gone, the same probe must now fail.
      const unhealthy = await run(probe, { cwd: REPO_ROOT, env: { PATH: env.PATH }, timeoutMs: 10_000 });
      expect(unhealthy.code).toBe(1);
    }, 60_000);

    test('refuses to start with a broken config, naming the variable', async () => {
      const port = await freePort();
      const { DATABASE_URL: _omitted, ...rest } = deploymentEnv();
      const env = containerEnv(target, { ...rest, REDIS_URL: 'not-a-url', [PORT_VAR[name]]: String(port) });
      const result = await run(hostCommand(target), { cwd: REPO_ROOT, env, timeoutMs: 15_000 });
      expect(result.code).not.toBe(0);
      expect(result.output).toContain('DATABASE_URL');
      expect(result.output).toContain('REDIS_URL');
    }, 30_000);
  });
});
