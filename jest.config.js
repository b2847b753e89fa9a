const swc = require('./platform/swc.js');

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest', { ...swc, swcrc: false }] },
  setupFiles: ['reflect-metadata'],
  testMatch: ['<rootDir>/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/.data/', '/bench/'],
  // A ceiling, not an expectation: stacks start slowly on a busy 2-core machine (tests wait on conditions).
  testTimeout: 180000,
  maxWorkers: 2,
};
