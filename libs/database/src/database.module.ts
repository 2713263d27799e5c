import type { DatabaseSettings } from '@app/config';
import { DynamicModule, Logger, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions, SessionSettings } from './data-source-options';
import { runMigrationsLocked } from './migrate';

@Module({})
export class DatabaseModule {
  /**
   * Connects and, when asked, applies pending migrations before any other provider starts:
   * the API does not listen and the worker takes no job until the schema is current.
   */
  static forRoot(settings: DatabaseSettings, applicationName: string, session: SessionSettings = {}): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => buildDataSourceOptions(settings, applicationName, session),
          dataSourceFactory: async (options) => {
            const dataSource = await new DataSource(options!).initialize();
            if (settings.runMigrations) {
              const applied = await runMigrationsLocked(dataSource);
              if (applied.length > 0) new Logger('Migrations').log(`applied ${applied.join(', ')}`);
            }
            return dataSource;
          },
        }),
      ],
    };
  }
}
