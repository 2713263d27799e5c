import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

jest.setTimeout(60_000);

const ROOT = join(__dirname, '..');

interface Snippet {
  file: string;
  code: string;
}

/**
 * ESLint in a child process with the repository's eslint.config.mjs, as `npm run lint` runs it (its config
 * loader needs real ESM, not jest's). One process lints a whole batch: starting ESLint costs ~1.5 s.
 * Returns, per snippet, the rule id of every message.
 */
function lint(snippets: Snippet[]): string[][] {
  const script = `
    import { ESLint } from 'eslint';
    const snippets = JSON.parse(process.argv[1]);
    const eslint = new ESLint({ cwd: process.cwd() });
    const out = [];
    for (const { file, code } of snippets) {
      const [result] = await eslint.lintText(code, { filePath: file });
      out.push(result.messages.map((m) => m.ruleId ?? m.message));
    }
    process.stdout.write(JSON.stringify(out));
  `;
  const run = spawnSync(
    process.execPath,
    ['--input-type=module', '-e', script, JSON.stringify(snippets.map((s) => ({ ...s, file: join(ROOT, s.file) })))],
    { cwd: ROOT, encoding: 'utf8' },
  );
  if (run.status !== 0) throw new Error(`eslint failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as string[][];
}

/** For each snippet, how many messages of `rule` it got. */
function countsOf(snippets: Snippet[], rule = 'boundaries/dependencies'): number[] {
  return lint(snippets).map((ruleIds) => ruleIds.filter((id) => id === rule).length);
}

/** A file importing everything from `target`, so the only message can be about the import. */
const importing = (file: string, target: string): Snippet => ({
  file,
  code: `import * as m from '${target}';\nexport const x = m;\n`,
});

/** The import rules of docs/architecture.md are enforced by `npm run lint`: a forbidden import fails. */
describe('eslint import boundaries', () => {
  it('refuses a library importing an app', () => {
    expect(
      countsOf([
        {
          file: 'libs/health-data/src/x.ts',
          code: "import { SyncProcessor } from '../../../apps/worker/src/sync.processor';\nexport const x = SyncProcessor;\n",
        },
      ]),
    ).toEqual([1]);
  });

  it('refuses one app importing the other', () => {
    expect(
      countsOf([
        {
          file: 'apps/worker/src/x.ts',
          code: "import { AppModule } from '../../api/src/app.module';\nexport const x = AppModule;\n",
        },
      ]),
    ).toEqual([1]);
  });

  it('allows apps and libs to use libs (also through the @app alias) and an app its own files', () => {
    expect(
      countsOf([
        {
          file: 'apps/worker/src/x.ts',
          code: "import { SYNC_QUEUE } from '@app/queue';\nimport { WorkerModule } from './worker.module';\nexport const x = [SYNC_QUEUE, WorkerModule];\n",
        },
        { file: 'libs/queue/src/x.ts', code: "import { ApiConfig } from '@app/config';\nexport const x = ApiConfig;\n" },
      ]),
    ).toEqual([0, 0]);
  });

  it('refuses the database library importing the domain or the store (alias or relative path)', () => {
    const targets = ['@app/health-data', '@app/store', '../../store/src/locks/advisory-locks', '../../health-data/src/index'];
    expect(countsOf(targets.map((t) => importing('libs/database/src/x.ts', t)))).toEqual(targets.map(() => 1));
  });

  it('refuses the domain importing the store (alias or relative path)', () => {
    const targets = ['@app/store', '../../../store/src/locks/advisory-locks'];
    expect(countsOf(targets.map((t) => importing('libs/health-data/src/sync/x.ts', t)))).toEqual(targets.map(() => 1));
  });

  it('refuses the domain importing typeorm, @nestjs/typeorm, pg or the store, also for types only', () => {
    const targets = ['typeorm', '@nestjs/typeorm', 'pg', '@app/store', 'typeorm/driver/types/DatabaseType'];
    const snippets = targets.map((t) => ({
      file: 'libs/health-data/src/x.ts',
      code: `import type * as m from '${t}';\nexport type X = typeof m;\n`,
    }));
    expect(countsOf(snippets, 'no-restricted-imports')).toEqual(targets.map(() => 1));
  });

  it('refuses the queue library importing the store', () => {
    expect(countsOf([importing('libs/queue/src/x.ts', '@app/store')])).toEqual([1]);
  });

  it('refuses a migration importing project code: a library (alias or relative path), an app or a test helper', () => {
    const targets = [
      '@app/health-data',
      '@app/database',
      '@app/store',
      '../entities/app-user.entity',
      '../../../health-data/src/index',
      '../../../../apps/worker/src/sync.processor',
      '../../../../test/support/test-env',
    ];
    expect(countsOf(targets.map((t) => importing('libs/database/src/migrations/x.ts', t)))).toEqual(targets.map(() => 1));
  });

  it('allows what the layering wants: a migration typeorm and its siblings, the store the domain and database, the domain its own files', () => {
    const domain: Snippet = {
      file: 'libs/health-data/src/sync/x.ts',
      code: "import { DateTime } from 'luxon';\nimport { HEALTH_TABLES } from '../index';\nexport const x = [DateTime, HEALTH_TABLES];\n",
    };
    const snippets: Snippet[] = [
      {
        file: 'libs/database/src/migrations/x.ts',
        code: "import { MigrationInterface } from 'typeorm';\nimport { InitialSchema1764000000000 } from './1764000000000-initial-schema';\nexport type X = MigrationInterface;\nexport const x = InitialSchema1764000000000;\n",
      },
      {
        file: 'libs/store/src/x.ts',
        code: "import { HEALTH_TABLES } from '@app/health-data';\nimport { MIGRATION_LOCK_ID } from '@app/database/migrate';\nexport const x = [HEALTH_TABLES, MIGRATION_LOCK_ID];\n",
      },
      domain,
      importing('apps/worker/src/x.ts', '@app/store'),
    ];
    expect(countsOf(snippets)).toEqual([0, 0, 0, 0]);
    expect(countsOf([domain], 'no-restricted-imports')).toEqual([0]);
  });
});
