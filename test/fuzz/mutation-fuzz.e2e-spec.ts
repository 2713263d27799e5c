import fc from 'fast-check';
import type { Client } from 'pg';
import { connectTestDb, resetData } from '../support/database';
import { SYNC_MUTATION, tokenFor } from '../support/graphql-client';
import * as points from '../support/health-points';
import { clearQueue } from '../support/test-env';
import { fuzzEnv } from './fuzz-env';
import { startInProcessApi } from './in-process-api';

// 10,000 requests one at a time took 110–145 s on this 2-core machine while other work ran: the limit is for a hang.
jest.setTimeout(360_000);

const RUNS = 10_000;
/** Codes a refusal may carry; anything else (INTERNAL_SERVER_ERROR above all) is a bug. */
const CLIENT_CODES = new Set(['BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED', 'UNAUTHENTICATED']);

/** Values of every JSON shape, including the awkward ones (huge numbers, unicode, deep nesting). */
const junk = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.constantFrom(2 ** 31, -(2 ** 31) - 1, Number.MAX_SAFE_INTEGER, 1e308, -0),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('', ' ', 'null', '0', '\u0000', 'a\u0000b', '\uD800', 'DROP TABLE sync_chunk;--', 'x'.repeat(9000)),
  // Dates and offsets PostgreSQL or the rollup cannot take, and a year Date.UTC would read as 19xx.
  fc.constantFrom(
    '0050-01-01T00:00:00Z',
    '1899-12-31T23:59:59Z',
    '9999-12-31T23:59:59Z',
    '+275760-09-13T00:00:00Z',
    '2025-01-01T00:00:00+99:99',
    '2025-01-01T00:00:00-18:01',
    '2025-01-01T00:00:00+14:60',
  ),
  // Nesting past the item cap (the body is built by JSON.stringify, which copes with a few hundred levels).
  fc.integer({ min: 30, max: 300 }).map((depth) => {
    let v: unknown = 1;
    for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
    return v;
  }),
  fc.constantFrom('X'.repeat(65), 'A'.repeat(10_000)),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(fc.string({ maxLength: 8 }), fc.integer()), { maxKeys: 4 }),
);

const validPoints = points.heartRates(1, 60); // 24 valid iOS heart-rate points to start from

/** A data item: valid, valid with some keys replaced or removed, or anything at all. */
const item = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...validPoints) },
  {
    weight: 5,
    arbitrary: fc
      .tuple(
        fc.constantFrom(...validPoints),
        fc.dictionary(
          fc.constantFrom(
            'uuid',
            'type',
            'value',
            'unit',
            'dateFrom',
            'dateTo',
            'sourcePlatform',
            'sourceId',
            'sourceName',
            'metadata',
            'extraKey',
          ),
          junk,
          { maxKeys: 3 },
        ),
        fc.subarray(['uuid', 'type', 'value', 'dateFrom', 'dateTo', 'sourcePlatform']),
      )
      .map(([point, replaced, removed]) => {
        const copy: Record<string, unknown> = { ...point, ...replaced };
        for (const key of removed) delete copy[key];
        return copy;
      }),
  },
  { weight: 2, arbitrary: junk },
);

const ABSENT = Symbol('absent');
/** Mostly a valid value, sometimes absent, sometimes anything: most inputs then differ from a valid one in a field or two. */
const field = <T>(valid: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 12, arbitrary: valid }, { weight: 1, arbitrary: fc.constant(ABSENT) }, { weight: 1, arbitrary: junk });

/** The input: each field valid, absent, or of any type; the variable itself sometimes not an object. */
const input = fc.oneof(
  {
    weight: 20,
    arbitrary: fc
      .record({
        dataType: field(
          fc.oneof(
            { weight: 8, arbitrary: fc.constantFrom('HEART_RATE', 'STEPS', 'SLEEP') },
            fc.constantFrom('heart_rate', 'X'.repeat(65)),
          ),
        ),
        anchorToken: field(
          fc.oneof(
            { weight: 8, arbitrary: fc.string({ minLength: 1, maxLength: 30 }) },
            fc.constantFrom('', 'a'.repeat(8193), 'a\u0000'),
          ),
        ),
        chunkIndex: field(fc.oneof(fc.integer({ min: 0, max: 50 }), fc.constantFrom(-1, 100_000, 100_001, 2 ** 31))),
        isFinalChunk: field(fc.boolean()),
        timeZone: field(
          fc.oneof(
            { weight: 8, arbitrary: fc.constantFrom('Europe/Berlin', 'UTC', '+05:30', '-12:00') },
            fc.constantFrom('+25:00', 'Mars/Olympus'),
          ),
        ),
        data: field(fc.array(item, { maxLength: 5 })),
        deletedUuids: field(fc.array(fc.oneof(fc.uuid(), fc.constantFrom('', 'y'.repeat(256)), junk), { maxLength: 3 })),
      })
      .map((record) => Object.fromEntries(Object.entries(record).filter(([, v]) => v !== ABSENT))),
  },
  { weight: 1, arbitrary: junk },
);

const authorization = fc.oneof(
  { weight: 30, arbitrary: fc.constant('good') },
  {
    weight: 1,
    arbitrary: fc.constantFrom('', 'Bearer ', 'Bearer x.y.z', 'Basic abc', 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.'),
  },
  // Validly signed, with a sub PostgreSQL cannot store or that is too long: UNAUTHENTICATED, not a 500.
  { weight: 1, arbitrary: fc.constantFrom('sub-nul', 'sub-surrogate', 'sub-huge') },
);

/**
 * Property-based fuzzing of the sync mutation against the real API module, PostgreSQL and Redis:
 * whatever arrives, the answer is never a 500 or an internal error, a refusal is a coded error
 * naming the field, and a refused request writes nothing.
 */
describe(`sync mutation fuzzing (${RUNS} payloads, in-process API)`, () => {
  const prefix = `e2e-fuzz-${process.pid}`;
  let db: Client;
  let stop: () => Promise<void>;
  let baseUrl: string;
  let token: string;
  let oddSubs: Record<string, string> = {};
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);

  beforeAll(async () => {
    db = await connectTestDb();
    await resetData(db);
    process.on('unhandledRejection', onUnhandled);
    const started = await startInProcessApi(fuzzEnv(prefix));
    baseUrl = started.baseUrl;
    stop = () => started.app.close();
    token = await tokenFor('user-fuzz');
    oddSubs = {
      'sub-nul': await tokenFor('user\u0000fuzz'),
      'sub-surrogate': await tokenFor('user\uD800fuzz'),
      'sub-huge': await tokenFor('u'.repeat(1_000)),
    };
  });

  afterAll(async () => {
    process.off('unhandledRejection', onUnhandled);
    await stop?.();
    await clearQueue(prefix);
    await db?.end();
  });

  async function ledgerCounts(): Promise<[number, number]> {
    const { rows } = await db.query(
      'SELECT (SELECT count(*) FROM sync_chunk)::int AS c, (SELECT count(*) FROM sync_rejected_item)::int AS r',
    );
    return [rows[0].c, rows[0].r];
  }

  it('never answers 500, codes every refusal with its field, and writes nothing for a refusal', async () => {
    const seen = { accepted: 0, refused: 0, runs: 0 };
    const started = Date.now();
    // Requests run one at a time, so the counts after one request are the counts before the next.
    let before = await ledgerCounts();
    await fc.assert(
      fc.asyncProperty(input, authorization, async (variablesInput, auth) => {
        seen.runs += 1;
        const res = await fetch(`${baseUrl}/graphql`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(auth === 'good'
              ? { authorization: `Bearer ${token}` }
              : oddSubs[auth]
                ? { authorization: `Bearer ${oddSubs[auth]}` }
                : auth
                  ? { authorization: auth }
                  : {}),
          },
          body: JSON.stringify({ query: SYNC_MUTATION, variables: { input: variablesInput } }),
        });
        const body = (await res.json()) as {
          data?: { syncHealthKitSamples?: unknown } | null;
          errors?: { message: string; extensions?: Record<string, unknown> }[];
        };
        const after = await ledgerCounts();
        const prev = before;
        before = after;
        expect(res.status).toBeLessThan(500);
        if (body.errors) {
          seen.refused += 1;
          // One error per bad field is fine; each must be coded and (but for authentication) name its field.
          for (const error of body.errors) {
            const ext = error.extensions ?? {};
            expect(CLIENT_CODES).toContain(ext.code);
            if (ext.code !== 'UNAUTHENTICATED') expect(typeof ext.field).toBe('string');
          }
          expect(body.data?.syncHealthKitSamples ?? null).toBeNull();
          expect(after).toEqual(prev);
        } else {
          seen.accepted += 1;
          expect(body.data?.syncHealthKitSamples).toBeTruthy();
          expect(after[0] - prev[0]).toBeLessThanOrEqual(1);
        }
      }),
      { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31), verbose: 0 },
    );
    expect(unhandled).toEqual([]);
    expect(seen.runs).toBeGreaterThanOrEqual(RUNS);
    process.stdout.write(
      `mutation fuzz: ${seen.runs} payloads (${seen.accepted} accepted, ${seen.refused} refused) in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
    );
  });
});
