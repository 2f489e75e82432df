// JUnit XML with one testcase per check and profile; classname is the check's area
// (e.g. "entra.users"), so CI systems group checks the way the compliance report does.
import type { Summary, SummaryCheck } from './summary';

function xml(text: string): string {
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
  if (c.status === 'failed') {
    // Below the --fail-on level: reported, but not a CI failure.
    return `    <testcase ${attrs}>\n      <system-out>${xml(`${c.level}-level deviation (not gating):\n${detail}`)}</system-out>\n    </testcase>`;
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
  const suites = [...groups.entries()].map(([name, checks]) => {
    const failures = checks.filter((c) => c.status === 'failed' && c.gating).length;
    const skipped = checks.filter((c) => c.status === 'skipped').length;
    const time = checks.reduce((t, c) => t + c.durationMs, 0) / 1000;
    return `  <testsuite name="${xml(name)}" tests="${checks.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${time.toFixed(3)}" timestamp="${xml(summary.startedAt)}">\n${checks.map(testcase).join('\n')}\n  </testsuite>`;
  });
  const failures = summary.checks.filter((c) => c.status === 'failed' && c.gating).length;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="scim-conformance ${xml(summary.target)}" tests="${summary.checks.length}" failures="${failures}" errors="0" skipped="${summary.totals.skipped}" time="${(summary.durationMs / 1000).toFixed(3)}">\n${suites.join('\n')}\n</testsuites>\n`;
}
