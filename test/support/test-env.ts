import { Queue } from 'bullmq';

/** Where the e2e tests find PostgreSQL and Redis (the machine's real servers). */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/healthsync_test';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/3';
export const TEST_JWT_SECRET = 'e2e-test-secret-e2e-test-secret-0001';

/** Env for a built app under test; each suite gets its own queue prefix so suites never share jobs. */
export function appEnv(queuePrefix: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'warn',
    DATABASE_URL: TEST_DATABASE_URL,
    REDIS_URL: TEST_REDIS_URL,
    QUEUE_PREFIX: queuePrefix,
    JWT_SECRET: TEST_JWT_SECRET,
    METRICS_INTERVAL_MS: '0',
    JOB_BACKOFF_MS: '200',
    // The API's wait for the load balancer after SIGTERM; tests that stop the API do not need it.
    SHUTDOWN_READINESS_DELAY_MS: '0',
    ...extra,
  };
}

/** The apps' sync queue under a suite's prefix, for looking at jobs or adding hand-made ones. */
export function testQueue(queuePrefix: string): Queue {
  const url = new URL(TEST_REDIS_URL);
  return new Queue('health-sync', {
    prefix: queuePrefix,
    connection: { host: url.hostname, port: Number(url.port || 6379), db: Number(url.pathname.slice(1) || 0) },
  });
}

/** Removes everything a suite left in Redis under its queue prefix. */
export async function clearQueue(queuePrefix: string): Promise<void> {
  const queue = testQueue(queuePrefix);
  try {
    await queue.obliterate({ force: true });
  } finally {
    await queue.close();
  }
}
