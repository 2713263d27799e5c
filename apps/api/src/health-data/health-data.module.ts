import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { HealthDataResolver } from './health-data.resolver';

@Module({ imports: [AuthModule], providers: [HealthDataResolver] })
export class HealthDataModule {}
