import { Field, Int, ObjectType } from '@nestjs/graphql';
import { ChunkStatusOutput } from '../../graphql/wire-enums';

@ObjectType()
export class RejectedItem {
  @Field(() => Int)
  index: number;

  @Field()
  field: string;

  @Field()
  message: string;
}

@ObjectType()
export class SyncChunkResult {
  @Field(() => Int)
  chunkIndex: number;

  @Field(() => Int, { description: 'Items that passed validation and will be stored.' })
  accepted: number;

  @Field(() => [RejectedItem], { description: 'Items kept aside for inspection; they do not block the sync.' })
  rejected: RejectedItem[];

  @Field(() => Int)
  deleted: number;

  @Field(() => String, { nullable: true, description: 'The queue job storing this chunk.' })
  jobId: string | null;

  @Field(() => ChunkStatusOutput, { description: 'queued, or stored when this exact chunk was stored before.' })
  status: `${ChunkStatusOutput}`;
}
