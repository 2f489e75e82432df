// What a scale run measured, per request kind: latencies in an HDR histogram (hdr-histogram-js; no
// percentile arithmetic of our own), status codes, transport errors, 429/503 answers and the waits
// their Retry-After asked for, and completions per second for the throughput-over-time chart.
import * as hdr from 'hdr-histogram-js';
import { REQUEST_KINDS, type RequestKind } from './plan';

/** Latencies are recorded in microseconds, up to 10 minutes, to 3 significant digits. */
const HIGHEST_US = 600_000_000;

interface KindMetrics {
  histogram: hdr.Histogram;
  statuses: Map<number, number>;
  /** Requests (after their retries) that got a 2xx. */
  ok: number;
  /** Requests whose final answer was not the expected success, or never came. */
  errors: number;
  /** Transport failures (no HTTP answer), by code. */
  transport: Map<string, number>;
  /** 429 answers seen (each attempt counts). */
  throttled: number;
  /** 503 answers seen. */
  unavailable: number;
  /** Retries made after a 429/503, and the time waited before them. */
  retries: number;
  retryWaitMs: number;
  firstAt?: number;
  lastAt?: number;
}

export interface KindSummary {
  kind: RequestKind;
  /** Requests completed (each counts once, whatever its retries). */
  count: number;
  ok: number;
  errors: number;
  /** errors / count. */
  errorRate: number;
  /** count / the seconds from this kind's first start to its last completion. */
  rps: number;
  latencyMs: { p50: number; p90: number; p95: number; p99: number; max: number; mean: number };
  statuses: Record<string, number>;
  transportErrors: Record<string, number>;
  throttled: number;
  unavailable: number;
  retries: number;
  retryWaitMs: number;
}

export interface LatencyBin {
  /** Upper bound of the bin in ms. */
  leMs: number;
  count: number;
}

const round = (v: number, digits = 2) => Math.round(v * 10 ** digits) / 10 ** digits;

export class ScaleMetrics {
  private readonly kinds = new Map<RequestKind, KindMetrics>();
  private completed = 0;
  /** Completions per whole second since start, per kind. */
  private readonly perSecond = new Map<RequestKind, number[]>();
  readonly startedAt: number;

  constructor(now = Date.now()) {
    this.startedAt = now;
  }

  private of(kind: RequestKind): KindMetrics {
    let m = this.kinds.get(kind);
    if (!m) {
      m = { histogram: newHistogram(), statuses: new Map(), ok: 0, errors: 0, transport: new Map(), throttled: 0, unavailable: 0, retries: 0, retryWaitMs: 0 };
      this.kinds.set(kind, m);
    }
    return m;
  }

  /** One attempt answered 429 or 503 and will be retried after waitMs. */
  retry(kind: RequestKind, status: number, waitMs: number): void {
    const m = this.of(kind);
    if (status === 429) m.throttled++;
    else m.unavailable++;
    m.retries++;
    m.retryWaitMs += waitMs;
  }

  /** An answer of 429/503 that was not retried (retry budget spent): counted, then recorded as the final answer. */
  throttledFinal(kind: RequestKind, status: number): void {
    const m = this.of(kind);
    if (status === 429) m.throttled++;
    else if (status === 503) m.unavailable++;
  }

  /** A request finished: its final status (or transport error code), whether it met its expectation, and its latency (first send to final answer). */
  record(kind: RequestKind, outcome: { status?: number; transportError?: string; ok: boolean; startedAt: number; latencyUs: number; endedAt: number }): void {
    const m = this.of(kind);
    const us = Math.max(1, Math.min(HIGHEST_US, Math.round(outcome.latencyUs)));
    m.histogram.recordValue(us);
    this.completed++;
    if (outcome.status !== undefined) m.statuses.set(outcome.status, (m.statuses.get(outcome.status) ?? 0) + 1);
    if (outcome.transportError !== undefined) m.transport.set(outcome.transportError, (m.transport.get(outcome.transportError) ?? 0) + 1);
    if (outcome.ok) m.ok++;
    else m.errors++;
    m.firstAt = Math.min(m.firstAt ?? outcome.startedAt, outcome.startedAt);
    m.lastAt = Math.max(m.lastAt ?? outcome.endedAt, outcome.endedAt);
    const second = Math.max(0, Math.floor((outcome.endedAt - this.startedAt) / 1000));
    let series = this.perSecond.get(kind);
    if (!series) this.perSecond.set(kind, (series = []));
    while (series.length <= second) series.push(0);
    series[second]++;
  }

  count(kind?: RequestKind): number {
    if (kind) return this.kinds.get(kind)?.histogram.totalCount ?? 0;
    return this.completed;
  }

  summary(kind: RequestKind): KindSummary | undefined {
    const m = this.kinds.get(kind);
    if (!m) return undefined;
    return summarise(kind, m.histogram, m);
  }

  /** Every kind that sent something, in plan order. */
  summaries(): KindSummary[] {
    return REQUEST_KINDS.flatMap((k) => this.summary(k) ?? []);
  }

  /**
   * Requests of several kinds together (every kind by default): p-values over their latencies; rps
   * over `spanMs` when given, else from the first of them sent to the last answered.
   */
  overall(include: (kind: RequestKind) => boolean = () => true, spanMs?: number): Omit<KindSummary, 'kind'> {
    const histogram = newHistogram();
    const total: KindMetrics = { histogram, statuses: new Map(), ok: 0, errors: 0, transport: new Map(), throttled: 0, unavailable: 0, retries: 0, retryWaitMs: 0 };
    for (const [kind, m] of this.kinds) {
      if (!include(kind)) continue;
      histogram.add(m.histogram);
      for (const [s, n] of m.statuses) total.statuses.set(s, (total.statuses.get(s) ?? 0) + n);
      for (const [c, n] of m.transport) total.transport.set(c, (total.transport.get(c) ?? 0) + n);
      total.ok += m.ok;
      total.errors += m.errors;
      total.throttled += m.throttled;
      total.unavailable += m.unavailable;
      total.retries += m.retries;
      total.retryWaitMs += m.retryWaitMs;
      if (m.firstAt !== undefined) total.firstAt = Math.min(total.firstAt ?? m.firstAt, m.firstAt);
      if (m.lastAt !== undefined) total.lastAt = Math.max(total.lastAt ?? m.lastAt, m.lastAt);
    }
    if (spanMs !== undefined && total.firstAt !== undefined) total.lastAt = total.firstAt + spanMs;
    const { kind: _kind, ...rest } = summarise('probe', histogram, total);
    return rest;
  }

  /** Completions per second since the start, per kind (index = second). */
  timeline(): Partial<Record<RequestKind, number[]>> {
    const seconds = Math.max(0, ...[...this.perSecond.values()].map((s) => s.length));
    const out: Partial<Record<RequestKind, number[]>> = {};
    for (const k of REQUEST_KINDS) {
      const s = this.perSecond.get(k);
      if (s) out[k] = [...s, ...Array<number>(seconds - s.length).fill(0)];
    }
    return out;
  }

  /**
   * A latency histogram of one kind in log-spaced bins, read from the HDR histogram's own percentile
   * distribution (cumulative counts by value), so no bucketing of raw samples happens here.
   */
  latencyBins(kind: RequestKind, binsPerDecade = 5): LatencyBin[] {
    const m = this.kinds.get(kind);
    if (!m || m.histogram.totalCount === 0) return [];
    const points = cumulative(m.histogram);
    const minMs = points[0].valueUs / 1000;
    const maxMs = m.histogram.maxValue / 1000;
    const step = 10 ** (1 / binsPerDecade);
    let le = 10 ** Math.floor(Math.log10(Math.max(minMs, 0.001)));
    const bins: LatencyBin[] = [];
    let before = 0;
    let guard = 0;
    while (guard++ < 200) {
      const upToUs = le * 1000;
      // Cumulative count at the largest tick at or below the bound.
      let at = before;
      for (const p of points) if (p.valueUs <= upToUs) at = p.count;
      bins.push({ leMs: round(le, 3), count: at - before });
      before = at;
      if (le >= maxMs) break;
      le *= step;
    }
    const total = m.histogram.totalCount;
    if (before < total) bins[bins.length - 1].count += total - before;
    return bins;
  }
}

function newHistogram(): hdr.Histogram {
  return hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: HIGHEST_US, numberOfSignificantValueDigits: 3, bitBucketSize: 32, useWebAssembly: false });
}

function summarise(kind: RequestKind, h: hdr.Histogram, m: KindMetrics): KindSummary {
  const count = h.totalCount;
  const spanS = m.firstAt !== undefined && m.lastAt !== undefined ? Math.max(0.001, (m.lastAt - m.firstAt) / 1000) : 0;
  const ms = (us: number) => round(us / 1000, 3);
  return {
    kind,
    count,
    ok: m.ok,
    errors: m.errors,
    errorRate: count === 0 ? 0 : m.errors / count,
    rps: spanS === 0 ? 0 : round(count / spanS, 1),
    latencyMs: count === 0 ? { p50: 0, p90: 0, p95: 0, p99: 0, max: 0, mean: 0 } : { p50: ms(h.getValueAtPercentile(50)), p90: ms(h.getValueAtPercentile(90)), p95: ms(h.getValueAtPercentile(95)), p99: ms(h.getValueAtPercentile(99)), max: ms(h.maxValue), mean: ms(h.mean) },
    statuses: Object.fromEntries([...m.statuses].sort((a, b) => a[0] - b[0]).map(([s, n]) => [String(s), n])),
    transportErrors: Object.fromEntries(m.transport),
    throttled: m.throttled,
    unavailable: m.unavailable,
    retries: m.retries,
    retryWaitMs: m.retryWaitMs,
  };
}

/** (value, cumulative count) pairs from hdr-histogram-js's CSV percentile distribution. */
function cumulative(h: hdr.Histogram): Array<{ valueUs: number; count: number }> {
  const csv = (h.outputPercentileDistribution as unknown as (ticks: number, scale: number, csv: boolean) => string)(5, 1, true);
  const out: Array<{ valueUs: number; count: number }> = [];
  for (const line of csv.split('\n').slice(1)) {
    const [value, , count] = line.split(',');
    const v = Number(value);
    const c = Number(count);
    if (Number.isFinite(v) && Number.isFinite(c)) out.push({ valueUs: v, count: c });
  }
  return out.length > 0 ? out : [{ valueUs: h.maxValue, count: h.totalCount }];
}
