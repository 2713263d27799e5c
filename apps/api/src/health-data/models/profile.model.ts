import { Field, ObjectType, registerEnumType } from '@nestjs/graphql';

export enum GenderOutput {
  FEMALE = 'female',
  MALE = 'male',
  OTHER = 'other',
}
registerEnumType(GenderOutput, { name: 'Gender', description: "HealthKit's biological sex" });

export enum BloodTypeOutput {
  A_POSITIVE = 'A_POSITIVE',
  A_NEGATIVE = 'A_NEGATIVE',
  B_POSITIVE = 'B_POSITIVE',
  B_NEGATIVE = 'B_NEGATIVE',
  AB_POSITIVE = 'AB_POSITIVE',
  AB_NEGATIVE = 'AB_NEGATIVE',
  O_POSITIVE = 'O_POSITIVE',
  O_NEGATIVE = 'O_NEGATIVE',
}
registerEnumType(BloodTypeOutput, { name: 'BloodType' });

@ObjectType({
  description:
    "The user's HealthKit characteristics (GENDER, BIRTH_DATE, BLOOD_TYPE): the latest the phone read; null where never sent or not set",
})
export class Profile {
  @Field(() => GenderOutput, { nullable: true }) gender: GenderOutput | null;
  @Field(() => String, { nullable: true, description: 'Date of birth, YYYY-MM-DD' }) birthDate: string | null;
  @Field(() => BloodTypeOutput, { nullable: true }) bloodType: BloodTypeOutput | null;
}
