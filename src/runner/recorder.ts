// Where the suites put what they find: the check applications (results.ndjson, the record every report
// is built from), a line per exchange and per retry wait, and the text to attach to each jest test's
// Allure results. The CLI creates one per run and hands it to the suites' test environment, like the
// limiter: the suites write through the runner, which owns the results.
import fs from 'node:fs';
import path from 'node:path';
import type { Attachment } from '../report/allure';
import type { CheckApplication } from '../report/outcome';

/** Where the CLI puts the run's recorder for the suites' test environment (a registered symbol: the same in every realm). */
export const RECORDER_GLOBAL = Symbol.for('scim-conformance.run-recorder');

export const RESULTS_FILE = 'results.ndjson';
export const EXCHANGES_FILE = 'exchanges.ndjson';
/** One line per wait before a retry of a 429 or 503: `{ "waitedMs": n }`. */
export const RETRIES_FILE = 'retries.ndjson';

/** The run's recorder as the suites see it; only the CLI runs the suites, and it always provides one. */
export function runRecorder(): RunRecorder {
  const recorder = (globalThis as unknown as Record<symbol, unknown>)[RECORDER_GLOBAL];
  if (!recorder) throw new Error('no run recorder: the suites in specs/ are run by the scim-conformance CLI, not directly by jest');
  return recorder as RunRecorder;
}

export class RunRecorder {
  // Each file is opened once and written with one synchronous write a line: a record is on disk as
  // soon as it is made (an interrupted run reports what was judged), without an open and a close per line.
  private readonly fds = new Map<string, number>();
  private readonly attached = new Map<string, Attachment[]>();

  constructor(readonly runDir: string) {}

  record(app: CheckApplication): void {
    this.append(RESULTS_FILE, app);
  }

  exchange(line: { seq: number; label?: string; status?: number | string }): void {
    this.append(EXCHANGES_FILE, line);
  }

  retry(waitedMs: number): void {
    this.append(RETRIES_FILE, { waitedMs });
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

  /** Closes the files; what was written stays readable with readLines(). */
  close(): void {
    for (const fd of this.fds.values()) fs.closeSync(fd);
    this.fds.clear();
  }

  private append(file: string, record: unknown): void {
    let fd = this.fds.get(file);
    if (fd === undefined) this.fds.set(file, (fd = fs.openSync(path.join(this.runDir, file), 'a')));
    fs.writeSync(fd, JSON.stringify(record) + '\n');
  }
}
