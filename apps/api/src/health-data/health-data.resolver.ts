import type { Connection, SleepSession as SleepSessionRow } from '@app/health-data';
import {
  AggregateRow,
  aggregateSamples,
  ClinicalRecordRow,
  DailySummary as DailySummaryRow,
  dailySummary,
  listSources,
  pageClinicalRecords,
  pageSamples,
  pageSleepStages,
  pageWorkouts,
  SampleRow,
  sleepSessions,
  SleepStageRow,
  SourceRow,
  WorkoutRow,
} from '@app/store';
import { ApiConfig } from '@app/config';
import { UseGuards } from '@nestjs/common';
import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CurrentUserId } from '../auth/current-user.decorator';
import { GqlAuthGuard } from '../auth/gql-auth.guard';
import { badInput } from '../graphql/errors';
import { PageArgs, TimeRangePageArgs } from './dto/read.args';
import { SqlTimeZones } from './sql-time-zones.service';
import {
  AggregateBucket,
  BucketSizeInput,
  ClinicalRecordConnection,
  DailySummary,
  ListOrderInput,
  SampleConnection,
  SamplePrecedenceInput,
  SleepSession,
  SleepStageConnection,
  Source,
  WorkoutConnection,
} from './models/health-data.models';
import {
  MAX_LONG_RANGE_DAYS,
  validateDate,
  validatePage,
  validateRange,
  validateSampleType,
  validateZone,
} from './read-request.validator';

const MAX_SESSION_GAP_MINUTES = 12 * 60;
const EXCLUDE_MANUAL = {
  type: () => Boolean,
  defaultValue: false,
  description: 'Leave out samples entered by hand (recordingMethod manual)',
};

/** The app's read queries: always the caller's own rows, precedence applied, raw rows untouched. */
@Resolver()
@UseGuards(GqlAuthGuard)
export class HealthDataResolver {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sqlZones: SqlTimeZones,
    private readonly config: ApiConfig,
  ) {}

  @Query(() => [Source], { description: 'Sources that wrote data, best precedence first' })
  sources(@CurrentUserId() userId: string): Promise<SourceRow[]> {
    return listSources(this.dataSource.manager, userId);
  }

  @Query(() => SampleConnection, { description: 'Samples of one type whose start is in [from, to), oldest first, paged' })
  samples(
    @CurrentUserId() userId: string,
    @Args('sampleType') sampleType: string,
    @Args() args: TimeRangePageArgs,
    @Args('precedence', { type: () => SamplePrecedenceInput, defaultValue: SamplePrecedenceInput.RAW })
    precedence: SamplePrecedenceInput,
  ): Promise<Connection<SampleRow>> {
    validateSampleType(sampleType);
    validateRange(args.from, args.to);
    const page = validatePage(args.first, args.after);
    return pageSamples(this.dataSource.manager, userId, sampleType, args, page, precedence, this.config.pageMaxBytes);
  }

  @Query(() => [AggregateBucket], {
    description:
      'Totals (cumulative metrics) or avg/min/max (discrete) per local hour, day, week or month; per minute the best-ranked source with data wins',
  })
  async aggregates(
    @CurrentUserId() userId: string,
    @Args('sampleType') sampleType: string,
    @Args('from') from: Date,
    @Args('to') to: Date,
    @Args('bucket', { type: () => BucketSizeInput }) bucket: BucketSizeInput,
    @Args('timeZone', { defaultValue: 'UTC' }) timeZone: string,
    @Args('excludeManual', EXCLUDE_MANUAL) excludeManual: boolean,
  ): Promise<AggregateRow[]> {
    validateSampleType(sampleType);
    const long = bucket === BucketSizeInput.WEEK || bucket === BucketSizeInput.MONTH;
    validateRange(from, to, long ? MAX_LONG_RANGE_DAYS : undefined);
    const zone = validateZone(timeZone, await this.sqlZones.names());
    return aggregateSamples(this.dataSource.manager, userId, { sampleType, from, to, bucket, zone, excludeManual });
  }

  @Query(() => SleepStageConnection, { description: 'Sleep rows overlapping [from, to), oldest first, paged' })
  sleepStages(@CurrentUserId() userId: string, @Args() args: TimeRangePageArgs): Promise<Connection<SleepStageRow>> {
    validateRange(args.from, args.to);
    return pageSleepStages(this.dataSource.manager, userId, args, validatePage(args.first, args.after));
  }

  @Query(() => [SleepSession], {
    description: 'Sleep sessions whose wake-up is in [from, to): per source, then resolved across sources by precedence',
  })
  async sleepSessions(
    @CurrentUserId() userId: string,
    @Args('from') from: Date,
    @Args('to') to: Date,
    @Args('timeZone', { defaultValue: 'UTC' }) timeZone: string,
    @Args('gapMinutes', { type: () => Int, defaultValue: 120, description: 'A gap longer than this starts a new session' })
    gapMinutes: number,
  ): Promise<SleepSessionRow[]> {
    validateRange(from, to);
    const zone = validateZone(timeZone, await this.sqlZones.names());
    if (gapMinutes < 1 || gapMinutes > MAX_SESSION_GAP_MINUTES) {
      throw badInput('gapMinutes', `must be between 1 and ${MAX_SESSION_GAP_MINUTES}`);
    }
    return sleepSessions(this.dataSource.manager, userId, { from, to }, { zone: zone.zone, gapMinutes });
  }

  @Query(() => WorkoutConnection, {
    description:
      'Workouts starting in [from, to), paged; APPLIED leaves out a copy a better-ranked source recorded (same activity, overlapping over half the shorter one)',
  })
  workouts(
    @CurrentUserId() userId: string,
    @Args() args: TimeRangePageArgs,
    @Args('precedence', { type: () => SamplePrecedenceInput, defaultValue: SamplePrecedenceInput.RAW })
    precedence: SamplePrecedenceInput,
    @Args('order', { type: () => ListOrderInput, defaultValue: ListOrderInput.ASC }) order: ListOrderInput,
  ): Promise<Connection<WorkoutRow>> {
    validateRange(args.from, args.to);
    const page = validatePage(args.first, args.after);
    return pageWorkouts(this.dataSource.manager, userId, args, page, { precedence, order });
  }

  @Query(() => ClinicalRecordConnection, {
    description:
      'Clinical records, newest first, paged; a page also ends at a byte budget of FHIR resources (fewer than first, hasNextPage true)',
  })
  clinicalRecords(
    @CurrentUserId() userId: string,
    @Args('resourceType', { type: () => String, nullable: true }) resourceType: string | null,
    @Args() args: PageArgs,
  ): Promise<Connection<ClinicalRecordRow>> {
    const page = validatePage(args.first, args.after);
    return pageClinicalRecords(this.dataSource.manager, userId, resourceType ?? null, page, this.config.pageMaxBytes);
  }

  @Query(() => DailySummary, {
    description: 'Steps, distance, active energy, resting heart rate, last night and workouts of one local day',
  })
  async dailySummary(
    @CurrentUserId() userId: string,
    @Args('date', { description: 'Local date YYYY-MM-DD' }) date: string,
    @Args('timeZone', { defaultValue: 'UTC' }) timeZone: string,
    @Args('excludeManual', EXCLUDE_MANUAL) excludeManual: boolean,
  ): Promise<DailySummaryRow> {
    validateDate(date);
    return dailySummary(this.dataSource.manager, userId, date, validateZone(timeZone, await this.sqlZones.names()), {
      excludeManual,
    });
  }
}
