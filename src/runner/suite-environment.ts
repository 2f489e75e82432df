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
    // Allure's default writer fsyncs every result and attachment file, synchronously, on the event
    // loop the requests share: over a thousand of them took seconds a run. The results folder is a
    // report, not a database, so plain writes do (a crashed run is not reported as passed anyway).
    const runtime = (this as unknown as { runtime?: { writer?: unknown } }).runtime;
    const resultsDir = (config.projectConfig.testEnvironmentOptions as { resultsDir?: string }).resultsDir;
    if (runtime?.writer && resultsDir) runtime.writer = new PlainWriter(resultsDir);
  }
}

/** allure-js-commons' Writer, writing each file with one plain write (no fsync). */
class PlainWriter {
  constructor(private readonly dir: string) {
    fs.mkdirSync(dir, { recursive: true });
  }
  private write(name: string, data: string | Buffer): void {
    fs.writeFileSync(path.join(this.dir, name), data);
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
