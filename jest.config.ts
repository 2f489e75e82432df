/** @jest-config-loader-options {"transpileOnly": true} */
// The project's own tests (npm test). The conformance suites in specs/ are run by the CLI with
// their own configuration (src/runner/jest-run.ts), never by this file.
import type { Config } from 'jest';

const config: Config = {
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest', {}] },
  moduleFileExtensions: ['ts', 'js', 'json'],
};

export default config;
