import { RedisHealthIndicator, SYNC_QUEUE } from '@app/queue';
import { InjectQueue } from '@nestjs/bullmq';
import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Queue } from 'bullmq';
import { DrainState } from '../lifecycle/drain-state';

/** The ALB checks /health/ready; /health/live only says the process answers. */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly redis: RedisHealthIndicator,
    @InjectQueue(SYNC_QUEUE) private readonly queue: Queue,
    private readonly drain: DrainState,
  ) {}

  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  @Get('ready')
  @HealthCheck()
  ready() {
    // Stopping: the balancer must send new requests elsewhere while the ones in flight finish here.
    if (this.drain.draining) throw new ServiceUnavailableException({ status: 'shutting_down' });
    return this.health.check([() => this.db.pingCheck('database').withTimeout(1500), () => this.redis.ping(this.queue)]);
  }
}
