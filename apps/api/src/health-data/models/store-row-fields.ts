import type { Meal as MealRow, NutrientTotal as NutrientTotalRow, SleepSession as SleepSessionRow } from '@app/health-data';
import type {
  AggregateRow,
  BloodPressureReading as BloodPressureRow,
  BucketSource as BucketSourceRow,
  ClinicalRecordRow,
  DailySummary as DailySummaryRow,
  LatestValue as LatestValueRow,
  SampleRow,
  SleepStageRow,
  SourceRow,
  WorkoutRow,
} from '@app/store';
import type {
  AggregateBucket,
  BucketSource,
  ClinicalRecord,
  DailySummary,
  Sample,
  SleepSession,
  SleepStage,
  Source,
  Workout,
} from './health-data.models';
import type { BloodPressureReading, LatestValue, Meal, NutrientTotal } from './typed-reads.models';

/**
 * Compile-time only: every field of a GraphQL model is a field of the row type the store's read
 * returns for it (named as the statement aliases it). A model field the row lacks, or a row field
 * renamed in the store, fails `npm run typecheck` instead of answering null.
 */
type MissingFields<Model, Row> = Exclude<keyof Model, keyof Row>;
/** Compiles only when T is never (no field missing). */
type None<T extends never> = T;

export type StoreRowFieldChecks = [
  None<MissingFields<Source, SourceRow>>,
  None<MissingFields<Sample, SampleRow>>,
  None<MissingFields<SleepStage, SleepStageRow>>,
  None<MissingFields<ClinicalRecord, ClinicalRecordRow>>,
  None<MissingFields<Workout, WorkoutRow>>,
  None<MissingFields<AggregateBucket, AggregateRow>>,
  None<MissingFields<BucketSource, BucketSourceRow>>,
  None<MissingFields<SleepSession, SleepSessionRow>>,
  None<MissingFields<DailySummary, DailySummaryRow>>,
  None<MissingFields<LatestValue, LatestValueRow>>,
  None<MissingFields<BloodPressureReading, BloodPressureRow>>,
  None<MissingFields<Meal, MealRow>>,
  None<MissingFields<NutrientTotal, NutrientTotalRow>>,
];
