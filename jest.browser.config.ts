/** @jest-config-loader-options {"transpileOnly": true} */
// The browser test (npm run test:browser): opens the HTML report in headless Debian chromium.
import type { Config } from 'jest';
import base from './jest.config';

const config: Config = {
  ...base,
  testMatch: ['<rootDir>/test/browser/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  testTimeout: 120_000,
};

export default config;
