import * as ecs from 'aws-cdk-lib/aws-ecs';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { EnvironmentConfig } from '../config/types';
import type { Cache } from './constructs/cache';
import type { Database } from './constructs/database';
import type { ContainerSettings } from './constructs/sidecar-task';
import { ADMIN_HOST, ADMIN_PORT, API_PORT, SHARED_SECRET_ADMIN_AUDIENCE, WORKER_HEALTH_PORT } from './runtime-contract';

export interface RuntimeSources {
  readonly config: EnvironmentConfig;
  readonly database: Database;
  readonly cache: Cache;
  /** Only when config.auth.kind === 'sharedSecret'. */
  readonly jwtSecret?: secretsmanager.ISecret;
}

export interface RuntimeSettings {
  readonly environment: ContainerSettings<string>;
  readonly secrets: ContainerSettings<ecs.Secret>;
  /** The one-off migrate task: the database and nothing else (it reads no Redis, no token). */
  readonly migrate: {
    readonly environment: Readonly<Record<string, string>>;
    readonly secrets: Readonly<Record<string, ecs.Secret>>;
  };
}

/**
 * The process environment of both containers, i.e. the apps' config schema
 * (libs/config) seen from ECS. docker/env/*.env gives compose the same names;
 * a test keeps the two in step. Anything secret is an ecs.Secret: ECS reads
 * it from Secrets Manager at task start with the execution role, so it never
 * appears in the task definition, the template or `describe-task-definition`.
 */
export function runtimeSettings({ config, database, cache, jwtSecret }: RuntimeSources): RuntimeSettings {
  const auth = config.auth;
  if (auth.kind === 'sharedSecret' && !jwtSecret) throw new Error('runtimeSettings: sharedSecret auth needs jwtSecret');

  const databaseEnvironment = {
    NODE_ENV: 'production',
    LOG_LEVEL: config.service.logLevel,
    // No password in the URL: DATABASE_USER / DATABASE_PASSWORD override it from the RDS secret.
    DATABASE_URL: database.connectionUrl,
    DATABASE_SSL: 'true',
  };
  const databaseSecrets = {
    DATABASE_USER: ecs.Secret.fromSecretsManager(database.secret, 'username'),
    DATABASE_PASSWORD: ecs.Secret.fromSecretsManager(database.secret, 'password'),
  };

  const environment: ContainerSettings<string> = {
    common: {
      ...databaseEnvironment,
      REDIS_URL: cache.url,
      // The services never migrate: the migrate task (RunMigrations) applies pending
      // migrations before they update, and they refuse to start on a schema behind them.
      // Migrating at start would tie a long conversion to the container's start-up, and
      // ECS health checks would kill it and crash-loop the service.
      MIGRATIONS: 'check',
      QUEUE_PREFIX: config.cache.queuePrefix,
    },
    api: {
      PORT: String(API_PORT),
      METRICS_ENVIRONMENT: config.name,
      ...(auth.kind === 'jwks' ? { JWT_JWKS_URL: auth.jwksUrl, JWT_ISSUER: auth.issuer, JWT_AUDIENCE: auth.audience } : {}),
      // The queue admin: loopback only, not in the port mappings nor the target group.
      ADMIN_PORT: String(ADMIN_PORT),
      ADMIN_HOST,
      ADMIN_JWT_AUDIENCE: auth.kind === 'jwks' ? auth.adminAudience : SHARED_SECRET_ADMIN_AUDIENCE,
    },
    worker: {
      WORKER_HEALTH_PORT: String(WORKER_HEALTH_PORT),
      WORKER_CONCURRENCY: String(config.service.workerConcurrency),
      WORKER_SHUTDOWN_TIMEOUT_MS: String(config.service.workerShutdownTimeoutMs),
      METRICS_ENVIRONMENT: config.name,
    },
  };

  const secrets: ContainerSettings<ecs.Secret> = {
    common: {
      ...databaseSecrets,
      // The whole secret string is the ElastiCache AUTH token.
      REDIS_PASSWORD: ecs.Secret.fromSecretsManager(cache.authToken),
    },
    api: jwtSecret ? { JWT_SECRET: ecs.Secret.fromSecretsManager(jwtSecret) } : {},
    worker: {},
  };

  return { environment, secrets, migrate: { environment: databaseEnvironment, secrets: databaseSecrets } };
}
