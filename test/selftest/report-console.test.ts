// The console of a failing run, as a vendor and a CI log see it. One fault (the string "False" of
// Entra's disable refused): What to fix names the refused PATCH first, with the checks its read-backs
// and a generated case failed under it and no entry of their own; the endpoint's reason and Entra's
// context are on the console and in summary.json; --reporter summary keeps the log to the verdicts,
// What to fix and the report paths (no curl lines, no progress), a fraction of the default's bytes.
import { runCli, type CliRun } from './cli';

const TOKEN = 'selftest-Secret-console-3f0d';
const ARGS = ['--token', TOKEN, '--server-faults', 'active-string-rejected', '--grep', 'entra\\.users\\.(patch|disable)\\.|properties\\.directory'];
const SAID = 'Operations[0]: "active" must be a boolean, not the string "False"';

let full: CliRun;
let brief: CliRun;
beforeAll(async () => {
  [full, brief] = await Promise.all([runCli(ARGS), runCli([...ARGS, '--reporter', 'summary'])]);
}, 180_000);

test('both runs fail on the fault (exit 1)', () => {
  expect([full.code, brief.code]).toEqual([1, 1]);
});

test('What to fix: the refused disable first, its read-backs and the generated case under it, none an entry of its own', () => {
  for (const run of [full, brief]) {
    const fix = run.stdout.slice(run.stdout.indexOf('What to fix'));
    expect(fix).toMatch(
      /^What to fix \([^\n]*\n {2}1\. PATCH \/Users\/\{id\} -> 400, Entra R-07 Disable user \[entra, entra-flag\]\n {5}Steps: [^\n]*\n {5}Endpoint said: Operations\[0\]: "active" must be a boolean, not the string "False"\n {5}Entra: Entra's default mode sends [^\n]*"False"[^\n]*Accept both[^\n]*\n {5}✗ entra\.users\.patch\.accepted \(MUST\): [^\n]*\n {5}✗ entra\.users\.disable\.reads-inactive \(MUST\) on the read-back: [^\n]*\n {5}✗ entra\.users\.disable\.still-listed \(MUST\) on the read-back: [^\n]*\n {5}✗ properties\.directory\.model-agrees \(MUST\) in a generated case: /,
    );
    // Every other entry is another request (Entra's enable sends "True"), never a read-back or a generated case.
    const heads = fix.split('\n').filter((l) => /^ {2}\d+\. /.test(l));
    expect(heads.slice(1).every((h) => /Entra R-08 Enable user/.test(h))).toBe(true);
  }
  const [first] = brief.summary!.causes!;
  expect(first).toMatchObject({ request: 'PATCH /Users/{id} -> 400', clientRequest: 'Entra R-07 Disable user', endpointDetail: SAID, gating: true });
});

test("the endpoint's reason and Entra's context are in summary.json rows", () => {
  const row = brief.summary!.checks.find((c) => c.id === 'entra.users.patch.accepted' && c.profile === 'entra')!;
  expect(row.endpointDetail).toBe(SAID);
  expect(row.clientHint).toMatchObject({ client: 'entra', text: expect.stringMatching(/the string "False"/) });
});

test('the default reporter: verdicts, then What to fix, then each failed check in full', () => {
  const out = full.stdout;
  expect(out.indexOf('Entra provisioning: NOT READY')).toBeLessThan(out.indexOf('What to fix'));
  expect(out.indexOf('What to fix')).toBeLessThan(out.indexOf('Failures ('));
  expect(out).toContain('Reproduce with:');
  expect(out).toContain(`Endpoint said: ${SAID}`);
});

test('--reporter summary: verdicts, What to fix and the report paths only, at a fraction of the bytes', () => {
  const out = brief.stdout;
  expect(out).toMatch(/^Entra provisioning: NOT READY/m);
  expect(out).toMatch(/^Verdict: FAILED \(gate: all, fail on: MUST\)\nReports: \S+index\.html, summary\.json, junit\.xml, allure-results\/\n$/m);
  expect(out).not.toMatch(/curl |Reproduce with|Failures \(|^Checks: |^Timing: |^profiles: /m);
  expect(brief.stderr).toBe('');
  const bytes = (run: CliRun) => Buffer.byteLength(run.stdout + run.stderr);
  expect(bytes(brief) * 4).toBeLessThan(bytes(full));
  for (const run of [full, brief]) expect(run.stdout + run.stderr).not.toContain(TOKEN);
});
