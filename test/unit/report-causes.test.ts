// "What to fix" by root cause (report/causes.ts, through buildSummary): one entry per failing request,
// the checks it failed, the ones its read-backs failed and the ones it blocked listed under it, blocks
// followed to the first failure; a blocked step is never an entry of its own and unrelated failures
// never share one. Hand-written applications shaped like the runner's records.
import type { CheckApplication, Evidence } from '../../src/report/outcome';
import { endpointDetail } from '../../src/report/format';
import { buildSummary } from '../../src/report/summary';
import type { CauseEntry } from '../../src/report/causes';
import { causeLines } from '../../src/report/console';
import { RUN_FACTS as facts } from './run-facts';

const T = facts.target;
const client: Evidence = { traffic: 'client', grade: 'documented' };
const verification: Evidence = { traffic: 'verification', grade: 'documented' };
const app = (checkId: string, sequence: string, step: string, status: CheckApplication['status'], extra: Partial<CheckApplication> = {}): CheckApplication => ({
  checkId,
  sequence,
  step,
  status,
  evidence: client,
  profile: 'entra',
  area: 'entra',
  durationMs: 1,
  ...extra,
});
const refusal = (detail: string) => `HTTP 400 {"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"400","scimType":"invalidValue","detail":${JSON.stringify(detail)}}`;
const causes = (apps: CheckApplication[], more: Partial<typeof facts> = {}): CauseEntry[] => buildSummary({ ...facts, ...more }, apps).causes!;
const ids = (c: CauseEntry, status: 'failed' | 'blocked') => c.checks.filter((x) => x.status === status).map((x) => x.id);

describe('"active": "False" refused (the active-string-rejected fault, as the runner records it)', () => {
  const FALSE = refusal('Operations[0]: "active" must be a boolean, not the string "False"');
  const patch = (id: string) => `PATCH ${T}/Users/${id} -> 400`;
  const apps: CheckApplication[] = [
    app('entra.users.create.accepted', 'users.disable-enable', 'create [Entra R-04]', 'passed', { request: `POST ${T}/Users -> 201` }),
    app('entra.users.patch.accepted', 'users.disable-enable', 'disable [Entra R-07]', 'failed', { request: patch('5504'), expected: 'HTTP 200 or 204', received: FALSE, curl: "curl -sS -X PATCH 'x'" }),
    app('entra.users.disable.reads-inactive', 'users.disable-enable', 'read-disabled [verification]', 'failed', { evidence: verification, verifies: 'disable [Entra R-07]', request: `GET ${T}/Users/5504 -> 200`, expected: '"active": false', received: '"active": true' }),
    app('entra.users.disable.still-listed', 'users.disable-enable', 'lookup-disabled [verification]', 'failed', { evidence: verification, verifies: 'disable [Entra R-07]', request: `GET ${T}/Users?filter=userName+eq+%22x%22 -> 200`, expected: 'the listed user with "active": false', received: '"active": true' }),
    // Its own schema is about the read, not about the PATCH: a cause of its own.
    app('rfc7643.schema.user', 'users.disable-enable', 'read-disabled [verification]', 'failed', { evidence: verification, verifies: 'disable [Entra R-07]', request: `GET ${T}/Users/5504 -> 200`, expected: 'a User', received: 'id is a number' }),
    app('entra.users.patch.accepted', 'users.on-demand', 'disable [Entra R-07]', 'failed', { profile: 'entra-flag', request: patch('77aa'), expected: 'HTTP 200 or 204', received: FALSE }),
    app('entra.users.disable.reads-inactive', 'users.on-demand', 'read-disabled [verification]', 'failed', { profile: 'entra-flag', evidence: verification, verifies: 'disable [Entra R-07]', request: `GET ${T}/Users/77aa -> 200`, expected: '"active": false', received: '"active": true' }),
    // A generated case that sent the same PATCH and got the same answer.
    app('properties.directory.model-agrees', 'property', 'shrunk counterexample', 'failed', { request: patch('c0ffee'), expected: 'PATCH /Users/{id} answers 200 or 204', received: FALSE, replay: '--seed 1 --runs 6' }),
  ];
  const list = causes(apps);

  test('the refused PATCH is the first entry, with its read-backs and the generated case under it', () => {
    const first = list[0]!;
    expect(first).toMatchObject({ request: 'PATCH /Users/{id} -> 400', clientRequest: 'Entra R-07 Disable user', profiles: ['entra', 'entra-flag'], gating: true });
    expect(first.steps).toEqual(['users.disable-enable › disable [Entra R-07]', 'users.on-demand › disable [Entra R-07]']);
    expect(first.checks.map((c) => [c.id, c.via])).toEqual([
      ['entra.users.patch.accepted', 'request'],
      ['entra.users.disable.reads-inactive', 'read-back'],
      ['entra.users.disable.still-listed', 'read-back'],
      ['properties.directory.model-agrees', 'generated'],
    ]);
    expect(first.checks[0]).toMatchObject({ profiles: ['entra', 'entra-flag'], expected: 'HTTP 200 or 204' });
  });

  test("the entry carries what the endpoint said and Entra's context for the request", () => {
    expect(list[0]!.endpointDetail).toBe('Operations[0]: "active" must be a boolean, not the string "False"');
    expect(list[0]!.clientHint).toMatchObject({ client: 'entra', text: expect.stringMatching(/"False"/) });
    expect(list[0]!.clientHint?.text).toMatch(/Accept both/);
  });

  test('no read-back, generated case or step of it is an entry of its own; the read\'s own schema failure is', () => {
    expect(list).toHaveLength(2);
    expect(list[1]).toMatchObject({ request: 'GET /Users/{id} -> 200', readBackOf: 'Entra R-07 Disable user', steps: ['users.disable-enable › read-disabled [verification]'] });
    expect(ids(list[1]!, 'failed')).toEqual(['rfc7643.schema.user']);
  });
});

describe("Okta's requests are named from Okta's catalogue, with Okta's context", () => {
  const okta = { profile: 'okta-aiw' as const, area: 'okta' as const };
  const put = (id: string) => `PUT ${T}/Users/${id} -> 400`;
  const apps: CheckApplication[] = [
    app('okta.response.json-body', 'okta.users.update', 'update [Okta O-07]', 'failed', { ...okta, request: put('1'), expected: 'a JSON body', received: 'HTTP 400, text/html: <html>' }),
    app('okta.response.json-body', 'okta.users.update', 'update [Okta O-07]', 'failed', { ...okta, profile: 'okta-oin', request: put('2'), expected: 'a JSON body', received: 'HTTP 400, text/html: <html>' }),
    // The read-back's own finding on the user the PUT left: the context is the PUT's.
    app('rfc7643.schema.user', 'okta.users.deactivate', 'read-deactivated [verification]', 'failed', { ...okta, evidence: verification, verifies: 'deactivate [Okta O-09]', request: `GET ${T}/Users/3 -> 200`, expected: 'a User', received: 'active is a string' }),
    app('okta.connection.list-200', 'okta.users.deactivate', 'deactivate [Okta O-09]', 'passed', { ...okta, request: `PUT ${T}/Users/3 -> 200` }),
  ];
  const list = causes(apps, { profiles: ['okta-aiw', 'okta-oin'], selection: { clients: ['okta'], profiles: ['okta-aiw', 'okta-oin'] } });
  const refused = list.find((c) => c.request?.startsWith('PUT'))!;
  const read = list.find((c) => c.request?.startsWith('GET'))!;

  test("the refused PUT names Okta's O-07 and its hint, in both profiles", () => {
    expect(list).toHaveLength(2);
    expect(refused).toMatchObject({ request: 'PUT /Users/{id} -> 400', clientRequest: expect.stringMatching(/^Okta O-07 Replace user: PUT/), profiles: ['okta-aiw', 'okta-oin'] });
    expect(refused.clientHint).toMatchObject({ client: 'okta', text: expect.stringMatching(/id and meta included/) });
    expect(causeLines(refused, 1)).toEqual(expect.arrayContaining([expect.stringMatching(/^ {5}Okta: The PUT carries back everything/)]));
  });

  test("a read-back's finding names the Okta request it verifies", () => {
    expect(read).toMatchObject({ readBackOf: expect.stringMatching(/^Okta O-09 Deactivate user \(AIW\)/), clientHint: { client: 'okta' } });
    expect(causeLines(read, 2)[0]).toMatch(/, the read-back of Okta O-09 /);
  });
});

describe('blocks are followed to the first failure', () => {
  const created = app('entra.users.create.accepted', 'users.provision', 'create [Entra R-04]', 'failed', { request: `POST ${T}/Users -> 400`, expected: 'HTTP 201', received: refusal('meta is readOnly') });
  const byCreate = { sequence: 'users.provision', step: 'create [Entra R-04]', request: `POST ${T}/Users/ -> 400` };
  const apps: CheckApplication[] = [
    created,
    app('entra.users.lookup.finds-user', 'users.provision', 'lookup [verification]', 'blocked', { reason: 'blocked: needs "userId" from step "create"', blockedBy: byCreate }),
    // Blocked by a step that was itself blocked by the create: the chain ends at the create.
    app('entra.users.update.read-back', 'users.provision', 'read-updated [verification]', 'blocked', { reason: 'blocked: reads step "lookup", which was blocked', blockedBy: { sequence: 'users.provision', step: 'lookup [verification]' } }),
  ];

  test('one entry, the failed request, with every check it blocked under it', () => {
    const list = causes(apps);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ request: 'POST /Users -> 400', endpointDetail: 'meta is readOnly' });
    expect(ids(list[0]!, 'failed')).toEqual(['entra.users.create.accepted']);
    expect(ids(list[0]!, 'blocked')).toEqual(['entra.users.lookup.finds-user', 'entra.users.update.read-back']);
  });

  test("the query suite: checks blocked on the narrowing filter's answer are listed under the narrowing step, which failed", () => {
    const narrow = { sequence: 'rfc.query', step: 'narrow', request: `GET ${T}/Users?filter=name.familyName+eq+%22q%22 -> 200` };
    const rfc = { area: 'rfc' as const, evidence: { traffic: 'suite' as const } };
    const query: CheckApplication[] = [
      app('rfc7644.filter.operators', 'rfc.query', 'narrow', 'failed', { ...rfc, request: narrow.request, expected: 'exactly the ids ["a","b","c"]', received: 'ids ["a","b","c","z"]' }),
      ...['filter-eq', 'filter-ne', 'filter-co', 'page-2', 'page-3'].map((step) => app(step.startsWith('page') ? 'rfc7644.pagination.count' : 'rfc7644.filter.supported', 'rfc.query', step, 'blocked', { ...rfc, reason: 'blocked: needs the filter of step "narrow"', blockedBy: narrow })),
    ];
    const list = causes(query);
    expect(list.map((c) => c.steps)).toEqual([['rfc.query › narrow']]);
    expect(ids(list[0]!, 'blocked').sort()).toEqual(['rfc7644.filter.supported', 'rfc7644.pagination.count']);
  });
});

describe('unrelated failures never share an entry', () => {
  test('two different requests failing different checks are two entries, each with its own expected and received', () => {
    const list = causes([
      app('entra.users.patch.accepted', 'users.update', 'update-phone [Entra R-05]', 'failed', { request: `PATCH ${T}/Users/1 -> 400`, expected: 'HTTP 200 or 204', received: refusal('phoneNumbers: no target') }),
      app('entra.users.patch.accepted', 'users.update', 'update-mail [Entra R-05]', 'failed', { request: `PATCH ${T}/Users/1 -> 400`, expected: 'HTTP 200 or 204', received: refusal('emails: unsupported filter') }),
      app('entra.response.scim-content-type', 'users.provision', 'create [Entra R-04]', 'failed', { request: `POST ${T}/Users -> 201`, expected: 'application/scim+json', received: 'text/plain' }),
    ]);
    expect(list).toHaveLength(3);
    expect(list.map((c) => c.endpointDetail)).toEqual(expect.arrayContaining(['phoneNumbers: no target', 'emails: unsupported filter', undefined]));
    for (const c of list) expect(c.checks).toHaveLength(1);
  });

  test('a bare refusal (no detail) of two different requests is not merged on the status alone', () => {
    const bare = 'HTTP 400 (empty body)';
    const list = causes([
      app('entra.users.patch.accepted', 'users.update', 'update-phone [Entra R-05]', 'failed', { request: `PATCH ${T}/Users/1 -> 400`, expected: 'HTTP 200 or 204', received: bare }),
      app('entra.groups.patch.accepted', 'groups.provision', 'add-member [Entra R-15]', 'failed', { request: `PATCH ${T}/Groups/2 -> 400`, expected: 'HTTP 204', received: bare }),
    ]);
    expect(list).toHaveLength(2);
  });

  test('the same failure repeated at several requests (one check, the same expected and received) is one entry', () => {
    const wrongType = { expected: 'Content-Type application/scim+json', received: 'Content-Type text/plain' };
    const list = causes([
      app('entra.response.scim-content-type', 'users.provision', 'create [Entra R-04]', 'failed', { request: `POST ${T}/Users -> 201`, ...wrongType }),
      app('entra.response.scim-content-type', 'users.provision', 'lookup-absent [Entra R-02]', 'failed', { request: `GET ${T}/Users?filter=x -> 200`, ...wrongType }),
    ]);
    expect(list).toHaveLength(1);
    expect(list[0]!.steps).toHaveLength(2);
  });
});

test('entries run most damaging first: gating ones, then by how many check results they take down', () => {
  const blockedBy = (step: string) => ({ sequence: 's', step, request: `POST ${T}/Users -> 400` });
  const list = causes([
    app('entra.users.patch.accepted', 's', 'small [Entra R-06]', 'failed', { request: `PATCH ${T}/Users/1 -> 400`, expected: 'HTTP 200', received: refusal('nope') }),
    app('entra.users.create.accepted', 's', 'big [Entra R-04]', 'failed', { request: `POST ${T}/Users -> 400`, expected: 'HTTP 201', received: refusal('meta is readOnly') }),
    app('entra.users.lookup.finds-user', 's', 'x', 'blocked', { blockedBy: blockedBy('big [Entra R-04]'), reason: 'blocked' }),
    app('entra.users.update.read-back', 's', 'y', 'blocked', { blockedBy: blockedBy('big [Entra R-04]'), reason: 'blocked' }),
    // A SHOULD-level failure gates nothing at --fail-on must: it comes last, marked.
    app('entra.response.scim-content-type', 's', 'z [Entra R-03]', 'failed', { request: `GET ${T}/Users/1 -> 200`, expected: 'a', received: 'b' }),
  ]);
  expect(list.map((c) => [c.request, c.gating])).toEqual([
    ['POST /Users -> 400', true],
    ['PATCH /Users/{id} -> 400', true],
    ['GET /Users/{id} -> 200', false],
  ]);
});

describe("the endpoint's own reason", () => {
  test.each<[string, Partial<CheckApplication>, string | undefined]>([
    ['a SCIM error detail', { received: refusal("Attribute 'active' expected value type 'boolean' but found type 'string'") }, "Attribute 'active' expected value type 'boolean' but found type 'string'"],
    ['from the full response', { response: 'HTTP 409\ncontent-type: application/json\n\n{"detail":"userName taken","status":"409"}' }, 'userName taken'],
    ['another error format', { received: 'HTTP 500 {"error":{"code":"x","message":"Object reference not set"}}' }, 'Object reference not set'],
    ['a plain-text body', { received: 'HTTP 401 Unauthorized' }, 'Unauthorized'],
    ['a snippet cut short', { received: 'HTTP 400 {"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"detail":"bad \\"value\\"","status":"400","x":"…… (4000 chars)' }, 'bad "value"'],
    ['a success', { received: 'HTTP 200 {"detail":"fine"}' }, undefined],
    ['no status', { received: '"active": true' }, undefined],
  ])('%s', (_what, fields, said) => {
    expect(endpointDetail(fields)).toBe(said);
  });

  test('is cut to 300 characters', () => {
    expect(endpointDetail({ received: refusal('x'.repeat(1000)) })).toHaveLength(301);
  });

  test("summary.json rows carry it, with Entra's context for the request", () => {
    const row = buildSummary(facts, [app('entra.users.patch.accepted', 's', 'disable [Entra R-07]', 'failed', { request: `PATCH ${T}/Users/1 -> 400`, expected: 'HTTP 200 or 204', received: refusal("Attribute 'active' expected value type 'boolean' but found type 'string'") })]).checks[0]!;
    expect(row.endpointDetail).toBe("Attribute 'active' expected value type 'boolean' but found type 'string'");
    expect(row.clientHint).toMatchObject({ client: 'entra', text: expect.stringMatching(/the string "False"/) });
    expect(row.message).toContain("Endpoint said: Attribute 'active' expected value type 'boolean' but found type 'string'");
  });
});
