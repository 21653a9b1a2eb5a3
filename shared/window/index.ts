export * from './periods.js';
export * from './instant.js';
export * from './evaluate.js';
export * from './sample.js';
export * from './rollup.js';
