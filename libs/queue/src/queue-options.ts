import type { QueueSettings, RedisSettings } from '@app/config';
import type { DefaultJobOptions, RedisOptions } from 'bullmq';

/** Completed jobs kept (their ledger reference only: the worker drops the payload) for an hour, at most 1,000. */
export const COMPLETED_JOBS_KEPT = { count: 1000, age: 3600 } as const;

/**
 * Default job options, in one place for producer and consumer. Redis holds health data only while a
 * job waits or runs: a completed job keeps only its ledger reference (SyncProcessor drops the
 * payload) within a recent window that makes a retried request a no-op; a job that failed for good
 * is removed at once (poison must not pile up in Redis until backpressure refuses every user). The
 * ledger row keeps the reason and the payload an operator's `npm run chunks -- retry` re-enqueues.
 */
export function defaultJobOptions(queue: QueueSettings): DefaultJobOptions {
  return {
    attempts: queue.attempts,
    backoff: { type: 'exponential', delay: queue.backoffMs },
    removeOnComplete: { ...COMPLETED_JOBS_KEPT },
    removeOnFail: true,
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
