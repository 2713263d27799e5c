import { ArgsType, Field, Int } from '@nestjs/graphql';

@ArgsType()
export class TimeRangeArgs {
  @Field({ description: 'Inclusive start (ISO date-time)' })
  from: Date;

  @Field({ description: 'Exclusive end (ISO date-time)' })
  to: Date;

  @Field(() => Int, { defaultValue: 1000, description: 'At most this many rows (1..10000)' })
  limit: number;
}
