// Adopting the gate gradually: a run with --baseline fails only on what is new, and `diff` says what
// changed between two runs (exit 1 on a regression).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PACKAGE_ROOT, runCli } from './cli';

const TOKEN = 'selftest-Secret-baseline-77aa';
const GREP = ['--grep', 'entra\\.users\\.(lookup|create)\\.'];

function diff(a: string, b: string): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(PACKAGE_ROOT, 'bin', 'scim-conformance.js'), 'diff', a, b]);
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.on('close', (code) => resolve({ code, stdout }));
  });
}

test('known failures do not gate, new ones do, and diff exits 1 on the regression', async () => {
  const first = await runCli(['--token', TOKEN, ...GREP, '--server-faults', 'filter-case-sensitive']);
  expect(first.code).toBe(1);
  const baseline = path.join(first.reportDir, 'summary.json');
  const [same, worse] = await Promise.all([
    runCli(['--token', TOKEN, ...GREP, '--server-faults', 'filter-case-sensitive', '--baseline', baseline]),
    runCli(['--token', TOKEN, ...GREP, '--server-faults', 'filter-case-sensitive,create-no-id', '--baseline', baseline]),
  ]);
  expect(same.code).toBe(0);
  expect(same.stdout).toContain('(known failure, baseline: failed in the baseline run');
  expect(same.summary!.checks.find((c) => c.id === 'entra.users.lookup.case-insensitive')).toMatchObject({ status: 'failed', gating: false, baseline: { status: 'known' } });
  expect(worse.code).toBe(1);
  expect(worse.summary!.checks.find((c) => c.id === 'entra.users.create.accepted')).toMatchObject({ status: 'failed', gating: true, baseline: { status: 'new' } });

  expect(await diff(first.reportDir, same.reportDir)).toMatchObject({ code: 0, stdout: expect.stringContaining('No regression') });
  const regressed = await diff(same.reportDir, worse.reportDir);
  expect(regressed.code).toBe(1);
  expect(regressed.stdout).toMatch(/New failures \(\d+\):\n(?: {2}.*\n)* {2}entra\.users\.create\.accepted \[entra\] MUST failed/);
}, 180_000);

test('an expired known failure gates again', async () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'scimc-known-')), 'known.json');
  fs.writeFileSync(file, JSON.stringify({ knownFailures: [{ check: 'entra.users.lookup.case-insensitive', reason: 'was to be fixed last year', expires: '2020-01-31' }] }));
  const run = await runCli(['--token', TOKEN, ...GREP, '--server-faults', 'filter-case-sensitive', '--baseline', file]);
  expect(run.code).toBe(1);
  expect(run.stdout).toContain('(baseline entry expired 2020-01-31)');
}, 120_000);

test('a baseline that cannot be read stops the run before any request: exit 2', async () => {
  const run = await runCli(['--token', TOKEN, '--baseline', '/nonexistent/summary.json']);
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(/cannot read the baseline \/nonexistent\/summary\.json/);
  expect(run.summary).toBeUndefined();
}, 60_000);
