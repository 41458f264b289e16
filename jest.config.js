/** Jest runs TypeScript through swc (types are checked separately by `tsc --noEmit`). */
const swc = ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } }];
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': swc,
    // TDesign and other mini-program npm packages ship ES modules.
    '^.+\\.js$': swc,
  },
  transformIgnorePatterns: ['/node_modules/(?!(tdesign-miniprogram|mobx-miniprogram|mobx-miniprogram-bindings)/)'],
  globalSetup: '<rootDir>/test/global-setup.ts',
  // A passing test prints nothing: unexpected console.error / console.warn fail the test (test/support/quiet-console.ts).
  setupFilesAfterEnv: ['<rootDir>/test/support/quiet-console.ts'],
  testTimeout: 30000,
};
