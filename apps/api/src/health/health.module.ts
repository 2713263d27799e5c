import { RedisHealthIndicator, SYNC_QUEUE } from '@app/queue';
import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';

@Module({
  imports: [TerminusModule.forRoot({ logger: false }), BullModule.registerQueue({ name: SYNC_QUEUE })],
  controllers: [HealthController],
  providers: [RedisHealthIndicator],
})
export class HealthModule {}
