import {
  aggregateSamples,
  groupSleepSessions,
  listClinicalRecords,
  listSamples,
  listSleepStages,
  listSources,
  listWorkouts,
} from '@app/health-data';
import { UseGuards } from '@nestjs/common';
import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CurrentUserId } from '../auth/current-user.decorator';
import { GqlAuthGuard } from '../auth/gql-auth.guard';
import { TimeRangeArgs } from './dto/time-range.args';
import {
  AggregateBucket,
  BucketSizeInput,
  ClinicalRecord,
  Sample,
  SleepSession,
  SleepStage,
  Source,
  Workout,
} from './models/health-data.models';
import { bucketZoneOf, validateLimit, validateRange } from './read-request.validator';

/** A year of nights from three sources is ≈ 20k rows; past this the rows are cut and the last night may be partial. */
const SLEEP_ROWS_PER_QUERY = 50_000;

/** The app's read queries: always the caller's own rows, precedence applied, raw rows untouched. */
@Resolver()
@UseGuards(GqlAuthGuard)
export class HealthDataResolver {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Query(() => [Source], { description: 'Sources that wrote data, best precedence first' })
  sources(@CurrentUserId() userId: string) {
    return listSources(this.dataSource.manager, userId);
  }

  @Query(() => [Sample], { description: 'Samples of one type in a range, from every source, best source first' })
  samples(@CurrentUserId() userId: string, @Args('sampleType') sampleType: string, @Args() range: TimeRangeArgs) {
    validateRange(range.from, range.to, range.limit);
    return listSamples(this.dataSource.manager, userId, sampleType, range, range.limit);
  }

  @Query(() => [AggregateBucket], {
    description: 'Hourly or daily sum/avg/min/max of one type, one source per bucket (no double counting)',
  })
  aggregates(
    @CurrentUserId() userId: string,
    @Args('sampleType') sampleType: string,
    @Args('from') from: Date,
    @Args('to') to: Date,
    @Args('bucket', { type: () => BucketSizeInput }) bucket: BucketSizeInput,
    @Args('timeZone', { defaultValue: 'UTC' }) timeZone: string,
  ) {
    validateRange(from, to);
    return aggregateSamples(this.dataSource.manager, userId, sampleType, { from, to }, bucket, bucketZoneOf(timeZone));
  }

  @Query(() => [SleepStage], { description: 'Sleep stages overlapping a range (in bed, asleep, core/light, deep, REM, awake)' })
  sleepStages(@CurrentUserId() userId: string, @Args() range: TimeRangeArgs) {
    validateRange(range.from, range.to, range.limit);
    return listSleepStages(this.dataSource.manager, userId, range, range.limit);
  }

  @Query(() => [SleepSession], {
    description: 'Nights overlapping a range, each from its best-ranked source, with minutes per stage',
  })
  async sleepSessions(@CurrentUserId() userId: string, @Args('from') from: Date, @Args('to') to: Date) {
    validateRange(from, to);
    const stages = await listSleepStages(this.dataSource.manager, userId, { from, to }, SLEEP_ROWS_PER_QUERY);
    return groupSleepSessions(stages);
  }

  @Query(() => [Workout])
  workouts(@CurrentUserId() userId: string, @Args() range: TimeRangeArgs) {
    validateRange(range.from, range.to, range.limit);
    return listWorkouts(this.dataSource.manager, userId, range, range.limit);
  }

  @Query(() => [ClinicalRecord])
  clinicalRecords(
    @CurrentUserId() userId: string,
    @Args('resourceType', { type: () => String, nullable: true }) resourceType: string | null,
    @Args('limit', { type: () => Int, defaultValue: 1000 }) limit: number,
  ) {
    validateLimit(limit);
    return listClinicalRecords(this.dataSource.manager, userId, resourceType ?? null, limit);
  }
}
