// The jest environment of the conformance suites: Allure's node environment, plus the run's one
// limiter handed in from the CLI's realm. Each spec file gets a fresh module registry (and would
// build its own limiter); through here every file shares the CLI's instance, so --concurrency and
// --max-rps hold for the whole run.
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
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
    // report, not a database, so plain writes do (a crashed run is not reported as passed anyway),
    // and they are made by a worker thread: see PlainWriter.
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

// The worker: writes each file it is sent, synchronously (the cheapest way per file), and answers a
// flush with the first failure. Plain JavaScript: no transform runs in a worker.
const WRITER_THREAD = `
const { parentPort } = require('node:worker_threads');
const fs = require('node:fs');
let failure;
parentPort.on('message', (batch) => {
  if (batch === 'flush') return parentPort.postMessage({ failure });
  for (const [file, data] of batch) {
    try { fs.writeFileSync(file, data); } catch (err) { failure ??= String(err && err.message || err); }
  }
});`;

/**
 * allure-js-commons' Writer: each file written once, without fsync, by a worker thread. Measured
 * for 5,000 result-sized files written between other work: synchronous writes block the event loop
 * 240-700 ms (more when the disk is busy), fs.promises and callbacks cost 1-4 s of CPU in thread-pool
 * round trips, a worker 80 ms of the event loop (handing the text over) and 240-560 ms of CPU in all.
 */
class PlainWriter {
  private readonly worker: Worker;
  private batch: Array<[string, string | Uint8Array]> = [];
  private failure: string | undefined;

  constructor(private readonly dir: string) {
    fs.mkdirSync(dir, { recursive: true });
    this.worker = new Worker(WRITER_THREAD, { eval: true });
    this.worker.on('error', (err) => (this.failure ??= err.message));
    // It never holds the process open; teardown waits for every write.
    this.worker.unref();
  }

  /** Waits for every file sent so far; a file that could not be written fails here. */
  async flush(): Promise<void> {
    this.send();
    const answer = new Promise<{ failure?: string }>((resolve) => {
      this.worker.once('message', resolve);
      this.worker.once('exit', () => resolve({ failure: this.failure ?? 'the writer thread stopped' }));
    });
    this.worker.postMessage('flush');
    const { failure } = await answer;
    await this.worker.terminate();
    const why = this.failure ?? failure;
    if (why !== undefined) throw new Error(`writing the Allure results to ${this.dir} failed: ${why}`);
  }

  private send(): void {
    if (this.batch.length === 0) return;
    this.worker.postMessage(this.batch);
    this.batch = [];
  }

  private write(name: string, data: string | Buffer): void {
    // Gathered for a turn of the event loop: one message carries many files.
    if (this.batch.length === 0) setImmediate(() => this.send());
    this.batch.push([path.join(this.dir, name), data]);
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
