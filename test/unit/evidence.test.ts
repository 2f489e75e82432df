// The evidence rule of the verdicts (report/evidence.ts), one test per clause: what an application
// judged, on whose traffic and on how well established a request shape, decides which verdict it gates
// and at which level. Synthetic applications, so each clause is tested alone.
import { gatesOf } from '../../src/report/evidence';
import type { CheckApplication, Evidence } from '../../src/report/outcome';
import { buildSummary, reportedAreas } from '../../src/report/summary';
import { getCheck } from '../../src/checks/registry';
import type { Client, Profile } from '../../src/profiles';
import { catalogueGrade, clientStepEvidence, OKTA_REQUESTS, type CatalogueRequest } from '../../src/sequences/catalogue';
import { RUN_FACTS as facts } from './run-facts';

const client: Evidence = { traffic: 'client', grade: 'documented' };
const app = (checkId: string, step: string, status: CheckApplication['status'], evidence: Evidence, extra: Partial<CheckApplication> = {}): CheckApplication => ({
  checkId,
  step,
  status,
  evidence,
  profile: 'entra',
  area: 'entra',
  sequence: 'seq',
  durationMs: 1,
  ...extra,
});
const verdicts = (apps: CheckApplication[], failOn: 'must' | 'should' = 'must') => {
  const s = buildSummary({ ...facts, failOn }, apps);
  return { entra: s.verdicts.entra.verdict, rfc: s.verdicts.rfc.verdict, code: s.verdict };
};

describe('the RFC verdict gates on RFC MUST/SHALL sentences, on any traffic', () => {
  test.each<[string, Evidence]>([
    ["Entra's request", client],
    ["the RFC suite's request", { traffic: 'suite' }],
    ["the harness's read-back", { traffic: 'verification', grade: 'documented' }],
    ['a capability probe', { traffic: 'probe', grade: 'documented', note: 'not mapped' }],
    ['an UNVERIFIED Entra shape', { traffic: 'client', grade: 'unverified' }],
  ])('an RFC schema failure on %s fails the RFC verdict', (_what, evidence) => {
    expect(verdicts([app('rfc7643.schema.user', 'get', 'failed', evidence)]).rfc).toBe('not-compliant');
  });
  test('a check resting on Entra\'s documentation never counts for the RFC verdict', () => {
    expect(gatesOf(getCheck('entra.users.create.accepted'), client, 'entra')).toEqual({ entra: 'MUST' });
  });
});

describe('the Entra verdict gates only on requests Entra sends, judged against what Microsoft documents', () => {
  test('an RFC schema detail of the harness\'s own read-back does not count for Entra', () => {
    const apps = [app('rfc7643.schema.group', 'read-members [verification]', 'failed', { traffic: 'verification', grade: 'documented' })];
    expect(verdicts(apps)).toMatchObject({ entra: 'not-run', rfc: 'not-compliant' });
  });
  test('a read-back fails Entra through the Entra behaviour it verifies', () => {
    expect(verdicts([app('entra.users.disable.reads-inactive', 'read-disabled [verification]', 'failed', { traffic: 'verification', grade: 'documented' })]).entra).toBe('not-ready');
  });
  test('an Entra check on a request only the RFC or property suites send counts for no verdict', () => {
    expect(gatesOf(getCheck('entra.response.json-body'), { traffic: 'suite' }, 'entra')).toEqual({});
    expect(verdicts([app('entra.response.json-body', 'malformed-json', 'failed', { traffic: 'suite' }), app('rfc7644.errors.not-found-404', 'x', 'passed', { traffic: 'suite' })])).toMatchObject({ rfc: 'compliant', code: 'passed' });
  });
  test('an observed shape counts at SHOULD at most: a MUST check fails the run only with --fail-on should', () => {
    const apps = [app('entra.users.manager.removed-by-filter', 'read [verification]', 'failed', { traffic: 'verification', grade: 'observed', note: 'R-09c: OBS S51' })];
    expect(verdicts(apps, 'must')).toMatchObject({ entra: 'ready', code: 'passed' });
    expect(verdicts(apps, 'should')).toMatchObject({ entra: 'not-ready', code: 'failed' });
    const row = buildSummary(facts, apps).checks[0]!;
    expect(row).toMatchObject({ level: 'MUST', gating: false, verdictLevels: { entra: 'SHOULD' } });
    expect(row.evidenceNote).toMatch(/only observed .*SHOULD/);
  });
  test('an UNVERIFIED shape never gates, at any --fail-on', () => {
    const apps = [app('entra.users.create.accepted', 'create-with-manager [Entra R-04]', 'failed', { traffic: 'client', grade: 'unverified', note: 'manager in a create body' })];
    expect(verdicts(apps, 'should')).toMatchObject({ entra: 'not-run', code: 'passed' });
    expect(buildSummary(facts, apps).checks[0]!.evidenceNote).toMatch(/UNVERIFIED \(manager in a create body\)/);
  });
  test('a capability probe never gates', () => {
    const apps = [app('entra.users.roles.create-accepted', 'create [Entra R-19a]', 'failed', { traffic: 'probe', grade: 'documented', note: "Entra's default mapping does not turn on app roles", capability: 'app-role-single' })];
    expect(verdicts(apps, 'should')).toMatchObject({ entra: 'not-run', code: 'passed' });
    expect(buildSummary(facts, apps).capabilities?.find((c) => c.id === 'app-role-single')).toMatchObject({ status: 'refused', traffic: 'probe' });
  });
});

describe('a blocked check gates only the verdict of the step that blocked it', () => {
  const createFailed = app('entra.users.create.accepted', 'create [Entra R-19a]', 'failed', client);
  const blockedRfc = app('rfc7643.schema.user', 'read [Entra R-03]', 'blocked', client, { reason: 'blocked: needs "userId"', blockedBy: { sequence: 'seq', step: 'create [Entra R-19a]' } });
  test('an RFC check blocked by a failure of an Entra-only requirement counts for Entra, not the RFC verdict', () => {
    expect(verdicts([createFailed, blockedRfc])).toMatchObject({ entra: 'not-ready', rfc: 'not-run' });
  });
  test('a check blocked by a probe, or by an UNVERIFIED request, gates nothing', () => {
    const probe = { ...createFailed, evidence: { traffic: 'probe', grade: 'documented' } as Evidence };
    const unverified = { ...createFailed, evidence: { traffic: 'client', grade: 'unverified' } as Evidence };
    const blockedEntra = app('entra.users.lookup.finds-user', 'lookup [verification]', 'blocked', { traffic: 'verification', grade: 'documented' }, { blockedBy: { sequence: 'seq', step: 'create [Entra R-19a]' } });
    for (const cause of [probe, unverified]) expect(verdicts([cause, blockedRfc, blockedEntra], 'should')).toMatchObject({ code: 'passed' });
  });
  test('a block is at most as grave as its cause: a MUST check blocked by a SHOULD-level failure counts at SHOULD', () => {
    const should = app('entra.groups.members.verifiable', 'read-members [verification]', 'failed', { traffic: 'verification', grade: 'documented' });
    const blocked = app('entra.groups.members.added', 'read-more [verification]', 'blocked', { traffic: 'verification', grade: 'documented' }, { blockedBy: { sequence: 'seq', step: 'read-members [verification]' } });
    expect(buildSummary(facts, [should, blocked]).checks.find((c) => c.id === 'entra.groups.members.added')).toMatchObject({ gating: false, verdictLevels: { entra: 'SHOULD' } });
  });
  test('a step blocked by a blocked step takes the gates of the failure at the start of the chain', () => {
    const middle = app('entra.users.patch.accepted', 'patch [Entra R-06]', 'blocked', client, { blockedBy: { sequence: 'seq', step: 'create [Entra R-19a]' } });
    const last = app('rfc7643.schema.user', 'read-back [verification]', 'blocked', { traffic: 'verification', grade: 'documented' }, { blockedBy: { sequence: 'seq', step: 'patch [Entra R-06]' } });
    const row = buildSummary(facts, [createFailed, middle, last]).checks.find((c) => c.id === 'rfc7643.schema.user')!;
    expect(row.verdictLevels).toEqual({});
  });
  test('a block with no failure behind it (a precondition of the step itself) keeps the check\'s own gates', () => {
    const self = app('rfc7644.pagination.walk', 'page-3', 'blocked', { traffic: 'suite' }, { area: 'rfc', blockedBy: { sequence: 'seq', step: 'page-3' } });
    expect(verdicts([self]).rfc).toBe('not-compliant');
  });
});

describe('two clients: a client verdict counts its own traffic, judged by its own checks (and the RFC checks where its documentation makes the RFC its contract)', () => {
  const okta = (checkId: string, step: string, status: CheckApplication['status'], evidence: Evidence = client, extra: Partial<CheckApplication> = {}) => app(checkId, step, status, evidence, { profile: 'okta-aiw', area: 'okta', ...extra });
  const oktaFacts = { ...facts, profiles: ['entra', 'okta-aiw', 'okta-oin'] as Profile[], selection: { clients: ['entra', 'okta'] as Client[], profiles: ['entra', 'okta-aiw', 'okta-oin'] as Profile[] } };
  const verdictsOf = (apps: CheckApplication[], failOn: 'must' | 'should' = 'must') => {
    const s = buildSummary({ ...oktaFacts, failOn }, apps);
    return { entra: s.verdicts.entra.verdict, okta: s.verdicts.okta.verdict, rfc: s.verdicts.rfc.verdict, code: s.verdict };
  };

  test('an Okta check on Okta traffic counts for Okta at its level', () => {
    expect(gatesOf(getCheck('okta.connection.list-200'), client, 'okta-aiw')).toEqual({ okta: 'MUST' });
    expect(gatesOf(getCheck('okta.response.json-body'), client, 'okta-oin')).toEqual({ okta: 'SHOULD' });
    expect(verdictsOf([okta('okta.connection.list-200', 'probe [Okta O-01]', 'failed')])).toMatchObject({ okta: 'not-ready', entra: 'not-run', rfc: 'not-run', code: 'failed' });
  });
  test("an RFC check on Okta traffic counts for the RFC verdict only: Okta's documentation, not the RFC, decides Okta's verdict", () => {
    expect(gatesOf(getCheck('rfc7644.schema.list-response'), client, 'okta-aiw')).toEqual({ rfc: 'MUST' });
    expect(verdictsOf([okta('rfc7644.schema.list-response', 'probe [Okta O-01]', 'failed'), okta('okta.connection.list-200', 'probe [Okta O-01]', 'passed')])).toMatchObject({ okta: 'ready', entra: 'not-run', rfc: 'not-compliant' });
    // On Entra's traffic the same check counts for Entra too: Entra's documentation makes the RFC its contract.
    expect(gatesOf(getCheck('rfc7644.schema.list-response'), client, 'entra')).toEqual({ rfc: 'MUST', entra: 'MUST' });
  });
  test("an RFC detail of the harness's read-back of an Okta request counts for the RFC verdict only; an Okta check there counts for Okta", () => {
    const readBack: Evidence = { traffic: 'verification', grade: 'documented' };
    expect(gatesOf(getCheck('rfc7643.schema.user'), readBack, 'okta-aiw')).toEqual({ rfc: 'MUST' });
    expect(gatesOf(getCheck('okta.connection.list-200'), readBack, 'okta-aiw')).toEqual({ okta: 'MUST' });
  });
  test("an Entra check on Okta's traffic and an Okta check on Entra's count for neither client, and say why", () => {
    expect(gatesOf(getCheck('entra.users.create.accepted'), client, 'okta-aiw')).toEqual({});
    expect(gatesOf(getCheck('entra.response.json-body'), client, 'okta-oin')).toEqual({});
    expect(gatesOf(getCheck('okta.connection.list-200'), client, 'entra')).toEqual({});
    expect(gatesOf(getCheck('okta.response.json-body'), { traffic: 'verification', grade: 'documented' }, 'entra-flag')).toEqual({});
    const apps = [okta('entra.users.create.accepted', 'create [Okta O-04]', 'failed'), app('okta.connection.list-200', 'probe [Entra R-01]', 'failed', client)];
    expect(verdictsOf(apps, 'should')).toMatchObject({ entra: 'not-run', okta: 'not-run', code: 'passed' });
    const rows = buildSummary(oktaFacts, apps).checks;
    expect(rows.find((r) => r.profile === 'okta-aiw')!.evidenceNote).toBe("Entra's check judged on Okta's traffic, which counts for neither client");
    expect(rows.find((r) => r.profile === 'entra')!.evidenceNote).toBe("Okta's check judged on Entra's traffic, which counts for neither client");
  });
  test('an observed Okta shape counts at SHOULD at most', () => {
    const apps = [okta('okta.connection.list-200', 'probe [Okta O-01]', 'failed', { traffic: 'client', grade: 'observed', note: 'O-01: OBS S21' })];
    expect(verdictsOf(apps, 'must')).toMatchObject({ okta: 'ready', code: 'passed' });
    expect(verdictsOf(apps, 'should')).toMatchObject({ okta: 'not-ready', code: 'failed' });
    expect(buildSummary(oktaFacts, apps).checks[0]!.evidenceNote).toMatch(/only observed .*SHOULD for Okta/);
  });
  test('an Okta request graded unverified (O-12, the OIN reactivation PATCH) never gates Okta', () => {
    const sequence = { id: 'okta.users.reactivate', title: 't', steps: [{ name: 'reactivate', catalogue: 'O-12', request: { method: 'PATCH' as const, path: '/Users/{{userId}}' }, response: 'User' as const, checks: [] }] };
    const evidence = clientStepEvidence(sequence, 0, 'okta-oin');
    expect(evidence).toMatchObject({ traffic: 'client', grade: 'unverified' });
    const apps = [okta('rfc7643.schema.user', 'reactivate [Okta O-12]', 'failed', evidence, { profile: 'okta-oin' }), okta('okta.response.json-body', 'reactivate [Okta O-12]', 'failed', evidence, { profile: 'okta-oin' })];
    expect(verdictsOf(apps, 'should')).toMatchObject({ okta: 'not-run', rfc: 'not-compliant' });
    const rows = buildSummary(oktaFacts, apps).checks;
    expect(rows.find((r) => r.id === 'rfc7643.schema.user')!.verdictLevels).toEqual({ rfc: 'MUST' });
    expect(rows.find((r) => r.id === 'okta.response.json-body')!.evidenceNote).toMatch(/UNVERIFIED .*never gates Okta's verdict/);
  });
  test('a profile the catalogue does not list in sentBy grades the request unverified there, whatever its grade', () => {
    const requests = OKTA_REQUESTS as CatalogueRequest[];
    requests.push({ id: 'O-99', what: 'a request only AIW apps send', grade: 'documented', sentBy: ['okta-aiw'], source: 'test' });
    try {
      expect(catalogueGrade('O-99', 'okta-aiw')).toBe('documented');
      expect(catalogueGrade('O-99', 'okta-oin')).toBe('unverified');
    } finally {
      requests.pop();
    }
    // In the catalogue as it stands: O-09 (AIW deactivation by PUT) is not sent by OIN apps.
    expect(catalogueGrade('O-09', 'okta-oin')).toBe('unverified');
  });
  test('the verdict reads "Okta provisioning: READY / NOT READY"; --gate okta follows it alone', () => {
    const pass = [okta('okta.connection.list-200', 'probe [Okta O-01]', 'passed')];
    const fail = [okta('okta.connection.list-200', 'probe [Okta O-01]', 'failed')];
    expect(buildSummary(oktaFacts, pass).verdicts.okta.headline).toMatch(/^Okta provisioning: READY \(1 passed, 0 failed/);
    expect(buildSummary(oktaFacts, fail).verdicts.okta.headline).toMatch(/^Okta provisioning: NOT READY \(0 passed, 1 failed/);
    const entraFailure = [app('entra.users.create.accepted', 'create [Entra R-04]', 'failed', client), ...pass];
    expect(buildSummary({ ...oktaFacts, gate: 'okta' }, entraFailure).verdict).toBe('passed');
    expect(buildSummary({ ...oktaFacts, gate: 'okta' }, fail).verdict).toBe('failed');
    expect(buildSummary({ ...oktaFacts, gate: 'entra' }, fail).verdict).toBe('passed');
  });
  test('the reports show the Okta verdict only when an Okta profile ran', () => {
    expect(reportedAreas({ profiles: ['entra', 'entra-flag'] })).toEqual(['entra', 'rfc']);
    expect(reportedAreas({ profiles: ['okta-oin'] })).toEqual(['okta', 'rfc']);
    expect(reportedAreas({ profiles: ['entra-flag', 'okta-aiw', 'okta-oin'] })).toEqual(['entra', 'okta', 'rfc']);
  });
});
