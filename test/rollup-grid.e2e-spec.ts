import { rebuildRollup, refreshRollup, resolveContexts, resolveTypeIds, resolveUserRef } from '@app/store';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import type { Client } from 'pg';
import { DataSource } from 'typeorm';
import { connectTestDb, openTestDataSource, resetData } from './support/database';

jest.setTimeout(300_000);

/**
 * The worker computes the rollup's minute grid in TypeScript (refreshRollup → minuteGridBuckets);
 * the rebuild still runs the SQL reference (RECOMPUTE_SQL, minuteSharesCtes). On random overlapping
 * sources and samples, the rows the worker writes for any spans are the rows the SQL writes there.
 */

const DAY_US = Date.UTC(2025, 8, 10) * 1000;
const MIN_US = 60_000_000;
const QUARTER_MS = 15 * 60_000;
const WINDOW_QUARTERS = 24; // samples start within 6 hours (some before, reaching in)
const TYPES = ['STEPS', 'HEART_RATE'] as const; // cumulative, discrete

interface GenSample {
  type: number;
  source: number;
  startUs: number;
  durUs: number;
  value: number | null;
  updated: number;
  deleted: boolean;
  repeats: number;
}

/** Starts on and off the minute grid, down to the microsecond; lengths from instants to > 36 h. */
const sampleArb: fc.Arbitrary<GenSample> = fc.record({
  type: fc.integer({ min: 0, max: 1 }),
  source: fc.integer({ min: 0, max: 3 }),
  startUs: fc.oneof(
    fc.integer({ min: -120, max: 6 * 60 }).map((m) => DAY_US + m * MIN_US),
    fc.integer({ min: -2 * 3600, max: 6 * 3600 }).map((s) => DAY_US + s * 1_000_000),
    fc.integer({ min: -2 * 3600 * 1000, max: 6 * 3600 * 1000 }).map((ms) => DAY_US + ms * 1000),
    fc.integer({ min: 0, max: 6 * 3600 * 1_000_000 }).map((us) => DAY_US + us),
  ),
  durUs: fc.oneof(
    fc.constant(0),
    fc.integer({ min: 1, max: 59 }).map((s) => s * 1_000_000),
    fc.integer({ min: 1, max: 30 }).map((m) => m * MIN_US),
    fc.integer({ min: 1, max: 4 * 3_600_000_000 }),
    // No end before its start: the API refuses those (and for them a span's recompute and the rebuild's differ).
    fc.constantFrom(36 * 3_600_000_000, 37 * 3_600_000_000),
  ),
  value: fc.oneof(
    // Not subnormal: the SQL reference's float8 arithmetic raises "underflow" on those.
    { weight: 8, arbitrary: fc.double({ min: 1e-6, max: 500, noNaN: true }) },
    { weight: 3, arbitrary: fc.integer({ min: 0, max: 200 }) },
    { weight: 1, arbitrary: fc.constantFrom(0.0000024, null) },
  ),
  updated: fc.integer({ min: 0, max: 3 }), // few values: ties within a source happen
  deleted: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
  repeats: fc.oneof({ weight: 5, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 2 }) }),
});

const caseArb = fc.record({
  precedence: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 4, maxLength: 4 }), // equal ranks too
  override: fc.option(
    fc.record({
      source: fc.integer({ min: 0, max: 3 }),
      type: fc.constantFrom('', 'STEPS'),
      rank: fc.integer({ min: 0, max: 4 }),
    }),
  ),
  samples: fc.array(sampleArb, { minLength: 1, maxLength: 60 }),
  spans: fc.array(
    fc.record({
      type: fc.integer({ min: 0, max: 1 }),
      from: fc.integer({ min: -4, max: WINDOW_QUARTERS }),
      length: fc.integer({ min: 1, max: 16 }),
    }),
    { minLength: 1, maxLength: 4 },
  ),
});

interface Row {
  sample_type: string;
  bucket: number;
  source_id: string;
  sum: number;
  value_sum: number;
  count: number;
  min: number;
  max: number;
}

describe('the worker’s minute grid against the SQL reference', () => {
  let dataSource: DataSource;
  let db: Client;
  let compared = 0;
  let run = 0;

  beforeAll(async () => {
    db = await connectTestDb();
    await resetData(db);
    dataSource = await openTestDataSource('rollup-grid-test');
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.end();
  });

  const rollupRows = async (userRef: number): Promise<Row[]> =>
    (
      await db.query(
        `SELECT sample_type, (extract(epoch FROM bucket_start) * 1000)::float8 AS bucket, source_id, sum, value_sum, count, min, max
         FROM sample_rollup WHERE user_ref = $1 ORDER BY 1, 2, 3`,
        [userRef],
      )
    ).rows;

  it('writes, for random spans, the rows the SQL recompute writes there', async () => {
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        const user = `grid-${run++}`;
        const em = dataSource.manager;
        const userRef = await resolveUserRef(em, user);
        const sources: { id: string }[] = await db
          .query(
            `INSERT INTO healthkit_source (user_ref, platform, bundle_id, name, kind, precedence)
           SELECT $1, 'appleHealth', 'b' || n, 'n' || n, 'third_party', p FROM unnest($2::int[]) WITH ORDINALITY AS v(p, n)
           ORDER BY n RETURNING id`,
            [userRef, c.precedence],
          )
          .then((r) => r.rows);
        if (c.override) {
          await db.query(`INSERT INTO source_precedence (user_ref, source_id, sample_type, precedence) VALUES ($1, $2, $3, $4)`, [
            userRef,
            sources[c.override.source].id,
            c.override.type,
            c.override.rank,
          ]);
        }
        const typeIds = await resolveTypeIds(em, [...TYPES]);
        const [contextId] = await resolveContexts(em, userRef, [
          { unit: 'COUNT', recordingMethod: null, sourceDeviceId: null, metadata: null },
        ]);
        const rows = c.samples.flatMap((g) =>
          Array.from({ length: 1 + g.repeats }, (_, i) => ({
            k: randomUUID(),
            t: typeIds[g.type],
            s: g.startUs,
            e: g.startUs + g.durUs,
            src: sources[g.source].id,
            v: g.value,
            u: DAY_US + (g.updated + i) * 1_000_000,
            d: g.deleted,
          })),
        );
        await db.query(
          `INSERT INTO healthkit_sample (user_ref, record_key, type_id, context_id, start_time, end_time, source_id, value, updated_at, deleted_at)
           SELECT $1, r.k, r.t, $3, 'epoch'::timestamptz + r.s * interval '1 microsecond', 'epoch'::timestamptz + r.e * interval '1 microsecond',
                  r.src, r.v, 'epoch'::timestamptz + r.u * interval '1 microsecond', CASE WHEN r.d THEN now() END
           FROM jsonb_to_recordset($2::jsonb) AS r(k uuid, t int, s bigint, e bigint, src bigint, v float8, u bigint, d boolean)`,
          [userRef, JSON.stringify(rows), contextId],
        );

        // The SQL reference, over every sample of the user.
        await dataSource.transaction((tx) => rebuildRollup(tx, user));
        const reference = await rollupRows(userRef);

        // The worker's path, for random spans (overlapping ones get merged), over a rollup holding a
        // stale row in the first span and nothing elsewhere.
        const spans = c.spans.map((s) => ({
          sampleType: TYPES[s.type],
          from: new Date(DAY_US / 1000 + s.from * QUARTER_MS),
          to: new Date(DAY_US / 1000 + (s.from + s.length) * QUARTER_MS),
        }));
        await db.query('DELETE FROM sample_rollup WHERE user_ref = $1', [userRef]);
        await db.query(
          `INSERT INTO sample_rollup (user_ref, sample_type, bucket_start, source_id, sum, value_sum, count, min, max)
           VALUES ($1, $2, $3, $4, 1e9, 1e9, 999, -1, 1e9)`,
          [userRef, spans[0].sampleType, spans[0].from, sources[0].id],
        );
        await dataSource.transaction((tx) => refreshRollup(tx, user, spans, userRef));
        const worker = await rollupRows(userRef);

        const inSpans = (r: Row) =>
          spans.some((s) => s.sampleType === r.sample_type && r.bucket >= s.from.getTime() && r.bucket < s.to.getTime());
        const expected = reference.filter(inSpans);
        const key = (r: Row) => `${r.sample_type} ${r.bucket} ${r.source_id}`;
        expect(worker.map(key)).toEqual(expected.map(key));
        worker.forEach((w, i) => {
          const e = expected[i];
          expect([w.sum, w.count, w.min, w.max]).toEqual([e.sum, e.count, e.min, e.max]);
          // An unrounded float sum: PostgreSQL adds a bucket's readings in its own row order, the
          // worker in minute order, so they may differ in the last bit.
          expect(Math.abs(w.value_sum - e.value_sum)).toBeLessThanOrEqual(1e-12 * Math.abs(e.value_sum));
        });
        compared += expected.length;
      }),
      { numRuns: 150 },
    );
    // The cases were not vacuous: many buckets compared.
    expect(compared).toBeGreaterThan(500);
  });
});
