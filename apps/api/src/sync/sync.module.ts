import { SYNC_QUEUE } from '@app/queue';
import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { BackpressureService } from './backpressure.service';
import { ChunkEnqueuer } from './chunk-enqueuer.service';
import { SyncProgressResolver } from './sync-progress.resolver';
import { SyncResolver } from './sync.resolver';
import { SyncService } from './sync.service';

@Module({
  imports: [AuthModule, BullModule.registerQueue({ name: SYNC_QUEUE })],
  providers: [SyncResolver, SyncProgressResolver, SyncService, ChunkEnqueuer, BackpressureService],
  exports: [BackpressureService],
})
export class SyncModule {}
