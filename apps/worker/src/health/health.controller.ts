import { RedisHealthIndicator, SYNC_QUEUE } from '@app/queue';
import { InjectQueue } from '@nestjs/bullmq';
import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Queue } from 'bullmq';
import { WorkerRunningIndicator } from './worker-running.health';

/** The worker's only HTTP surface; the ECS container health check calls it. */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly redis: RedisHealthIndicator,
    private readonly worker: WorkerRunningIndicator,
    @InjectQueue(SYNC_QUEUE) private readonly queue: Queue,
  ) {}

  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([
      () => this.db.pingCheck('database').withTimeout(1500),
      () => this.redis.ping(this.queue),
      () => this.worker.check(),
    ]);
  }
}
