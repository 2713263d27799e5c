import { RedisHealthIndicator, SYNC_QUEUE } from '@app/queue';
import { InjectQueue } from '@nestjs/bullmq';
import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Queue } from 'bullmq';

/** The ALB checks /health/ready; /health/live only says the process answers. */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly redis: RedisHealthIndicator,
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
    return this.health.check([() => this.db.pingCheck('database').withTimeout(1500), () => this.redis.ping(this.queue)]);
  }
}
