import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

jest.setTimeout(60_000);

const ROOT = join(__dirname, '..');

/** The import rules of docs/architecture.md are enforced by `npm run lint`: a forbidden import fails. */
describe('eslint import boundaries', () => {
  // The ESLint CLI in a child process, as `npm run lint` runs it (its config loader needs real ESM, not jest's).
  const errorsOf = async (file: string, code: string) => {
    const run = spawnSync(
      process.execPath,
      [join(ROOT, 'node_modules/eslint/bin/eslint.js'), '--stdin', '--stdin-filename', join(ROOT, file), '--format', 'json'],
      { cwd: ROOT, input: code, encoding: 'utf8' },
    );
    const [result] = JSON.parse(run.stdout) as { messages: { ruleId: string | null }[] }[];
    return result.messages.filter((m) => m.ruleId === 'boundaries/dependencies');
  };

  it('refuses a library importing an app', async () => {
    const errors = await errorsOf(
      'libs/health-data/src/x.ts',
      "import { SyncProcessor } from '../../../apps/worker/src/sync.processor';\nexport const x = SyncProcessor;\n",
    );
    expect(errors).toHaveLength(1);
  });

  it('refuses one app importing the other', async () => {
    const errors = await errorsOf(
      'apps/worker/src/x.ts',
      "import { AppModule } from '../../api/src/app.module';\nexport const x = AppModule;\n",
    );
    expect(errors).toHaveLength(1);
  });

  it('allows apps and libs to use libs (also through the @app alias) and an app its own files', async () => {
    expect(
      await errorsOf(
        'apps/worker/src/x.ts',
        "import { SYNC_QUEUE } from '@app/queue';\nimport { WorkerModule } from './worker.module';\nexport const x = [SYNC_QUEUE, WorkerModule];\n",
      ),
    ).toEqual([]);
    expect(
      await errorsOf('libs/queue/src/x.ts', "import { ApiConfig } from '@app/config';\nexport const x = ApiConfig;\n"),
    ).toEqual([]);
  });
});
