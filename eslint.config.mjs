// ESLint flat config: typescript-eslint's recommended rules, Prettier owning formatting, and the
// import boundaries of the monorepo (docs/architecture.md): libs never import apps, apps never import
// each other. Without the TypeScript resolver boundaries cannot see `@app/*` imports and reports
// nothing, so test/lint-boundaries.spec proves a bad import fails.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import boundaries from 'eslint-plugin-boundaries';
import tseslint from 'typescript-eslint';

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
      'boundaries/elements': [
        { type: 'app', pattern: 'apps/*', capture: ['app'] },
        { type: 'lib', pattern: 'libs/*', capture: ['lib'] },
        { type: 'test', pattern: 'test' },
      ],
    },
    rules: {
      'boundaries/dependencies': [
        'error',
        {
          default: 'allow',
          policies: [
            // A library is shared code: it may use other libraries, never an app.
            { from: { element: { type: 'lib' } }, disallow: { to: { element: { type: 'app' } } } },
            // The API and the worker share code only through libs/.
            { from: { element: { type: 'app' } }, disallow: { to: { element: { type: 'app' } } } },
          ],
        },
      ],
    },
  },
  prettier,
);
