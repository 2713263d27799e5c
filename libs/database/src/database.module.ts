import type { DatabaseSettings } from '@app/config';
import { DynamicModule, Logger, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions, SessionSettings } from './data-source-options';
import { runMigrationsLocked } from './migrate';
import { assertSchemaCurrent, PendingMigrationsError } from './schema-check';

@Module({})
export class DatabaseModule {
  /**
   * Connects and, before any other provider starts, applies pending migrations (MIGRATIONS=run)
   * or makes sure none is pending (MIGRATIONS=check): the API does not listen and the worker
   * takes no job until the schema is current.
   */
  static forRoot(settings: DatabaseSettings, applicationName: string, session: SessionSettings = {}): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => ({
            ...buildDataSourceOptions(settings, applicationName, session),
            // Connection errors are retried; a pending migration will not go away by waiting.
            toRetry: (err: unknown) => !(err instanceof PendingMigrationsError),
          }),
          dataSourceFactory: async (options) => {
            const dataSource = await new DataSource(options!).initialize();
            try {
              if (settings.migrations === 'run') {
                const applied = await runMigrationsLocked(dataSource);
                if (applied.length > 0) new Logger('Migrations').log(`applied ${applied.join(', ')}`);
              } else {
                await assertSchemaCurrent(dataSource);
              }
            } catch (err) {
              await dataSource.destroy();
              throw err;
            }
            return dataSource;
          },
        }),
      ],
    };
  }
}
