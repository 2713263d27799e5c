import { ApiConfig, AppConfigModule, structuredLoggerModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { defaultJobOptions, redisOptions } from '@app/queue';
import { queueTelemetry, TelemetryModule } from '@app/telemetry';
import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { ClientGraphQLErrorFilter } from './graphql/client-error.filter';
import { StatementTimeoutFilter } from './graphql/statement-timeout.filter';
import { formatGraphQLError } from './graphql/format-error';
import { queryLimitsPlugin } from './graphql/query-cost.plugin';
import { unstorableInputPlugin } from './graphql/unstorable-input';
import { HealthDataModule } from './health-data/health-data.module';
import { HealthModule } from './health/health.module';
import { LifecycleModule } from './lifecycle/lifecycle.module';
import { PrivacyModule } from './privacy/privacy.module';
import { RateLimitModule } from './rate-limit/rate-limit.module';
import { ApiMetricsPublisher } from './observability/api-metrics-publisher.service';
import { GraphQLMetricsPlugin } from './observability/graphql-metrics.plugin';
import { OperationStats } from './observability/operation-stats';
import { SyncModule } from './sync/sync.module';

@Module({})
export class AppModule {
  static forRoot(config: ApiConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forApi(config),
        structuredLoggerModule(config.logLevel, 'api'),
        DatabaseModule.forRoot(config.database, 'healthsync-api', { statementTimeoutMs: config.statementTimeoutMs }),
        BullModule.forRoot({
          connection: redisOptions(config.redis, 'producer'),
          prefix: config.queue.prefix,
          defaultJobOptions: defaultJobOptions(config.queue),
          telemetry: queueTelemetry(config.telemetry),
        }),
        GraphQLModule.forRoot<ApolloDriverConfig>({
          driver: ApolloDriver,
          path: '/graphql',
          autoSchemaFile: true,
          sortSchema: true,
          context: ({ req }: { req: unknown }) => ({ req }),
          formatError: formatGraphQLError,
          introspection: config.nodeEnv !== 'production',
          // "Did you mean …" suggestions would spell out the schema that introspection hides.
          hideSchemaDetailsFromClientErrors: config.nodeEnv === 'production',
          includeStacktraceInErrorResponses: false,
          // Apollo stops after the HTTP server has let the requests in flight finish, not before.
          stopOnApplicationShutdown: true,
          plugins: [unstorableInputPlugin(), queryLimitsPlugin(config.graphql)],
        }),
        LifecycleModule,
        RateLimitModule,
        SyncModule,
        HealthDataModule,
        PrivacyModule,
        HealthModule,
        TelemetryModule.forRoot(),
      ],
      providers: [
        { provide: APP_FILTER, useClass: ClientGraphQLErrorFilter },
        { provide: APP_FILTER, useClass: StatementTimeoutFilter },
        GraphQLMetricsPlugin,
        OperationStats,
        ApiMetricsPublisher,
      ],
    };
  }
}
