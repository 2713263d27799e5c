import { ApiConfig, loadDatabaseSettings, WorkerConfig } from './app-config';
import { isHashTagged } from './queue-prefix';
import { ConfigValidationError } from './load-config';

const base = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/healthsync',
  REDIS_URL: 'redis://127.0.0.1:6379',
};

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigValidationError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigValidationError');
}

describe('config', () => {
  it('fills defaults for the API', () => {
    const config = ApiConfig.fromEnv({ ...base, JWT_SECRET: 'x'.repeat(32) });
    expect(config.port).toBe(3000);
    expect(config.bodyLimitBytes).toBe(4 * 1024 * 1024);
    expect(config.auth).toEqual({ kind: 'hs256', secret: 'x'.repeat(32), issuer: undefined, audience: undefined });
    expect(config.queue).toEqual({ prefix: '{hs}', attempts: 3, backoffMs: 1000 });
    expect(config.database.migrations).toBe('run');
  });

  it('DATABASE_PREPARED_STATEMENTS: on by default, off with false, anything else refused by name', () => {
    expect(loadDatabaseSettings(base).preparedStatements).toBe(true);
    expect(loadDatabaseSettings({ ...base, DATABASE_PREPARED_STATEMENTS: 'false' }).preparedStatements).toBe(false);
    expect(WorkerConfig.fromEnv({ ...base, DATABASE_PREPARED_STATEMENTS: 'false' }).database.preparedStatements).toBe(false);
    expect(problemsOf(() => loadDatabaseSettings({ ...base, DATABASE_PREPARED_STATEMENTS: 'sometimes' }))).toEqual([
      expect.stringMatching(/^DATABASE_PREPARED_STATEMENTS /),
    ]);
  });

  it('MIGRATIONS is run or check; the retired RUN_MIGRATIONS is refused by name', () => {
    expect(WorkerConfig.fromEnv({ ...base, MIGRATIONS: 'check' }).database.migrations).toBe('check');
    expect(loadDatabaseSettings({ ...base, MIGRATIONS: 'check' }).migrations).toBe('check');
    expect(problemsOf(() => WorkerConfig.fromEnv({ ...base, MIGRATIONS: 'yes' }))).toEqual(['MIGRATIONS must be run or check']);
    expect(problemsOf(() => WorkerConfig.fromEnv({ ...base, RUN_MIGRATIONS: 'false' }))).toEqual([
      'RUN_MIGRATIONS was replaced by MIGRATIONS=run|check',
    ]);
    expect(problemsOf(() => loadDatabaseSettings({ ...base, RUN_MIGRATIONS: 'true' }))).toEqual([
      'RUN_MIGRATIONS was replaced by MIGRATIONS=run|check',
    ]);
  });

  it('QUEUE_PREFIX: hash-tagged by default, a bare or one {tagged} name allowed, anything else refused by name', () => {
    expect(WorkerConfig.fromEnv({ ...base, QUEUE_PREFIX: 'e2e-x' }).queue.prefix).toBe('e2e-x');
    expect(WorkerConfig.fromEnv({ ...base, QUEUE_PREFIX: '{hs-uat}' }).queue.prefix).toBe('{hs-uat}');
    for (const bad of ['{hs', 'hs}', '{a}{b}', 'a:b', '{}', '']) {
      expect(problemsOf(() => WorkerConfig.fromEnv({ ...base, QUEUE_PREFIX: bad }))).toEqual([
        expect.stringMatching(/^QUEUE_PREFIX may hold only letters, digits, _ and -, optionally as one \{hash tag\}/),
      ]);
    }
    expect(isHashTagged('{hs}')).toBe(true);
    expect(isHashTagged('hs')).toBe(false);
  });

  it('names every bad variable at once', () => {
    const problems = problemsOf(() => ApiConfig.fromEnv({ REDIS_URL: 'http://nope', PORT: 'eighty', DATABASE_SSL: 'maybe' }));
    expect(problems).toEqual(
      expect.arrayContaining([
        'DATABASE_URL is required',
        expect.stringMatching(/^REDIS_URL must be a URL/),
        expect.stringMatching(/^PORT must be a whole number/),
        expect.stringMatching(/^DATABASE_SSL /),
        expect.stringMatching(/^JWT_SECRET set JWT_SECRET or JWT_JWKS_URL/),
      ]),
    );
  });

  it('needs issuer and audience with a JWKS URL, and a long enough HS256 secret', () => {
    expect(problemsOf(() => ApiConfig.fromEnv({ ...base, JWT_JWKS_URL: 'https://id.example/jwks' }))).toEqual([
      'JWT_ISSUER is required with JWT_JWKS_URL',
      'JWT_AUDIENCE is required with JWT_JWKS_URL',
    ]);
    expect(problemsOf(() => ApiConfig.fromEnv({ ...base, JWT_SECRET: 'short' }))).toEqual([
      'JWT_SECRET must be at least 32 characters (HS256 key)',
    ]);
  });

  it('telemetry: on with 5 % sampling and no OTLP by default; ratio and endpoint validated', () => {
    expect(WorkerConfig.fromEnv(base).telemetry).toEqual({ enabled: true, otlpEndpoint: undefined, sampleRatio: 0.05 });
    const config = ApiConfig.fromEnv({
      ...base,
      JWT_SECRET: 'x'.repeat(32),
      OTEL_SDK_DISABLED: 'true',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
      TRACE_SAMPLE_RATIO: '1',
    });
    expect(config.telemetry).toEqual({ enabled: false, otlpEndpoint: 'http://collector:4318', sampleRatio: 1 });
    expect(
      problemsOf(() =>
        WorkerConfig.fromEnv({ ...base, TRACE_SAMPLE_RATIO: '1.5', OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' }),
      ),
    ).toEqual(['OTEL_EXPORTER_OTLP_ENDPOINT must be an http(s) URL', 'TRACE_SAMPLE_RATIO must be a number from 0 to 1']);
  });

  it('rate limits: defaults leave a backfilling phone (~10 chunks/s) far below the sync limit', () => {
    const { rateLimits } = ApiConfig.fromEnv({ ...base, JWT_SECRET: 'x'.repeat(32) });
    expect(rateLimits).toEqual({ sync: 1800, reads: 600, windowSeconds: 60 });
    expect(rateLimits.sync / rateLimits.windowSeconds).toBeGreaterThanOrEqual(2 * 10);
    expect(problemsOf(() => ApiConfig.fromEnv({ ...base, JWT_SECRET: 'x'.repeat(32), RATE_LIMIT_WINDOW_SECONDS: '0' }))).toEqual([
      'RATE_LIMIT_WINDOW_SECONDS must be between 1 and 3600',
    ]);
  });

  it('takes issuer and audience with a shared secret only as a pair', () => {
    const secret = 'x'.repeat(32);
    expect(problemsOf(() => ApiConfig.fromEnv({ ...base, JWT_SECRET: secret, JWT_ISSUER: 'https://id.example' }))).toEqual([
      'JWT_AUDIENCE is required with JWT_ISSUER (set both or neither)',
    ]);
    expect(problemsOf(() => ApiConfig.fromEnv({ ...base, JWT_SECRET: secret, JWT_AUDIENCE: 'health-sync' }))).toEqual([
      'JWT_ISSUER is required with JWT_AUDIENCE (set both or neither)',
    ]);
    const config = ApiConfig.fromEnv({
      ...base,
      JWT_SECRET: secret,
      JWT_ISSUER: 'https://id.example',
      JWT_AUDIENCE: 'health-sync',
    });
    expect(config.auth).toEqual({ kind: 'hs256', secret, issuer: 'https://id.example', audience: 'health-sync' });
  });

  it('keeps the queue admin closed by default and opens it only on its own port for its own audience', () => {
    const secret = 'x'.repeat(32);
    expect(ApiConfig.fromEnv({ ...base, JWT_SECRET: secret }).queueAdmin).toMatchObject({ port: 0, host: '127.0.0.1' });
    expect(problemsOf(() => ApiConfig.fromEnv({ ...base, JWT_SECRET: secret, ADMIN_PORT: '3100' }))).toEqual([
      'ADMIN_JWT_AUDIENCE is required with ADMIN_PORT (admin tokens need their own audience)',
    ]);
    expect(
      problemsOf(() =>
        ApiConfig.fromEnv({
          ...base,
          JWT_SECRET: secret,
          JWT_ISSUER: 'https://id.example',
          JWT_AUDIENCE: 'health-sync',
          ADMIN_PORT: '3000',
          ADMIN_JWT_AUDIENCE: 'health-sync',
        }),
      ),
    ).toEqual([
      'ADMIN_JWT_AUDIENCE must differ from JWT_AUDIENCE (a phone token must not open the admin)',
      'ADMIN_PORT must differ from PORT (the admin is never on the public listener)',
    ]);
    const config = ApiConfig.fromEnv({
      ...base,
      JWT_SECRET: secret,
      JWT_ISSUER: 'https://id.example',
      JWT_AUDIENCE: 'health-sync',
      ADMIN_PORT: '3100',
      ADMIN_JWT_AUDIENCE: 'health-sync-admin',
    });
    expect(config.queueAdmin).toMatchObject({ port: 3100, audience: 'health-sync-admin', issuer: 'https://id.example' });
  });

  it('waits 2 s for an unavailable database by default', () => {
    expect(WorkerConfig.fromEnv(base).dbUnavailableWaitMs).toBe(2_000);
    expect(problemsOf(() => WorkerConfig.fromEnv({ ...base, WORKER_DB_UNAVAILABLE_WAIT_MS: '10' }))).toEqual([
      'WORKER_DB_UNAVAILABLE_WAIT_MS must be between 100 and 60000',
    ]);
  });

  it('has chosen defaults for recovery, the outbox sweep, query limits and backpressure, and range-checks them', () => {
    const worker = WorkerConfig.fromEnv(base);
    expect(worker).toMatchObject({ jobTimeoutMs: 60_000, lockDurationMs: 20_000, stalledIntervalMs: 10_000 });
    expect(worker.outbox).toEqual({ sweepIntervalMs: 30_000, graceMs: 60_000 });
    const api = ApiConfig.fromEnv({ ...base, JWT_SECRET: 'x'.repeat(32) });
    expect(api.graphql).toEqual({ maxCost: 25_000, maxDepth: 8 });
    expect(api).toMatchObject({ statementTimeoutMs: 15_000, pageMaxBytes: 4 * 1024 * 1024 });
    expect(
      problemsOf(() =>
        ApiConfig.fromEnv({ ...base, JWT_SECRET: 'x'.repeat(32), API_STATEMENT_TIMEOUT_MS: '0', PAGE_MAX_BYTES: '1kb' }),
      ),
    ).toEqual(['API_STATEMENT_TIMEOUT_MS must be between 100 and 600000', 'PAGE_MAX_BYTES must be a whole number']);
    expect(api.backpressure).toEqual({ maxWaiting: 20_000, maxMemoryShare: 0.75, retryAfterSeconds: 30, probeMs: 1000 });
    expect(problemsOf(() => WorkerConfig.fromEnv({ ...base, WORKER_LOCK_DURATION_MS: '500', OUTBOX_GRACE_MS: 'soon' }))).toEqual([
      'WORKER_LOCK_DURATION_MS must be between 2000 and 600000',
      'OUTBOX_GRACE_MS must be a whole number',
    ]);
    expect(
      problemsOf(() =>
        ApiConfig.fromEnv({ ...base, JWT_SECRET: 'x'.repeat(32), BACKPRESSURE_MAX_MEMORY_PERCENT: '99', QUERY_MAX_COST: '0' }),
      ),
    ).toEqual(['QUERY_MAX_COST must be between 100 and 10000000', 'BACKPRESSURE_MAX_MEMORY_PERCENT must be between 1 and 95']);
  });

  it('validates the worker on its own schema', () => {
    const config = WorkerConfig.fromEnv({ ...base, WORKER_CONCURRENCY: '8' });
    expect(config.concurrency).toBe(8);
    expect(config.batchSize).toBe(8);
    expect(WorkerConfig.fromEnv({ ...base, WORKER_BATCH_SIZE: '1' }).batchSize).toBe(1);
    expect(problemsOf(() => WorkerConfig.fromEnv({ ...base, WORKER_BATCH_SIZE: '0' }))).toEqual([
      'WORKER_BATCH_SIZE must be between 1 and 64',
    ]);
    expect(config.healthPort).toBe(3001);
    expect(problemsOf(() => WorkerConfig.fromEnv({ ...base, WORKER_HEALTH_PORT: '70000' }))).toEqual([
      'WORKER_HEALTH_PORT must be between 1 and 65535',
    ]);
  });

  it('retention: off by default (unset, empty or 0), and each variable refused by name when bad', () => {
    const off = { maxAgeDays: 0, batchSize: 2000, intervalMs: 86_400_000, firstRunDelayMs: 60_000 };
    expect(WorkerConfig.fromEnv(base).retention).toEqual(off);
    expect(WorkerConfig.fromEnv({ ...base, RETENTION_MAX_AGE_DAYS: '' }).retention).toEqual(off);
    expect(WorkerConfig.fromEnv({ ...base, RETENTION_MAX_AGE_DAYS: '0' }).retention).toEqual(off);
    expect(
      WorkerConfig.fromEnv({ ...base, RETENTION_MAX_AGE_DAYS: '400', RETENTION_BATCH_SIZE: '500', RETENTION_INTERVAL: '30m' })
        .retention,
    ).toEqual({ maxAgeDays: 400, batchSize: 500, intervalMs: 1_800_000, firstRunDelayMs: 60_000 });
    expect(WorkerConfig.fromEnv({ ...base, RETENTION_FIRST_RUN_DELAY: '5s' }).retention.firstRunDelayMs).toBe(5_000);
    expect(WorkerConfig.fromEnv({ ...base, RETENTION_INTERVAL: '1d' }).retention.intervalMs).toBe(86_400_000);
    expect(WorkerConfig.fromEnv({ ...base, RETENTION_INTERVAL: '90s' }).retention.intervalMs).toBe(90_000);
    expect(
      problemsOf(() =>
        WorkerConfig.fromEnv({ ...base, RETENTION_MAX_AGE_DAYS: '1y', RETENTION_BATCH_SIZE: '0', RETENTION_INTERVAL: '6 hours' }),
      ),
    ).toEqual([
      'RETENTION_MAX_AGE_DAYS must be a whole number of days (0 = off)',
      'RETENTION_BATCH_SIZE must be between 1 and 50000',
      'RETENTION_INTERVAL must be a number and a unit (s, m, h, d), like 30m, 6h or 1d',
    ]);
    expect(problemsOf(() => WorkerConfig.fromEnv({ ...base, RETENTION_MAX_AGE_DAYS: '7', RETENTION_INTERVAL: '10s' }))).toEqual([
      'RETENTION_MAX_AGE_DAYS must be 0 (off) or between 30 and 36500',
      'RETENTION_INTERVAL must be between 1m and 7d',
    ]);
  });
});
