import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { HealthDataResolver } from './health-data.resolver';
import { SourcePrecedenceResolver } from './source-precedence.resolver';
import { SqlTimeZones } from './sql-time-zones.service';

@Module({ imports: [AuthModule], providers: [HealthDataResolver, SourcePrecedenceResolver, SqlTimeZones] })
export class HealthDataModule {}
