/** @jest-config-loader-options {"transpileOnly": true} */
// The project's own tests (npm test). The conformance suites in specs/ are run by the CLI with
// their own configuration (src/runner/jest-run.ts), never by this file.
import type { Config } from 'jest';

const config: Config = {
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  // The browser test needs Debian's chromium; CI runs it with `npm run test:browser`.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/browser/'],
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest', {}] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  // The self-tests spawn full CLI runs; two at a time keeps both cores busy.
  maxConcurrency: 2,
  testTimeout: 30_000,
};

export default config;
