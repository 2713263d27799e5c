import { SYNC_QUEUE } from '@app/queue';
import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ErasureService } from './erasure.service';
import { PrivacyResolver } from './privacy.resolver';

/** The caller's rights over their data: erase all of it, export all of it. */
@Module({
  imports: [AuthModule, BullModule.registerQueue({ name: SYNC_QUEUE })],
  providers: [PrivacyResolver, ErasureService],
})
export class PrivacyModule {}
