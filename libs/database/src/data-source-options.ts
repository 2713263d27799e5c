import type { DatabaseSettings } from '@app/config';
import { DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';
import { ParameterFreeQueryLogger } from './query-logger';
import { SnakeNamingStrategy } from './snake-naming.strategy';

/** One place that turns validated settings into TypeORM options, for the apps, the CLI and the tests. */
export interface SessionSettings {
  /** Server-side limit for every statement of this process (the worker's job time limit). */
  statementTimeoutMs?: number;
}

export function buildDataSourceOptions(
  db: DatabaseSettings,
  applicationName: string,
  session: SessionSettings = {},
): DataSourceOptions {
  const url = new URL(db.url);
  // The password may come from a secret apart from the URL (ECS injects RDS secret fields one by one).
  if (db.user) url.username = encodeURIComponent(db.user);
  if (db.password) url.password = encodeURIComponent(db.password);
  return {
    type: 'postgres',
    url: url.toString(),
    ssl: db.ssl ? { rejectUnauthorized: true } : false,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'typeorm_migrations',
    migrationsTransactionMode: 'each', // see runMigrationsLocked
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    migrationsRun: false, // run by runMigrationsLocked, once, under an advisory lock
    logging: ['error', 'warn'],
    logger: new ParameterFreeQueryLogger(),
    extra: {
      max: db.poolSize,
      // Read by the store's runStatement (pg ignores keys it does not know): false runs every
      // statement unnamed, for a pooler that cannot carry prepared statements.
      preparedStatements: db.preparedStatements,
      application_name: applicationName,
      // Set once per connection rather than per transaction: one round trip less per chunk.
      ...(session.statementTimeoutMs ? { statement_timeout: session.statementTimeoutMs } : {}),
      // Every statement here is short and per user; PostgreSQL's JIT, triggered by cost estimates
      // of set-returning functions (generate_series) it cannot see through, spent ~0.6 s compiling
      // for a 2 ms query. Off for the app's own connections.
      options: '-c jit=off',
    },
  };
}
