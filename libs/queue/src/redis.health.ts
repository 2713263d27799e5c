import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import type { Queue } from 'bullmq';

/** Redis is reachable when the queue's own connection answers a (cheap) read of the queue. */
@Injectable()
export class RedisHealthIndicator {
  constructor(private readonly indicators: HealthIndicatorService) {}

  ping(queue: Queue, timeoutMs = 1500) {
    return this.indicators
      .check('redis')
      .attempt(async () => ({ waiting: await queue.count() }))
      .withTimeout(timeoutMs);
  }
}
