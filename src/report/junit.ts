// JUnit XML with one testcase per check and profile; classname is the check's area
// (e.g. "entra.users"), so CI systems group checks the way the compliance report does.
import { reportedAreas, type Summary, type SummaryCheck } from './summary';

/** Text made safe for XML (and HTML) character data and attribute values; characters XML 1.0 forbids are dropped. */
export function xml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

function area(id: string): string {
  return id.split('.').slice(0, 2).join('.');
}

function testcase(c: SummaryCheck): string {
  const attrs = `classname="${xml(area(c.id))}" name="${xml(`${c.id}: ${c.title} [${c.profile}]`)}" time="${(c.durationMs / 1000).toFixed(3)}"`;
  const detail = c.message ?? '';
  if (c.status === 'failed' && c.gating) {
    const first = detail.split('\n').find((l) => l.trim().startsWith('Expected:')) ?? c.title;
    return `    <testcase ${attrs}>\n      <failure type="${c.level}" message="${xml(first.trim())}">${xml(detail)}</failure>\n    </testcase>`;
  }
  if (c.status === 'blocked' && c.gating) {
    // It did not run, so it cannot have passed: a CI test view shows it as a failure, with the step that blocked it.
    const first = detail.split('\n').find((l) => /blocked/i.test(l)) ?? 'blocked';
    return `    <testcase ${attrs}>\n      <failure type="blocked" message="${xml(first.trim())}">${xml(detail)}</failure>\n    </testcase>`;
  }
  // Cut short by the run (--deadline, Ctrl-C): never judged, so neither a pass nor a failure in a CI test view.
  if (c.status === 'blocked' && c.cutBy) return `    <testcase ${attrs}>\n      <skipped message="${xml(`not judged: the run was stopped (${c.cutBy}) before the endpoint answered`)}"/>\n    </testcase>`;
  if (c.status === 'error') {
    return `    <testcase ${attrs}>\n      <error type="harness-error" message="a bug of the harness, not the endpoint's failure">${xml(detail)}</error>\n    </testcase>`;
  }
  if (c.status === 'failed' || c.status === 'blocked') {
    // Below the --fail-on level, in a verdict --gate leaves out, or a known failure of the baseline: reported, but not a CI failure.
    const why = c.baseline?.status === 'known' ? `known failure (baseline: ${c.baseline.reason})` : `${c.level}-level ${c.status === 'blocked' ? 'check blocked' : 'deviation'} (not gating${c.evidenceNote ? `: ${c.evidenceNote}` : ''})`;
    return `    <testcase ${attrs}>\n      <system-out>${xml(`${why}:\n${detail}`)}</system-out>\n    </testcase>`;
  }
  if (c.status === 'skipped') return `    <testcase ${attrs}>\n      <skipped message="${xml(detail)}"/>\n    </testcase>`;
  return `    <testcase ${attrs}/>`;
}

export function toJUnit(summary: Summary): string {
  const groups = new Map<string, SummaryCheck[]>();
  for (const c of summary.checks) {
    const key = `${c.suite} [${c.profile}]`;
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  // The verdicts lead, as properties of every testsuite (where the JUnit schema puts them).
  const properties = [
    ['verdict', summary.verdict],
    ...reportedAreas(summary).flatMap((a) => [
      [`verdict.${a}`, summary.verdicts[a].verdict],
      [`verdict.${a}.headline`, summary.verdicts[a].headline],
    ]),
    ['gate', summary.gate],
    ...(summary.gateNote ? [['gate.note', summary.gateNote]] : []),
    ...(summary.notJudged ? [['not-judged', summary.notJudged]] : []),
    ...(summary.preflight?.diagnosis ? [[`test-connection.${summary.preflight.outcome}`, summary.preflight.diagnosis]] : []),
    ['seed', String(summary.seed)],
  ];
  const props = `    <properties>\n${properties.map(([n, v]) => `      <property name="${xml(n!)}" value="${xml(v!)}"/>`).join('\n')}\n    </properties>`;
  const failing = (c: SummaryCheck) => (c.status === 'failed' || c.status === 'blocked') && c.gating;
  const notRun = (c: SummaryCheck) => c.status === 'skipped' || c.cutBy !== undefined;
  const suites = [...groups.entries()].map(([name, checks]) => {
    const failures = checks.filter(failing).length;
    const errors = checks.filter((c) => c.status === 'error').length;
    const skipped = checks.filter(notRun).length;
    const time = checks.reduce((t, c) => t + c.durationMs, 0) / 1000;
    return `  <testsuite name="${xml(name)}" tests="${checks.length}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${time.toFixed(3)}" timestamp="${xml(summary.startedAt)}">\n${props}\n${checks.map(testcase).join('\n')}\n  </testsuite>`;
  });
  // Harness errors get a suite of their own, so a CI test view shows why the run could not be judged.
  if (summary.internalErrors.length > 0) {
    const cases = summary.internalErrors.map((e, i) => `    <testcase classname="scim-conformance.harness" name="internal error ${i + 1}">\n      <error type="harness-error" message="${xml(e.split('\n')[0]!)}">${xml(e)}</error>\n    </testcase>`);
    suites.push(`  <testsuite name="scim-conformance harness" tests="${cases.length}" failures="0" errors="${cases.length}" skipped="0" time="0" timestamp="${xml(summary.startedAt)}">\n${props}\n${cases.join('\n')}\n  </testsuite>`);
  }
  const failures = summary.checks.filter(failing).length;
  const errors = summary.totals.error + summary.internalErrors.length;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="scim-conformance ${xml(summary.target)}" tests="${summary.checks.length + summary.internalErrors.length}" failures="${failures}" errors="${errors}" skipped="${summary.checks.filter(notRun).length}" time="${(summary.durationMs / 1000).toFixed(3)}">\n${suites.join('\n')}\n</testsuites>\n`;
}
