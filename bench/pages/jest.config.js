/**
 * Jest config of the page benchmarks (`npx jest -c bench/pages/jest.config.js`, run by `npm run bench`).
 * Its own roots and `*.bench.ts` names keep them out of `npm test`; the transform is the root config's.
 */
const path = require('node:path');
const root = require('../../jest.config.js');

module.exports = {
  rootDir: path.join(__dirname, '..', '..'),
  testEnvironment: 'node',
  roots: ['<rootDir>/bench/pages'],
  testMatch: ['**/*.bench.ts'],
  transform: root.transform,
  transformIgnorePatterns: root.transformIgnorePatterns,
  testTimeout: 60000,
};
