import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { RateLimitPlugin } from './rate-limit.plugin';
import { UserRateLimiter } from './user-rate-limiter.service';

@Module({ imports: [AuthModule], providers: [UserRateLimiter, RateLimitPlugin] })
export class RateLimitModule {}
