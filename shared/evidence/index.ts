export * from './envelope.js';
export * from './canonical.js';
export * from './artifact.js';
