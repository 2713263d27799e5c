import {
  buildSchema,
  getNamedType,
  GraphQLField,
  GraphQLNamedType,
  GraphQLObjectType,
  isNonNullType,
  isObjectType,
} from 'graphql';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from 'pg';
import { connectTestDb, resetData, waitFor, waitForChunksSettled } from './support/database';
import { chunksOf, gql, syncChunk, SyncInput, tokenFor } from './support/graphql-client';
import * as points from './support/health-points';
import { Pipeline, startPipeline } from './support/pipeline';
import { AppProcess } from './support/processes';

jest.setTimeout(240_000);

const schema = buildSchema(readFileSync(join(__dirname, '..', 'apps', 'api', 'schema.gql'), 'utf8'));
const at = (iso: string) => new Date(iso);

/** A selection of every field of `type`, nested object types included (the schema has no cycles a read can follow). */
function selectionOf(type: GraphQLNamedType, depth = 0): string {
  if (!isObjectType(type)) return '';
  if (depth > 8) throw new Error(`selection of ${type.name} too deep: a cycle?`);
  const fields = Object.values((type as GraphQLObjectType).getFields()).map((f) => {
    const named = getNamedType(f.type);
    return isObjectType(named) ? `${f.name} { ${selectionOf(named, depth + 1)} }` : f.name;
  });
  return fields.join(' ');
}

/**
 * The conformance corpus of every HealthDataType (test/conformance/corpus.js, issue 16), when this
 * checkout has it: every item is uploaded too, so the walk reads every type the package sends.
 */
const CORPUS_FILE = join(__dirname, 'conformance', 'corpus.js');
function corpusItems(): unknown[] {
  if (!existsSync(CORPUS_FILE)) return [];
  const { corpus } = require(CORPUS_FILE) as { corpus: () => { items: unknown[] }[] };
  return corpus().flatMap((c) => c.items);
}

const structured = (type: string, value: Record<string, unknown>, time: string, source = points.WATCH) =>
  points.iosPoint(type, 'NO_UNIT', value, at(time), at(time), source);

/**
 * Every field of every read, through the built API on seeded data of every table and value shape:
 * each root query is asked for every field its type has, nested types included, and must answer
 * without any error (no INTERNAL_SERVER_ERROR, nor any other) and with data. Generated from the
 * committed SDL, so a field added later is walked without touching this test.
 */
describe('every field of every read answers (API + worker processes)', () => {
  const queuePrefix = `e2e-walk-${process.pid}`;
  let db: Client;
  let api: AppProcess;
  let pipeline: Pipeline;
  let token: string;

  const workout = points.workouts(1)[0];
  const seeded: SyncInput[] = [
    ...chunksOf(
      'HEART_RATE',
      'hr-1',
      [...points.heartRates(1, 15), ...points.androidHeartRateSeries(randomUUID(), 5)],
      200,
      'UTC',
    ),
    ...chunksOf('STEPS', 'steps-1', points.steps(1), 200, 'UTC'),
    ...chunksOf('SLEEP', 'sleep-1', points.sleepNights(2), 200, 'UTC'),
    ...chunksOf('WORKOUT', 'workout-1', [workout], 200, 'UTC'),
    ...chunksOf('CLINICAL', 'clinical-1', points.clinicalRecords(1), 200, 'UTC'),
    ...chunksOf(
      'STRUCTURED',
      'structured-1',
      [
        structured(
          'WORKOUT_ROUTE',
          {
            __type: 'WorkoutRouteHealthValue',
            workoutUuid: workout.uuid,
            locations: [{ latitude: 52.5, longitude: 13.4, timestamp: workout.dateFrom, altitude: 30, speed: 3, course: 90 }],
          },
          '2025-09-01T07:00:00Z',
        ),
        structured(
          'ELECTROCARDIOGRAM',
          {
            __type: 'ElectrocardiogramHealthValue',
            voltageValues: [{ __type: 'ElectrocardiogramVoltageValue', voltage: 0.0001, timeSinceSampleStart: 0 }],
            averageHeartRate: 70,
            samplingFrequency: 512,
            classification: 'SINUS_RHYTHM',
          },
          '2025-09-01T09:00:00Z',
        ),
        structured(
          'AUDIOGRAM',
          { __type: 'AudiogramHealthValue', frequencies: [1000], leftEarSensitivities: [20], rightEarSensitivities: [25] },
          '2025-09-01T10:00:00Z',
          points.IPHONE,
        ),
        structured(
          'INSULIN_DELIVERY',
          { __type: 'InsulinDeliveryHealthValue', units: 2.5, reason: 'BOLUS' },
          '2025-09-01T11:00:00Z',
        ),
        structured(
          'MENSTRUATION_FLOW',
          { __type: 'MenstruationFlowHealthValue', flow: 'light', dateTime: '2025-09-01T12:00:00.000' },
          '2025-09-01T12:00:00Z',
          points.IPHONE,
        ),
        structured(
          'NUTRITION',
          { __type: 'NutritionHealthValue', name: 'Soup', meal_type: 'LUNCH', calories: 300, protein: 10 },
          '2025-09-01T12:30:00Z',
          points.IPHONE,
        ),
        ...['BLOOD_PRESSURE_SYSTOLIC', 'BLOOD_PRESSURE_DIASTOLIC'].map((t, i) =>
          points.iosPoint(
            t,
            'MILLIMETER_OF_MERCURY',
            points.numeric(120 - 40 * i),
            at('2025-09-01T08:00:00Z'),
            at('2025-09-01T08:00:00Z'),
            points.IPHONE,
          ),
        ),
        points.iosPoint(
          'WEIGHT',
          'KILOGRAM',
          points.numeric(70),
          at('2025-09-01T07:30:00Z'),
          at('2025-09-01T07:30:00Z'),
          points.IPHONE,
          {
            recordingMethod: 'manual',
            deviceModel: 'iPhone15,2',
          },
        ),
      ],
      200,
      'UTC',
    ),
  ];
  const SAMPLE_TYPES = [
    'HEART_RATE',
    'STEPS',
    'WEIGHT',
    'WORKOUT_ROUTE',
    'ELECTROCARDIOGRAM',
    'AUDIOGRAM',
    'INSULIN_DELIVERY',
    'MENSTRUATION_FLOW',
    'NUTRITION',
    'BLOOD_PRESSURE_SYSTOLIC',
  ];

  const NUMERIC_SAMPLE_TYPES = ['HEART_RATE', 'STEPS', 'WEIGHT', 'BLOOD_PRESSURE_SYSTOLIC'];
  let storedSampleTypes: string[] = [];

  beforeAll(async () => {
    db = await connectTestDb();
    await resetData(db);
    pipeline = await startPipeline(queuePrefix);
    ({ api } = pipeline);
    token = await tokenFor('user-walk');
    for (const input of seeded) {
      const res = await syncChunk(api.baseUrl, token, input);
      expect(res.errors).toBeUndefined();
      expect(res.data?.syncHealthKitSamples).toMatchObject({ rejected: [], status: 'queued' });
    }
    // The corpus may hold items the API refuses by design (documented reasons): only their storing is waited for.
    for (const input of chunksOf('CORPUS', 'corpus-1', corpusItems(), 200, 'Europe/Berlin')) {
      const res = await syncChunk(api.baseUrl, token, input);
      expect(res.errors).toBeUndefined();
    }
    await waitForChunksSettled(db);
    // `samples` is walked for every type stored as a sample: the corpus's ones too, when it is here.
    const { rows } = await db.query(
      `SELECT DISTINCT ht.name FROM healthkit_sample s JOIN health_term ht ON ht.id = s.type_id ORDER BY 1`,
    );
    storedSampleTypes = rows.map((r) => r.name);
    expect(storedSampleTypes).toEqual(expect.arrayContaining(SAMPLE_TYPES));
  });

  afterAll(async () => {
    await pipeline?.stop();
    await db?.end();
  });

  /** Argument values a read needs, by name; every argument with a default keeps it, except page sizes. */
  async function argsFor(field: GraphQLField<unknown, unknown>, sampleType: string): Promise<string> {
    const values: Record<string, string> = {
      from: '"2025-08-31T00:00:00Z"',
      to: '"2025-09-12T00:00:00Z"',
      bucket: 'DAY',
      sampleType: `"${sampleType}"`,
      sampleTypes: JSON.stringify(SAMPLE_TYPES),
      date: '"2025-09-01"',
      dataType: '"HEART_RATE"',
      anchorToken: '"hr-1"',
      first: '5',
      limit: '50',
    };
    if (field.name === 'workoutRoute') values.workoutId = `"${await workoutId()}"`;
    return field.args
      .filter((a) => isNonNullType(a.type) || a.name === 'first')
      .filter((a) => values[a.name] !== undefined || a.defaultValue === undefined)
      .map((a) => {
        if (values[a.name] === undefined) throw new Error(`no value for ${field.name}(${a.name})`);
        return `${a.name}: ${values[a.name]}`;
      })
      .join(', ');
  }
  async function workoutId(): Promise<string> {
    const res = await gql(
      api.baseUrl,
      '{ workouts(from: "2025-08-31T00:00:00Z", to: "2025-09-04T00:00:00Z") { edges { node { id } } } }',
      {},
      token,
    );
    return res.data!.workouts.edges[0].node.id;
  }

  async function walk(field: GraphQLField<unknown, unknown>, sampleType = 'STEPS') {
    const args = await argsFor(field, sampleType);
    const named = getNamedType(field.type);
    const query = `{ ${field.name}${args ? `(${args})` : ''} ${isObjectType(named) ? `{ ${selectionOf(named)} }` : ''} }`;
    const res = await gql(api.baseUrl, query, {}, token);
    return { query, res };
  }

  /** Whether an answer holds anything: a non-empty list or object somewhere, or a scalar. */
  const holdsData = (v: unknown): boolean =>
    Array.isArray(v) ? v.some(holdsData) : v !== null && typeof v === 'object' ? Object.values(v).some(holdsData) : v !== null;

  it('answers every root query with every field selected, without an error, and with data', async () => {
    const failures: unknown[] = [];
    const empty: string[] = [];
    for (const field of Object.values(schema.getQueryType()!.getFields())) {
      // Aggregates add up numeric values: a structured value (route, ECG, meal, …) has none to add.
      const types = !field.args.some((a) => a.name === 'sampleType')
        ? ['STEPS']
        : field.name === 'aggregates'
          ? NUMERIC_SAMPLE_TYPES
          : storedSampleTypes;
      for (const sampleType of types) {
        const { query, res } = await walk(field, sampleType);
        if (res.errors || res.status !== 200) failures.push({ query, status: res.status, errors: res.errors });
        // Before an erasure there is none to report: healthDataErasure is null by design.
        else if (field.name !== 'healthDataErasure' && !holdsData(res.data?.[field.name]))
          empty.push(`${field.name}(${sampleType})`);
      }
    }
    expect(failures).toEqual([]);
    expect(empty).toEqual([]);
  });

  it('answers the mutations that return read types with every field, and an erasure with its status', async () => {
    const source = (await gql(api.baseUrl, '{ sources { id } }', {}, token)).data!.sources[0].id;
    const sourceSelection = selectionOf(schema.getType('Source')!);
    for (const m of [
      `setSourcePrecedence(sourceId: "${source}", precedence: 5, sampleType: "STEPS")`,
      `resetSourcePrecedence(sourceId: "${source}")`,
    ]) {
      const res = await gql(api.baseUrl, `mutation { ${m} { ${sourceSelection} } }`, {}, token);
      expect(res.errors).toBeUndefined();
    }
    const erasure = selectionOf(schema.getType('HealthDataErasure')!);
    const started = await gql(api.baseUrl, `mutation { deleteMyHealthData { ${erasure} } }`, {}, token);
    expect(started.errors).toBeUndefined();
    const done = await waitFor(
      'the erasure to finish',
      () => gql(api.baseUrl, `{ healthDataErasure { ${erasure} } }`, {}, token),
      (r) => r.errors !== undefined || r.data?.healthDataErasure?.status === 'done',
    );
    expect(done.errors).toBeUndefined();
    expect(done.data!.healthDataErasure.counts.length).toBeGreaterThan(0);
  });
});
