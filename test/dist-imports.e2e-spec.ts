import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * The benches and operator scripts are plain JavaScript that take what they need from the built
 * dist/: nothing type-checks them, so a function moved between libraries leaves them calling
 * undefined (the naive bench worker failed every chunk that way after the store moved). Every name
 * they destructure from a dist module must be there. Needs `npm run build` (scripts/test.sh builds).
 */
const ROOT = resolve(__dirname, '..');
const SCRIPT_DIRS = ['scripts', 'test/bench', 'test/bench/lib'];
// const { a, b: c } = require(join(ROOT, 'dist/…'))  or  require('../…'), prettier may break the line.
const DIST_REQUIRE = /const \{([^}]+)\} = require\(\s*(?:join\(ROOT, '([^']+)'\)|'(\.\.?\/[^']+)')\s*,?\s*\)/g;

interface DistImport {
  file: string;
  module: string;
  names: string[];
}

function distImports(): DistImport[] {
  const found: DistImport[] = [];
  for (const dir of SCRIPT_DIRS) {
    for (const name of readdirSync(join(ROOT, dir))) {
      if (!/\.(c|m)?js$/.test(name)) continue;
      const file = join(dir, name);
      const text = readFileSync(join(ROOT, file), 'utf8');
      for (const m of text.matchAll(DIST_REQUIRE)) {
        const module = m[2] ? join(ROOT, m[2]) : resolve(dirname(join(ROOT, file)), m[3]);
        const names = m[1]
          .split(',')
          .map((n) => n.split(':')[0].trim())
          .filter(Boolean);
        found.push({ file, module, names });
      }
    }
  }
  return found;
}

describe('scripts and benches find what they take from dist and from test support', () => {
  const imports = distImports();

  it('finds the scripts that take from dist (the pattern still matches them)', () => {
    const files = new Set(imports.map((i) => i.file));
    expect([...files]).toEqual(
      expect.arrayContaining(['scripts/chunks.js', 'test/bench/naive-worker.mjs', 'test/bench/chunk-profile.mjs']),
    );
  });

  it.each(imports.map((i) => [`${i.file} ← ${i.module.slice(ROOT.length + 1)}`, i] as const))('%s', (_, i) => {
    const exported = require(i.module) as Record<string, unknown>;
    const missing = i.names.filter((n) => exported[n] === undefined);
    expect(missing).toEqual([]);
  });
});
