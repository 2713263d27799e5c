import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { HealthDataResolver } from './health-data.resolver';
import { ProfileResolver } from './profile.resolver';
import { SourcePrecedenceResolver } from './source-precedence.resolver';
import { SampleFieldsResolver } from './sample-fields.resolver';
import { SqlTimeZones } from './sql-time-zones.service';
import { TypedReadsResolver } from './typed-reads.resolver';

@Module({
  imports: [AuthModule],
  providers: [
    HealthDataResolver,
    SourcePrecedenceResolver,
    ProfileResolver,
    TypedReadsResolver,
    SampleFieldsResolver,
    SqlTimeZones,
  ],
})
export class HealthDataModule {}
