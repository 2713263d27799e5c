// ESLint flat config: typescript-eslint's recommended rules, Prettier owning formatting, and the
// import boundaries of the monorepo (docs/architecture.md): libs never import apps, apps never import
// each other, the database lib never imports the domain or the store, the domain (libs/health-data)
// never imports the store nor a database driver, the queue lib never imports the store, and a
// migration imports no project code at all (frozen SQL: replaying history must not run today's code).
// Without the TypeScript resolver boundaries cannot see `@app/*` imports and reports nothing, so
// test/lint-boundaries.e2e-spec.ts proves each rule fails on a bad import.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import boundaries from 'eslint-plugin-boundaries';
import tseslint from 'typescript-eslint';

const lib = (name) => ({ element: { type: 'lib', captured: { lib: name } } });

/** Who may not import whom, between the elements of `boundaries/elements` (relative paths included). */
const POLICIES = {
  // A library is shared code: it may use other libraries, never an app.
  libToApp: { from: { element: { type: 'lib' } }, disallow: { to: { element: { type: 'app' } } } },
  // The API and the worker share code only through libs/.
  appToApp: { from: { element: { type: 'app' } }, disallow: { to: { element: { type: 'app' } } } },
  // The schema's owner knows no domain and no queries: the store builds on it, not the other way round.
  databaseToDomainOrStore: { from: lib('database'), disallow: { to: [lib('health-data'), lib('store')] } },
  // The domain is pure: storage depends on it, never the reverse.
  domainToStore: { from: lib('health-data'), disallow: { to: lib('store') } },
  // The queue carries jobs; what a job stores is the worker's business.
  queueToStore: { from: lib('queue'), disallow: { to: lib('store') } },
  // A migration is frozen: only its own folder (and packages such as typeorm), never project code, which
  // changes after the migration was written and would then run on an older schema.
  migrationToProject: {
    from: { element: { type: 'migrations' } },
    disallow: { to: [{ element: { type: 'app' } }, { element: { type: 'lib' } }, { element: { type: 'test' } }] },
  },
};

const boundaryRule = (policies) => ['error', { default: 'allow', policies }];

/** The domain speaks no SQL: no database driver or ORM, whatever the path (the store does that). */
const DOMAIN_STORAGE_IMPORTS = {
  paths: [
    { name: 'typeorm', message: 'libs/health-data is the pure domain: SQL and TypeORM belong in libs/store.' },
    { name: '@nestjs/typeorm', message: 'libs/health-data is the pure domain: SQL and TypeORM belong in libs/store.' },
    { name: 'pg', message: 'libs/health-data is the pure domain: SQL belongs in libs/store.' },
    { name: '@app/store', message: 'libs/health-data is the pure domain: the store imports it, never the reverse.' },
  ],
  patterns: [
    {
      group: ['typeorm/*', '@nestjs/typeorm/*', 'pg/*', '@app/store/*'],
      message: 'libs/health-data is the pure domain: SQL, TypeORM and the store stay out of it.',
    },
  ],
};

export default tseslint.config(
  // Build outputs anywhere in the tree (dist/ of the apps, infra/dist/ of `npm run synth`, cdk.out/,
  // coverage/) and the Node runtime scripts/node-lts.sh caches: generated, never linted.
  { ignores: ['**/dist/**', '**/cdk.out/**', '**/coverage/**', '**/node_modules/**', '.cache/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,mjs,js}'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        Buffer: 'readonly',
        fetch: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        URL: 'readonly',
        TextEncoder: 'readonly',
        performance: 'readonly',
        AbortSignal: 'readonly',
      },
    },
    rules: {
      // Nest and the test helpers pass untyped JSON around on purpose; `any` stays a reviewer's call.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      // Plain CommonJS scripts (scripts/*.js, jest.config.js, test/support/health-points.js) use require.
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    files: ['apps/**/*.ts', 'libs/**/*.ts', 'test/**/*.ts'],
    plugins: { boundaries },
    settings: {
      'import/resolver': { typescript: { project: './tsconfig.json' } },
      // The first pattern a file matches names its element: the migrations folder before its library.
      'boundaries/elements': [
        { type: 'migrations', pattern: 'libs/database/src/migrations' },
        { type: 'app', pattern: 'apps/*', capture: ['app'] },
        { type: 'lib', pattern: 'libs/*', capture: ['lib'] },
        { type: 'test', pattern: 'test' },
      ],
    },
    rules: {
      'boundaries/dependencies': boundaryRule(Object.values(POLICIES)),
    },
  },
  {
    files: ['libs/health-data/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', DOMAIN_STORAGE_IMPORTS] },
  },
  prettier,
);
