import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import GraphQLJSON from 'graphql-type-json';
import { Sample } from './health-data.models';
import { Paginated } from './paginated.model';

@ObjectType({ description: 'The newest sample of one type (null when the caller has none).' })
export class LatestValue {
  @Field({ description: 'The type asked for' }) sampleType: string;
  @Field(() => Sample, { nullable: true }) sample: Sample | null;
}

@ObjectType({ description: 'A systolic and a diastolic sample one source wrote at the same instant.' })
export class BloodPressureReading {
  @Field(() => ID, { description: "The systolic sample's id" }) id: string;
  @Field() systolicUuid: string;
  @Field() diastolicUuid: string;
  @Field() time: Date;
  @Field(() => Float) systolic: number;
  @Field(() => Float) diastolic: number;
  @Field(() => String, { nullable: true, description: 'As sent (MILLIMETER_OF_MERCURY)' }) unit: string | null;
  @Field(() => ID) sourceId: string;
  @Field() sourceName: string;
  @Field(() => Int) precedence: number;
  @Field(() => String, { nullable: true }) recordingMethod: string | null;
}

@ObjectType()
export class BloodPressureConnection extends Paginated(BloodPressureReading) {}

@ObjectType({ description: 'One nutrient of a day, meals and nutrient samples counted once.' })
export class NutrientTotal {
  @Field({ description: 'The key the health package uses in a meal: calories, protein, carbs, fat, vitamin_c, water, …' })
  nutrient: string;
  @Field(() => String, { nullable: true, description: 'The data type that carries it alone (DIETARY_ENERGY_CONSUMED, …)' })
  sampleType: string | null;
  @Field({ description: 'KILOCALORIE for calories, LITER for water, GRAM otherwise' }) unit: string;
  @Field(() => Float) total: number;
}

@ObjectType({ description: 'A NUTRITION meal as logged.' })
export class Meal {
  @Field(() => ID) id: string;
  @Field() uuid: string;
  @Field() startTime: Date;
  @Field() endTime: Date;
  @Field(() => String, { nullable: true }) name: string | null;
  @Field(() => String, { nullable: true, description: 'As sent (BREAKFAST, LUNCH, DINNER, SNACK, UNKNOWN)' })
  mealType: string | null;
  @Field(() => Float, { nullable: true }) energyKcal: number | null;
  @Field(() => ID) sourceId: string;
  @Field() sourceName: string;
  @Field(() => GraphQLJSON, { description: 'Every nutrient of the meal, in the units of NutrientTotal' })
  nutrients: Record<string, number>;
}

@ObjectType({ description: 'One local day of nutrition.' })
export class NutritionDay {
  @Field({ description: 'Local date YYYY-MM-DD' }) date: string;
  @Field(() => [NutrientTotal]) totals: NutrientTotal[];
  @Field(() => [Meal]) meals: Meal[];
}

@ObjectType({ description: 'A location of a workout route, its time an instant.' })
export class RoutePoint {
  @Field() time: Date;
  @Field(() => Float) latitude: number;
  @Field(() => Float) longitude: number;
  @Field(() => Float, { nullable: true }) altitude: number | null;
  @Field(() => Float, { nullable: true }) speed: number | null;
  @Field(() => Float, { nullable: true }) course: number | null;
  @Field(() => Float, { nullable: true }) horizontalAccuracy: number | null;
  @Field(() => Float, { nullable: true }) verticalAccuracy: number | null;
}

@ObjectType({ description: 'A MENSTRUATION_FLOW value; dateTime an instant.' })
export class MenstruationFlowValue {
  @Field(() => String, { nullable: true, description: 'unspecified | none | light | medium | heavy | spotting' })
  flow: string | null;
  @Field(() => Boolean, { nullable: true }) isStartOfCycle: boolean | null;
  @Field(() => Boolean, { nullable: true }) wasUserEntered: boolean | null;
  @Field(() => Date, { nullable: true }) dateTime: Date | null;
}

@ObjectType({ description: 'An INSULIN_DELIVERY value.' })
export class InsulinDeliveryValue {
  @Field(() => Float, { nullable: true, description: 'International units' }) units: number | null;
  @Field(() => String, { nullable: true, description: 'BASAL | BOLUS' }) reason: string | null;
}

@ObjectType({ description: 'An AUDIOGRAM value: sensitivities (dB HL) per frequency (Hz), in the same order.' })
export class AudiogramValue {
  @Field(() => [Float]) frequencies: number[];
  @Field(() => [Float]) leftEarSensitivities: number[];
  @Field(() => [Float]) rightEarSensitivities: number[];
}

@ObjectType({ description: 'An ELECTROCARDIOGRAM value: voltages (V) at seconds from the sample start, in the same order.' })
export class ElectrocardiogramValue {
  @Field(() => Float, { nullable: true }) averageHeartRate: number | null;
  @Field(() => Float, { nullable: true, description: 'Hz' }) samplingFrequency: number | null;
  @Field(() => String, { nullable: true, description: 'As the package names it, e.g. SINUS_RHYTHM' })
  classification: string | null;
  @Field(() => [Float]) voltages: number[];
  @Field(() => [Float], { description: 'Seconds from startTime of each voltage' }) secondsSinceStart: number[];
}
