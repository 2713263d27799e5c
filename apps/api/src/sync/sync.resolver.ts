import { UseGuards } from '@nestjs/common';
import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentUserId } from '../auth/current-user.decorator';
import { GqlAuthGuard } from '../auth/gql-auth.guard';
import { SyncHealthKitSamplesInput } from './dto/sync-health-kit-samples.input';
import { SyncChunkResult } from './models/sync-chunk-result.model';
import { SyncState } from './models/sync-state.model';
import { SyncService } from './sync.service';

@Resolver()
@UseGuards(GqlAuthGuard)
export class SyncResolver {
  constructor(private readonly sync: SyncService) {}

  @Mutation(() => SyncChunkResult, { description: 'Upload one chunk of a sync; answers once it is durably queued.' })
  syncHealthKitSamples(
    @CurrentUserId() userId: string,
    @Args('input') input: SyncHealthKitSamplesInput,
  ): Promise<SyncChunkResult> {
    return this.sync.acceptChunk(userId, input);
  }

  @Query(() => SyncState, {
    nullable: true,
    description: "The caller's anchor for one data type; null before the first completed sync.",
  })
  syncState(@CurrentUserId() userId: string, @Args('dataType') dataType: string): Promise<SyncState | null> {
    return this.sync.syncState(userId, dataType);
  }

  @Query(() => [SyncState])
  syncStates(@CurrentUserId() userId: string): Promise<SyncState[]> {
    return this.sync.syncStatesOf(userId);
  }
}
