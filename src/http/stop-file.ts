// The run's stop file (written by src/runner/interrupt.ts on Ctrl-C, SIGTERM or the deadline) means
// "send nothing more". Looking for it costs a stat call; at thousands of requests a second, it is
// looked for at most once per interval instead, and once seen it stays seen (the file is never removed
// during a run). A stop is therefore noticed within one interval of the file appearing.
import fs from 'node:fs';

/** How stale a "not stopped" answer may be. */
export const STOP_CHECK_INTERVAL_MS = 10;

export class StopFile {
  private stopped = false;
  private checkedAt = -Infinity;

  constructor(
    readonly file: string,
    private readonly intervalMs = STOP_CHECK_INTERVAL_MS,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Whether the file exists, as of at most `intervalMs` ago. */
  get isStopped(): boolean {
    if (this.stopped) return true;
    const now = this.now();
    if (now - this.checkedAt < this.intervalMs) return false;
    this.checkedAt = now;
    this.stopped = fs.existsSync(this.file);
    return this.stopped;
  }
}
