import { ApiConfig } from '@app/config';
import { ErasureRecord, exportPage, InvalidCursorError } from '@app/store';
import { UseGuards } from '@nestjs/common';
import { Args, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CurrentUserId } from '../auth/current-user.decorator';
import { GqlAuthGuard } from '../auth/gql-auth.guard';
import { badInput } from '../graphql/errors';
import { ErasureService } from './erasure.service';
import { HealthDataErasure } from './models/health-data-erasure.model';
import { HealthDataExportPage } from './models/health-data-export-page.model';

const MAX_EXPORT_PAGE = 5_000;

@Resolver()
@UseGuards(GqlAuthGuard)
export class PrivacyResolver {
  constructor(
    private readonly erasure: ErasureService,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: ApiConfig,
  ) {}

  @Mutation(() => HealthDataErasure, {
    description: 'Erase every row of the caller’s health data in every table; answers at once, progress in healthDataErasure.',
  })
  async deleteMyHealthData(@CurrentUserId() userId: string): Promise<HealthDataErasure> {
    return toModel(await this.erasure.erase(userId));
  }

  @Query(() => HealthDataErasure, { nullable: true, description: 'The caller’s latest erasure; null if there was none.' })
  async healthDataErasure(@CurrentUserId() userId: string): Promise<HealthDataErasure | null> {
    const record = await this.erasure.status(userId);
    return record && toModel(record);
  }

  @Query(() => HealthDataExportPage, { description: 'The caller’s raw rows, every table, a page at a time.' })
  async exportMyHealthData(
    @CurrentUserId() userId: string,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
    @Args('limit', { type: () => Int, defaultValue: 1000 }) limit: number,
  ): Promise<HealthDataExportPage> {
    if (limit < 1 || limit > MAX_EXPORT_PAGE) throw badInput('limit', `must be between 1 and ${MAX_EXPORT_PAGE}`);
    try {
      return await exportPage(this.dataSource, userId, after ?? null, limit, this.config.pageMaxBytes);
    } catch (err) {
      if (err instanceof InvalidCursorError) throw badInput('after', err.message);
      throw err;
    }
  }
}

function toModel(record: ErasureRecord): HealthDataErasure {
  return {
    id: record.id,
    status: record.status,
    requestedAt: record.requestedAt,
    finishedAt: record.finishedAt,
    counts: Object.entries(record.counts).map(([name, deleted]) => ({ name, deleted })),
  };
}
