import { DATA_TYPE_PATTERN } from '@app/health-data';
import { syncKeyOf } from '@app/queue';
import { syncProgress } from '@app/store';
import { UseGuards } from '@nestjs/common';
import { Args, Query, Resolver } from '@nestjs/graphql';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CurrentUserId } from '../auth/current-user.decorator';
import { GqlAuthGuard } from '../auth/gql-auth.guard';
import { badInput } from '../graphql/errors';
import { SyncProgress } from './models/sync-progress.model';
import { LIMITS } from './sync-request.validator';

@Resolver()
@UseGuards(GqlAuthGuard)
export class SyncProgressResolver {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Query(() => SyncProgress, { description: 'Chunks and items of one sync so far, and whether its anchor moved' })
  syncProgress(
    @CurrentUserId() userId: string,
    @Args('dataType') dataType: string,
    @Args('anchorToken') anchorToken: string,
  ): Promise<SyncProgress> {
    if (!DATA_TYPE_PATTERN.test(dataType)) throw badInput('dataType', 'must be a data type name such as HEART_RATE');
    if (Buffer.byteLength(anchorToken, 'utf8') > LIMITS.maxAnchorBytes) {
      throw badInput('anchorToken', `must be at most ${LIMITS.maxAnchorBytes} bytes`);
    }
    return syncProgress(this.dataSource.manager, userId, dataType, syncKeyOf(anchorToken), anchorToken);
  }
}
