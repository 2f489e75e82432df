// The one gate every request of a run passes (--concurrency, --max-rps): at most N in flight and at
// most R started in any one-second window, for the whole run. The CLI creates it and the suites' one
// client sends through it (suite-env.ts), so no file or suite has a limiter of its own. It also times
// the run's traffic for the summary (requests, busy time, slowest).
import type { RequestGate, GateTicket } from '../http/client';

/**
 * A request counts against --max-rps from its start until this long after its end. Arrival at the
 * endpoint lies somewhere between the two, so any R+1 arrivals then span more than the window, however
 * the network or a busy event loop delays them.
 */
export const RATE_WINDOW_MS = 1000;
/** How many of the slowest requests the summary keeps. */
const SLOWEST_KEPT = 10;

export interface LimiterOptions {
  concurrency: number;
  /** Requests started per second at most; undefined: no rate bound. */
  maxRps?: number;
  now?: () => number;
}

export interface SlowRequest {
  method: string;
  /** The path with ids replaced by {id} and the query left out. */
  path: string;
  ms: number;
}

/** What the limiter saw of the run's traffic (times in ms). */
export interface TrafficTiming {
  requests: number;
  /** Time with at least one request in flight: the run waiting on the endpoint. */
  endpointBusyMs: number;
  /** Sum of every request's time in flight (overlapping requests each count). */
  requestMs: number;
  /** Sum of the time requests waited for a slot (--concurrency) or the rate bound (--max-rps). */
  queuedMs: number;
  maxInFlight: number;
  /** With --max-rps: most requests counted in the rate window at once (never above it). */
  maxPerWindow: number;
  /** Most requests started within one second. */
  maxPerSecond: number;
  /** Pauses asked for by 429/503 Retry-After, during which no request started. */
  throttledMs: number;
  slowest: SlowRequest[];
  /** Requests by chain (see ScimRequest.chain); requests of no chain are counted under "". */
  chains: Record<string, number>;
  /**
   * The suites' traffic (requests of a chain), from the start of the first to the end of the last:
   * attempts, wall time, and this process's CPU (user + system) meanwhile. Undefined before one ended.
   */
  suites?: { requests: number; wallMs: number; cpuMs: number };
}

interface Waiter {
  /** Called with the start time and the window entry once the request holds its slot. */
  resolve: (started: [number, { endedAt?: number }]) => void;
}

export class RunLimiter implements RequestGate {
  readonly concurrency: number;
  readonly maxRps: number | undefined;
  private readonly now: () => number;
  private inFlight = 0;
  private readonly waiters: Waiter[] = [];
  /** Requests that count against --max-rps: in flight, or ended less than RATE_WINDOW_MS ago. */
  private window: Array<{ endedAt?: number }> = [];
  private pausedUntil = 0;
  private timer: NodeJS.Timeout | undefined;
  private busySince: number | undefined;
  private readonly stats = { requests: 0, endpointBusyMs: 0, requestMs: 0, queuedMs: 0, maxInFlight: 0, maxPerWindow: 0, maxPerSecond: 0, throttledMs: 0 };
  /** Start times of the last second (for the figure, not the bound). */
  private readonly recent: number[] = [];
  private readonly slow: SlowRequest[] = [];
  private readonly chains = new Map<string, number>();
  private suites: { requests: number; firstAt: number; cpuAtFirst: NodeJS.CpuUsage; lastAt?: number; cpuAtLast?: NodeJS.CpuUsage } | undefined;

  constructor(options: LimiterOptions) {
    if (!Number.isInteger(options.concurrency) || options.concurrency < 1) throw new RangeError(`concurrency must be a positive integer (got ${options.concurrency})`);
    if (options.maxRps !== undefined && (!Number.isInteger(options.maxRps) || options.maxRps < 1)) throw new RangeError(`maxRps must be a positive integer (got ${options.maxRps})`);
    this.concurrency = options.concurrency;
    this.maxRps = options.maxRps;
    this.now = options.now ?? (() => performance.now());
  }

  /** Waits for a slot (first come, first served); the ticket must be released exactly once. */
  async acquire(request: { method: string; path: string; chain?: string }): Promise<GateTicket> {
    this.chains.set(request.chain ?? '', (this.chains.get(request.chain ?? '') ?? 0) + 1);
    const asked = this.now();
    let started: number;
    let entry: { endedAt?: number };
    if (this.waiters.length === 0 && this.mayStart(asked)) {
      started = asked;
      entry = this.begin(started);
    } else {
      [started, entry] = await new Promise<[number, { endedAt?: number }]>((resolve) => {
        this.waiters.push({ resolve });
        this.schedule();
      });
    }
    this.stats.queuedMs += started - asked;
    if (request.chain !== undefined) {
      if (this.suites) this.suites.requests++;
      else this.suites = { requests: 1, firstAt: started, cpuAtFirst: process.cpuUsage() };
    }
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        this.end(request, started, entry);
      },
    };
  }

  /** A 429 or 503 asked the run to wait: no request starts before then (requests in flight go on). */
  pause(ms: number): void {
    const until = this.now() + ms;
    if (until <= this.pausedUntil) return;
    this.stats.throttledMs += until - Math.max(this.pausedUntil, this.now());
    this.pausedUntil = until;
    this.schedule();
  }

  timing(): TrafficTiming {
    const s = this.suites;
    const suites = s?.lastAt !== undefined && s.cpuAtLast ? { requests: s.requests, wallMs: s.lastAt - s.firstAt, cpuMs: cpuMs(s.cpuAtLast, s.cpuAtFirst) } : undefined;
    return { ...this.stats, slowest: [...this.slow], chains: Object.fromEntries(this.chains), ...(suites ? { suites } : {}) };
  }

  private mayStart(t: number): boolean {
    if (this.inFlight >= this.concurrency || t < this.pausedUntil) return false;
    if (this.maxRps === undefined) return true;
    this.forgetOld(t);
    return this.window.length < this.maxRps;
  }

  private forgetOld(t: number): void {
    if (this.window.some((w) => w.endedAt !== undefined && w.endedAt <= t - RATE_WINDOW_MS)) {
      this.window = this.window.filter((w) => w.endedAt === undefined || w.endedAt > t - RATE_WINDOW_MS);
    }
  }

  private begin(t: number): { endedAt?: number } {
    this.inFlight++;
    this.stats.requests++;
    this.stats.maxInFlight = Math.max(this.stats.maxInFlight, this.inFlight);
    this.busySince ??= t;
    const entry: { endedAt?: number } = {};
    if (this.maxRps !== undefined) {
      this.window.push(entry);
      this.stats.maxPerWindow = Math.max(this.stats.maxPerWindow, this.window.length);
    }
    // Without --max-rps nothing is held back; the starts of the last second are only counted.
    this.recent.push(t);
    while (this.recent[0]! <= t - 1000) this.recent.shift();
    this.stats.maxPerSecond = Math.max(this.stats.maxPerSecond, this.recent.length);
    return entry;
  }

  private end(request: { method: string; path: string; chain?: string }, started: number, entry: { endedAt?: number }): void {
    const t = this.now();
    // The last answer leaves nothing in flight: sampling the CPU only then (it costs a system call) still catches it.
    if (request.chain !== undefined && this.suites && this.inFlight === 1) {
      this.suites.lastAt = t;
      this.suites.cpuAtLast = process.cpuUsage();
    }
    entry.endedAt = t;
    this.inFlight--;
    this.stats.requestMs += t - started;
    if (this.inFlight === 0 && this.busySince !== undefined) {
      this.stats.endpointBusyMs += t - this.busySince;
      this.busySince = undefined;
    }
    this.keepIfSlow({ method: request.method, path: pathTemplate(request.path), ms: Math.round((t - started) * 10) / 10 });
    this.wake();
  }

  private keepIfSlow(r: SlowRequest): void {
    if (this.slow.length === SLOWEST_KEPT && this.slow[SLOWEST_KEPT - 1]!.ms >= r.ms) return;
    this.slow.push(r);
    this.slow.sort((a, b) => b.ms - a.ms);
    this.slow.length = Math.min(this.slow.length, SLOWEST_KEPT);
  }

  /** Lets waiting requests start, in arrival order, as far as the bounds allow now. */
  private wake(): void {
    for (let t = this.now(); this.waiters.length > 0 && this.mayStart(t); t = this.now()) {
      const entry = this.begin(t);
      this.waiters.shift()!.resolve([t, entry]);
    }
    this.schedule();
  }

  /** When only time (the rate window or a pause) holds the next waiter back, wake up then. */
  private schedule(): void {
    if (this.timer || this.waiters.length === 0 || this.inFlight >= this.concurrency) return;
    const t = this.now();
    this.forgetOld(t);
    let at = Math.max(t, this.pausedUntil);
    if (this.maxRps !== undefined && this.window.length >= this.maxRps) {
      // The earliest entry to leave the window; with every one still in flight, an end() wakes the queue.
      const ends = this.window.flatMap((w) => (w.endedAt !== undefined ? [w.endedAt] : []));
      if (ends.length === 0) return;
      at = Math.max(at, Math.min(...ends) + RATE_WINDOW_MS);
    }
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.wake();
    }, Math.max(1, Math.ceil(at - t)));
  }
}

function cpuMs(to: NodeJS.CpuUsage, from: NodeJS.CpuUsage): number {
  return (to.user - from.user + to.system - from.system) / 1000;
}

/** `/Users/2819c223?attributes=x` → `/Users/{id}`: requests grouped by what they do, not by which resource. */
export function pathTemplate(pathAndQuery: string): string {
  let p = pathAndQuery;
  try {
    p = new URL(pathAndQuery, 'http://x').pathname;
  } catch {
    p = pathAndQuery.split('?')[0] ?? pathAndQuery;
  }
  return p.replace(/\/(Users|Groups)\/[^/]+/g, '/$1/{id}');
}
