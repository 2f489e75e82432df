// Where the suites put what they find: the check applications (results.ndjson in the run's folder,
// the record every report is built from), the count of requests and retry waits, and the text to
// attach to each jest test's Allure results. The CLI creates one per run and the suites write
// through it (suite-env.ts): the runner owns the results.
import fs from 'node:fs';
import path from 'node:path';
import type { Attachment } from '../report/allure';
import type { CheckApplication } from '../report/outcome';
import { readLines } from './context';

export const RESULTS_FILE = 'results.ndjson';

export class RunRecorder {
  /** Requests the suites asked for (retries not counted). */
  requests = 0;
  /** Waits before a retry of a 429 or 503. */
  readonly retries = { count: 0, waitedMs: 0 };
  private fd: number | undefined;
  // Records made in one turn of the event loop go to the file in one write (a run makes about 2,700).
  private pending: string[] = [];
  private readonly attached = new Map<string, Attachment[]>();

  constructor(readonly runDir: string) {}

  record(app: CheckApplication): void {
    if (this.pending.length === 0) setImmediate(() => this.flush());
    this.pending.push(JSON.stringify(app) + '\n');
  }

  exchange(): void {
    this.requests++;
  }

  retry(waitedMs: number): void {
    this.retries.count++;
    this.retries.waitedMs += waitedMs;
  }

  /** Attaches text to every application the jest test `test` records (kept in memory: the reports are written in this process). */
  attach(test: string, attachment: Attachment): void {
    const list = this.attached.get(test);
    if (list) list.push(attachment);
    else this.attached.set(test, [attachment]);
  }

  attachments(test: string | undefined): readonly Attachment[] {
    return (test !== undefined && this.attached.get(test)) || [];
  }

  /** Every application recorded so far, as the file holds them. */
  applications(): CheckApplication[] {
    this.flush();
    return readLines<CheckApplication>(this.runDir, RESULTS_FILE);
  }

  close(): void {
    this.flush();
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    this.fd ??= fs.openSync(path.join(this.runDir, RESULTS_FILE), 'a');
    const text = this.pending.join('');
    this.pending = [];
    fs.writeSync(this.fd, text);
  }
}
