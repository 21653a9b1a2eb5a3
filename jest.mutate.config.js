// Jest configuration for StrykerJS (`npm run mutate`, driven by scripts/mutate.ts): the unit tests of ONE core
// module, without the emulator's global setup. Stryker's perTest coverage analysis does not work under native
// ESM (--experimental-vm-modules: every hit is reported as static), so each mutant runs the whole jest run;
// FLUX_MUTATE_TESTS (comma-separated paths) keeps that run to the module's own test files.
import base from './jest.config.js';

const unit = base.projects.find((p) => p.displayName === 'unit');
const tests = (process.env.FLUX_MUTATE_TESTS ?? '').split(',').filter(Boolean);
export default {
  ...unit,
  rootDir: '.',
  // Only shared/ is crawled: jest's file map of the whole repository is most of each mutant's overhead.
  roots: ['<rootDir>/shared'],
  testMatch: tests.length > 0 ? tests.map((t) => `<rootDir>/${t}`) : unit.testMatch,
  testTimeout: 60_000,
};
