import { ApiConfig, userRef } from '@app/config';
import { redisOptions } from '@app/queue';
import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import Redis from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { LeasedPoints } from './leased-points';

export type LimitedKind = 'sync' | 'reads';

export type LimitDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Fixed-window counters per user in Redis, shared by every API task. Keys hold a hash of the
 * user id, never the id. While Redis does not answer, rate-limiter-flexible's insurance limiter
 * counts in this task's memory with the same budget: reads (which need only PostgreSQL) stay
 * limited, per task rather than across tasks, until Redis is back.
 * Points are taken from Redis in leases of 1 % of the budget (LeasedPoints): a busy phone's requests
 * cost one Redis call per lease, not one each; no user gets past the limit, and one may be refused up
 * to (tasks − 1) × (lease − 1) points before it (docs/operations.md#rate-limits).
 */
@Injectable()
export class UserRateLimiter implements OnModuleDestroy {
  private readonly logger = new Logger(UserRateLimiter.name);
  private readonly redis: Redis;
  private readonly limiters: Partial<Record<LimitedKind, LeasedPoints>> = {};

  constructor(config: ApiConfig) {
    const { sync, reads, windowSeconds } = config.rateLimits;
    this.redis = new Redis(redisOptions(config.redis, 'producer'));
    const limiter = (kind: LimitedKind, points: number) => {
      const shared = new RateLimiterRedis({
        storeClient: this.redis,
        keyPrefix: `${config.queue.prefix}:rate:${kind}`,
        points,
        duration: windowSeconds,
        // Not ready (reconnecting) counts as down: the insurance limiter answers at once instead of a queued command.
        rejectIfRedisNotReady: true,
        insuranceLimiter: new RateLimiterMemory({ keyPrefix: `rate:${kind}`, points, duration: windowSeconds }),
      });
      return new LeasedPoints(shared, points, leaseSizeOf(points));
    };
    if (sync > 0) this.limiters.sync = limiter('sync', sync);
    if (reads > 0) this.limiters.reads = limiter('reads', reads);
  }

  /** `points`: what the request costs, one per root field (aliases included). */
  async consume(kind: LimitedKind, userId: string, points = 1): Promise<LimitDecision> {
    const limiter = this.limiters[kind];
    if (!limiter) return { allowed: true };
    try {
      await limiter.consume(userRef(userId), points);
      return { allowed: true };
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) {
        return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)) };
      }
      // Both Redis and the in-memory insurance failed: nothing left to count with.
      this.logger.warn(`rate limit not checked (${(rejection as Error).message}); request let through`);
      return { allowed: true };
    }
  }

  async onModuleDestroy() {
    this.redis.disconnect();
  }
}

/** 1 % of the budget (1,800 → 18, 600 → 6); a budget under 200 is counted exactly, one call a request. */
export function leaseSizeOf(points: number): number {
  return Math.max(1, Math.floor(points / 100));
}
