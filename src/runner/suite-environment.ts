// The jest environment of the conformance suites: node's, plus the run's suites handed in from the
// CLI's realm (see suite-host.ts). Each spec file gets a fresh module registry; through here every
// file reaches the same suites, client, limiter and recorder.
import NodeEnvironment from 'jest-environment-node';
import { SUITE_HOST_GLOBAL } from './suite-host';

type EnvArgs = ConstructorParameters<typeof NodeEnvironment>;

export default class SuiteEnvironment extends NodeEnvironment {
  constructor(config: EnvArgs[0], context: EnvArgs[1]) {
    super(config, context);
    const from = globalThis as unknown as Record<symbol, unknown>;
    (this.global as unknown as Record<symbol, unknown>)[SUITE_HOST_GLOBAL] = from[SUITE_HOST_GLOBAL];
  }
}
