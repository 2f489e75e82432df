import { CHECKS } from '../../src/checks/registry';
import { toHtml } from '../../src/report/html';
import { toJUnit } from '../../src/report/junit';
import type { Profile } from '../../src/profiles';
import type { CheckApplication } from '../../src/report/outcome';
import { buildSummary, isGating } from '../../src/report/summary';
import { RUN_FACTS as facts } from './run-facts';

const base = { profile: 'entra' as const, area: 'entra' as const, evidence: { traffic: 'client' as const, grade: 'documented' as const }, sequence: 's', durationMs: 1 };
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
  test('a check that could not run is blocked, with the reason, and gates like a failure', () => {
    expect(row('entra.users.lookup.finds-user')).toMatchObject({ status: 'blocked', gating: true });
    expect(row('entra.users.lookup.finds-user').message).toContain('blocked: needs "userId"');
    const onlyBlocked = apps.filter((a) => a.status !== 'failed');
    expect(buildSummary(facts, onlyBlocked)).toMatchObject({ verdict: 'failed', verdicts: { entra: { verdict: 'not-ready' } } });
  });
  test('a blocked application outweighs passes of the same check: what did not run is never counted as passed', () => {
    const mixed: CheckApplication[] = [
      { ...base, checkId: 'entra.users.lookup.finds-user', step: 'a', status: 'passed' },
      { ...base, checkId: 'entra.users.lookup.finds-user', step: 'b', status: 'blocked', reason: 'blocked: x' },
    ];
    expect(buildSummary(facts, mixed).checks[0]!.status).toBe('blocked');
  });
  test('a harness error makes the verdict an error, never a failure of the endpoint', () => {
    const s = buildSummary(facts, [{ ...base, checkId: 'entra.users.lookup.finds-user', step: 'a', status: 'error', reason: 'internal error in the check' }]);
    expect(s).toMatchObject({ verdict: 'error', totals: { error: 1, failed: 0 } });
  });
  test('MAY-level checks never gate, whatever --fail-on says', () => {
    expect(isGating('MAY', 'should')).toBe(false);
    expect(isGating('SHOULD', 'must')).toBe(false);
    expect(isGating('MUST', 'must')).toBe(true);
  });
  test('a check with nothing to judge is skipped as not applicable', () => {
    expect(row('rfc7644.schema.error').status).toBe('skipped');
  });
  test('SHOULD failures do not gate at --fail-on must, and do at should', () => {
    expect(row('entra.response.scim-content-type')).toMatchObject({ status: 'failed', gating: false });
    expect(buildSummary({ ...facts, failOn: 'should' }, apps).checks.find((c) => c.id === 'entra.response.scim-content-type')!.gating).toBe(true);
  });
  test('the verdict fails on a gating failure, and is an error on an internal error', () => {
    expect(summary.verdict).toBe('failed');
    expect(buildSummary(facts, apps.filter((a) => a.status === 'passed')).verdict).toBe('passed');
    expect(buildSummary({ ...facts, internalErrors: ['boom'] }, []).verdict).toBe('error');
  });
  test('two verdicts: Entra readiness from Entra traffic, RFC compliance from RFC checks wherever applied; --gate picks', () => {
    const rfcFailure: CheckApplication[] = [
      { ...base, checkId: 'entra.users.create.status-201', step: 'create', status: 'passed' },
      { ...base, area: 'rfc', evidence: { traffic: 'suite' }, checkId: 'rfc7644.schema.error', step: 'x', status: 'failed', expected: 'e', received: 'r' },
    ];
    const s = buildSummary(facts, rfcFailure);
    expect(s.verdicts.entra).toMatchObject({ verdict: 'ready', gatingFailures: 0 });
    expect(s.verdicts.rfc).toMatchObject({ verdict: 'not-compliant', mustFailures: 1 });
    expect(s.verdicts.rfc.headline).toMatch(/^RFC 7643\/7644: 1 MUST failure \(/);
    expect(s.verdict).toBe('failed');
    expect(buildSummary({ ...facts, gate: 'entra' }, rfcFailure).verdict).toBe('passed');
    expect(buildSummary({ ...facts, gate: 'rfc' }, rfcFailure).verdict).toBe('failed');
    // An RFC schema violation in a response to Entra's own traffic counts for both.
    const schemaOnEntra = buildSummary(facts, [{ ...base, checkId: 'rfc7643.schema.user', step: 'create', status: 'failed' }]);
    expect([schemaOnEntra.verdicts.entra.verdict, schemaOnEntra.verdicts.rfc.verdict]).toEqual(['not-ready', 'not-compliant']);
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
  test('gating failures and blocks are failures, non-gating ones are not', () => {
    expect(xml.match(/<failure /g)).toHaveLength(2);
    expect(xml).toContain('<failure type="blocked"');
    expect(xml).toContain('SHOULD-level deviation (not gating)');
  });
  test('carries the two verdicts as properties', () => {
    expect(xml).toContain('<property name="verdict.entra" value="not-ready"/>');
    expect(xml).toContain('<property name="verdict.rfc" value="not-run"/>');
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
  test('a run stopped before it judged a gated verdict reads NO VERDICT, not HARNESS ERROR', () => {
    const stopped = { ...buildSummary(facts, apps), verdict: 'error' as const, interrupted: true, internalErrors: [] };
    expect(toHtml(stopped, apps)).toContain('<span id="verdict" class="verdict error">NO VERDICT</span>');
    const broken = { ...buildSummary(facts, apps), verdict: 'error' as const, internalErrors: ['boom'] };
    expect(toHtml(broken, apps)).toContain('<span id="verdict" class="verdict error">HARNESS ERROR</span>');
  });
  test('leads with the two verdicts and "What to fix" before the matrix', () => {
    expect(html).toContain('id="verdict-entra" class="verdict-card bad"');
    expect(html.indexOf('id="what-to-fix"')).toBeGreaterThan(0);
    expect(html.indexOf('id="what-to-fix"')).toBeLessThan(html.indexOf('class="suite"'));
  });
});

describe('the Okta verdict in the reports', () => {
  const okta = { profile: 'okta-aiw' as const, area: 'okta' as const, evidence: { traffic: 'client' as const, grade: 'documented' as const }, sequence: 'okta.test-connection', durationMs: 1 };
  const profiles: Profile[] = ['entra', 'entra-flag', 'okta-aiw', 'okta-oin'];
  const both = buildSummary({ ...facts, profiles, selection: { clients: ['entra', 'okta'], profiles } }, [
    ...apps,
    { ...okta, checkId: 'okta.connection.list-200', step: 'probe [Okta O-01]', status: 'failed', expected: 'a ListResponse', received: '{}' },
  ]);
  const entraOnly = buildSummary(facts, apps);

  test('JUnit carries verdict.okta beside the others when Okta was replayed, and not otherwise', () => {
    const xml = toJUnit(both);
    expect(xml).toContain('<property name="verdict.okta" value="not-ready"/>');
    expect(xml).toMatch(/<property name="verdict\.okta\.headline" value="Okta provisioning: NOT READY \(0 passed, 1 failed/);
    expect(xml).toContain('classname="okta.connection"');
    expect(toJUnit(entraOnly)).not.toContain('verdict.okta');
  });
  test('HTML shows the Okta verdict card and the clients in its header when Okta was replayed, and neither otherwise', () => {
    const html = toHtml(both, []);
    expect(html).toContain('id="verdict-okta" class="verdict-card bad"');
    expect(html).toMatch(/<title>SCIM conformance: Entra provisioning: NOT READY; Okta provisioning: NOT READY; RFC 7643\/7644: [^<]*<\/title>/);
    expect(html).toContain('<dt>Clients</dt><dd>Microsoft Entra ID, Okta</dd>');
    const entra = toHtml(entraOnly, apps);
    expect(entra).not.toContain('id="verdict-okta"');
    expect(entra).toContain('<dt>Clients</dt><dd>Microsoft Entra ID</dd>');
  });
});
