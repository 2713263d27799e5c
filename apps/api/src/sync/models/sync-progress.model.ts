import { Field, Int, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'Where one sync (data type + anchor token) stands: for a progress bar and for re-sends.' })
export class SyncProgress {
  @Field() dataType: string;
  @Field(() => Int) chunksReceived: number;
  @Field(() => Int) chunksStored: number;
  @Field(() => Int) chunksQueued: number;
  @Field(() => Int) chunksFailed: number;
  @Field(() => Int) itemsAccepted: number;
  @Field(() => Int) itemsRejected: number;
  @Field(() => Int) itemsDeleted: number;
  @Field() finalChunkReceived: boolean;
  @Field(() => Int, { nullable: true, description: 'The sync has finalChunkIndex + 1 chunks' }) finalChunkIndex: number | null;
  @Field(() => [Int], { description: 'Indexes below the final one that never arrived: send them again' })
  missingChunkIndexes: number[];
  @Field(() => [Int], { description: 'Chunks that failed for good: send them again' }) failedChunkIndexes: number[];
  @Field({ description: "The data type's anchor is this sync's token: every chunk is stored" }) anchorMoved: boolean;
  @Field({ description: 'A sync of this data type that started later moved the anchor: this one never will; stop waiting' })
  superseded: boolean;
  @Field(() => Int, { description: "Rows the sync's reconcile window deleted when its anchor moved" }) itemsReconciled: number;
}
