// k6-style pass/fail criteria of a scale run: `--threshold p95<500ms`, `errors<0.1%`, `rps>=25`, and
// per request kind `user.create:p95<800ms`. A crossed threshold fails the run (exit 1). A threshold
// without a kind judges the replayed client's traffic (every kind but the harness's read-backs and
// clean-up, plan.ts HARNESS_KINDS); the defaults, each from what the client documents, always apply
// unless a --threshold on the same metric (without a kind) replaces one.
import type { Client } from '../profiles';
import type { KindSummary } from './metrics';
import { REQUEST_KINDS, type RequestKind } from './plan';

export type ThresholdMetric = 'p50' | 'p90' | 'p95' | 'p99' | 'max' | 'mean' | 'errors' | 'rps' | 'throttled';
type Op = '<' | '<=' | '>' | '>=';

export interface Threshold {
  /** As the user wrote it (or the default's text). */
  text: string;
  kind?: RequestKind;
  metric: ThresholdMetric;
  op: Op;
  /** Latency in ms, a rate as a fraction (0.001 for 0.1%), or requests per second. */
  value: number;
  /** Where a default comes from (docs/scale.md explains each). */
  source?: string;
  /** A --threshold that took the place of a default: that default's text. */
  replaces?: string;
}

export class ThresholdError extends Error {}

const LATENCY = new Set<ThresholdMetric>(['p50', 'p90', 'p95', 'p99', 'max', 'mean']);
const RATE = new Set<ThresholdMetric>(['errors', 'throttled']);

export function parseThreshold(text: string): Threshold {
  const m = /^\s*(?:([a-z.-]+):)?\s*(p50|p90|p95|p99|max|mean|avg|errors|rps|throttled)\s*(<=|>=|<|>)\s*([0-9]*\.?[0-9]+)\s*(ms|s|us|µs|%)?\s*$/i.exec(text);
  const usage = 'write METRIC<VALUE, e.g. p95<500ms, errors<0.1%, rps>=25, throttled<1%, or KIND:METRIC<VALUE, e.g. user.create:p95<800ms';
  if (!m) throw new ThresholdError(`--threshold "${text}" is not understood: ${usage}`);
  const [, kindRaw, metricRaw, op, num, unitRaw] = m;
  const metric = (metricRaw.toLowerCase() === 'avg' ? 'mean' : metricRaw.toLowerCase()) as ThresholdMetric;
  const unit = unitRaw?.toLowerCase();
  let kind: RequestKind | undefined;
  if (kindRaw !== undefined) {
    if (!(REQUEST_KINDS as readonly string[]).includes(kindRaw)) throw new ThresholdError(`--threshold "${text}": unknown request kind "${kindRaw}"; the kinds are ${REQUEST_KINDS.join(', ')}`);
    kind = kindRaw as RequestKind;
  }
  let value = Number(num);
  if (LATENCY.has(metric)) {
    if (unit === '%') throw new ThresholdError(`--threshold "${text}": a latency takes ms, s or us, not %`);
    value = unit === 's' ? value * 1000 : unit === 'us' || unit === 'µs' ? value / 1000 : value; // bare numbers are ms, as in k6
  } else if (RATE.has(metric)) {
    if (unit !== undefined && unit !== '%') throw new ThresholdError(`--threshold "${text}": ${metric} is a rate: write it in % (errors<0.1%) or as a fraction (errors<0.001)`);
    value = unit === '%' ? value / 100 : value;
    if (value > 1) throw new ThresholdError(`--threshold "${text}": a rate above 100% means nothing`);
  } else if (unit !== undefined) {
    throw new ThresholdError(`--threshold "${text}": rps takes a bare number (rps>=25)`);
  }
  return { text: text.trim(), ...(kind ? { kind } : {}), metric, op: op as Op, value };
}

/** The value a threshold judges, from the kind's summary (or the whole run's). */
export function observed(t: Threshold, s: Omit<KindSummary, 'kind'>): number {
  switch (t.metric) {
    case 'p50':
    case 'p90':
    case 'p95':
    case 'p99':
    case 'max':
    case 'mean':
      return s.latencyMs[t.metric];
    case 'errors':
      return s.errorRate;
    case 'throttled':
      return s.count === 0 ? 0 : s.throttled / (s.count + s.retries);
    case 'rps':
      return s.rps;
  }
}

export function holds(t: Threshold, value: number): boolean {
  switch (t.op) {
    case '<':
      return value < t.value;
    case '<=':
      return value <= t.value;
    case '>':
      return value > t.value;
    case '>=':
      return value >= t.value;
  }
}

/** The observed value as the threshold writes it (ms, %, rps). */
export function formatValue(t: Pick<Threshold, 'metric'>, value: number): string {
  if (LATENCY.has(t.metric)) return `${Math.round(value * 100) / 100}ms`;
  if (RATE.has(t.metric)) return `${Math.round(value * 100_000) / 1000}%`;
  return `${Math.round(value * 10) / 10}`;
}

/**
 * The defaults, from what the client tolerates. Entra (entra-requests.md): each failed object goes to
 * escrow and is retried hours later, and a job with many failures is quarantined (§6); gallery apps
 * must take at least 25 requests per second per tenant (§1.7); Entra's per-request timeout is
 * UNVERIFIED (§1.7; a Microsoft answer gives 60 s, stack-notes.md), so the default latency bound is
 * that 60 s. Okta (okta-requests.md): every failed request is a user or group left unprovisioned and a
 * task for an admin (§6); Okta closes the socket after 60 s (§1.7); Okta documents no rate to sustain,
 * so no rps default.
 */
export function defaultThresholds(maxRps: number | undefined, client: Client = 'entra'): Threshold[] {
  if (client === 'okta') {
    return [
      { ...parseThreshold('errors<0.1%'), source: 'okta-requests.md §6: a failed request leaves its user or group unprovisioned and raises a task for an admin (a 409 on create stops that user\'s provisioning)' },
      { ...parseThreshold('max<60s'), source: 'okta-requests.md §1.7: Okta closes the socket after 60 seconds without a response (OKTA-DOC S5)' },
    ];
  }
  const out: Threshold[] = [
    { ...parseThreshold('errors<0.1%'), source: 'entra-requests.md §6: every failed object is escrowed and retried hours later; many failures quarantine the job' },
    { ...parseThreshold('max<60s'), source: 'entra-requests.md §1.7: the per-request timeout is UNVERIFIED; 60 s per a Microsoft answer (stack-notes.md); a timed-out request is logged as Timeout and retried' },
  ];
  // Paced below 25 rps on purpose, the run cannot show the rate: that default would only fail the pacing.
  if (maxRps === undefined || maxRps >= 25) out.push({ ...parseThreshold('rps>=25'), source: 'entra-requests.md §1.7: gallery apps must "Support at least 25 requests per second per tenant"' });
  return out;
}

/**
 * The thresholds a run applies: every --threshold, then each default that no --threshold replaces.
 * A --threshold replaces the default on its metric when it names no kind (errors<1% replaces
 * errors<0.1%; user.create:errors<1% adds to it), so giving one criterion never drops the others.
 */
export function applicableThresholds(given: readonly Threshold[], maxRps: number | undefined, client: Client = 'entra'): Threshold[] {
  const defaults = defaultThresholds(maxRps, client);
  const replacing = (d: Threshold) => given.find((t) => t.kind === undefined && t.metric === d.metric);
  const user = given.map((t) => {
    const replaced = t.kind === undefined ? defaults.find((d) => d.metric === t.metric) : undefined;
    return replaced ? { ...t, replaces: replaced.text } : t;
  });
  return [...user, ...defaults.filter((d) => replacing(d) === undefined)];
}

/** Where a threshold comes from, in a few words (console and reports). */
export function thresholdOrigin(t: Threshold): string {
  if (t.source !== undefined) return 'default';
  return t.replaces !== undefined ? `--threshold, replacing the default ${t.replaces}` : '--threshold';
}
