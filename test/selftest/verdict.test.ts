// The verdict can be trusted: what jest ran and what the suites recorded agree, a harness bug is
// exit 2 and never the endpoint's failure, a run that judges nothing is exit 2, a check that could
// not run is blocked (never passed), and only a complete set of shards merges.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { copyPackage, PACKAGE_ROOT, runCli } from './cli';

const TOKEN = 'selftest-Secret-verdict-5e1a';

// A spec that sabotages the harness three ways, one sequence (or test) each, selected by --grep.
const SABOTAGE = `
import { suites } from '../src/runner/suite-host';
const { host, api } = suites();
const probe = { method: 'GET', path: '/Users', query: [['filter', 'userName eq "sabotage-{{uuid}}"']] };
host.replay(api, 'z', 'entra', {
  bodies: {},
  sequences: [
    { id: 'sabotage.broken-reference', title: 'Sabotage broken reference', steps: [
      { name: 'probe', request: probe, response: 'UserList', checks: ['entra.test-connection.empty-list'] },
      { name: 'create', request: { method: 'POST', path: '/Users', body: '@no-such-body' }, response: 'User', checks: ['entra.users.create.status-201'] },
    ] },
    { id: 'sabotage.throwing-check', title: 'Sabotage throwing check', steps: [
      { name: 'probe', request: probe, response: 'UserList', checks: ['entra.test-connection.empty-list', 'entra.users.lookup.finds-user'] },
    ] },
  ],
});
// Selected by --grep like the suites' own tests.
const grep = host.grep();
const selected = (name: string) => grep === undefined || new RegExp(grep).test(name);
if (selected('Sabotage hook')) describe('Sabotage hook', () => {
  afterAll(() => { throw new Error('boom in a clean-up hook'); });
  test('records a pass', () => host.settle([{ checkId: 'entra.test-connection.empty-list', profile: 'entra', area: 'entra', sequence: 'sabotage.hook', step: 'probe', status: 'passed', durationMs: 0, test: 'Sabotage hook records a pass' }]));
});
if (selected('Sabotage unrecorded')) describe('Sabotage unrecorded', () => {
  test('throws before recording anything', () => { throw new Error('boom before any record'); });
});
`;

function merge(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(PACKAGE_ROOT, 'bin', 'scim-conformance.js'), 'merge', ...args]);
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('jest and the recorded results are reconciled', () => {
  let copy: string;
  beforeAll(() => {
    copy = copyPackage();
    fs.writeFileSync(path.join(copy, 'specs', 'sabotage.spec.ts'), SABOTAGE);
  });

  test.concurrent.each([
    ['a fixture reference that does not resolve', 'Sabotage broken reference', /sabotage\.broken-reference › create \[entra\]: internal error replaying the step.*unknown body "@no-such-body"/s],
    ['an exception in a check', 'Sabotage throwing check', /sabotage\.throwing-check › probe \[entra\]: internal error in the check.*fixture error: this check needs expect\.id.*entra\.users\.lookup\.finds-user/s],
    ['an exception in a clean-up hook', 'Sabotage hook', /suite specs\/sabotage\.spec\.ts failed outside its tests .*boom in a clean-up hook/s],
    ['a test that fails without recording a result', 'Sabotage unrecorded', /test "Sabotage unrecorded throws before recording anything" .*failed without recording a result: .*boom before any record/s],
  ])('%s is a harness error: exit 2, named, and the recorded results are still reported', async (_what, grep, message) => {
    const run = await runCli(['--token', TOKEN, '--grep', grep], { packageRoot: copy });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toContain("not the endpoint's failure");
    expect(run.summary!.verdict).toBe('error');
    expect(run.summary!.internalErrors.join('\n')).toMatch(message);
    // Never blamed on the endpoint: no failed check, and what did run is still in the report.
    expect(run.summary!.checks.filter((c) => c.status === 'failed')).toEqual([]);
    if (grep !== 'Sabotage unrecorded') expect(run.summary!.checks.find((c) => c.id === 'entra.test-connection.empty-list')?.status).toBe('passed');
    expect(fs.readFileSync(path.join(run.reportDir, 'index.html'), 'utf8')).toContain('Harness errors');
  }, 120_000);

  test('an installation without suites judges nothing: exit 2', async () => {
    const bare = copyPackage();
    fs.rmSync(path.join(bare, 'specs'), { recursive: true });
    const run = await runCli(['--token', TOKEN], { packageRoot: bare });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/nothing was judged: no conformance suites were found/);
  }, 120_000);
});

describe('a run that applies no check exits 2 and says why', () => {
  test.concurrent.each([
    ['--grep matching no check', ['--grep', 'no-such-check'], /--grep "no-such-check" matched no check/],
    ['a shard beyond the suites', ['--shard', '40/40'], /shard 40\/40 holds no suite: there are \d+ suite files/],
    ['every selected check skipped as unsupported', ['--grep', 'rfc7644\\.sort', '--server-faults', 'spc-understates-features'], /no check was applied: every selected check was skipped \(skipped: ServiceProviderConfig declares/],
  ])('%s', async (_what, args, message) => {
    const run = await runCli(['--token', TOKEN, ...args]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toMatch(/Verdict: NO VERDICT/);
    expect(run.summary!.verdict).toBe('error');
  }, 120_000);
});

test("a create Entra's body cannot pass: the create check fails, its dependants are blocked, exit 1", async () => {
  const run = await runCli(['--token', TOKEN, '--server-faults', 'create-rejects-meta', '--grep', 'entra\\.users\\.', '--gate', 'entra']);
  expect(run.code).toBe(1);
  const rows = run.summary!.checks;
  expect(rows.find((c) => c.id === 'entra.users.create.status-201')?.status).toBe('failed');
  expect(rows.find((c) => c.id === 'entra.users.create.accepted')?.status).toBe('failed');
  for (const id of ['entra.users.lookup.finds-user', 'entra.users.disable.reads-inactive', 'entra.users.update.read-back']) {
    const row = rows.find((c) => c.id === id)!;
    expect({ id, status: row.status }).toEqual({ id, status: 'blocked' });
    expect(row.message).toMatch(/blocked: needs "userId" from step "create" \(POST .*-> 400\)/);
  }
  expect(rows.some((c) => c.status === 'passed' && /lookup\.finds-user|read-back|reads-inactive/.test(c.id))).toBe(false);
  expect(run.summary!.verdicts.entra.verdict).toBe('not-ready');
  // One cause, first: Entra's create refused, at every step that creates a user, taking the rest down.
  expect(run.stdout).toMatch(/What to fix \([^\n]*\):\n {2}1\. POST \/Users -> 400, Entra R-04 Create user[^\n]*\n(?: {5}[^\n]*\n)*? {5}✗ entra\.users\.create\.accepted \(MUST\)[^\n]*\n(?: {5}[^\n]*\n)*? {5}⊘ blocked \(\d+\): /);
  // Blocked is a status of its own in JUnit too: a failure with the reason when it gates.
  expect(fs.readFileSync(path.join(run.reportDir, 'junit.xml'), 'utf8')).toMatch(/<failure type="blocked" message="[^"]*blocked: needs &quot;userId&quot;/);
}, 120_000);

describe('merge takes only a complete set of shards of one run', () => {
  test('an incomplete set, and shards of different seeds, are refused with exit 2', async () => {
    const [one, two, otherSeed] = await Promise.all([
      runCli(['--token', TOKEN, '--shard', '1/2']),
      runCli(['--token', TOKEN, '--shard', '2/2']),
      runCli(['--token', TOKEN, '--shard', '2/2', '--seed', '7']),
    ]);
    expect(one.summary!.selection.shard).toEqual({ index: 1, count: 2 });
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'scimc-merged-'));
    expect(await merge(['--report-dir', out, one.reportDir])).toMatchObject({ code: 2, stderr: expect.stringMatching(/incomplete set of shards of 2: missing 2\/2/) });
    expect(await merge(['--report-dir', out, one.reportDir, one.reportDir])).toMatchObject({ code: 2, stderr: expect.stringMatching(/missing 2\/2 given twice 1\/2/) });
    expect(await merge(['--report-dir', out, one.reportDir, otherSeed.reportDir])).toMatchObject({ code: 2, stderr: expect.stringMatching(/different seeds/) });
    expect((await merge(['--report-dir', out, one.reportDir, two.reportDir])).code).toBe(0);
  }, 180_000);
});
