import { readdirSync, readFileSync, mkdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import '../all-statements';
import { registeredStatements } from './statement';

// libs/store/sql holds every statement of the store as text (statement.ts says why).
// `npm run sql:snapshots` rewrites them; otherwise this test fails on any difference.
const ROOT = join(__dirname, '..', '..', 'sql');
const UPDATE = process.env.UPDATE_SQL_SNAPSHOTS === '1' && !process.env.CI;
const fileOf = (name: string) => join(ROOT, `${name}.sql`);

function snapshotFiles(dir = ROOT): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? snapshotFiles(join(dir, e.name)) : e.name.endsWith('.sql') ? [join(dir, e.name)] : [],
  );
}

describe('SQL snapshots (libs/store/sql)', () => {
  const statements = registeredStatements();

  if (UPDATE) {
    it('are rewritten from the registered statements', () => {
      rmSync(ROOT, { recursive: true, force: true });
      for (const [name, text] of statements) {
        mkdirSync(dirname(fileOf(name)), { recursive: true });
        writeFileSync(fileOf(name), `${text.trim()}\n`);
      }
      expect(snapshotFiles()).toHaveLength(statements.size);
    });
    return;
  }

  it('registers statements at all', () => {
    expect(statements.size).toBeGreaterThan(0);
  });

  it.each([...statements.keys()])('%s is committed as it runs', (name) => {
    const path = fileOf(name);
    if (!existsSync(path)) throw new Error(`${relative(process.cwd(), path)} is missing: run npm run sql:snapshots`);
    expect(readFileSync(path, 'utf8')).toBe(`${statements.get(name)!.trim()}\n`);
  });

  it('has no snapshot of a statement that no longer exists', () => {
    const orphans = snapshotFiles()
      .map((f) => relative(ROOT, f).replace(/\.sql$/, ''))
      .filter((name) => !statements.has(name));
    expect(orphans).toEqual([]);
  });
});
