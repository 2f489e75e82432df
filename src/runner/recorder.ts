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
  /** Why results.ndjson could not be written, if it could not: the run cannot be judged then. */
  failure: string | undefined;
  private fd: number | undefined;
  private closed = false;
  // Records made in one turn of the event loop go to the file in one write (a run makes about 2,700).
  private pending: string[] = [];
  private readonly attached = new Map<string, Attachment[]>();

  constructor(readonly runDir: string) {}

  record(app: CheckApplication): void {
    // After an interruption the suites may go on for a moment after the report was made: not recorded.
    if (this.closed) return;
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
    this.closed = true;
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
  }

  private flush(): void {
    if (this.pending.length === 0 || this.closed) return;
    const text = this.pending.join('');
    this.pending = [];
    try {
      this.fd ??= fs.openSync(path.join(this.runDir, RESULTS_FILE), 'a');
      fs.writeSync(this.fd, text);
    } catch (err) {
      this.failure ??= `could not write the check results to ${path.join(this.runDir, RESULTS_FILE)}: ${(err as Error).message}`;
    }
  }
}
