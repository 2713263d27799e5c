// Three tiers: fast unit specs beside the code, e2e/fault tests against real
// PostgreSQL + Redis under test/, CDK assertion tests under infra/test.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];
const moduleNameMapper = {
  '^@app/(config|database|health-data|queue|store|telemetry)(|/.*)$': '<rootDir>/libs/$1/src$2',
};
// Build outputs (dist/ of the apps, infra/dist/ and infra/cdk.out/ of `npm run synth`, coverage/) and the
// Node runtime scripts/node-lts.sh caches under .cache/: never tests, never modules to resolve.
const buildOutputs = [
  '/node_modules/',
  '<rootDir>/(.*/)?dist/',
  '<rootDir>/(.*/)?cdk\\.out/',
  '<rootDir>/coverage/',
  '<rootDir>/\\.cache/',
];
const common = {
  rootDir: __dirname,
  testPathIgnorePatterns: buildOutputs,
  modulePathIgnorePatterns: buildOutputs.slice(1),
  transform: { '^.+\\.(t|j)sx?$': swc },
  // Nest 12 and jose ship as ESM; jest on Node 20 cannot require() ESM, so transform them too.
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs|jose)/)'],
  moduleNameMapper,
  testEnvironment: 'node',
};
module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      slowTestThreshold: 30,
      // Migrates the test database once; suites start from resetData (test/support/database.ts).
      globalSetup: '<rootDir>/test/support/e2e-global-setup.ts',
    },
    { ...common, displayName: 'infra', testMatch: ['<rootDir>/infra/test/**/*.test.ts'] },
  ],
};
