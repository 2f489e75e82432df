// Ends a run early, cleanly: on Ctrl-C (SIGINT), SIGTERM or when the run's deadline passes. The stop
// file tells every client of the run (also those inside the jest suites, which live in their own
// module registry) to send nothing more; requests in flight get a bounded grace to finish, so that
// their creates are journaled; then the CLI sweeps and writes a partial report. A second signal
// ends the process at once (the run folder is still removed by the exit hook).
import fs from 'node:fs';
import path from 'node:path';
import { STOP_FILE } from './context';

export type StopReason = 'SIGINT' | 'SIGTERM' | 'deadline';

/** 128 + the signal number, as shells report it. */
export const SIGNAL_EXIT: Record<Exclude<StopReason, 'deadline'>, number> = { SIGINT: 130, SIGTERM: 143 };

export class RunStop {
  reason: StopReason | undefined;
  private readonly stopped: Promise<StopReason>;
  private resolve!: (reason: StopReason) => void;
  private readonly timer: NodeJS.Timeout;
  private readonly onSignal = (signal: NodeJS.Signals) => {
    if (this.reason !== undefined && this.reason !== 'deadline') {
      process.stderr.write(`\nscim-conformance: ${signal} again: exiting without clean-up\n`);
      process.exit(SIGNAL_EXIT[signal === 'SIGTERM' ? 'SIGTERM' : 'SIGINT']);
    }
    this.stop(signal === 'SIGTERM' ? 'SIGTERM' : 'SIGINT');
  };

  constructor(
    private readonly runDir: string,
    deadlineAt: number,
    private readonly announce: (reason: StopReason) => void,
  ) {
    this.stopped = new Promise((resolve) => (this.resolve = resolve));
    process.on('SIGINT', this.onSignal);
    process.on('SIGTERM', this.onSignal);
    this.timer = setTimeout(() => this.stop('deadline'), Math.max(0, deadlineAt - Date.now()));
    this.timer.unref();
  }

  stop(reason: StopReason): void {
    if (this.reason !== undefined) {
      if (reason !== 'deadline') this.reason = reason; // a signal after the deadline still sets the exit code
      return;
    }
    this.reason = reason;
    fs.writeFileSync(path.join(this.runDir, STOP_FILE), reason);
    this.announce(reason);
    this.resolve(reason);
  }

  /**
   * The work's result, or undefined when the run was stopped first; after a stop, the work gets up
   * to graceMs more to settle (a create in flight then reaches the journal).
   */
  async race<T>(work: Promise<T>, graceMs: number): Promise<T | undefined> {
    const done = work.then((value) => ({ value }));
    const first = await Promise.race([done, this.stopped.then(() => undefined)]);
    if (first) return first.value;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([done.catch(() => undefined), new Promise((resolve) => (timer = setTimeout(resolve, graceMs)))]);
    clearTimeout(timer);
    return undefined;
  }

  /** Signals still end the process at once after this (a second Ctrl-C during clean-up). */
  dispose(): void {
    clearTimeout(this.timer);
  }

  /** After the reports: the default signal behaviour comes back. */
  release(): void {
    this.dispose();
    process.removeListener('SIGINT', this.onSignal);
    process.removeListener('SIGTERM', this.onSignal);
  }
}
