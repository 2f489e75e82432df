// What a spec file in specs/ sees of the harness. The suites are built in the CLI's realm, outside
// jest's module registry, and a spec file hands them jest's functions: the harness (axios, ajv, the
// checks, the fixtures) is then loaded and compiled once per process instead of once per jest module
// registry, and runs outside jest's vm context, where the same code measured about twice as slow.
// This module is loaded in jest's realm, so it imports types only.
import type { SuiteHost } from './suites';

/** Where the CLI puts the suites for the suites' test environment (a registered symbol: the same in every realm). */
export const SUITE_HOST_GLOBAL = Symbol.for('scim-conformance.suite-host');

/** The jest functions a suite registers its tests with, and the spec file registering them. */
export interface JestApi {
  describe: typeof describe;
  test: typeof test;
  beforeAll: typeof beforeAll;
  afterAll: typeof afterAll;
  /** The spec file being collected ("entra/entra.spec.ts"), which names the request chains in the run's timing. */
  specFile: string;
}

/**
 * The run's suites and this spec file's jest functions (`api`, not `jest`: jest gives every module
 * that name). Only the CLI runs the suites, and it always provides them.
 */
export function suites(): { host: SuiteHost; api: JestApi } {
  const host = (globalThis as unknown as Record<symbol, SuiteHost | undefined>)[SUITE_HOST_GLOBAL];
  if (!host) throw new Error('the suites in specs/ are run by the scim-conformance CLI, not directly by jest');
  const testPath = expect.getState().testPath ?? '';
  return { host, api: { describe, test, beforeAll, afterAll, specFile: testPath.split(/[\\/]/).slice(-2).join('/') } };
}
