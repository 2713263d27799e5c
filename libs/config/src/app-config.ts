import {
  apiAuthRules,
  apiEnvSchema,
  ApiEnv,
  databaseEnvSchema,
  MigrationMode,
  parseSize,
  retiredVariableRules,
  workerEnvSchema,
  WorkerEnv,
} from './env.schema';
import { validateEnv } from './load-config';

export interface DatabaseSettings {
  url: string;
  user?: string;
  password?: string;
  ssl: boolean;
  poolSize: number;
  /** The store runs its statements as named (prepared) statements (DATABASE_PREPARED_STATEMENTS). */
  preparedStatements: boolean;
  /** run: apply pending migrations at start; check: refuse to start while any is pending. */
  migrations: MigrationMode;
}

export interface RedisSettings {
  url: string;
  password?: string;
}

export interface QueueSettings {
  prefix: string;
  attempts: number;
  backoffMs: number;
}

export interface TelemetrySettings {
  /** false: no OpenTelemetry SDK at all (no /metrics, no spans, no trace ids in logs). */
  enabled: boolean;
  /** OTLP/HTTP collector base URL; metrics and traces are pushed there only when it is set. */
  otlpEndpoint?: string;
  /** Fraction of new traces recorded; a request that arrives with a sampled parent follows it. */
  sampleRatio: number;
}

export interface BackpressureSettings {
  maxWaiting: number;
  /** 0..1 of Redis maxmemory. */
  maxMemoryShare: number;
  retryAfterSeconds: number;
  probeMs: number;
}

export type AuthSettings =
  | { kind: 'hs256'; secret: string; issuer?: string; audience?: string }
  | { kind: 'jwks'; jwksUrl: string; issuer: string; audience: string };

interface SharedSettings {
  nodeEnv: ApiEnv['NODE_ENV'];
  logLevel: ApiEnv['LOG_LEVEL'];
  database: DatabaseSettings;
  redis: RedisSettings;
  queue: QueueSettings;
  telemetry: TelemetrySettings;
  metrics: { environment: string; intervalMs: number };
}

function database(env: Pick<ApiEnv, keyof typeof databaseEnvSchema.shape>): DatabaseSettings {
  return {
    url: env.DATABASE_URL,
    user: env.DATABASE_USER,
    password: env.DATABASE_PASSWORD,
    ssl: env.DATABASE_SSL,
    poolSize: env.DATABASE_POOL_SIZE,
    preparedStatements: env.DATABASE_PREPARED_STATEMENTS,
    migrations: env.MIGRATIONS,
  };
}

/** For `npm run migrate` and the TypeORM CLI, which need the database and nothing else. */
export function loadDatabaseSettings(env: NodeJS.ProcessEnv): DatabaseSettings {
  return database(validateEnv(databaseEnvSchema, env, [retiredVariableRules]));
}

function shared(env: ApiEnv | WorkerEnv): SharedSettings {
  return {
    nodeEnv: env.NODE_ENV,
    logLevel: env.LOG_LEVEL,
    database: database(env),
    redis: { url: env.REDIS_URL, password: env.REDIS_PASSWORD },
    queue: { prefix: env.QUEUE_PREFIX, attempts: env.JOB_ATTEMPTS, backoffMs: env.JOB_BACKOFF_MS },
    telemetry: {
      enabled: !env.OTEL_SDK_DISABLED,
      otlpEndpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT,
      sampleRatio: env.TRACE_SAMPLE_RATIO,
    },
    metrics: { environment: env.METRICS_ENVIRONMENT, intervalMs: env.METRICS_INTERVAL_MS },
  };
}

/** The API's settings; registered as a provider so code injects it instead of reading process.env. */
export class ApiConfig implements SharedSettings {
  nodeEnv: SharedSettings['nodeEnv'];
  logLevel: SharedSettings['logLevel'];
  database: DatabaseSettings;
  redis: RedisSettings;
  queue: QueueSettings;
  telemetry: TelemetrySettings;
  metrics: { environment: string; intervalMs: number };
  port: number;
  bodyLimitBytes: number;
  auth: AuthSettings;
  shutdown: { readinessDelayMs: number; timeoutMs: number };
  /** Operations per user per window; 0 = no limit. Mutations count against `sync`, queries against `reads`. */
  rateLimits: { sync: number; reads: number; windowSeconds: number };
  /**
   * The read-only queue admin: its own listener (port 0 = none), opened by tokens of the admin
   * audience (and issuer) whose `claim` is `value` or a list containing it.
   */
  queueAdmin: { port: number; host: string; audience?: string; issuer?: string; claim: string; value: string };
  erasureBatchSize: number;
  /** statement_timeout of every API connection (ms). */
  statementTimeoutMs: number;
  /** Byte budget of one clinicalRecords page (FHIR resources) or exportMyHealthData page (rows' JSON). */
  pageMaxBytes: number;
  graphql: { maxCost: number; maxDepth: number };
  backpressure: BackpressureSettings;

  static fromEnv(env: NodeJS.ProcessEnv): ApiConfig {
    const parsed = validateEnv(apiEnvSchema, env, [apiAuthRules, retiredVariableRules]);
    const auth: AuthSettings = parsed.JWT_JWKS_URL
      ? {
          kind: 'jwks',
          jwksUrl: parsed.JWT_JWKS_URL,
          issuer: parsed.JWT_ISSUER as string,
          audience: parsed.JWT_AUDIENCE as string,
        }
      : { kind: 'hs256', secret: parsed.JWT_SECRET as string, issuer: parsed.JWT_ISSUER, audience: parsed.JWT_AUDIENCE };
    return Object.assign(new ApiConfig(), shared(parsed), {
      port: parsed.PORT,
      bodyLimitBytes: parseSize(parsed.BODY_LIMIT),
      auth,
      shutdown: { readinessDelayMs: parsed.SHUTDOWN_READINESS_DELAY_MS, timeoutMs: parsed.SHUTDOWN_TIMEOUT_MS },
      rateLimits: {
        sync: parsed.RATE_LIMIT_SYNC,
        reads: parsed.RATE_LIMIT_READS,
        windowSeconds: parsed.RATE_LIMIT_WINDOW_SECONDS,
      },
      queueAdmin: {
        port: parsed.ADMIN_PORT,
        host: parsed.ADMIN_HOST,
        audience: parsed.ADMIN_JWT_AUDIENCE,
        issuer: parsed.ADMIN_JWT_ISSUER ?? parsed.JWT_ISSUER,
        claim: parsed.QUEUE_ADMIN_CLAIM,
        value: parsed.QUEUE_ADMIN_CLAIM_VALUE,
      },
      erasureBatchSize: parsed.ERASURE_BATCH_SIZE,
      statementTimeoutMs: parsed.API_STATEMENT_TIMEOUT_MS,
      pageMaxBytes: parsed.PAGE_MAX_BYTES,
      graphql: { maxCost: parsed.QUERY_MAX_COST, maxDepth: parsed.QUERY_MAX_DEPTH },
      backpressure: {
        maxWaiting: parsed.BACKPRESSURE_MAX_WAITING,
        maxMemoryShare: parsed.BACKPRESSURE_MAX_MEMORY_PERCENT / 100,
        retryAfterSeconds: parsed.BACKPRESSURE_RETRY_AFTER_S,
        probeMs: parsed.BACKPRESSURE_PROBE_MS,
      },
    });
  }
}

export class WorkerConfig implements SharedSettings {
  nodeEnv: SharedSettings['nodeEnv'];
  logLevel: SharedSettings['logLevel'];
  database: DatabaseSettings;
  redis: RedisSettings;
  queue: QueueSettings;
  telemetry: TelemetrySettings;
  healthPort: number;
  concurrency: number;
  /** Chunks stored in one transaction at most. */
  batchSize: number;
  shutdownTimeoutMs: number;
  jobTimeoutMs: number;
  lockDurationMs: number;
  stalledIntervalMs: number;
  /** How long every worker takes no job after one found the database unavailable. */
  dbUnavailableWaitMs: number;
  outbox: { sweepIntervalMs: number; graceMs: number };
  /** Deletion of health rows by age; maxAgeDays 0 = off. */
  retention: { maxAgeDays: number; batchSize: number; intervalMs: number; firstRunDelayMs: number };
  metrics: { environment: string; intervalMs: number };

  static fromEnv(env: NodeJS.ProcessEnv): WorkerConfig {
    const parsed = validateEnv(workerEnvSchema, env, [retiredVariableRules]);
    return Object.assign(new WorkerConfig(), shared(parsed), {
      healthPort: parsed.WORKER_HEALTH_PORT,
      concurrency: parsed.WORKER_CONCURRENCY,
      batchSize: parsed.WORKER_BATCH_SIZE,
      shutdownTimeoutMs: parsed.WORKER_SHUTDOWN_TIMEOUT_MS,
      jobTimeoutMs: parsed.JOB_TIMEOUT_MS,
      lockDurationMs: parsed.WORKER_LOCK_DURATION_MS,
      stalledIntervalMs: parsed.WORKER_STALLED_INTERVAL_MS,
      dbUnavailableWaitMs: parsed.WORKER_DB_UNAVAILABLE_WAIT_MS,
      outbox: { sweepIntervalMs: parsed.OUTBOX_SWEEP_INTERVAL_MS, graceMs: parsed.OUTBOX_GRACE_MS },
      retention: {
        maxAgeDays: parsed.RETENTION_MAX_AGE_DAYS,
        batchSize: parsed.RETENTION_BATCH_SIZE,
        intervalMs: parsed.RETENTION_INTERVAL,
        firstRunDelayMs: parsed.RETENTION_FIRST_RUN_DELAY,
      },
    });
  }
}
