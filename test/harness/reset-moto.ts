import { beforeAll } from '@jest/globals';
import { resetEmulator } from './aws.js';

// Each integration test file starts from an empty emulator.
beforeAll(async () => {
  await resetEmulator();
});
