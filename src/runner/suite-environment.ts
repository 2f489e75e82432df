// The jest environment of the conformance suites: Allure's node environment, plus the run's one
// limiter handed in from the CLI's realm. Each spec file gets a fresh module registry (and would
// build its own limiter); through here every file shares the CLI's instance, so --concurrency and
// --max-rps hold for the whole run.
import fs from 'node:fs';
import path from 'node:path';
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
    // Allure's default writer fsyncs every result and attachment file: over a thousand of them took
    // seconds a run. The results folder is a report, not a database, so plain writes do (a crashed run
    // is not reported as passed anyway). Synchronous writes: measured, 5,000 small files cost about a
    // third of the CPU of fs.promises.writeFile (one open, write and close, no FileHandle and no three
    // thread-pool round trips), and each blocks the event loop for tens of microseconds only.
    const runtime = (this as unknown as { runtime?: { writer?: unknown } }).runtime;
    const resultsDir = (config.projectConfig.testEnvironmentOptions as { resultsDir?: string }).resultsDir;
    if (runtime?.writer && resultsDir) runtime.writer = this.writer = new PlainWriter(resultsDir);
  }

  private writer: PlainWriter | undefined;

  override async teardown(): Promise<void> {
    // A result file that could not be written fails the suite: a harness error, never a silent gap.
    await this.writer?.flush();
    await super.teardown();
  }
}

/** allure-js-commons' Writer: each file written once, without fsync. */
class PlainWriter {
  private failure: Error | undefined;

  constructor(private readonly dir: string) {
    fs.mkdirSync(dir, { recursive: true });
  }

  /** A result file that could not be written is reported at teardown (the writer's callers do not expect a throw). */
  flush(): Promise<void> {
    if (this.failure) return Promise.reject(new Error(`writing the Allure results to ${this.dir} failed: ${this.failure.message}`));
    return Promise.resolve();
  }

  private write(name: string, data: string | Buffer): void {
    try {
      fs.writeFileSync(path.join(this.dir, name), data);
    } catch (err) {
      this.failure ??= err as Error;
    }
  }
  writeAttachment(name: string, content: Buffer): void {
    this.write(name, content);
  }
  writeAttachmentFromPath(name: string, from: string): void {
    fs.copyFileSync(from, path.join(this.dir, name));
  }
  writeEnvironmentInfo(info: Record<string, string | undefined>): void {
    this.write('environment.properties', Object.entries(info).map(([k, v]) => `${k} = ${v ?? ''}`).join('\n'));
  }
  writeCategoriesDefinitions(categories: unknown): void {
    this.write('categories.json', JSON.stringify(categories));
  }
  writeGroup(result: { uuid: string }): void {
    this.write(`${result.uuid}-container.json`, JSON.stringify(result));
  }
  writeResult(result: { uuid: string }): void {
    this.write(`${result.uuid}-result.json`, JSON.stringify(result));
  }
  writeGlobals(name: string, info: unknown): void {
    this.write(name, JSON.stringify(info));
  }
}
