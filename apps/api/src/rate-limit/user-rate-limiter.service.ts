import { ApiConfig, userRef } from '@app/config';
import { redisOptions } from '@app/queue';
import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import Redis from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';

export type LimitedKind = 'sync' | 'reads';

export type LimitDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Fixed-window counters per user in Redis, shared by every API task. Keys hold a hash of the
 * user id, never the id. If Redis does not answer the request is let through: the limit protects
 * the service, and with Redis down the sync mutation fails retryably on its own anyway.
 */
@Injectable()
export class UserRateLimiter implements OnModuleDestroy {
  private readonly logger = new Logger(UserRateLimiter.name);
  private readonly redis: Redis;
  private readonly limiters: Partial<Record<LimitedKind, RateLimiterRedis>> = {};

  constructor(config: ApiConfig) {
    const { sync, reads, windowSeconds } = config.rateLimits;
    this.redis = new Redis(redisOptions(config.redis, 'producer'));
    const limiter = (kind: LimitedKind, points: number) =>
      new RateLimiterRedis({
        storeClient: this.redis,
        keyPrefix: `${config.queue.prefix}:rate:${kind}`,
        points,
        duration: windowSeconds,
        rejectIfRedisNotReady: true,
      });
    if (sync > 0) this.limiters.sync = limiter('sync', sync);
    if (reads > 0) this.limiters.reads = limiter('reads', reads);
  }

  async consume(kind: LimitedKind, userId: string): Promise<LimitDecision> {
    const limiter = this.limiters[kind];
    if (!limiter) return { allowed: true };
    try {
      await limiter.consume(userRef(userId));
      return { allowed: true };
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) {
        return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)) };
      }
      this.logger.warn(`rate limit not checked (${(rejection as Error).message}); request let through`);
      return { allowed: true };
    }
  }

  async onModuleDestroy() {
    this.redis.disconnect();
  }
}
