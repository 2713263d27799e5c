import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from 'pg';
import { connectTestDb, resetData } from './support/database';
import { tokenFor } from './support/graphql-client';
import { Pipeline, startPipeline } from './support/pipeline';
import { AppProcess } from './support/processes';

jest.setTimeout(60_000);

const SCRIPT = join(__dirname, '..', 'scripts', 'replay-upload.js');
const SAMPLE = join(__dirname, '..', 'scripts', 'sample-health-data.json');

function run(args: string[], env: Record<string, string>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [SCRIPT, ...args], { env: { PATH: process.env.PATH ?? '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The README's quick start: the replay client uploads the sample file through the built processes. */
describe('scripts/replay-upload.js (the app upload loop) with the sample file', () => {
  let db: Client;
  let api: AppProcess;
  let pipeline: Pipeline;
  const queuePrefix = `e2e-replay-${process.pid}`;

  beforeAll(async () => {
    db = await connectTestDb();
    await resetData(db);
    pipeline = await startPipeline(queuePrefix);
    ({ api } = pipeline);
  });

  afterAll(async () => {
    await pipeline?.stop();
    await db?.end();
  });

  it('uploads every point in chunks per stream and the anchors move', async () => {
    const points = JSON.parse(readFileSync(SAMPLE, 'utf8')) as { type: string }[];
    const streams = new Set(
      points.map((p) => (p.type.startsWith('SLEEP_') ? 'SLEEP' : p.type.startsWith('CLINICAL_') ? 'CLINICAL' : p.type)),
    );
    const token = await tokenFor('user-replay');
    const res = await run([SAMPLE, '--url', `${api.baseUrl}/graphql`, '--chunk', '5', '--anchor-prefix', 'replay-test'], {
      TOKEN: token,
    });
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const lines = res.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const perStream = lines.filter((l) => l.dataType);
    expect(new Set(perStream.map((l) => l.dataType))).toEqual(streams);
    expect(perStream.reduce((n, l) => n + l.accepted, 0)).toBe(points.length);
    expect(perStream.find((l) => l.dataType === 'HEART_RATE')).toMatchObject({ chunks: 3, accepted: 12, rejected: 0 });

    // It waited for every sync: the states it printed already hold every stream's anchor.
    const printed = lines.find((l) => l.syncStates).syncStates as { dataType: string; lastAnchor: string }[];
    expect(printed.map((st) => [st.dataType, st.lastAnchor]).sort()).toEqual(
      [...streams].map((dataType) => [dataType, `replay-test-${dataType}`]).sort(),
    );
    expect(lines.find((l) => l.syncs).syncs).toEqual(
      expect.arrayContaining([...streams].map((dataType) => ({ dataType, outcome: 'anchorMoved' }))),
    );
    const { rows } = await db.query(
      `SELECT data_type, last_anchor FROM healthkit_sync_state WHERE user_ref = (SELECT id FROM app_user WHERE subject = 'user-replay')`,
    );
    expect(rows).toHaveLength(streams.size);
    for (const row of rows) expect(row.last_anchor).toBe(`replay-test-${row.data_type}`);
  });

  it('fails with a message and exit 1 when the token is refused', async () => {
    const res = await run([SAMPLE, '--url', `${api.baseUrl}/graphql`], { TOKEN: 'not-a-token' });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('UNAUTHENTICATED');
  });
});
