import { ApiConfig, AppConfigModule, structuredLoggerModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { defaultJobOptions, redisOptions } from '@app/queue';
import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { ClientGraphQLErrorFilter } from './graphql/client-error.filter';
import { formatGraphQLError } from './graphql/format-error';
import { queryLimitsPlugin } from './graphql/query-cost.plugin';
import { unstorableInputPlugin } from './graphql/unstorable-input';
import { HealthDataModule } from './health-data/health-data.module';
import { HealthModule } from './health/health.module';
import { SyncModule } from './sync/sync.module';

@Module({})
export class AppModule {
  static forRoot(config: ApiConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forApi(config),
        structuredLoggerModule(config.logLevel, 'api'),
        DatabaseModule.forRoot(config.database, 'healthsync-api'),
        BullModule.forRoot({
          connection: redisOptions(config.redis, 'producer'),
          prefix: config.queue.prefix,
          defaultJobOptions: defaultJobOptions(config.queue),
        }),
        GraphQLModule.forRoot<ApolloDriverConfig>({
          driver: ApolloDriver,
          path: '/graphql',
          autoSchemaFile: true,
          sortSchema: true,
          context: ({ req }: { req: unknown }) => ({ req }),
          formatError: formatGraphQLError,
          introspection: config.nodeEnv !== 'production',
          includeStacktraceInErrorResponses: false,
          plugins: [unstorableInputPlugin(), queryLimitsPlugin(config.graphql)],
        }),
        SyncModule,
        HealthDataModule,
        HealthModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: ClientGraphQLErrorFilter }],
    };
  }
}
