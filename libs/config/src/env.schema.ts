import { z } from 'zod';
import { DEFAULT_QUEUE_PREFIX, QUEUE_PREFIX_PATTERN } from './queue-prefix';

/** How a process treats migrations at start: apply them, or only make sure none is pending. */
export const MIGRATION_MODES = ['run', 'check'] as const;
export type MigrationMode = (typeof MIGRATION_MODES)[number];

/** Env values arrive as strings; these helpers turn them into typed values with a clear error. */
const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0'], { message: 'must be true or false' })
    .default(fallback ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1');

const int = (fallback: number, min: number, max: number) =>
  z
    .string()
    .default(String(fallback))
    .refine((v) => /^\d+$/.test(v), { message: 'must be a whole number' })
    .transform(Number)
    .refine((v) => v >= min && v <= max, { message: `must be between ${min} and ${max}` });

const url = (protocols: string[]) =>
  z
    .string({ message: 'is required' })
    .min(1, { message: 'is required' })
    .refine(
      (v) => {
        try {
          return protocols.includes(new URL(v).protocol);
        } catch {
          return false;
        }
      },
      { message: `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}` },
    );

/** A fraction such as 0.1 (sampling ratios). */
const ratio = (fallback: number) =>
  z
    .string()
    .default(String(fallback))
    .refine((v) => /^(0(\.\d+)?|1(\.0+)?)$/.test(v), { message: 'must be a number from 0 to 1' })
    .transform(Number);

/** A duration such as 90s, 30m, 6h or 1d, in milliseconds; null when it is not one. */
export function parseDuration(value: string): number | null {
  const match = /^(\d+)(s|m|h|d)$/.exec(value);
  if (!match) return null;
  return Number(match[1]) * { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] as 's' | 'm' | 'h' | 'd'];
}

const duration = (fallback: string, min: string, max: string) =>
  z
    .string()
    .default(fallback)
    .refine((v) => parseDuration(v) !== null, { message: 'must be a number and a unit (s, m, h, d), like 30m, 6h or 1d' })
    .transform((v) => parseDuration(v) as number)
    .refine((ms) => ms >= (parseDuration(min) as number) && ms <= (parseDuration(max) as number), {
      message: `must be between ${min} and ${max}`,
    });

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === '' ? undefined : v));

/** The shortest retention that may be configured (days). */
export const RETENTION_MIN_AGE_DAYS = 30;

/** Variables both processes read: where the data lives and how to log. */
export const sharedEnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
  DATABASE_URL: url(['postgres:', 'postgresql:']),
  // ECS injects the RDS secret's fields separately so the URL itself holds no secret.
  DATABASE_USER: optionalText,
  DATABASE_PASSWORD: optionalText,
  DATABASE_SSL: bool(false),
  DATABASE_POOL_SIZE: int(10, 1, 200),
  // The store's statements run as named (prepared) statements, parsed and planned once per
  // connection. Off for a pooler that cannot carry them (RDS Proxy pins a session that prepares).
  DATABASE_PREPARED_STATEMENTS: bool(true),
  REDIS_URL: url(['redis:', 'rediss:']),
  REDIS_PASSWORD: optionalText,
  // run: apply pending migrations at start (local, tests, docker compose). check: refuse to start
  // while any is pending; in AWS a one-off migrate task applies them before the services update,
  // because converting a large table does not fit in a container's start-up (health checks kill it).
  MIGRATIONS: z.enum(MIGRATION_MODES, { message: `must be ${MIGRATION_MODES.join(' or ')}` }).default('run'),
  // BullMQ key prefix (and of the rate-limit keys). Hash-tagged by default: Redis Cluster hashes only
  // what is inside {…}, so every key of the queue lands in one slot, as BullMQ's multi-key scripts need.
  QUEUE_PREFIX: z
    .string()
    .regex(QUEUE_PREFIX_PATTERN, { message: 'may hold only letters, digits, _ and -, optionally as one {hash tag} like {hs}' })
    .default(DEFAULT_QUEUE_PREFIX),
  JOB_ATTEMPTS: int(3, 1, 50),
  JOB_BACKOFF_MS: int(1000, 0, 3_600_000),
  // Telemetry (OpenTelemetry): /metrics always when enabled; OTLP export only with an endpoint.
  OTEL_SDK_DISABLED: bool(false),
  OTEL_EXPORTER_OTLP_ENDPOINT: optionalText.refine((v) => v === undefined || /^https?:\/\/\S+$/.test(v), {
    message: 'must be an http(s) URL',
  }),
  TRACE_SAMPLE_RATIO: ratio(0.05),
  // CloudWatch EMF lines on stdout (worker: queue and jobs; API: requests per operation); 0 turns them off.
  METRICS_ENVIRONMENT: z.string().min(1).default('local'),
  METRICS_INTERVAL_MS: int(60_000, 0, 3_600_000),
});

/** Just what a migration run needs. */
export const databaseEnvSchema = sharedEnvSchema.pick({
  NODE_ENV: true,
  LOG_LEVEL: true,
  DATABASE_URL: true,
  DATABASE_USER: true,
  DATABASE_PASSWORD: true,
  DATABASE_SSL: true,
  DATABASE_POOL_SIZE: true,
  DATABASE_PREPARED_STATEMENTS: true,
  MIGRATIONS: true,
});

/**
 * RUN_MIGRATIONS=true|false was replaced by MIGRATIONS=run|check. A task definition or env file
 * that still sets it would otherwise be ignored in silence, and a deployed service would start
 * without the check its operator thought they had asked for.
 */
export const retiredVariableRules = z.looseObject({ RUN_MIGRATIONS: z.string().optional() }).superRefine((env, ctx) => {
  if (env.RUN_MIGRATIONS !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['RUN_MIGRATIONS'], message: 'was replaced by MIGRATIONS=run|check' });
  }
});

export const apiEnvSchema = sharedEnvSchema.extend({
  PORT: int(3000, 1, 65535),
  JWT_SECRET: optionalText.refine((v) => v === undefined || v.length >= 32, {
    message: 'must be at least 32 characters (HS256 key)',
  }),
  JWT_JWKS_URL: optionalText.refine((v) => v === undefined || /^https?:\/\//.test(v), { message: 'must be an http(s) URL' }),
  JWT_ISSUER: optionalText,
  JWT_AUDIENCE: optionalText,
  // Cost of one GraphQL operation, counted before it runs (apps/api/src/graphql/query-cost.ts):
  // 25,000 admits samples(limit: 10000) with its source, refuses alias floods.
  QUERY_MAX_COST: int(25_000, 100, 10_000_000),
  QUERY_MAX_DEPTH: int(8, 2, 50),
  // Backpressure (docs/operations/backpressure.md): above this many chunks waiting in the queue,
  // or this share of Redis maxmemory in use, the mutation answers "retry later" before writing.
  BACKPRESSURE_MAX_WAITING: int(20_000, 1, 10_000_000),
  BACKPRESSURE_MAX_MEMORY_PERCENT: int(75, 1, 95),
  BACKPRESSURE_RETRY_AFTER_S: int(30, 1, 3600),
  // How long one look at the queue and Redis INFO answers for every request.
  BACKPRESSURE_PROBE_MS: int(1000, 50, 60_000),
  BODY_LIMIT: z
    .string()
    .regex(/^\d+(kb|mb)$/, { message: 'must look like 4mb or 2048kb' })
    .default('4mb')
    .refine((v) => parseSize(v) >= 2 * 1024 * 1024, { message: 'must be at least 2mb (a 500-item chunk)' }),
  // SIGTERM: readiness false for this long before the server stops accepting (the ALB notices).
  SHUTDOWN_READINESS_DELAY_MS: int(5_000, 0, 60_000),
  // …and the process exits by this deadline whatever is still running (ECS stopTimeout is 30 s).
  SHUTDOWN_TIMEOUT_MS: int(20_000, 1_000, 110_000),
  // Per-user limits (JWT sub), in root fields (aliases counted) per RATE_LIMIT_WINDOW_SECONDS; 0 turns one off.
  // Sync: a backfilling phone sends ~10 chunks/s (600 a minute); the default leaves it 3× room.
  RATE_LIMIT_SYNC: int(1_800, 0, 1_000_000),
  RATE_LIMIT_READS: int(600, 0, 1_000_000),
  RATE_LIMIT_WINDOW_SECONDS: int(60, 1, 3_600),
  // The queue admin (bull-board, read-only) listens on its own port, never on PORT: the load balancer
  // forwards only PORT, so the admin is reached from inside the task (ECS Exec / SSM port forwarding).
  // 0 (the default): no admin listener at all.
  ADMIN_PORT: int(0, 0, 65535),
  // The address the admin listener binds: loopback by default (reachable only from inside the container).
  ADMIN_HOST: z.string().min(1).default('127.0.0.1'),
  // Admin tokens must be minted for this audience (and ADMIN_JWT_ISSUER, else JWT_ISSUER): a phone
  // token, whose audience is JWT_AUDIENCE, never opens the admin. Required with ADMIN_PORT.
  ADMIN_JWT_AUDIENCE: optionalText,
  ADMIN_JWT_ISSUER: optionalText,
  // The admin opens only for a valid admin-audience token whose claim holds this value.
  QUEUE_ADMIN_CLAIM: z
    .string()
    .regex(/^[A-Za-z0-9_:./-]+$/, { message: 'must be a claim name' })
    .default('roles'),
  QUEUE_ADMIN_CLAIM_VALUE: z.string().min(1).default('admin'),
  // Rows per DELETE of an erasure: each batch is its own short transaction.
  ERASURE_BATCH_SIZE: int(5_000, 1, 100_000),
  // PostgreSQL's statement_timeout on every API connection: no request's statement (a read, a
  // ranking rebuild step, an erasure batch) holds a connection longer. Below the worker's
  // JOB_TIMEOUT_MS: a request has a phone waiting on it, a job does not.
  API_STATEMENT_TIMEOUT_MS: int(15_000, 100, 600_000),
  // Bytes of stored JSON one page may carry: FHIR resources of a clinicalRecords page, value details
  // of a samples page, rows of an exportMyHealthData page. The page ends early (hasNextPage / nextCursor); its first record always comes.
  PAGE_MAX_BYTES: int(4 * 1024 * 1024, 64 * 1024, 64 * 1024 * 1024),
});

/**
 * Rules across variables, checked on the raw environment beside apiEnvSchema (not chained to
 * it: zod skips refinements when the object has errors, and we want every problem named at once).
 */
export const apiAuthRules = z
  .looseObject({
    JWT_SECRET: z.string().optional(),
    JWT_JWKS_URL: z.string().optional(),
    JWT_ISSUER: z.string().optional(),
    JWT_AUDIENCE: z.string().optional(),
    PORT: z.string().optional(),
    ADMIN_PORT: z.string().optional(),
    ADMIN_JWT_AUDIENCE: z.string().optional(),
  })
  .superRefine((env, ctx) => {
    const adminPort = Number(env.ADMIN_PORT ?? 0);
    if (adminPort > 0 && !env.ADMIN_JWT_AUDIENCE) {
      ctx.addIssue({
        code: 'custom',
        path: ['ADMIN_JWT_AUDIENCE'],
        message: 'is required with ADMIN_PORT (admin tokens need their own audience)',
      });
    }
    if (env.ADMIN_JWT_AUDIENCE && env.ADMIN_JWT_AUDIENCE === env.JWT_AUDIENCE) {
      ctx.addIssue({
        code: 'custom',
        path: ['ADMIN_JWT_AUDIENCE'],
        message: 'must differ from JWT_AUDIENCE (a phone token must not open the admin)',
      });
    }
    if (adminPort > 0 && adminPort === Number(env.PORT ?? 3000)) {
      ctx.addIssue({
        code: 'custom',
        path: ['ADMIN_PORT'],
        message: 'must differ from PORT (the admin is never on the public listener)',
      });
    }
    if (!env.JWT_SECRET && !env.JWT_JWKS_URL) {
      ctx.addIssue({ code: 'custom', path: ['JWT_SECRET'], message: 'set JWT_SECRET or JWT_JWKS_URL' });
    }
    if (env.JWT_JWKS_URL && !env.JWT_ISSUER) {
      ctx.addIssue({ code: 'custom', path: ['JWT_ISSUER'], message: 'is required with JWT_JWKS_URL' });
    }
    if (env.JWT_JWKS_URL && !env.JWT_AUDIENCE) {
      ctx.addIssue({ code: 'custom', path: ['JWT_AUDIENCE'], message: 'is required with JWT_JWKS_URL' });
    }
    // With a shared secret too, the two come as a pair. An issuer alone admits a token the same
    // identity provider minted for another client (another app, another environment); an audience
    // alone admits a token for this app from any issuer holding the key. Either half on its own
    // looks like protection and is not, so a half-set pair is refused rather than half-enforced.
    if (!env.JWT_JWKS_URL && Boolean(env.JWT_ISSUER) !== Boolean(env.JWT_AUDIENCE)) {
      const missing = env.JWT_ISSUER ? 'JWT_AUDIENCE' : 'JWT_ISSUER';
      const other = env.JWT_ISSUER ? 'JWT_ISSUER' : 'JWT_AUDIENCE';
      ctx.addIssue({ code: 'custom', path: [missing], message: `is required with ${other} (set both or neither)` });
    }
  });

export const workerEnvSchema = sharedEnvSchema.extend({
  WORKER_HEALTH_PORT: int(3001, 1, 65535),
  // Jobs held at once: while one batch of chunks is being stored, the others wait and form the next
  // batch, so the slots must be able to fill WORKER_BATCH_SIZE (docs/throughput.md).
  WORKER_CONCURRENCY: int(16, 1, 256),
  // Chunks stored in one transaction at most; 1 stores each chunk on its own.
  WORKER_BATCH_SIZE: int(8, 1, 64),
  WORKER_SHUTDOWN_TIMEOUT_MS: int(25_000, 1_000, 600_000),
  // The job time limit; no statement of a job's transaction may outlive it either. A 500-point chunk
  // stores in tens of ms; a minute leaves room for lock waits and a slow disk while a hung job is
  // abandoned (and retried) soon enough that the phone's next sync still finds the anchor moving.
  JOB_TIMEOUT_MS: int(60_000, 1_000, 3_600_000),
  // Recovery after a worker dies (SIGKILL, OOM, lost host): its jobs' locks expire after
  // WORKER_LOCK_DURATION_MS (renewed every half of it while the worker lives) and the next stalled
  // check, every WORKER_STALLED_INTERVAL_MS, hands them to a live worker. Worst case ≈ the sum.
  // docs/operations/backpressure.md explains the choice.
  WORKER_LOCK_DURATION_MS: int(20_000, 2_000, 600_000),
  WORKER_STALLED_INTERVAL_MS: int(10_000, 1_000, 600_000),
  // While the database is unreachable (connection lost or refused, shutting down, failover), the
  // worker puts the job back without counting an attempt and takes no job for this long.
  WORKER_DB_UNAVAILABLE_WAIT_MS: int(2_000, 100, 60_000),
  // The outbox sweep: chunks queued in the ledger for longer than OUTBOX_GRACE_MS with no live job
  // in Redis are enqueued again from the payload kept in the ledger. 0 turns the sweep off.
  OUTBOX_SWEEP_INTERVAL_MS: int(30_000, 0, 3_600_000),
  OUTBOX_GRACE_MS: int(60_000, 1_000, 86_400_000),
  // Retention (docs/operations.md#retention): health rows older than this many whole days are
  // deleted, in batches of RETENTION_BATCH_SIZE rows, every RETENTION_INTERVAL. Unset or 0: off.
  // At least 30 when on: a unit mix-up (hours for days) must not empty the database.
  RETENTION_MAX_AGE_DAYS: z
    .string()
    .optional()
    .transform((v) => (v === undefined || v === '' ? '0' : v))
    .refine((v) => /^\d+$/.test(v), { message: 'must be a whole number of days (0 = off)' })
    .transform(Number)
    .refine((v) => v === 0 || (v >= RETENTION_MIN_AGE_DAYS && v <= 36_500), {
      message: `must be 0 (off) or between ${RETENTION_MIN_AGE_DAYS} and 36500`,
    }),
  RETENTION_BATCH_SIZE: int(2_000, 1, 50_000),
  RETENTION_INTERVAL: duration('24h', '1m', '7d'),
  // The first run after a worker starts (a task replaced by every deploy would never reach a 24 h timer).
  RETENTION_FIRST_RUN_DELAY: duration('60s', '1s', '1d'),
});

export type ApiEnv = z.infer<typeof apiEnvSchema>;
export type WorkerEnv = z.infer<typeof workerEnvSchema>;

export function parseSize(value: string): number {
  const match = /^(\d+)(kb|mb)$/.exec(value);
  if (!match) return 0;
  return Number(match[1]) * (match[2] === 'mb' ? 1024 * 1024 : 1024);
}
