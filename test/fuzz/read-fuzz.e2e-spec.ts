import fc from 'fast-check';
import type { Client } from 'pg';
import { connectTestDb, resetData } from '../support/database';
import { tokenFor } from '../support/graphql-client';
import { clearQueue } from '../support/test-env';
import { fuzzEnv } from './fuzz-env';
import { startInProcessApi } from './in-process-api';

jest.setTimeout(120_000);

const RUNS = 5_000;
// QUERY_TOO_COMPLEX: a huge `limit` makes the cost check refuse before the argument check would.
const CLIENT_CODES = new Set(['BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED', 'UNAUTHENTICATED', 'QUERY_TOO_COMPLEX']);

interface TypeRef {
  kind: string;
  name: string | null;
  ofType: TypeRef | null;
}
interface FieldInfo {
  name: string;
  args: { name: string; type: TypeRef; defaultValue: string | null }[];
  type: TypeRef;
}
interface TypeInfo {
  name: string;
  kind: string;
  fields: FieldInfo[] | null;
  enumValues: { name: string }[] | null;
}

const TYPE_REF = 'kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } }';
const INTROSPECTION = `{ __schema { queryType { name } types { name kind enumValues { name }
  fields { name type { ${TYPE_REF} } args { name defaultValue type { ${TYPE_REF} } } } } } }`;

const named = (t: TypeRef): TypeRef => (t.ofType ? named(t.ofType) : t);
const typeString = (t: TypeRef): string =>
  t.kind === 'NON_NULL' ? `${typeString(t.ofType!)}!` : t.kind === 'LIST' ? `[${typeString(t.ofType!)}]` : t.name!;

/** Wrong-typed or hostile values any argument may get. */
const junk = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.constantFrom(2 ** 31, -1, 0, 1e308, '', "' OR 1=1 --", 'x'.repeat(5000)),
  fc.constantFrom('a\u0000b', '\u0000', '\uD800'),
  // Forged cursors: times PostgreSQL cannot hold, keys past bigint, garbage base64.
  fc
    .constantFrom('-9999999999999999999', '9999999999999999999', '253402300800000000', '-62135596800000001')
    .map((micros) => Buffer.from(JSON.stringify([micros, '5c1a2e8f-3b7d-4f2a-9e1c-7d8b6a5f4e3d'])).toString('base64url')),
  fc.constantFrom(
    Buffer.from(JSON.stringify({ table: 0, after: '99999999999999999999' })).toString('base64url'),
    Buffer.from(JSON.stringify({ table: 0, after: '9999999999999999999' })).toString('base64url'),
    '%%%not-base64%%%',
  ),
  fc.string({ maxLength: 20 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 2 }),
);

const isoDate = fc
  .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2200-01-01T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString());

/** Values for an argument, built from its type as the schema states it today. */
function valueFor(type: TypeRef, types: Map<string, TypeInfo>): fc.Arbitrary<unknown> {
  if (type.kind === 'NON_NULL') return valueFor(type.ofType!, types);
  if (type.kind === 'LIST') return fc.array(valueFor(type.ofType!, types), { maxLength: 3 });
  const plausible = (() => {
    switch (type.name) {
      case 'Int':
        return fc.oneof(fc.integer({ min: -2, max: 12_000 }), fc.constantFrom(1, 1000, 10_000, 10_001, 2 ** 31 - 1));
      case 'Float':
        return fc.double({ noNaN: true });
      case 'Boolean':
        return fc.boolean();
      case 'DateTime':
        return fc.oneof(
          isoDate,
          fc.constantFrom('2025-01-01', 'not a date', '2025-13-40T00:00:00Z'),
          // JavaScript takes these, PostgreSQL does not (or reads them as another year).
          fc.constantFrom('-200000-01-01T00:00:00Z', '+275000-01-01T00:00:00Z', '0050-01-01T00:00:00Z', '9999-12-31T00:00:00Z'),
        );
      case 'String':
      case 'ID':
        return fc.oneof(
          fc.constantFrom('STEPS', 'HEART_RATE', 'SLEEP_DEEP', 'Observation', 'UTC', 'Europe/Berlin', '+05:30', 'Mars/Olympus'),
          // Zones Node's ICU knows and PostgreSQL does not; dates out of PostgreSQL's range.
          fc.constantFrom('US/Pacific-New', 'America/Ciudad_Juarez', '-99:99', '0001-01-01', '9999-12-31', '-200000-01-01'),
          fc.string({ maxLength: 30 }),
        );
      default: {
        const info = types.get(type.name!);
        if (info?.kind === 'ENUM') return fc.constantFrom(...info.enumValues!.map((v) => v.name));
        return fc.string({ maxLength: 10 });
      }
    }
  })();
  return fc.oneof({ weight: 6, arbitrary: plausible }, { weight: 1, arbitrary: junk });
}

/** Every scalar of the returned type, and of the objects it holds, to the schema's depth. */
function selectionFor(type: TypeRef, types: Map<string, TypeInfo>, depth = 0): string {
  const info = types.get(named(type).name!);
  if (!info?.fields) return '';
  const parts = info.fields
    .filter((f) => f.args.length === 0)
    .map((f) => {
      const inner = types.get(named(f.type).name!);
      if (!inner?.fields) return f.name;
      return depth < 1 ? `${f.name} ${selectionFor(f.type, types, depth + 1)}` : '';
    })
    .filter(Boolean);
  return `{ ${parts.join(' ')} }`;
}

/**
 * The read queries, fuzzed from what introspection says they are (so new or changed queries are
 * covered without touching this file): never a 500 or an internal error, every refusal coded and,
 * for bad input, naming the field; nothing is written.
 */
describe(`read query fuzzing (${RUNS} requests, arguments from introspection)`, () => {
  const prefix = `e2e-readfuzz-${process.pid}`;
  let db: Client;
  let baseUrl: string;
  let stop: () => Promise<void>;
  let token: string;

  beforeAll(async () => {
    db = await connectTestDb();
    await resetData(db);
    const started = await startInProcessApi(fuzzEnv(prefix));
    baseUrl = started.baseUrl;
    stop = () => started.app.close();
    token = await tokenFor('user-read-fuzz');
  });

  afterAll(async () => {
    await stop?.();
    await clearQueue(prefix);
    await db?.end();
  });

  async function post(body: unknown) {
    const res = await fetch(`${baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
    return {
      status: res.status,
      body: (await res.json()) as { data?: unknown; errors?: { extensions?: Record<string, unknown> }[] },
    };
  }

  it('answers every generated call with data or coded client errors, and writes nothing', async () => {
    const schema = (await post({ query: INTROSPECTION })).body.data as {
      __schema: { queryType: { name: string }; types: TypeInfo[] };
    };
    const types = new Map(schema.__schema.types.map((t) => [t.name, t]));
    const queryFields = types.get(schema.__schema.queryType.name)!.fields!;
    expect(queryFields.length).toBeGreaterThan(3);

    const call = fc.constantFrom(...queryFields).chain((field) =>
      fc
        .record(
          Object.fromEntries(
            field.args.map((arg) => [
              arg.name,
              // An optional argument is sometimes left out; a required one sometimes too (a refusal).
              fc.oneof({ weight: 8, arbitrary: valueFor(arg.type, types) }, { weight: 1, arbitrary: fc.constant(undefined) }),
            ]),
          ),
        )
        .map((values) => ({ field, values })),
    );

    const perField = new Map<string, number>();
    const started = Date.now();
    await fc.assert(
      fc.asyncProperty(call, async ({ field, values }) => {
        perField.set(field.name, (perField.get(field.name) ?? 0) + 1);
        const decls = field.args.map((a) => `$${a.name}: ${typeString(a.type)}`).join(', ');
        const args = field.args.map((a) => `${a.name}: $${a.name}`).join(', ');
        const query = `query Fuzz${decls ? `(${decls})` : ''} { ${field.name}${args ? `(${args})` : ''} ${selectionFor(field.type, types)} }`;
        const variables = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined));
        const { status, body } = await post({ query, variables });
        expect(status).toBeLessThan(500);
        for (const error of body.errors ?? []) {
          const ext = error.extensions ?? {};
          expect(CLIENT_CODES).toContain(ext.code);
          if (ext.code === 'BAD_USER_INPUT') expect(typeof ext.field).toBe('string');
        }
        if (!body.errors) expect(body.data).toBeTruthy();
      }),
      { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31), verbose: 0 },
    );
    const { rows } = await db.query(
      `SELECT (SELECT count(*) FROM sync_chunk) + (SELECT count(*) FROM healthkit_sample) + (SELECT count(*) FROM healthkit_source)
         + (SELECT count(*) FROM healthkit_sync_state) AS n`,
    );
    expect(Number(rows[0].n)).toBe(0);
    process.stdout.write(
      `read fuzz: ${RUNS} calls in ${((Date.now() - started) / 1000).toFixed(1)} s over ${queryFields.length} queries: ${JSON.stringify(Object.fromEntries(perField))}\n`,
    );
  });
});
