import { Field, GraphQLISODateTime, Int, ObjectType } from '@nestjs/graphql';
import { ErasureStatusOutput } from '../../graphql/wire-enums';

@ObjectType()
export class ErasedCount {
  @Field({ description: 'A table, or `queue_jobs` for jobs removed from the queue.' })
  name: string;

  @Field(() => Int)
  deleted: number;
}

@ObjectType({ description: 'An erasure of all of the caller’s health data and its progress.' })
export class HealthDataErasure {
  @Field()
  id: string;

  @Field(() => ErasureStatusOutput, { description: '`running` until every row is gone, then `done`.' })
  status: `${ErasureStatusOutput}`;

  @Field(() => GraphQLISODateTime)
  requestedAt: Date;

  @Field(() => GraphQLISODateTime, { nullable: true })
  finishedAt: Date | null;

  @Field(() => [ErasedCount], { description: 'Rows deleted so far per table.' })
  counts: ErasedCount[];
}
