// Jest runs TypeScript as native ESM on purpose: @octokit/rest and @middy/core ship ESM only.
// `npm test` sets --experimental-vm-modules; ts-jest compiles with useESM.
/** @type {import('jest').Config} */
const tsJest = [
  'ts-jest',
  { useESM: true, tsconfig: 'tsconfig.json', diagnostics: { ignoreCodes: [151002] } },
];

const common = {
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': tsJest },
  moduleNameMapper: {
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  testEnvironment: 'node',
  // The benchmark's Prowler virtualenv (bench/collect.ts) holds package.json files jest must not index.
  modulePathIgnorePatterns: ['<rootDir>/\\.bench-venv/', '<rootDir>/\\.stryker-tmp/'],
};

export default {
  // Generous: emulator-bound tests slow down a lot on a busy 2-core machine; a hang still fails.
  testTimeout: 180_000,
  // Tests mostly wait on the emulator (one moto per worker), so two workers pay off even on 2 cores.
  maxWorkers: 2,
  globalSetup: '<rootDir>/test/harness/global-setup.mjs',
  globalTeardown: '<rootDir>/test/harness/global-teardown.mjs',
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: [
        '<rootDir>/shared/**/*.test.ts',
        '<rootDir>/functions/**/*.test.ts',
        '<rootDir>/test/unit/**/*.test.ts',
      ],
      testPathIgnorePatterns: ['\\.int\\.test\\.ts$'],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/**/*.int.test.ts', '<rootDir>/test/integration/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '/cdk.out/', '/dist/'],
      setupFilesAfterEnv: ['<rootDir>/test/harness/reset-moto.ts'],
    },
  ],
};
