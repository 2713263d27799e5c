import 'reflect-metadata';
import { loadConfigOrExit, loadDatabaseSettings } from '@app/config';
import { buildDataSourceOptions, runMigrationsLocked } from '@app/database';
import { DataSource } from 'typeorm';

/** `npm run migrate`: apply pending migrations under the same advisory lock the apps use at start. */
async function migrate() {
  const settings = loadConfigOrExit(() => loadDatabaseSettings(process.env));
  const dataSource = await new DataSource(buildDataSourceOptions(settings, 'healthsync-migrate')).initialize();
  try {
    const applied = await runMigrationsLocked(dataSource);
    process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'schema is up to date\n');
  } finally {
    await dataSource.destroy();
  }
}

void migrate().catch((err) => {
  process.stderr.write(`migration failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
