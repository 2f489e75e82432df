// A baseline changes the gate only: the verdicts stay what the endpoint earned (NOT READY, MUST
// failures), and a separate gate line, the HTML badge and summary.gateNote say the gate passed
// because every failure is known. The exit code follows the gate (summary.verdict).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redactor } from '../../src/http/redact';
import { loadBaseline } from '../../src/report/baseline';
import { gateLine, printSummary } from '../../src/report/console';
import { toHtml } from '../../src/report/html';
import { toJUnit } from '../../src/report/junit';
import type { CheckApplication } from '../../src/report/outcome';
import { buildSummary } from '../../src/report/summary';
import { RUN_FACTS } from './run-facts';

const facts = { ...RUN_FACTS, profiles: ['entra' as const], startedAt: '2026-12-01T10:00:00.000Z' };
const app = (checkId: string, status: CheckApplication['status'], extra: Partial<CheckApplication> = {}): CheckApplication => ({
  checkId,
  status,
  profile: 'entra',
  area: 'entra',
  evidence: { traffic: 'client', grade: 'documented' },
  sequence: 's',
  step: 'x',
  durationMs: 1,
  ...extra,
});
const apps = [
  app('entra.users.create.accepted', 'passed'),
  app('entra.users.lookup.case-insensitive', 'failed', { expected: 'one user', received: 'none' }),
  app('rfc7643.schema.user', 'failed', { expected: 'a User', received: 'id is a number' }),
];

function baselineOf(known: string[]): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'scimc-known-')), 'known.json');
  fs.writeFileSync(file, JSON.stringify({ knownFailures: known.map((check) => ({ check, reason: 'tracked in PROJ-1' })) }));
  return file;
}

describe('every failure known in the baseline', () => {
  const file = baselineOf(['entra.users.lookup.case-insensitive', 'rfc7643.schema.user']);
  const summary = buildSummary({ ...facts, baseline: loadBaseline(file) }, apps);

  test('the gate passes (exit 0)', () => {
    expect(summary.verdict).toBe('passed');
  });

  test('the verdicts stay what the endpoint earned, saying the failures are known', () => {
    expect(summary.verdicts.entra).toMatchObject({ verdict: 'not-ready', gatingFailures: 0, known: 2 });
    expect(summary.verdicts.entra.headline).toMatch(/^Entra provisioning: NOT READY \(1 passed, 2 failed, .*not gating: 2 known in the baseline\)$/);
    expect(summary.verdicts.rfc).toMatchObject({ verdict: 'not-compliant', mustFailures: 1, known: 1 });
    expect(summary.verdicts.rfc.headline).toMatch(/^RFC 7643\/7644: 1 MUST failure \(/);
  });

  test('the gate line says the gate passed only because of the baseline', () => {
    expect(summary.gateNote).toBe(`the gate passes only because every failure is known in the baseline ${file} (2); the verdicts stand: Entra provisioning: NOT READY; RFC 7643/7644: 1 MUST failure`);
    expect(gateLine(summary)).toBe(`Verdict: PASSED (gate: all, fail on: MUST): ${summary.gateNote}`);
    const lines: string[] = [];
    printSummary(summary, new Redactor([]), (l = '') => lines.push(l), (l) => lines.push(l), 'summary');
    expect(lines.filter((l) => /^(Entra provisioning|RFC 7643\/7644|Verdict):/.test(l))).toEqual([summary.verdicts.entra.headline, summary.verdicts.rfc.headline, gateLine(summary)]);
    // What to fix still lists the failures, marked as known.
    expect(lines.join('\n')).toMatch(/What to fix \(\d+ causes?[^\n]*\n {2}1\. [^\n]*\(known in the baseline\)/);
  });

  test('the HTML says NOT READY next to a gate badge that names the baseline', () => {
    const html = toHtml(summary, apps);
    expect(html).toContain('<span id="verdict" class="verdict baselined">GATE PASSED (BASELINE)</span>');
    expect(html).not.toMatch(/id="verdict"[^>]*>PASSED</);
    expect(html).toContain('id="verdict-entra" class="verdict-card bad"');
    expect(html).toContain('<p id="gate-note" class="gate-note">Gate: PASSED: the gate passes only because every failure is known in the baseline');
  });

  test('JUnit carries the note and no failure', () => {
    const xml = toJUnit(summary);
    expect(xml).toContain('<property name="verdict.entra" value="not-ready"/>');
    expect(xml).toContain('<property name="gate.note" value="the gate passes only because');
    expect(xml).not.toContain('<failure ');
  });
});

test('with a new failure besides the known ones, the gate fails and says which do not gate', () => {
  const summary = buildSummary({ ...facts, baseline: loadBaseline(baselineOf(['entra.users.lookup.case-insensitive'])) }, apps);
  expect(summary.verdict).toBe('failed');
  expect(summary.verdicts.entra).toMatchObject({ verdict: 'not-ready', gatingFailures: 1, known: 1 });
  expect(summary.gateNote).toMatch(/^1 failure known in the baseline \S+ does not gate; 1 other does$/);
});

test('without a baseline there is no gate note', () => {
  expect(buildSummary(facts, apps).gateNote).toBeUndefined();
});
