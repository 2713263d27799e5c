import { CUMULATIVE_TYPES } from '@app/health-data';
import { refreshRollup, resolveContexts, resolveTypeIds, resolveUserRef } from '@app/store';
import { runMigrationsLocked } from '@app/database';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { connectTestDb, openTestDataSource, resetSchema } from './support/database';

jest.setTimeout(120_000);

/** A small seeded generator, so a failure can be replayed. */
function lcg(seed: number) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

interface Gen {
  source: number;
  rank: number;
  start: number;
  end: number;
  value: number;
}

const DAY = Date.UTC(2025, 8, 10);
const S = 1000;

/**
 * Samples of one source laid end to end in blocks with gaps, at arbitrary second offsets, so the
 * sources' edges never line up with minutes: the case where a minute grid and exact interval
 * arithmetic can differ.
 */
function blocks(rand: () => number, source: number, rank: number, lengthS: number, perSample: number, blockCount: number): Gen[] {
  const out: Gen[] = [];
  for (let b = 0; b < blockCount; b++) {
    let t = DAY + Math.floor(rand() * 22 * 3600) * S + Math.floor(rand() * 60) * S;
    const n = 3 + Math.floor(rand() * 40);
    for (let i = 0; i < n && t + lengthS * S <= DAY + 86_400 * S; i++) {
      out.push({ source, rank, start: t, end: t + lengthS * S, value: perSample * (0.5 + rand()) });
      t += lengthS * S;
    }
  }
  // One source never overlaps itself here: drop samples that would.
  out.sort((a, b) => a.start - b.start);
  return out.filter((g, i) => i === 0 || g.start >= out.slice(0, i).reduce((m, p) => Math.max(m, p.end), 0));
}

/** Exact rule, second by second: the best-ranked source covering a second takes value/duration of it. */
function exactHourly(samples: Gen[]): number[] {
  const hours = new Array(24).fill(0);
  const bySecond = new Map<number, Gen>();
  for (const g of samples) {
    for (let t = g.start; t < g.end; t += S) {
      const cur = bySecond.get(t);
      if (!cur || g.rank < cur.rank) bySecond.set(t, g);
    }
  }
  for (const [t, g] of bySecond) hours[Math.floor((t - DAY) / 3_600_000)] += g.value / ((g.end - g.start) / S);
  return hours;
}

/** The worker's minute-grid rollup agrees with exact interval arithmetic to within 1 %. */
describe('rollup precedence against exact interval arithmetic', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    const db = await connectTestDb();
    await resetSchema(db);
    await db.end();
    dataSource = await openTestDataSource('rollup-test');
    await runMigrationsLocked(dataSource);
  });

  afterAll(() => dataSource?.destroy());

  it.each([1, 2, 3, 4, 5])('seed %i: per hour and per day within 1 %', async (seed) => {
    const rand = lcg(seed);
    const user = `exact-${seed}`;
    const sources: { id: string }[] = await dataSource.query(
      `INSERT INTO healthkit_source (user_ref, platform, bundle_id, name, kind, precedence)
       SELECT $1, 'appleHealth', n, n, k, p FROM (VALUES ('w', 'apple_watch', 1), ('p', 'iphone', 2), ('o', 'third_party', 3), ('d', 'third_party', 4)) AS v(n, k, p)
       ORDER BY p RETURNING id`,
      [await resolveUserRef(dataSource.manager, user)],
    );
    const samples = [
      ...blocks(rand, 0, 1, 60, 20, 12), // Watch: 1-minute samples
      ...blocks(rand, 1, 2, 600, 150, 10), // iPhone: 10-minute samples
      ...blocks(rand, 2, 3, 1800, 400, 6), // a third-party app: 30-minute samples
      // Another app's 24-hour total, starting before the day: found through the long-sample index.
      { source: 3, rank: 4, start: DAY - 2 * 3_600_000, end: DAY + 22 * 3_600_000, value: 9000 },
    ];
    const em = dataSource.manager;
    const userRef = await resolveUserRef(em, user);
    const [typeId] = await resolveTypeIds(em, ['STEPS']);
    const context = { unit: 'COUNT', recordingMethod: null, sourceDeviceId: null, metadata: null };
    const [contextId] = await resolveContexts(em, userRef, [context]);
    await dataSource.query(
      `INSERT INTO healthkit_sample (user_ref, record_key, type_id, context_id, start_time, end_time, source_id, value)
       SELECT $1, r.k, $3, $4, to_timestamp(r.s / 1000.0), to_timestamp(r.e / 1000.0), r.src, r.v
       FROM jsonb_to_recordset($2::jsonb) AS r(k uuid, s bigint, e bigint, src bigint, v float8)`,
      [
        userRef,
        JSON.stringify(samples.map((g) => ({ k: randomUUID(), s: g.start, e: g.end, src: sources[g.source].id, v: g.value }))),
        typeId,
        contextId,
      ],
    );
    await dataSource.transaction((em) =>
      refreshRollup(em, user, [{ sampleType: 'STEPS', from: new Date(DAY), to: new Date(DAY + 86_400_000) }]),
    );
    const rows: { hour: number; sum: number }[] = await dataSource.query(
      `SELECT extract(hour FROM bucket_start AT TIME ZONE 'UTC')::int AS hour, sum(sum) AS sum
       FROM sample_rollup WHERE user_ref = (SELECT id FROM app_user WHERE subject = $1) GROUP BY 1 ORDER BY 1`,
      [user],
    );
    const rolled = new Array(24).fill(0);
    rows.forEach((r) => (rolled[r.hour] = r.sum));
    const exact = exactHourly(samples);
    const day = exact.reduce((a, b) => a + b, 0);
    expect(CUMULATIVE_TYPES).toContain('STEPS');
    expect(day).toBeGreaterThan(1000); // the seed produced real overlap, not an empty day
    expect(Math.abs(rolled.reduce((a, b) => a + b, 0) - day)).toBeLessThanOrEqual(0.01 * day);
    exact.forEach((e, h) => expect(Math.abs(rolled[h] - e)).toBeLessThanOrEqual(Math.max(0.01 * e, 0.01 * (day / 24))));
  });
});
