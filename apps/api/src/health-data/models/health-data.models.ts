import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import GraphQLJSON from 'graphql-type-json';
import { PlatformOutput, SleepStageNameOutput, SourceKindOutput } from '../../graphql/wire-enums';
import { Paginated } from './paginated.model';

export enum BucketSizeInput {
  HOUR = 'hour',
  DAY = 'day',
  WEEK = 'week',
  MONTH = 'month',
}
registerEnumType(BucketSizeInput, {
  name: 'BucketSize',
  description: 'Buckets are cut in the requested time zone; weeks start on Monday.',
});

export enum SamplePrecedenceInput {
  RAW = 'raw',
  APPLIED = 'applied',
}
registerEnumType(SamplePrecedenceInput, {
  name: 'SamplePrecedence',
  description: 'RAW: every sample of every source. APPLIED: only samples that count in aggregates under source precedence.',
});

export enum ListOrderInput {
  ASC = 'asc',
  DESC = 'desc',
}
registerEnumType(ListOrderInput, { name: 'ListOrder', description: 'ASC: oldest first. DESC: newest first.' });

export enum MetricKindOutput {
  CUMULATIVE = 'cumulative',
  DISCRETE = 'discrete',
  COUNT = 'count',
}
registerEnumType(MetricKindOutput, {
  name: 'MetricKind',
  description:
    'CUMULATIVE (steps, distance, energy, nutrients, water, …): sum is the total. DISCRETE (heart rate, SpO2, speeds, temperatures, …): use avg/min/max. COUNT (headaches, heart-rate events, stand hours): count is the number of events. Per type: docs/data-types.md.',
});

@ObjectType({ description: "A user's own ranking of a source, for one metric or (sampleType null) every metric." })
export class SourcePrecedenceOverride {
  @Field(() => String, { nullable: true }) sampleType: string | null;
  @Field(() => Int) precedence: number;
}

@ObjectType({ description: 'A device or app that wrote data; lower precedence wins at read time.' })
export class Source {
  @Field(() => ID) id: string;
  @Field(() => PlatformOutput) platform: PlatformOutput;
  @Field() name: string;
  @Field() bundleId: string;
  @Field(() => String, { nullable: true }) productType: string | null;
  @Field(() => SourceKindOutput) kind: SourceKindOutput;
  @Field(() => Int, { description: "Rank in force for metrics without a ranking of their own: the user's, else the default" })
  precedence: number;
  @Field(() => Int, { description: 'Apple Watch 1, iPhone 2, third party 3' }) defaultPrecedence: number;
  @Field(() => [SourcePrecedenceOverride]) overrides: SourcePrecedenceOverride[];
}

@ObjectType({ isAbstract: true })
abstract class RecordFields {
  @Field(() => ID) id: string;
  @Field() uuid: string;
  @Field() sampleType: string;
  @Field(() => String, { nullable: true }) unit: string | null;
  @Field() startTime: Date;
  @Field() endTime: Date;
  @Field(() => ID) sourceId: string;
  @Field() sourceName: string;
  @Field(() => Int, { description: 'Rank of the source for this metric (overrides applied)' }) precedence: number;
  @Field(() => GraphQLJSON, { nullable: true }) metadata: unknown;
  @Field(() => String, { nullable: true, description: 'As the phone sent it: unknown | active | automatic | manual' })
  recordingMethod: string | null;
  @Field(() => String, { nullable: true }) sourceDeviceId: string | null;
  @Field(() => String, { nullable: true, description: 'The device model the phone named (e.g. Watch6,7)' })
  deviceModel: string | null;
}

@ObjectType()
export class Sample extends RecordFields {
  @Field(() => Float, { nullable: true }) value: number | null;
  @Field(() => GraphQLJSON, { nullable: true }) valueDetail: unknown;
}

@ObjectType()
export class SleepStage extends RecordFields {
  @Field(() => SleepStageNameOutput) stage: SleepStageNameOutput;
  @Field(() => Float, { nullable: true }) minutes: number | null;
}

@ObjectType({ description: 'Heart-rate readings during a workout, precedence applied per minute.' })
export class WorkoutHeartRate {
  @Field(() => Float) avg: number;
  @Field(() => Float) max: number;
  @Field(() => Int, { description: 'Readings counted' }) count: number;
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
  @Field(() => WorkoutHeartRate, {
    nullable: true,
    description: 'Heart rate from its start to its end, precedence applied per minute; null without readings',
  })
  heartRate: WorkoutHeartRate | null;
  @Field({ description: 'A WORKOUT_ROUTE of this workout exists (its points: workoutRoute(workoutId))' }) hasRoute: boolean;
}

@ObjectType({ description: 'A clinical record, its FHIR R4 resource kept whole.' })
export class ClinicalRecord extends RecordFields {
  @Field() resourceType: string;
  @Field(() => String, { nullable: true }) fhirVersion: string | null;
  @Field(() => GraphQLJSON) fhirResource: unknown;
}

@ObjectType()
export class SampleConnection extends Paginated(Sample) {}
@ObjectType()
export class SleepStageConnection extends Paginated(SleepStage) {}
@ObjectType()
export class WorkoutConnection extends Paginated(Workout) {}
@ObjectType()
export class ClinicalRecordConnection extends Paginated(ClinicalRecord) {}

@ObjectType({ description: 'What one source contributed to a bucket after precedence.' })
export class BucketSource {
  @Field(() => ID) sourceId: string;
  @Field() sourceName: string;
  @Field(() => Int) precedence: number;
  @Field(() => Float) sum: number;
  @Field(() => Int) count: number;
}

@ObjectType({ description: 'One hour, day, week or month of one metric, precedence applied per minute.' })
export class AggregateBucket {
  @Field({ description: 'Bucket start as wall time in the requested zone, e.g. 2025-09-10T00:00:00' }) localStart: string;
  @Field({ description: 'The instant the bucket starts (tells apart the two buckets of an hour a DST change repeats)' })
  startTime: Date;
  @Field(() => MetricKindOutput) kind: MetricKindOutput;
  @Field(() => Float, { description: 'Cumulative: the total; discrete: sum of the counted readings' }) sum: number;
  @Field(() => Float, { nullable: true, description: "Average of the counted samples' values" }) avg: number | null;
  @Field(() => Float, { nullable: true }) min: number | null;
  @Field(() => Float, { nullable: true }) max: number | null;
  @Field(() => Int, { description: 'Samples counted (a sample counts in the bucket where it starts)' }) count: number;
  @Field(() => [BucketSource], { description: 'Sources whose data won somewhere in the bucket, best first' })
  sources: BucketSource[];
}

@ObjectType({ description: 'One sleep session: the main sleep of its date (the wake-up date) or a nap.' })
export class SleepSession {
  @Field({ description: 'Local date (requested zone) of the wake-up, YYYY-MM-DD' }) date: string;
  @Field({ description: 'True for every session of the date but the longest' }) isNap: boolean;
  @Field() startTime: Date;
  @Field() endTime: Date;
  @Field(() => Float) asleepMinutes: number;
  @Field(() => Float) inBedMinutes: number;
  @Field(() => Float, { description: 'asleepMinutes / inBedMinutes, 0..1' }) efficiency: number;
  @Field(() => GraphQLJSON, { description: 'Minutes per stage, e.g. {"light": 120, "deep": 90, "rem": 60, "awake": 10}' })
  minutesByStage: Record<string, number>;
  @Field(() => ID) sourceId: string;
  @Field() sourceName: string;
  @Field(() => Int) precedence: number;
  @Field(() => [SleepStage], { description: 'The rows the totals come from' }) stages: SleepStage[];
  @Field(() => Int, { description: 'Other sources that recorded an overlapping session and were left out' })
  skippedSources: number;
}

@ObjectType({ description: 'A home screen in one call: one local day, precedence applied everywhere.' })
export class DailySummary {
  @Field() date: string;
  @Field(() => Float, { nullable: true }) steps: number | null;
  @Field(() => Float, {
    nullable: true,
    description: 'DISTANCE_WALKING_RUNNING (iOS), else DISTANCE_DELTA (Health Connect), meters',
  })
  distanceMeters: number | null;
  @Field(() => Float, { nullable: true, description: 'ACTIVE_ENERGY_BURNED, kilocalories' }) activeEnergyKcal: number | null;
  @Field(() => Float, {
    nullable: true,
    description: "Health Connect's TOTAL_CALORIES_BURNED (active + basal), kilocalories; null on iOS",
  })
  totalEnergyKcal: number | null;
  @Field(() => Float, { nullable: true, description: 'Average RESTING_HEART_RATE of the day' }) restingHeartRate: number | null;
  @Field(() => SleepSession, { nullable: true, description: 'Main sleep that ended on this date ("last night")' })
  sleep: SleepSession | null;
  @Field(() => [SleepSession]) naps: SleepSession[];
  @Field(() => [Workout]) workouts: Workout[];
}
