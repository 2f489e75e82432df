// The jest environment of the conformance suites: node's, plus the run's one limiter and one recorder
// handed in from the CLI's realm. Each spec file gets a fresh module registry (and would build its
// own); through here every file shares the CLI's instances, so --concurrency and --max-rps hold for
// the whole run and every result reaches the runner.
import NodeEnvironment from 'jest-environment-node';
import { LIMITER_GLOBAL } from './limiter';
import { RECORDER_GLOBAL } from './recorder';

type EnvArgs = ConstructorParameters<typeof NodeEnvironment>;

export default class SuiteEnvironment extends NodeEnvironment {
  constructor(config: EnvArgs[0], context: EnvArgs[1]) {
    super(config, context);
    const from = globalThis as unknown as Record<symbol, unknown>;
    const to = this.global as unknown as Record<symbol, unknown>;
    for (const key of [LIMITER_GLOBAL, RECORDER_GLOBAL]) to[key] = from[key];
  }
}
