// The console (report/console.ts): the verdicts first, then What to fix, then (default reporter only)
// each failed check in full; the summary reporter keeps a CI log to the verdicts, What to fix and the
// gate. Both only read the summary.
import { Redactor } from '../../src/http/redact';
import { printSummary } from '../../src/report/console';
import type { CheckApplication } from '../../src/report/outcome';
import { buildSummary, type Summary } from '../../src/report/summary';
import { RUN_FACTS as facts } from './run-facts';

const T = facts.target;
const TOKEN = 'console-Secret-71c3';
const FALSE = 'HTTP 400 {"status":"400","scimType":"invalidValue","detail":"Operations[0]: \\"active\\" must be a boolean, not the string \\"False\\""}';
const curl = `userId=$(curl -sS -X POST '${T}/Users' -H "Authorization: Bearer $SCIM_TOKEN")\ncurl -sS -i -X PATCH "${T}/Users/$userId" --data-raw '{"value":"False"}'`;
const base = { profile: 'entra' as const, area: 'entra' as const, evidence: { traffic: 'client' as const, grade: 'documented' as const }, sequence: 'users.disable-enable', durationMs: 1 };
const apps: CheckApplication[] = [
  { ...base, checkId: 'entra.users.patch.accepted', step: 'disable [Entra R-07]', status: 'failed', request: `PATCH ${T}/Users/1 -> 400`, expected: 'HTTP 200 or 204', received: FALSE, curl },
  { ...base, checkId: 'entra.users.disable.reads-inactive', step: 'read-disabled [verification]', verifies: 'disable [Entra R-07]', evidence: { traffic: 'verification', grade: 'documented' }, status: 'failed', request: `GET ${T}/Users/1 -> 200`, expected: '"active": false', received: `"active": true, and the body echoes ${TOKEN}`, curl },
  { ...base, checkId: 'entra.users.enable.reads-active', step: 'read-enabled [verification]', status: 'blocked', reason: 'blocked: needs the disable', blockedBy: { sequence: 'users.disable-enable', step: 'disable [Entra R-07]' } },
];

function print(summary: Summary, reporter: 'default' | 'summary'): string {
  const lines: string[] = [];
  printSummary(summary, new Redactor([TOKEN]), (l = '') => lines.push(l), (l) => lines.push(l), reporter);
  return lines.join('\n');
}

describe.each(['default', 'summary'] as const)('the %s reporter', (reporter) => {
  const summary = buildSummary(facts, apps);
  const text = print(summary, reporter);

  test('prints the verdicts, then What to fix with the cause first and its checks under it, then the gate', () => {
    const at = (s: string) => text.indexOf(s);
    expect(at(summary.verdicts.entra.headline)).toBeGreaterThanOrEqual(0);
    expect(at(summary.verdicts.entra.headline)).toBeLessThan(at('What to fix'));
    expect(text).toMatch(/What to fix \(1 cause[^\n]*\n {2}1\. PATCH \/Users\/\{id\} -> 400, Entra R-07 Disable user \[entra\]\n {5}Steps: users\.disable-enable › disable \[Entra R-07\]\n {5}Endpoint said: Operations\[0\]: "active" must be a boolean, not the string "False"\n {5}Entra: [^\n]*"False"[^\n]*\n {5}✗ entra\.users\.patch\.accepted \(MUST\): expected HTTP 200 or 204; received HTTP 400 [^\n]*\n {5}✗ entra\.users\.disable\.reads-inactive \(MUST\) on the read-back: [^\n]*\n {5}⊘ blocked \(1\): entra\.users\.enable\.reads-active\n/);
    expect(text.trimEnd().split('\n').pop()).toBe('Verdict: FAILED (gate: all, fail on: MUST)');
  });

  test('never prints the token', () => {
    expect(text).not.toContain(TOKEN);
  });
});

test('the summary reporter leaves out the per-check detail, curl lines, counts and timing', () => {
  const text = print(buildSummary(facts, apps), 'summary');
  expect(text).not.toMatch(/curl |Reproduce with|Failures \(|^Checks: |^Timing: /m);
});

test('the default reporter prints each failed check in full after What to fix, and the verdicts again at the end', () => {
  const summary = buildSummary(facts, apps);
  const text = print(summary, 'default');
  expect(text.indexOf('What to fix')).toBeLessThan(text.indexOf('Failures ('));
  expect(text).toContain('Reproduce with:');
  expect(text.lastIndexOf(summary.verdicts.entra.headline)).toBeGreaterThan(text.indexOf('Failures ('));
});

test("a preflight's diagnosis follows the verdicts, before What to fix", () => {
  const preflight = { outcome: 'stopped' as const, request: 'GET /Users?filter=userName eq "…" -> 401', diagnosis: 'Test Connection answered 401: check the Secret Token' };
  const summary = { ...buildSummary(facts, apps), preflight };
  const lines = print(summary, 'summary').split('\n');
  const rfc = lines.indexOf(summary.verdicts.rfc.headline);
  expect(lines[rfc + 1]).toMatch(/^Test Connection failed; nothing else was sent/);
  expect(lines[rfc + 2]).toBe('  Test Connection answered 401: check the Secret Token');
  expect(lines.findIndex((l) => l.startsWith('What to fix'))).toBeGreaterThan(rfc + 2);
});
