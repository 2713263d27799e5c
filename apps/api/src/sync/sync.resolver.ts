import { UseGuards } from '@nestjs/common';
import { Args, Context, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { IncomingMessage } from 'node:http';
import { CurrentUserId } from '../auth/current-user.decorator';
import { GqlAuthGuard } from '../auth/gql-auth.guard';
import { SyncHealthKitSamplesInput } from './dto/sync-health-kit-samples.input';
import { SyncChunkResult } from './models/sync-chunk-result.model';
import { SyncState } from './models/sync-state.model';
import { bodyMayHoldUnstorable } from './request-body';
import { SyncService } from './sync.service';

@Resolver()
@UseGuards(GqlAuthGuard)
export class SyncResolver {
  constructor(private readonly sync: SyncService) {}

  @Mutation(() => SyncChunkResult, { description: 'Upload one chunk of a sync; answers once it is durably queued.' })
  syncHealthKitSamples(
    @CurrentUserId() userId: string,
    @Args('input') input: SyncHealthKitSamplesInput,
    @Context('req') req: IncomingMessage | undefined,
  ): Promise<SyncChunkResult> {
    return this.sync.acceptChunk(userId, input, bodyMayHoldUnstorable(req));
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
