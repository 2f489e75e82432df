// The Allure results agree with summary.json: one result per check and profile with its status, a
// step per application with the step's status, each attachment written once, the token never; and
// merging shards gives one result per check and profile again.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redactor } from '../../src/http/redact';
import { mergeAllureResults, writeAllureResults, type Attachment } from '../../src/report/allure';
import type { CheckApplication } from '../../src/report/outcome';
import { buildSummary } from '../../src/report/summary';
import { RUN_FACTS as facts } from './run-facts';

const TOKEN = 'allure-unit-Secret-7c1d';
const base = { area: 'entra' as const, evidence: { traffic: 'client' as const, grade: 'documented' as const }, sequence: 'users.create', durationMs: 5 };
const apps: CheckApplication[] = [
  { ...base, profile: 'entra', checkId: 'entra.users.create.status-201', step: 'create', status: 'passed', test: 'T create' },
  { ...base, profile: 'entra', checkId: 'entra.users.create.status-201', step: 'create again', status: 'failed', expected: 'HTTP 201', received: 'HTTP 400', curl: "curl -H 'Authorization: Bearer $SCIM_TOKEN'", test: 'T again' },
  { ...base, profile: 'entra-flag', checkId: 'entra.users.create.status-201', step: 'create', status: 'passed', test: 'T flag' },
  { ...base, profile: 'entra', checkId: 'entra.users.lookup.finds-user', step: 'lookup', status: 'blocked', reason: 'blocked: needs "userId"', test: 'T lookup' },
  { ...base, profile: 'entra', checkId: 'rfc7644.etag.if-match-412', step: 'stale', status: 'skipped', reason: 'skipped: ServiceProviderConfig declares etag unsupported', test: 'T stale' },
];

type Result = { name: string; status: string; fullName: string; historyId: string; steps: Array<{ name: string; status: string; attachments: Array<{ source: string }> }> };
const read = (dir: string) =>
  fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('-result.json'))
    .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as Result)
    .sort((a, b) => a.fullName.localeCompare(b.fullName));

function write(selected: CheckApplication[]): { dir: string; rendered: () => number } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scimc-allure-'));
  let renders = 0;
  // Every test attaches one exchange; it names the token, which must not reach the file.
  const attached = new Map<string, Attachment[]>(selected.map((a) => [a.test!, [{ name: 'GET …', text: () => (renders++, `Authorization: Bearer ${TOKEN}`) }]]));
  const failures = writeAllureResults(dir, buildSummary(facts, selected), selected, (test) => attached.get(test ?? '') ?? [], new Redactor([TOKEN]));
  expect(failures).toEqual([]);
  return { dir, rendered: () => renders };
}

test('one result per check and profile, with the status summary.json gives it and a step per application', () => {
  const { dir, rendered } = write(apps);
  const summary = buildSummary(facts, apps);
  const results = read(dir);
  expect(results.map((r) => `${r.name.split(':')[0]} ${r.status}`).sort()).toEqual(
    summary.checks.map((c) => `${c.id} ${{ passed: 'passed', failed: 'failed', blocked: 'broken', error: 'broken', skipped: 'skipped' }[c.status]}`).sort(),
  );
  const create = results.find((r) => r.fullName === 'entra:entra.users.create.status-201 [entra]')!;
  expect(create.steps.map((s) => `${s.name} ${s.status}`)).toEqual(['users.create › create passed', 'users.create › create again failed']);
  expect(results.find((r) => r.name.startsWith('rfc7644.etag.if-match-412'))!.name).toMatch(/\(skipped: ServiceProviderConfig declares etag unsupported\)$/);
  // Each test's attachment is rendered and written once, and is redacted.
  expect(rendered()).toBe(apps.length);
  const texts = fs.readdirSync(dir).filter((f) => f.endsWith('-attachment.txt')).map((f) => fs.readFileSync(path.join(dir, f), 'utf8'));
  expect(texts.join('\n')).not.toContain(TOKEN);
  // The failed step also carries its curl chain.
  expect(create.steps[1]!.attachments).toHaveLength(2);
});

test('merging two shards gives one result per check and profile, its steps from both, its status the merged one', () => {
  const one = write(apps.slice(0, 1)).dir;
  const two = write(apps.slice(1)).dir;
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'scimc-allure-merged-')), 'allure-results');
  mergeAllureResults([one, two], buildSummary(facts, apps), out);
  const merged = read(out);
  expect(merged.map((r) => r.fullName)).toEqual(read(write(apps).dir).map((r) => r.fullName));
  const create = merged.find((r) => r.fullName === 'entra:entra.users.create.status-201 [entra]')!;
  expect(create.status).toBe('failed');
  expect(create.steps.map((s) => s.name)).toEqual(['users.create › create', 'users.create › create again']);
  // Every attachment a step names was copied.
  for (const r of merged) for (const s of r.steps) for (const a of s.attachments) expect(fs.existsSync(path.join(out, a.source))).toBe(true);
});
