// The console's view of a running scale run: a cli-progress bar with rate and ETA on a terminal, one
// plain line every few seconds otherwise (CI logs). Both only read the run's completed count.
import cliProgress from 'cli-progress';

const PLAIN_EVERY_MS = 5000;

export class Progress {
  private bar?: cliProgress.SingleBar;
  private timer?: NodeJS.Timeout;
  private current = 'starting';
  private readonly startedAt = Date.now();

  constructor(
    private readonly total: number,
    private readonly done: () => number,
    private readonly tty: boolean,
    private readonly write: (line: string) => void,
  ) {}

  start(): void {
    if (this.tty) {
      this.bar = new cliProgress.SingleBar(
        {
          format: ' {bar} {percentage}% | {value}/{total} requests | {rate} req/s | ETA {eta_formatted} | {phase}',
          hideCursor: true,
          clearOnComplete: false,
          stream: process.stderr,
          etaBuffer: 50,
          fps: 5,
        },
        cliProgress.Presets.shades_classic,
      );
      this.bar.start(this.total, 0, { rate: '0', phase: this.current });
      this.timer = setInterval(() => this.tick(), 200);
    } else {
      this.timer = setInterval(() => this.plain(), PLAIN_EVERY_MS);
    }
    this.timer.unref();
  }

  phase(name: string): void {
    this.current = name;
    if (!this.tty) this.write(`scale: phase ${name} (${this.done()}/${this.total} requests so far)`);
    else this.tick();
  }

  private rate(): string {
    const s = (Date.now() - this.startedAt) / 1000;
    return s > 0 ? (this.done() / s).toFixed(0) : '0';
  }

  private tick(): void {
    this.bar?.update(Math.min(this.done(), this.total), { rate: this.rate(), phase: this.current });
  }

  private plain(): void {
    const done = this.done();
    const rate = Number(this.rate());
    const eta = rate > 0 ? Math.max(0, Math.round((this.total - done) / rate)) : undefined;
    this.write(`scale: ${done}/${this.total} requests, ${rate} req/s${eta !== undefined ? `, ETA ${eta}s` : ''} (${this.current})`);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.bar) {
      this.tick();
      this.bar.stop();
    }
  }
}
