// Jest configuration for StrykerJS (`npm run mutate`): the unit tests of the core modules only, without the
// emulator's global setup, so each mutant runs in seconds. The test list is stryker.config.json's concern.
import base from './jest.config.js';

const unit = base.projects.find((p) => p.displayName === 'unit');
export default {
  ...unit,
  rootDir: '.',
  testTimeout: 60_000,
};
