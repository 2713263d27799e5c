import * as ecs from 'aws-cdk-lib/aws-ecs';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { EnvironmentConfig } from '../config/types';
import type { Cache } from './constructs/cache';
import type { Database } from './constructs/database';
import type { ContainerSettings } from './constructs/sidecar-task';
import { API_PORT, WORKER_HEALTH_PORT } from './runtime-contract';

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

  const environment: ContainerSettings<string> = {
    common: {
      NODE_ENV: 'production',
      LOG_LEVEL: config.service.logLevel,
      // No password in the URL: DATABASE_USER / DATABASE_PASSWORD override it from the RDS secret.
      DATABASE_URL: database.connectionUrl,
      DATABASE_SSL: 'true',
      REDIS_URL: cache.url,
      // Both may migrate: the advisory lock makes the second a no-op. In
      // practice the worker does it, because the api starts after it is HEALTHY.
      RUN_MIGRATIONS: 'true',
    },
    api: {
      PORT: String(API_PORT),
      METRICS_ENVIRONMENT: config.name,
      ...(auth.kind === 'jwks' ? { JWT_JWKS_URL: auth.jwksUrl, JWT_ISSUER: auth.issuer, JWT_AUDIENCE: auth.audience } : {}),
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
      DATABASE_USER: ecs.Secret.fromSecretsManager(database.secret, 'username'),
      DATABASE_PASSWORD: ecs.Secret.fromSecretsManager(database.secret, 'password'),
      // The whole secret string is the ElastiCache AUTH token.
      REDIS_PASSWORD: ecs.Secret.fromSecretsManager(cache.authToken),
    },
    api: jwtSecret ? { JWT_SECRET: ecs.Secret.fromSecretsManager(jwtSecret) } : {},
    worker: {},
  };

  return { environment, secrets };
}
