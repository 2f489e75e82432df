// scim-conformance diff OLD NEW: what changed between two runs of an endpoint, check by check and
// profile by profile. A regression is a check that fails (or is blocked) at the gating level in NEW
// and did not in OLD: a new failure, or a fixed check that broke again.
import fs from 'node:fs';
import type { Summary, SummaryCheck } from './summary';

export interface RunDiff {
  /** Failing in NEW and not in OLD (passed, skipped or not run there). */
  newFailures: SummaryCheck[];
  /** Failing in OLD, passed in NEW. */
  fixed: SummaryCheck[];
  stillFailing: SummaryCheck[];
  /** Gating new failures: what makes `diff` exit 1. */
  regressions: SummaryCheck[];
}

const failing = (c: SummaryCheck | undefined) => c !== undefined && (c.status === 'failed' || c.status === 'blocked' || c.status === 'error');
const key = (c: SummaryCheck) => `${c.id} [${c.profile}]`;

export function readSummary(file: string): Summary {
  const summary = JSON.parse(fs.readFileSync(file, 'utf8')) as Summary;
  if (!summary || !Array.isArray(summary.checks) || !summary.tool) throw new Error(`${file} is not a scim-conformance summary.json`);
  return summary;
}

export function diffRuns(old: Summary, now: Summary): RunDiff {
  const before = new Map(old.checks.map((c) => [key(c), c]));
  const newFailures = now.checks.filter((c) => failing(c) && !failing(before.get(key(c))));
  return {
    newFailures,
    fixed: now.checks.filter((c) => c.status === 'passed' && failing(before.get(key(c)))),
    stillFailing: now.checks.filter((c) => failing(c) && failing(before.get(key(c)))),
    regressions: newFailures.filter((c) => c.gating || c.status === 'error'),
  };
}

export function formatDiff(d: RunDiff, old: Summary, now: Summary): string {
  const note = (c: SummaryCheck) => (c.baseline?.status === 'known' ? ' (known in the baseline)' : c.gating ? '' : ' (not gating)');
  const line = (c: SummaryCheck) => `  ${c.id} [${c.profile}] ${c.level} ${c.status}${note(c)}: ${c.title}`;
  const section = (title: string, rows: SummaryCheck[]) => (rows.length === 0 ? [`${title}: none`] : [`${title} (${rows.length}):`, ...rows.map(line)]);
  return [
    `Comparing ${old.startedAt} (${old.verdict}) with ${now.startedAt} (${now.verdict}), target ${now.target}`,
    ...section('New failures', d.newFailures),
    ...section('Fixed', d.fixed),
    ...section('Still failing', d.stillFailing),
    d.regressions.length > 0 ? `Regressions: ${d.regressions.length}` : 'No regression',
  ].join('\n');
}
