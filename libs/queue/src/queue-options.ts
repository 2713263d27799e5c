import type { QueueSettings, RedisSettings } from '@app/config';
import type { DefaultJobOptions, RedisOptions } from 'bullmq';

/** Completed jobs kept, their ledger reference only (the worker drops the payload): an hour, at most 1,000. */
export const COMPLETED_JOBS_KEPT = { count: 1000, age: 3600 } as const;
/** Failed jobs kept for inspection (bull-board, the FailedJobs alarm), their ledger reference and reason only: a day, at most 1,000. */
export const FAILED_JOBS_KEPT = { count: 1000, age: 24 * 3600 } as const;

/**
 * Default job options, in one place for producer, consumer and `npm run chunks`. Redis holds health
 * data only while a job waits or runs: once a job completes or fails for good, SyncProcessor drops
 * its payload and user id, and finished jobs are kept in bounded number and age (a retried request
 * finds its completed job; an operator sees failures). Poison cannot pile up in Redis until
 * backpressure refuses every user. The ledger row keeps the reason and, for a failed chunk, the
 * payload that `npm run chunks -- retry` enqueues again.
 */
export function defaultJobOptions(queue: QueueSettings): DefaultJobOptions {
  return {
    attempts: queue.attempts,
    backoff: { type: 'exponential', delay: queue.backoffMs },
    removeOnComplete: { ...COMPLETED_JOBS_KEPT },
    removeOnFail: { ...FAILED_JOBS_KEPT },
  };
}

export type RedisRole = 'producer' | 'consumer';

/**
 * ioredis options from REDIS_URL (+ REDIS_PASSWORD from a secret). The producer fails fast when
 * Redis is down (no offline queue, few retries) so the mutation answers with a retryable error
 * instead of hanging; the consumer waits for Redis forever, as BullMQ workers require.
 */
export function redisOptions(redis: RedisSettings, role: RedisRole): RedisOptions {
  const url = new URL(redis.url);
  const db = url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0;
  const options: RedisOptions = {
    host: url.hostname,
    port: url.port ? Number(url.port) : 6379,
    username: url.username ? decodeURIComponent(url.username) : undefined,
    password: redis.password ?? (url.password ? decodeURIComponent(url.password) : undefined),
    db: Number.isInteger(db) ? db : 0,
    tls: url.protocol === 'rediss:' ? {} : undefined,
    connectTimeout: 5000,
  };
  if (role === 'consumer') return { ...options, maxRetriesPerRequest: null };
  return { ...options, enableOfflineQueue: false, maxRetriesPerRequest: 1 };
}
