import { audiogramOf, electrocardiogramOf, insulinDeliveryOf, menstruationFlowOf, routeOf } from '@app/health-data';
import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Sample } from './models/health-data.models';
import {
  AudiogramValue,
  ElectrocardiogramValue,
  InsulinDeliveryValue,
  MenstruationFlowValue,
  RoutePoint,
} from './models/typed-reads.models';

type SampleRow = Sample & { sampleType: string; valueDetail: unknown };

/**
 * Typed views of a sample's structured value (valueDetail is JSON, which a generated client cannot
 * type): each is null unless the sample is of that type. Computed from the row already read, times
 * already instants; no query of their own.
 */
@Resolver(() => Sample)
export class SampleFieldsResolver {
  @ResolveField(() => MenstruationFlowValue, { nullable: true })
  menstruationFlow(@Parent() s: SampleRow) {
    return menstruationFlowOf(s.sampleType, s.valueDetail);
  }

  @ResolveField(() => InsulinDeliveryValue, { nullable: true })
  insulinDelivery(@Parent() s: SampleRow) {
    return insulinDeliveryOf(s.sampleType, s.valueDetail);
  }

  @ResolveField(() => AudiogramValue, { nullable: true })
  audiogram(@Parent() s: SampleRow) {
    return audiogramOf(s.sampleType, s.valueDetail);
  }

  @ResolveField(() => ElectrocardiogramValue, { nullable: true })
  electrocardiogram(@Parent() s: SampleRow) {
    return electrocardiogramOf(s.sampleType, s.valueDetail);
  }

  @ResolveField(() => [RoutePoint], { nullable: true, description: "A WORKOUT_ROUTE sample's points, times as instants" })
  route(@Parent() s: SampleRow) {
    return routeOf(s.sampleType, s.valueDetail);
  }
}
