// What a run prints when it ends, read from the summary (the runner decided everything in it). Two
// reporters: `default` (the verdicts, What to fix, every failed check in full with its curl lines, the
// counts, timing and capabilities) and `summary` (the verdicts, What to fix and the report paths:
// what a CI log needs; the full detail stays in the reports). Both lead with the verdicts, then What
// to fix, so the first screen says what is wrong and where to start.
import type { Reporter } from '../config';
import type { Redactor } from '../http/redact';
import { CLIENT_NAMES } from '../profiles';
import { capabilityHow } from './capabilities';
import { damage, type CauseCheck, type CauseEntry } from './causes';
import { MARKS } from './format';
import { countsOf, preflightLine, reportedAreas, type Counts, type Summary, type SummaryCheck } from './summary';
import { terminalValue } from './terminal';

type Out = (line?: string) => void;

/** Longest expected or received value on a What-to-fix line; the per-check detail and the reports hold the rest. */
const MAX_VALUE = 200;
/** Steps named on a cause's "at" line; the rest are counted. */
const MAX_STEPS = 3;

export function printSummary(summary: Summary, redactor: Redactor, out: Out, errorOut: (line: string) => void, reporter: Reporter = 'default'): void {
  const text = (line: string) => out(redactor.text(line));
  // What voids the verdict comes first: a harness error or a run that judged nothing.
  for (const e of summary.internalErrors) errorOut(`scim-conformance: internal error (a bug of the harness, not the endpoint's failure): ${redactor.text(e)}`);
  if (summary.notJudged) errorOut(`scim-conformance: ${summary.interrupted ? 'no verdict' : 'nothing was judged'}: ${redactor.text(summary.notJudged)}`);
  out('');
  printVerdicts(summary, text);
  printCauses(summary.causes ?? [], text);
  if (reporter === 'default') printDetail(summary, redactor, out);
  if (summary.leftovers.length > 0) {
    text(`Left behind on the endpoint (could not delete): ${summary.leftovers.map((l) => `${l.type} ${terminalValue(l.name)}${l.id ? ` (${terminalValue(l.id)})` : ''}: ${terminalValue(l.reason, 300)}`).join('; ')}`);
  }
  out('');
  // A long log is read from its end too: the verdicts again, then the gate.
  if (reporter === 'default') printVerdicts(summary, text, false);
  out(gateLine(summary));
}

/** The verdicts (what the endpoint earned), and the preflight's diagnosis when it has one. */
function printVerdicts(summary: Summary, text: (line: string) => void, diagnosis = true): void {
  for (const area of reportedAreas(summary)) text(summary.verdicts[area].headline);
  // A failed Test Connection (the preflight) says what an admin would be told, and whether the run went on.
  const said = preflightLine(summary.preflight);
  if (diagnosis && said) text(said);
}

/** The gate, which sets the exit code; a baseline changes it, never the verdicts. */
export function gateLine(summary: Summary): string {
  const error = summary.interrupted ? 'NO VERDICT (interrupted; the report is partial)' : summary.notJudged && summary.internalErrors.length === 0 ? 'NO VERDICT (nothing was judged; see above)' : 'ERROR (the harness failed; see the internal errors above)';
  const partial = summary.interrupted && summary.verdict !== 'error' ? '; the run was stopped, the report is partial' : '';
  return `Verdict: ${summary.verdict === 'error' ? error : summary.verdict.toUpperCase()} (gate: ${summary.gate}, fail on: ${summary.failOn.toUpperCase()}${partial})${summary.gateNote ? `: ${summary.gateNote}` : ''}`;
}

function printCauses(causes: readonly CauseEntry[], text: (line: string) => void): void {
  if (causes.length === 0) return;
  text('');
  text(`What to fix (${causes.length} cause${causes.length === 1 ? '' : 's'}, most damaging first; under each, the checks it takes down):`);
  causes.forEach((cause, i) => {
    for (const line of causeLines(cause, i + 1)) text(line);
  });
}

/** One cause: the failing request, where it was sent, what the endpoint said, the client's context, and the checks it takes down. */
export function causeLines(cause: CauseEntry, n: number): string[] {
  const pad = ' '.repeat(`  ${n}. `.length);
  const what = cause.request ?? cause.example ?? cause.steps[0] ?? 'a step';
  const request = cause.clientRequest ? `, ${cause.clientRequest}` : cause.readBackOf ? `, the read-back of ${cause.readBackOf}` : '';
  const lines = [`  ${n}. ${terminalValue(what, 300)}${request} [${cause.profiles.join(', ')}]${cause.gating ? '' : cause.known ? ' (known in the baseline)' : ' (not gating)'}`];
  const more = cause.steps.length - MAX_STEPS;
  lines.push(`${pad}Steps: ${cause.steps.slice(0, MAX_STEPS).join(', ')}${more > 0 ? `, and ${more} more step${more === 1 ? '' : 's'}` : ''}`);
  if (cause.endpointDetail) lines.push(`${pad}Endpoint said: ${terminalValue(cause.endpointDetail, 300)}`);
  if (cause.clientHint) lines.push(`${pad}${CLIENT_NAMES[cause.clientHint.client]}: ${cause.clientHint.text}`);
  if (cause.reason) lines.push(`${pad}${terminalValue(cause.reason, 400)}`);
  const blocked = cause.checks.filter((c) => c.status === 'blocked');
  for (const c of cause.checks.filter((x) => x.status === 'failed')) lines.push(`${pad}${checkLine(c)}`);
  if (blocked.length > 0) lines.push(`${pad}${MARKS.blocked} blocked (${blocked.length}): ${blocked.map((c) => `${c.id}${standingOf(c, ' (', ')')}`).join(', ')}`);
  if (cause.replay) lines.push(`${pad}Replay with: scim-conformance ${cause.replay}`);
  lines.push(`${pad}takes down ${damage(cause)} check result${damage(cause) === 1 ? '' : 's'}`);
  return lines;
}

const VIA: Record<CauseCheck['via'], string> = { request: '', 'read-back': ' on the read-back', generated: ' in a generated case', blocked: '' };

function checkLine(c: CauseCheck): string {
  const values = c.expected !== undefined ? `: expected ${terminalValue(c.expected, MAX_VALUE)}; received ${terminalValue(c.received ?? '', MAX_VALUE)}` : '';
  return `${MARKS.failed} ${c.id} (${c.level}${standingOf(c, ', ', '')})${VIA[c.via]}${values}`;
}

/** Why a check under a cause does not gate, if it does not. */
function standingOf(c: CauseCheck, before: string, after: string): string {
  return c.gating ? '' : `${before}${c.known ? 'known in the baseline' : 'not gating'}${after}`;
}

/** The default reporter's detail: every failed check in full, counts, timing, capabilities. */
function printDetail(summary: Summary, redactor: Redactor, out: Out): void {
  const failures = summary.checks.filter((c) => c.status === 'failed');
  if (failures.length > 0) {
    out('\nFailures (each failed check in full; the blocked ones are under their cause above):');
    for (const c of failures) out(redactor.text(`${notGatingNote(c)}${c.message ?? c.id}`) + '\n');
  }
  const bySuite = new Map<string, Counts>();
  for (const c of summary.checks) {
    const t = bySuite.get(c.suite) ?? countsOf([]);
    t[c.status]++;
    bySuite.set(c.suite, t);
  }
  out('');
  for (const [suite, t] of bySuite) out(`  ${suite.padEnd(10)} ${countLine(t)}`);
  const lv = summary.failedByLevel;
  out(`Checks: ${countLine(summary.totals)} (failed by level: MUST ${lv.MUST}, SHOULD ${lv.SHOULD}, MAY ${lv.MAY}); ${summary.requests} requests in ${(summary.durationMs / 1000).toFixed(1)} s`);
  if (summary.timing) {
    const t = summary.timing;
    out(`Timing: ${t.attempts} requests on the wire, at most ${t.maxInFlight} in flight (--concurrency ${t.concurrency}${t.maxRps !== undefined ? `, --max-rps ${t.maxRps}` : ''}); ${(t.endpointMs / 1000).toFixed(1)} s waiting on the endpoint, ${(t.harnessMs / 1000).toFixed(1)} s in the harness alone`);
  }
  if (summary.retries && summary.retries.count > 0) out(`Throttled: ${summary.retries.count} retries after 429/503, ${(summary.retries.waitedMs / 1000).toFixed(1)} s waited (Retry-After honoured, bounded)`);
  const capabilities = summary.capabilities ?? [];
  if (capabilities.some((c) => c.status !== 'not-probed')) {
    out('\nCapabilities (optional features a customer may map; probes never gate):');
    for (const c of capabilities) {
      const how = capabilityHow(c);
      const detail = c.status === 'refused' ? c.answer : c.status === 'not-probed' ? c.reason : undefined;
      out(redactor.text(`  ${c.status.padEnd(10)} ${c.title}${how ? ` [${how}]` : ''}${detail ? `: ${terminalValue(detail, 300)}` : ''}`));
    }
  }
}

/** Why a failed check does not fail the run: a level below --fail-on, a verdict --gate leaves out, or a known failure of the baseline. */
function notGatingNote(c: SummaryCheck): string {
  if (c.baseline?.status === 'known') return `(known failure, baseline: ${c.baseline.reason}${c.baseline.expires ? `, until ${c.baseline.expires}` : ''}) `;
  if (c.baseline?.status === 'expired') return `(baseline entry expired ${c.baseline.expires}) `;
  if (c.gating) return '';
  return c.evidenceNote ? `(not gating: ${c.evidenceNote}) ` : `(${c.level}, not gating) `;
}

function countLine(t: Counts): string {
  return `${t.passed} passed, ${t.failed} failed, ${t.blocked} blocked, ${t.skipped} skipped${t.error > 0 ? `, ${t.error} harness errors` : ''}`;
}
