// The jest environment of the conformance suites: Allure's node environment, plus the run's one
// limiter handed in from the CLI's realm. Each spec file gets a fresh module registry (and would
// build its own limiter); through here every file shares the CLI's instance, so --concurrency and
// --max-rps hold for the whole run.
import type NodeEnvironment from 'jest-environment-node';
import { LIMITER_GLOBAL } from './limiter';

// allure-jest publishes this entry point through package exports only, which this project's module resolution does not read.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const AllureNodeEnvironment = require('allure-jest/node') as typeof NodeEnvironment;

type EnvArgs = ConstructorParameters<typeof AllureNodeEnvironment>;

export default class SuiteEnvironment extends AllureNodeEnvironment {
  constructor(config: EnvArgs[0], context: EnvArgs[1]) {
    super(config, context);
    (this.global as unknown as Record<symbol, unknown>)[LIMITER_GLOBAL] = (globalThis as unknown as Record<symbol, unknown>)[LIMITER_GLOBAL];
  }
}
