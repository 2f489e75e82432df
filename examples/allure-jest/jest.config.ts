/** @jest-config-loader-options {"transpileOnly": true} */
// A vendor's jest configuration with Allure (allure-jest): every test runs under allure-jest's
// environment, and runConformance() called in a test adds the conformance checks to that test's
// Allure result as steps, with the exchanges attached. Run here with
//   npx jest --config examples/allure-jest/jest.config.ts
// test/selftest/allure-jest.test.ts runs it against a broken endpoint and reads the results.
import path from 'node:path';
import type { Config } from 'jest';

const config: Config = {
  rootDir: path.resolve(__dirname, '..', '..'),
  testMatch: ['<rootDir>/examples/allure-jest/*.test.ts'],
  testEnvironment: 'allure-jest/node',
  // allure-jest never empties this folder: clear it before a run, or old results show as retries.
  testEnvironmentOptions: { resultsDir: process.env['ALLURE_RESULTS_DIR'] ?? 'reports/allure-jest-results' },
  transform: { '^.+\\.ts$': ['@swc/jest', {}] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testTimeout: 300_000,
};

export default config;
