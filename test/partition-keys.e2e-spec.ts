import { runMigrationsLocked } from '@app/database';
import { SAMPLE_PARTITIONS } from '@app/database/migrations/1765400000000-sample-partitions';
import { buildChunkRows, parseChunk, recordUuid, resolveTimeZone, writePosition } from '@app/health-data';
import { writeChunk } from '@app/store';
import { DataSource } from 'typeorm';
import { connectTestDb, openTestDataSource, resetSchema } from './support/database';
import * as points from './support/health-points';

jest.setTimeout(60_000);

/**
 * healthkit_sample is hash-partitioned by user: its unique key (user_ref, record_key) still holds,
 * whatever an edit does to the time of a sample, and per user. Stored with the worker's own code.
 */
describe('partitioned samples keep their keys', () => {
  let dataSource: DataSource;
  const utc = resolveTimeZone('+00:00');

  // Each write one chunk further in the phone's order, so a later one may overwrite an earlier one.
  let chunkIndex = 0;
  const store = (userId: string, items: unknown[]) =>
    dataSource.transaction((em) =>
      writeChunk(em, userId, buildChunkRows(parseChunk(items, utc).accepted), [], writePosition(1, chunkIndex++)),
    );
  const rowsOf = async (uuid: string) =>
    dataSource.query(
      `SELECT u.subject AS "userId", s.start_time AS "startTime", s.value, s.tableoid::regclass::text AS partition
       FROM healthkit_sample s JOIN app_user u ON u.id = s.user_ref WHERE s.record_key = $1 ORDER BY u.subject`,
      [recordUuid(uuid)],
    );

  beforeAll(async () => {
    const db = await connectTestDb();
    await resetSchema(db);
    await db.end();
    dataSource = await openTestDataSource('partition-test');
    await runMigrationsLocked(dataSource);
  });

  afterAll(() => dataSource?.destroy());

  it('an edited sample with a new start time stays one row', async () => {
    const [sample] = points.steps(1);
    await store('user-edit', [sample]);
    const moved = { ...sample, dateFrom: '2025-09-20T08:00:00.000', dateTo: '2025-09-20T08:10:00.000' };
    const written = await store('user-edit', [moved]);
    expect(written).toMatchObject({ inserted: 0, updated: 1 });
    const rows = await rowsOf(sample.uuid);
    expect(rows).toHaveLength(1);
    expect(rows[0].startTime.toISOString()).toBe('2025-09-20T08:00:00.000Z');
    expect(rows[0].partition).toMatch(/^healthkit_sample_p\d\d$/);
  });

  it('the same UUID from two users stays two rows, each in its user’s partition', async () => {
    const [sample] = points.heartRates(1);
    await store('user-a', [sample]);
    await store('user-b', [{ ...sample, value: points.numeric(99) }]);
    const rows = await rowsOf(sample.uuid);
    expect(rows.map((r: { userId: string; value: number }) => [r.userId, r.value])).toEqual([
      ['user-a', sample.value.numericValue],
      ['user-b', 99],
    ]);
    // Each row sits where hash(user_ref) puts it; reading by user touches only that partition.
    const plan: { 'QUERY PLAN': string }[] = await dataSource.query(
      `EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF)
       SELECT * FROM healthkit_sample WHERE user_ref = (SELECT id FROM app_user WHERE subject = 'user-a')`,
    );
    const scans = plan.map((l) => l['QUERY PLAN']).filter((l) => / on healthkit_sample_p\d\d /.test(l));
    expect(scans.length).toBeGreaterThanOrEqual(SAMPLE_PARTITIONS);
    expect(scans.filter((l) => !l.includes('never executed'))).toHaveLength(1);
  });
});
