import { describe } from '@jest/globals';
import { MemoryResultsStore } from './memory-results-store.js';
import { resultsStoreContract } from './results-store.contract.js';

describe('MemoryResultsStore', () => {
  resultsStoreContract(async () => new MemoryResultsStore());
});
