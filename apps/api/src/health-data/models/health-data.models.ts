import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import GraphQLJSON from 'graphql-type-json';

export enum BucketSizeInput {
  HOUR = 'hour',
  DAY = 'day',
}
registerEnumType(BucketSizeInput, { name: 'BucketSize' });

@ObjectType({ description: 'A device or app that wrote data; lower precedence wins at read time.' })
export class Source {
  @Field(() => ID) id: string;
  @Field() platform: string;
  @Field() name: string;
  @Field() bundleId: string;
  @Field(() => String, { nullable: true }) productType: string | null;
  @Field({ description: 'apple_watch | iphone | third_party' }) kind: string;
  @Field(() => Int, { description: 'Apple Watch 1, iPhone 2, third party 3' }) precedence: number;
}

@ObjectType({ isAbstract: true })
abstract class RecordFields {
  @Field() uuid: string;
  @Field() sampleType: string;
  @Field(() => String, { nullable: true }) unit: string | null;
  @Field() startTime: Date;
  @Field() endTime: Date;
  @Field(() => ID) sourceId: string;
  @Field() sourceName: string;
  @Field(() => Int) precedence: number;
  @Field(() => GraphQLJSON, { nullable: true }) metadata: unknown;
}

@ObjectType()
export class Sample extends RecordFields {
  @Field(() => Float, { nullable: true }) value: number | null;
  @Field(() => GraphQLJSON, { nullable: true }) valueDetail: unknown;
}

@ObjectType({ description: 'One hour or day of one sample type, from the best-ranked source with data in it.' })
export class AggregateBucket {
  @Field({ description: 'Bucket start as wall time in the requested zone' }) localStart: string;
  @Field(() => ID) sourceId: string;
  @Field() sourceName: string;
  @Field(() => Int) precedence: number;
  @Field(() => Float) sum: number;
  @Field(() => Float) avg: number;
  @Field(() => Float) min: number;
  @Field(() => Float) max: number;
  @Field(() => Int) count: number;
  @Field(() => Int, { description: 'Other sources with data in this bucket, left out so nothing is counted twice' })
  skippedSources: number;
}

@ObjectType()
export class SleepStage extends RecordFields {
  @Field() stage: string;
  @Field(() => Float, { nullable: true }) minutes: number | null;
}

@ObjectType()
export class Workout extends RecordFields {
  @Field(() => String, { nullable: true }) activityType: string | null;
  @Field(() => Float) durationSeconds: number;
  @Field(() => Float, { nullable: true }) totalEnergyBurned: number | null;
  @Field(() => String, { nullable: true }) totalEnergyBurnedUnit: string | null;
  @Field(() => Float, { nullable: true }) totalDistance: number | null;
  @Field(() => String, { nullable: true }) totalDistanceUnit: string | null;
  @Field(() => Float, { nullable: true }) totalSteps: number | null;
}

@ObjectType({ description: 'A clinical record, its FHIR R4 resource kept whole.' })
export class ClinicalRecord extends RecordFields {
  @Field() resourceType: string;
  @Field(() => String, { nullable: true }) fhirVersion: string | null;
  @Field(() => GraphQLJSON) fhirResource: unknown;
}

@ObjectType({ description: 'One night, told from the best-ranked source that recorded it.' })
export class SleepSession {
  @Field() startTime: Date;
  @Field() endTime: Date;
  @Field(() => ID) sourceId: string;
  @Field() sourceName: string;
  @Field(() => Int) precedence: number;
  @Field(() => GraphQLJSON, { description: 'Minutes per stage, e.g. {"light": 120, "deep": 90}' }) minutesByStage: Record<string, number>;
  @Field(() => Float) asleepMinutes: number;
  @Field(() => [SleepStage]) stages: SleepStage[];
  @Field(() => Int, { description: 'Other sources that recorded this night and were left out' }) skippedSources: number;
}
