// JUnit follows the gate: with --gate entra, a failure that counts only for the RFC verdict is not a
// <failure> (a CI test view would show red tests on a green job); it is reported the way a SHOULD
// finding is, in <system-out> with why it does not gate. With --gate all it is a failure again.
import type { CheckApplication } from '../../src/report/outcome';
import { toJUnit } from '../../src/report/junit';
import { buildSummary } from '../../src/report/summary';
import { RUN_FACTS as facts } from './run-facts';

const apps: CheckApplication[] = [
  { checkId: 'entra.users.create.accepted', profile: 'entra', area: 'entra', evidence: { traffic: 'client', grade: 'documented' }, sequence: 'users.provision', step: 'create', status: 'passed', durationMs: 1 },
  { checkId: 'rfc7644.errors.not-found-404', profile: 'entra', area: 'rfc', evidence: { traffic: 'suite' }, sequence: 'rfc.errors', step: 'get-missing', status: 'failed', durationMs: 1, expected: 'HTTP 404', received: 'HTTP 200 {}' },
];

test('--gate entra: the run passes and junit.xml holds no failure for the RFC finding', () => {
  const summary = buildSummary({ ...facts, gate: 'entra' }, apps);
  expect(summary.verdict).toBe('passed');
  expect(summary.verdicts.rfc.verdict).toBe('not-compliant');
  const row = summary.checks.find((c) => c.id === 'rfc7644.errors.not-found-404')!;
  expect(row).toMatchObject({ status: 'failed', gating: false, evidenceNote: 'it counts for the RFC verdict, which --gate entra does not gate' });
  const xml = toJUnit(summary);
  expect(xml).not.toContain('<failure ');
  expect(xml).toMatch(/<testsuites [^>]*failures="0"/);
  expect(xml).toContain('<system-out>MUST-level deviation (not gating: it counts for the RFC verdict, which --gate entra does not gate):');
});

test('--gate all and --gate rfc: the same finding is a failure', () => {
  for (const gate of ['all', 'rfc'] as const) {
    const xml = toJUnit(buildSummary({ ...facts, gate }, apps));
    expect({ gate, failures: xml.match(/<failure /g)?.length ?? 0 }).toEqual({ gate, failures: 1 });
  }
});
