import 'reflect-metadata';
import { loadConfigOrExit, loadDatabaseSettings } from '@app/config';
import { buildDataSourceOptions, runMigrationsLocked } from '@app/database';
import { REBUILD_REQUEST_SQL } from '@app/store';
import { DataSource } from 'typeorm';

/**
 * `npm run migrate`: apply pending migrations under the same advisory lock the apps use at start, then
 * name the rollup rebuilds migrations called for and nobody has run yet (a migration never runs the
 * rollup code: `npm run rollup -- rebuild` does). On ECS the line lands in the migrate task's log group.
 */
async function migrate() {
  const settings = loadConfigOrExit(() => loadDatabaseSettings(process.env));
  const dataSource = await new DataSource(buildDataSourceOptions(settings, 'healthsync-migrate')).initialize();
  try {
    const applied = await runMigrationsLocked(dataSource);
    process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'schema is up to date\n');
    const requested: { requestedBy: string; users: number }[] = await dataSource.query(REBUILD_REQUEST_SQL.summary);
    for (const r of requested) {
      process.stdout.write(
        `rollup rebuild pending for ${r.users} user(s), called for by ${r.requestedBy}: run \`npm run rollup -- rebuild\`` +
          ' (in the image: node dist/apps/api/src/rollup.js rebuild); until then their aggregates of those metrics are incomplete\n',
      );
    }
  } finally {
    await dataSource.destroy();
  }
}

void migrate().catch((err) => {
  process.stderr.write(`migration failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
