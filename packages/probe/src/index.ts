export * from './types.js';
export * from './engine.js';
export * from './scan.js';
export * from './concurrency.js';
