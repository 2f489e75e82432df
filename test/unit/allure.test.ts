// The Allure results agree with summary.json: one result per check and profile with its status, a
// step per application with the step's status, each attachment written once, the token never; and
// merging shards gives one result per check and profile again. The same checks replayed as steps of a
// running Allure test read the same.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redactor } from '../../src/http/redact';
import type { RuntimeMessage } from 'allure-js-commons/dist/types/sdk/types';
import { mergeAllureResults, writeAllureResults, type Attachment } from '../../src/report/allure';
import { currentAllureRuntime, reportToAllureRuntime } from '../../src/report/allure-runtime';
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

// The same checks as steps of a running Allure test (report/allure-runtime.ts): what a vendor's test
// under allure-jest receives when it calls runConformance(). The messages are allure-js-commons'
// runtime protocol, captured by its own MessageHolderTestRuntime.
type Holder = { messages(): RuntimeMessage[] };
type Node = { name: string; status?: string; message?: string; attachments: string[]; steps: Node[] };
const { MessageHolderTestRuntime, setGlobalTestRuntime } = require('allure-js-commons/sdk/runtime') as typeof import('allure-js-commons/dist/types/sdk/runtime/index');

/** The step tree the messages describe, as the Allure reporter would build it. */
function tree(messages: RuntimeMessage[]): Node[] {
  const root: Node = { name: '', attachments: [], steps: [] };
  const open: Node[] = [root];
  for (const m of messages) {
    const top = open[open.length - 1]!;
    if (m.type === 'step_start') {
      const node: Node = { name: m.data.name, attachments: [], steps: [] };
      top.steps.push(node);
      open.push(node);
    } else if (m.type === 'step_stop') {
      Object.assign(top, { status: m.data.status, ...(m.data.statusDetails?.message ? { message: m.data.statusDetails.message } : {}) });
      open.pop();
    } else if (m.type === 'attachment_content') top.attachments.push(`${m.data.name}: ${m.data.content}`);
  }
  expect(open).toEqual([root]); // every step stopped
  return root.steps;
}

test('as steps of a running Allure test: a step per suite, per check and profile with its status and exchanges, per application', async () => {
  const holder = new MessageHolderTestRuntime();
  const attached = new Map<string, Attachment[]>(apps.map((a) => [a.test!, [{ name: 'GET …', text: () => `Authorization: Bearer ${TOKEN}` }]]));
  const sent = await reportToAllureRuntime(buildSummary(facts, apps), apps, (test) => attached.get(test ?? '') ?? [], new Redactor([TOKEN]), holder);
  const steps = tree((holder as unknown as Holder).messages());
  const summary = buildSummary(facts, apps);
  expect(steps.map((s) => `${s.name} ${s.status}`)).toEqual(['Entra interoperability: 3 checks failed', 'RFC 7644 protocol: 1 check skipped']);
  // The check steps are named and judged as the results files are.
  const { dir } = write(apps);
  const files = read(dir);
  expect(steps.flatMap((s) => s.steps).map((c) => `${c.name} ${c.status}`).sort()).toEqual(files.map((r) => `${r.name} ${r.status}`).sort());
  expect(steps.flatMap((s) => s.steps)).toHaveLength(summary.checks.length);
  const create = steps[0]!.steps.find((c) => c.name.startsWith('entra.users.create.status-201') && c.name.endsWith('[entra]'))!;
  expect(create.message).toMatch(/HTTP 201/);
  expect(create.steps.map((s) => `${s.name} ${s.status}`)).toEqual(['users.create › create passed', 'users.create › create again failed']);
  // Its exchanges in one attachment, under the step that judged each, the failed one's curl chain too.
  expect(create.attachments).toHaveLength(1);
  expect(create.attachments[0]).toMatch(/^requests and responses \(2\): === users\.create › create: passed ===\n--- GET … ---\nAuthorization: Bearer \$SCIM_TOKEN\n\n=== users\.create › create again: failed ===\n--- GET … ---\n.*\n--- reproduce with curl ---\ncurl/s);
  // Blocked is Allure's broken, with the reason; the token never leaves: it is $SCIM_TOKEN.
  const lookup = steps[0]!.steps.find((c) => c.name.startsWith('entra.users.lookup.finds-user'))!;
  expect({ status: lookup.status, step: lookup.steps[0]!.status }).toEqual({ status: 'broken', step: 'broken' });
  const everything = JSON.stringify((holder as unknown as Holder).messages());
  expect(everything).not.toContain(TOKEN);
  expect(everything).toContain('Bearer $SCIM_TOKEN');
  expect(sent).toEqual({ steps: 2 + summary.checks.length + apps.length, attachments: summary.checks.length });
});

test('outside an Allure test nothing is sent; inside one, the global runtime is found', async () => {
  expect(currentAllureRuntime()).toBeUndefined();
  expect(await reportToAllureRuntime(buildSummary(facts, apps), apps, () => [], new Redactor([TOKEN]))).toEqual({ steps: 0, attachments: 0 });
  const holder = new MessageHolderTestRuntime();
  setGlobalTestRuntime(holder);
  try {
    expect(currentAllureRuntime()).toBe(holder);
    expect((await reportToAllureRuntime(buildSummary(facts, apps), apps, () => [], new Redactor([TOKEN]))).steps).toBeGreaterThan(0);
  } finally {
    delete (globalThis as Record<string, unknown>)['allureTestRuntime'];
  }
  expect(currentAllureRuntime()).toBeUndefined();
});
