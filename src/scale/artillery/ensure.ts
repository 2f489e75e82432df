// The scale run's pass/fail criteria as conditions of Artillery's ensure plugin (bundled with
// Artillery 2.x), so `artillery run` of an export exits 1 when one does not hold, as scale mode does.
// Each threshold reads the processor's own metrics (processor-source.ts), which mean what scale mode
// measures: a threshold without a kind judges Entra's requests (scimc.replayed.*), with a kind that
// kind's (scimc.<metric>.<kind>); latency is the answer that stands, after any 429/503 retries.
// Besides the thresholds, the export carries scale mode's other reasons to fail that Artillery can
// see: a read-back that lost what was written, a create whose id reads back as another resource,
// and a virtual user ended by a request without an answer (its unit left unfinished).
import { plannedCounts, type RequestKind, type ScaleOptions } from '../plan';
import type { Threshold } from '../thresholds';

/** One entry of `config.ensure.conditions`; strict: a failed one sets the exit code to 1. */
export interface EnsureCondition {
  expression: string;
  strict: true;
}

/** A condition and what it stands for (the export's README lists them). */
export interface ExportedCondition extends EnsureCondition {
  /** The threshold's text, or what the condition checks. */
  meaning: string;
}

/** A decimal literal the ensure plugin's expression language reads (no exponent). */
function literal(v: number): string {
  const text = v.toFixed(12).replace(/0+$/, '').replace(/\.$/, '');
  return text === '-0' ? '0' : text;
}

/** The metric names of a threshold's scope: one kind, or Entra's requests together. */
function scope(kind: RequestKind | undefined): { sent: string; errors: string; throttled: string; retried: string; latency: string } {
  const of = (metric: string) => (kind === undefined ? `scimc.replayed.${metric}` : `scimc.${metric}.${kind}`);
  return { sent: of('sent'), errors: of('errors'), throttled: of('throttled'), retried: of('retried'), latency: of('latency') };
}

/** The time base of rps: this process's first request to its last answer (ms). */
export const SPAN_METRIC = 'scimc.span_ms.max';

export function thresholdCondition(t: Threshold): ExportedCondition {
  const m = scope(t.kind);
  const v = literal(t.value);
  let expression: string;
  switch (t.metric) {
    case 'p50':
    case 'p90':
    case 'p95':
    case 'p99':
    case 'max':
    case 'mean':
      expression = `${m.latency}.${t.metric} ${t.op} ${v}`;
      break;
    case 'errors':
      expression = `${m.errors} / ${m.sent} ${t.op} ${v}`;
      break;
    case 'throttled':
      // 429 answers over attempts, as scale mode counts them.
      expression = `${m.throttled} / (${m.sent} + ${m.retried}) ${t.op} ${v}`;
      break;
    case 'rps':
      expression = `${m.sent} / (${SPAN_METRIC} / 1000) ${t.op} ${v}`;
      break;
  }
  return { expression, strict: true, meaning: t.text };
}

/** What scale mode fails a run for, besides its thresholds, that Artillery's metrics show. */
export const CORRECTNESS_CONDITIONS: readonly ExportedCondition[] = [
  { expression: 'scimc.verify_failed.user + scimc.verify_failed.group == 0', strict: true, meaning: 'every sampled read-back shows what was written (members, userName, active)' },
  { expression: 'scimc.identity_mismatch.user + scimc.identity_mismatch.group == 0', strict: true, meaning: 'every id a create returned reads back as the resource created' },
  { expression: 'vusers.failed == 0', strict: true, meaning: 'no request went without an answer (that ends its virtual user and leaves its unit unfinished)' },
];

/**
 * The ensure conditions of an export. A threshold on a kind the scenario never sends could never
 * be judged: refused here, before anything is written.
 */
export function ensureConditions(o: ScaleOptions, thresholds: readonly Threshold[]): ExportedCondition[] {
  const planned = plannedCounts(o);
  for (const t of thresholds) {
    if (t.kind !== undefined && planned[t.kind] === 0) throw new Error(`threshold ${t.text}: this scenario sends no ${t.kind} request, so it could never be judged`);
  }
  return [...thresholds.map(thresholdCondition), ...CORRECTNESS_CONDITIONS];
}
