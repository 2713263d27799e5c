import { listSources, ownsSource, resetSourcePrecedence, setSourcePrecedence } from '@app/store';
import { UseGuards } from '@nestjs/common';
import { Args, ID, Int, Mutation, Resolver } from '@nestjs/graphql';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CurrentUserId } from '../auth/current-user.decorator';
import { GqlAuthGuard } from '../auth/gql-auth.guard';
import { badInput } from '../graphql/errors';
import { Source } from './models/health-data.models';
import { validateSampleType } from './read-request.validator';

const MAX_PRECEDENCE = 99;

/** The user's own source ranking. A change re-ranks stored data at once; nothing is re-synced. */
@Resolver()
@UseGuards(GqlAuthGuard)
export class SourcePrecedenceResolver {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Mutation(() => Source, {
    description:
      'Rank a source (lower wins) for one metric, or for every metric when sampleType is omitted ("SLEEP" ranks sleep)',
  })
  setSourcePrecedence(
    @CurrentUserId() userId: string,
    @Args('sourceId', { type: () => ID }) sourceId: string,
    @Args('precedence', { type: () => Int }) precedence: number,
    @Args('sampleType', { type: () => String, nullable: true }) sampleType: string | null,
  ) {
    if (precedence < 1 || precedence > MAX_PRECEDENCE) throw badInput('precedence', `must be between 1 and ${MAX_PRECEDENCE}`);
    return this.change(userId, sourceId, sampleType, (em) =>
      setSourcePrecedence(em, userId, { sourceId, sampleType: sampleType ?? null, precedence }),
    );
  }

  @Mutation(() => Source, {
    description: 'Back to the default ranking: for one metric, or every override of the source when sampleType is omitted',
  })
  resetSourcePrecedence(
    @CurrentUserId() userId: string,
    @Args('sourceId', { type: () => ID }) sourceId: string,
    @Args('sampleType', { type: () => String, nullable: true }) sampleType: string | null,
  ) {
    return this.change(userId, sourceId, sampleType, (em) =>
      resetSourcePrecedence(em, userId, { sourceId, sampleType: sampleType ?? null }),
    );
  }

  private async change(userId: string, sourceId: string, sampleType: string | null, apply: (em: EntityManager) => Promise<void>) {
    if (!/^\d{1,18}$/.test(sourceId)) throw badInput('sourceId', 'is not one of your sources');
    if (sampleType !== null && sampleType !== undefined) validateSampleType(sampleType, 'sampleType', ['SLEEP']);
    await this.dataSource.transaction(async (em) => {
      if (!(await ownsSource(em, userId, sourceId))) throw badInput('sourceId', 'is not one of your sources');
      await apply(em);
    });
    const [source] = await listSources(this.dataSource.manager, userId, sourceId);
    return source;
  }
}
