import type { Connection, NutritionDay as NutritionDayRow, RoutePoint as RoutePointRow } from '@app/health-data';
import {
  BloodPressureReading as BloodPressureRow,
  LatestValue as LatestValueRow,
  latestValues,
  nutrition,
  pageBloodPressure,
  workoutRoute,
} from '@app/store';
import { UseGuards } from '@nestjs/common';
import { Args, ID, Query, Resolver } from '@nestjs/graphql';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CurrentUserId } from '../auth/current-user.decorator';
import { GqlAuthGuard } from '../auth/gql-auth.guard';
import { badInput } from '../graphql/errors';
import { TimeRangePageArgs } from './dto/read.args';
import { SqlTimeZones } from './sql-time-zones.service';
import { BloodPressureConnection, LatestValue, NutritionDay, RoutePoint } from './models/typed-reads.models';
import { validatePage, validateRange, validateSampleType, validateZone } from './read-request.validator';

/** More types than any screen shows at once; each is one index probe. */
const MAX_LATEST_TYPES = 32;
const RECORD_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Reads shaped for the app's screens: nutrition, blood pressure, latest values, workout routes. */
@Resolver()
@UseGuards(GqlAuthGuard)
export class TypedReadsResolver {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sqlZones: SqlTimeZones,
  ) {}

  @Query(() => [LatestValue], {
    description: 'The newest sample of each type, in the order asked (sample null where there is none)',
  })
  latest(
    @CurrentUserId() userId: string,
    @Args('sampleTypes', { type: () => [String] }) sampleTypes: string[],
  ): Promise<LatestValueRow[]> {
    if (sampleTypes.length < 1 || sampleTypes.length > MAX_LATEST_TYPES) {
      throw badInput('sampleTypes', `must name 1 to ${MAX_LATEST_TYPES} types`);
    }
    for (const t of sampleTypes) validateSampleType(t, 'sampleTypes');
    return latestValues(this.dataSource.manager, userId, sampleTypes);
  }

  @Query(() => BloodPressureConnection, {
    description: 'Systolic and diastolic readings paired by moment, starting in [from, to), newest first, paged',
  })
  bloodPressure(@CurrentUserId() userId: string, @Args() args: TimeRangePageArgs): Promise<Connection<BloodPressureRow>> {
    validateRange(args.from, args.to);
    return pageBloodPressure(this.dataSource.manager, userId, args, validatePage(args.first, args.after));
  }

  @Query(() => [NutritionDay], {
    description: 'Per local day: totals per nutrient from meals and DIETARY_* samples (a meal counted once), and the meals',
  })
  async nutrition(
    @CurrentUserId() userId: string,
    @Args('from') from: Date,
    @Args('to') to: Date,
    @Args('timeZone', { defaultValue: 'UTC' }) timeZone: string,
  ): Promise<NutritionDayRow[]> {
    validateRange(from, to);
    return nutrition(this.dataSource.manager, userId, { from, to }, validateZone(timeZone, await this.sqlZones.names()));
  }

  @Query(() => [RoutePoint], {
    nullable: true,
    description: "A workout's route points in time order ([] without a route); null when no such workout is yours",
  })
  workoutRoute(
    @CurrentUserId() userId: string,
    @Args('workoutId', { type: () => ID }) workoutId: string,
  ): Promise<RoutePointRow[] | null> {
    if (!RECORD_ID.test(workoutId)) throw badInput('workoutId', "is not a workout's id");
    return workoutRoute(this.dataSource.manager, userId, workoutId);
  }
}
