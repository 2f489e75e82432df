import { CHECKS } from '../../src/checks/registry';
import { toHtml } from '../../src/report/html';
import { toJUnit } from '../../src/report/junit';
import type { CheckApplication } from '../../src/report/outcome';
import { buildSummary, type RunFacts } from '../../src/report/summary';

const facts: RunFacts = {
  tool: { name: 'scim-conformance', version: '0.0.0' },
  target: 'https://t.example/scim',
  targetKind: 'url',
  profiles: ['entra', 'entra-flag'],
  seed: 7,
  failOn: 'must',
  startedAt: '2026-01-01T00:00:00.000Z',
  durationMs: 1000,
  requests: 3,
  leftovers: [],
  internalErrors: [],
};
const base = { profile: 'entra' as const, sequence: 's', durationMs: 1 };
const hostile = '<script>alert(1)</script>';

const apps: CheckApplication[] = [
  { ...base, checkId: 'entra.users.create.status-201', step: 'create', status: 'passed' },
  { ...base, checkId: 'entra.users.create.status-201', step: 'create-2', status: 'failed', expected: 'HTTP 201', received: `HTTP 400 ${hostile}`, response: hostile, curl: "curl -sS -X POST 'https://t.example/scim/Users'" },
  { ...base, checkId: 'entra.users.lookup.finds-user', step: 'lookup', status: 'blocked', reason: 'blocked: needs "userId"' },
  { ...base, checkId: 'entra.response.scim-content-type', step: 'create', status: 'failed', expected: 'application/scim+json', received: 'application/json' },
  { ...base, checkId: 'rfc7644.schema.error', step: 'create', status: 'not-applicable' },
];

describe('summary aggregation', () => {
  const summary = buildSummary(facts, apps);
  const row = (id: string) => summary.checks.find((c) => c.id === id)!;

  test('a check fails if any step failed it, naming the other failing steps', () => {
    expect(row('entra.users.create.status-201').status).toBe('failed');
    expect(row('entra.users.create.status-201').applications).toBe(2);
  });
  test('a check only blocked is skipped with the reason', () => {
    expect(row('entra.users.lookup.finds-user')).toMatchObject({ status: 'skipped', message: 'blocked: needs "userId"' });
  });
  test('a check with nothing to judge is skipped as not applicable', () => {
    expect(row('rfc7644.schema.error').status).toBe('skipped');
  });
  test('SHOULD failures do not gate at --fail-on must, and do at should', () => {
    expect(row('entra.response.scim-content-type')).toMatchObject({ status: 'failed', gating: false });
    expect(buildSummary({ ...facts, failOn: 'should' }, apps).checks.find((c) => c.id === 'entra.response.scim-content-type')!.gating).toBe(true);
  });
  test('the verdict fails on a gating failure or an internal error', () => {
    expect(summary.verdict).toBe('failed');
    expect(buildSummary(facts, apps.filter((a) => a.status !== 'failed')).verdict).toBe('passed');
    expect(buildSummary({ ...facts, internalErrors: ['boom'] }, []).verdict).toBe('failed');
  });
  test('rows follow the registry order, profile by profile', () => {
    const order = CHECKS.map((c) => c.id);
    const ids = summary.checks.map((c) => c.id);
    expect([...ids].sort((a, b) => order.indexOf(a) - order.indexOf(b))).toEqual(ids);
  });
});

describe('JUnit XML', () => {
  const xml = toJUnit(buildSummary(facts, apps));
  test('one testcase per check and profile, classname the area', () => {
    expect(xml.match(/<testcase /g)).toHaveLength(4);
    expect(xml).toContain('classname="entra.users"');
  });
  test('gating failures are failures, non-gating ones are not', () => {
    expect(xml.match(/<failure /g)).toHaveLength(1);
    expect(xml).toContain('SHOULD-level deviation (not gating)');
  });
  test('escapes what the endpoint sent', () => {
    expect(xml).not.toContain('<script>');
    expect(xml).toContain('&lt;script&gt;');
  });
});

describe('HTML report', () => {
  const html = toHtml(buildSummary(facts, apps), apps);
  test('never lets endpoint content script the page', () => {
    expect(html).not.toContain(hostile);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
  test('loads nothing from the network', () => {
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/i);
    expect(html).toContain("default-src 'none'");
  });
  test('shows the verdict, the target and every check', () => {
    expect(html).toContain('<span id="verdict" class="verdict failed">FAILED</span>');
    expect(html).toContain('https://t.example/scim');
    for (const id of ['entra.users.create.status-201', 'entra.users.lookup.finds-user', 'entra.response.scim-content-type']) expect(html).toContain(`<code>${id}</code>`);
  });
});
