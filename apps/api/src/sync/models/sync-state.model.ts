import { Field, ObjectType } from '@nestjs/graphql';

@ObjectType()
export class SyncState {
  @Field()
  dataType: string;

  @Field()
  lastAnchor: string;

  @Field()
  lastSyncTime: Date;
}
