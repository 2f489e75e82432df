// The declared-attribute round-trip checks (src/checks/rfc/declared-attributes.ts) and the endpoint
// checks (src/checks/rfc/endpoints.ts): which differences fail, at which level, and what is a
// canonical form, a skip or nothing to judge.
import { getCheck } from '../../src/checks/registry';
import { judgeValue, sameScalar, writtenBy } from '../../src/checks/rfc/declared-attributes';
import { NOT_APPLICABLE, type CheckContext, type ResponseKind } from '../../src/checks/types';
import { PreconditionUnmet, Violation } from '../../src/checks/violation';
import type { Exchange, HttpMethod } from '../../src/http/exchange';
import type { DiscoverySnapshot } from '../../src/runner/discovery';
import { resourceTypes, schemaResources } from '../../src/server/discovery';

const BASE = 'http://127.0.0.1:1/scim/v2';
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';

/** The reference server's discovery documents; `edit` changes the User schema's attribute list. */
function snapshot(edit: (attrs: Array<Record<string, unknown>>) => void = () => undefined): DiscoverySnapshot {
  const schemas = JSON.parse(JSON.stringify(schemaResources('http://x'))) as Array<Record<string, unknown>>;
  edit(schemas.find((s) => s['id'] === USER)!['attributes'] as Array<Record<string, unknown>>);
  return {
    serviceProviderConfig: { request: 'GET /ServiceProviderConfig -> 200', status: 200, body: {} },
    resourceTypes: { request: 'GET /ResourceTypes -> 200', status: 200, body: { Resources: resourceTypes('http://x') } },
    schemas: { request: 'GET /Schemas -> 200', status: 200, body: { Resources: schemas } },
  };
}
const DISCOVERY = snapshot();

let seq = 0;
function ex(method: HttpMethod, path: string, status: number, sent?: unknown, json?: unknown, headers: Record<string, string> = {}): Exchange {
  const bodyText = json === undefined ? '' : typeof json === 'string' ? json : JSON.stringify(json);
  return {
    seq: ++seq,
    label: 'unit',
    startedAt: '2026-01-01T00:00:00Z',
    durationMs: 1,
    request: { method, url: BASE + path, headers: {}, ...(sent !== undefined ? { body: JSON.stringify(sent) } : {}) },
    response: { status, headers, bodyText, ...(json !== undefined && typeof json !== 'string' ? { json } : {}) },
  };
}

type Outcome = 'passed' | 'not-applicable' | 'skipped' | 'blocked' | string;

function run(checkId: string, exchange: Exchange, opts: { earlier?: Exchange[]; kind?: ResponseKind; expect?: CheckContext['expect']; discovery?: DiscoverySnapshot } = {}): Outcome {
  const ctx: CheckContext = { exchange, responseKind: opts.kind ?? 'User', profile: 'entra', vars: {}, expect: opts.expect ?? {}, earlier: (opts.earlier ?? []).map((e) => ({ step: 's', exchange: e })), discovery: opts.discovery ?? DISCOVERY };
  try {
    return getCheck(checkId).verify!(ctx) === NOT_APPLICABLE ? 'not-applicable' : 'passed';
  } catch (e) {
    if (e instanceof Violation) return `failed: ${e.received}`;
    if (e instanceof PreconditionUnmet) return e.unsupported ? 'skipped' : 'blocked';
    throw e;
  }
}

const created = { schemas: [USER, ENT], userName: 'kim', title: 'One', nickName: 'n1', emails: [{ value: 'one@example.test', type: 'work' }], password: 'Pw-1!', [ENT]: { department: 'Sales' } };
const replaced = { schemas: [USER, ENT], userName: 'kim', title: 'Two', nickName: 'n2', emails: [{ value: 'two@example.test', type: 'home' }], password: 'Pw-2!', [ENT]: { department: 'Ops' } };
const post = ex('POST', '/Users', 201, created, { id: 'u1', ...created });
const put = (status = 200) => ex('PUT', '/Users/u1', status, replaced, status === 200 ? { id: 'u1', ...replaced } : { schemas: [ERROR], status: String(status) });
const read = (resource: Record<string, unknown>) => ex('GET', '/Users/u1', 200, undefined, { id: 'u1', ...resource });
const { password: _never, ...returned } = replaced;

describe('after a PUT (rfc7644.replace.declared-attributes, MUST)', () => {
  const judge = (resource: Record<string, unknown>, status?: number) => run('rfc7644.replace.declared-attributes', read(resource), { earlier: [post, put(status)] });

  test('passes when every value reads back, a password never, a canonical form counting as the value', () => {
    expect(judge({ ...returned, title: 'TWO', emails: [{ value: 'TWO@example.test', type: 'home', primary: false }] })).toBe('passed');
  });

  test('fails on a value dropped, and on the value the PUT should have replaced', () => {
    const { nickName: _gone, ...withoutNickName } = returned;
    expect(judge(withoutNickName)).toBe('failed: nickName: (absent)');
    expect(judge({ ...returned, title: 'One' })).toBe('failed: title: "One" (what the write before it left: not replaced)');
    expect(judge({ ...returned, [ENT]: { department: 'Sales' } })).toBe(`failed: ${ENT}:department: "Sales" (what the write before it left: not replaced)`);
    // A multi-valued attribute appended to rather than replaced still holds the old value.
    expect(judge({ ...returned, emails: [...replaced.emails, ...created.emails] })).toMatch(/^failed: emails: .* \(what the write before it left: not replaced\)$/);
  });

  test('leaves a value in another form to the SHOULD check, and a refused PUT to the acceptance check', () => {
    expect(judge({ ...returned, title: 'Two (edited)' })).toBe('passed');
    expect(run('rfc7643.attributes.declared-values-kept', read({ ...returned, title: 'Two (edited)' }), { earlier: [post, put()] })).toBe('failed: title: "Two (edited)" (another value)');
    expect(judge(returned, 400)).toBe('not-applicable');
    expect(run('rfc7643.attributes.declared-writes-accepted', put(400))).toMatch(/^failed: HTTP 400/);
  });

  test('judges only what /Schemas declares readable: not undeclared, writeOnly or "returned": "never" attributes', () => {
    const discovery = snapshot((attrs) => {
      attrs.splice(attrs.findIndex((a) => a['name'] === 'nickName'), 1);
      attrs.find((a) => a['name'] === 'title')!['returned'] = 'never';
    });
    const { nickName: _n, title: _t, ...rest } = returned;
    expect(run('rfc7644.replace.declared-attributes', read(rest), { earlier: [post, put()], discovery })).toBe('passed');
  });

  test('a read whose write did not run (a value its step needed never came) is blocked, never judged', () => {
    expect(run('rfc7644.replace.declared-attributes', read(returned), { earlier: [post] })).toBe('blocked');
    expect(run('rfc7643.attributes.declared-values-kept', read(returned), { earlier: [] })).toBe('blocked');
  });
});

describe('after a POST (rfc7643.attributes.declared-values-kept, SHOULD) and a PATCH (rfc7644.patch.declared-attributes, MUST)', () => {
  test('a POST may drop or alter: a SHOULD-level finding, both named', () => {
    const { title: _t, ...withoutTitle } = created;
    expect(run('rfc7643.attributes.declared-values-kept', read({ ...withoutTitle, nickName: 'other' }), { earlier: [post] })).toBe('failed: title: (absent)\nnickName: "other" (another value)');
  });

  test('a PATCH replace judged by its path, an extension attribute by its URN path', () => {
    const patch = ex('PATCH', '/Users/u1', 204, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [
        { op: 'replace', path: 'title', value: 'Three' },
        { op: 'replace', path: `${ENT}:department`, value: 'Legal' },
        { op: 'add', path: 'emails', value: [{ value: 'x@example.test' }] },
      ],
    });
    const judge = (resource: Record<string, unknown>) => run('rfc7644.patch.declared-attributes', read(resource), { earlier: [post, put(), patch] });
    expect(judge({ ...returned, title: 'Three', [ENT]: { department: 'Legal' } })).toBe('passed');
    expect(judge({ ...returned, [ENT]: { department: 'Legal' } })).toBe('failed: title: "Two" (what the write before it left: not replaced)');
  });

  test('the write judged is the last one of the resource read, a POST found by the id it answered with', () => {
    const other = ex('POST', '/Users', 201, { userName: 'x', title: 'X' }, { id: 'u2' });
    expect(run('rfc7643.attributes.declared-values-kept', read(created), { earlier: [post, other] })).toBe('passed');
    const viaLocation = ex('POST', '/Users', 201, created, '', { Location: `${BASE}/Users/u1` });
    expect(run('rfc7643.attributes.declared-values-kept', read(created), { earlier: [viaLocation] })).toBe('passed');
  });
});

describe('canonical forms RFC 7643 names', () => {
  const def = (type: string, extra: Record<string, unknown> = {}) => ({ name: 'x', type, ...extra });
  test.each([
    ['phone numbers in another RFC 3966 spelling', def('string'), 'phonenumbers.value', 'tel:+1-201-555-0110', '+12015550110', true],
    ['other digits are another number', def('string'), 'phonenumbers.value', 'tel:+1-201-555-0110', '+12015550111', false],
    ['IM addresses without whitespace, lower-cased', def('string'), 'ims.value', 'Chat 1@IM.Example.test', 'chat1@im.example.test', true],
    ['URIs normalised (RFC 3986 §6.2)', def('reference'), 'profileurl', 'HTTPS://Example.TEST/a/../b', 'https://example.test/b', true],
    ['the same instant', def('dateTime'), 'x', '2021-01-02T03:04:05Z', '2021-01-02T04:04:05.000+01:00', true],
    ['the same bytes, base64 wrapped', def('binary'), 'x', 'AAECAwQF', 'AAEC\nAwQF', true],
    ['the same number', def('decimal'), 'x', 2.25, 2.25, true],
    ['a number as a string is not a number', def('integer'), 'x', 22, '22', false],
    ['any case where caseExact is false', def('string'), 'x', 'Sales', 'SALES', true],
    ['not where caseExact is true', def('string', { caseExact: true }), 'x', 'Sales', 'SALES', false],
    ['a boolean is a boolean', def('boolean'), 'x', false, 'false', false],
  ])('%s', (_what, d, path, sent, got, same) => {
    expect(sameScalar(d, path, sent, got)).toBe(same);
  });

  test('a complex value is judged sub-attribute by sub-attribute, with the one before it', () => {
    const name = { name: 'name', type: 'complex', subAttributes: [{ name: 'givenName', type: 'string' }, { name: 'familyName', type: 'string' }] };
    const out = judgeValue(name, { label: 'name', keys: ['name'], value: { givenName: 'B', familyName: 'C' } }, { givenName: 'A', familyName: 'c' }, { givenName: 'A', familyName: 'X' }, true);
    expect(out.map((j) => [j.label, j.outcome])).toEqual([
      ['name.givenName', 'stale'],
      ['name.familyName', 'kept'],
    ]);
  });

  test('what a write sent: resource attributes with the extension\'s under their URN; of a PATCH only replace operations without a filter', () => {
    expect(writtenBy('PUT', replaced, 'User', DISCOVERY).map((w) => w.label)).toEqual(['userName', 'title', 'nickName', 'emails', 'password', `${ENT}:department`]);
    const patch = { Operations: [{ op: 'Replace', path: 'title', value: 'T' }, { op: 'replace', path: 'emails[type eq "work"].value', value: 'w@x' }, { op: 'remove', path: 'nickName' }, { op: 'replace', value: { displayName: 'D' } }] };
    expect(writtenBy('PATCH', patch, 'User', DISCOVERY).map((w) => w.label)).toEqual(['title', 'displayName']);
  });
});

describe('endpoint checks', () => {
  test('an unknown URL: 404 with a SCIM Error passes; 200, an HTML page or an empty 404 fail (MUST)', () => {
    const id = 'rfc7644.errors.unknown-endpoint';
    expect(run(id, ex('GET', '/abc', 404, undefined, { schemas: [ERROR], status: '404', detail: 'no' }), { kind: 'Error' })).toBe('passed');
    expect(run(id, ex('GET', '/abc', 200, undefined, '<html></html>'), { kind: 'Error' })).toMatch(/^failed: status 200, not 404; a body that is no JSON object/);
    expect(run(id, ex('GET', '/abc', 404, undefined, '<html></html>', { 'content-type': 'text/html' }), { kind: 'Error' })).toMatch(/^failed: a body that is no JSON object \(Content-Type text\/html\)/);
    expect(run(id, ex('GET', '/abc', 404), { kind: 'Error' })).toMatch(/^failed: no body/);
    expect(run(id, ex('GET', '/abc', 404, undefined, { schemas: ['urn:x'], status: '500' }), { kind: 'Error' })).toMatch(/^failed: "schemas": \["urn:x"\], without .*; "status": "500", not "404"/);
    // A number where RFC 7644 asks for a string is rfc7644.schema.error's finding, not this one's.
    expect(run(id, ex('GET', '/abc', 404, undefined, { schemas: [ERROR], status: 404 }), { kind: 'Error' })).toBe('passed');
  });

  test('POST /.search not offered (404, 405, 501) is skipped; a search that ignores its filter fails', () => {
    const id = 'rfc7644.search.post-query';
    for (const status of [404, 405, 501]) expect(run(id, ex('POST', '/Users/.search', status, {}, { schemas: [ERROR], status: String(status) }), { kind: 'UserList', expect: { ids: ['u1'], total: 1 } })).toBe('skipped');
    const all = { schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 2, Resources: [{ id: 'u1' }, { id: 'u2' }] };
    expect(run(id, ex('POST', '/Users/.search', 200, {}, all), { kind: 'UserList', expect: { ids: ['u1'], total: 1 } })).toMatch(/^failed: ids \["u1","u2"\]/);
    expect(run(id, ex('POST', '/Users/.search', 200, {}, { ...all, totalResults: 1, Resources: [{ id: 'u1' }] }), { kind: 'UserList', expect: { ids: ['u1'], total: 1 } })).toBe('passed');
  });

  test('a ResourceType and a Schema read by id are the listed ones', () => {
    const [user] = resourceTypes('http://x');
    expect(run('rfc7644.discovery.resource-type-by-id', ex('GET', '/ResourceTypes/User', 200, undefined, user), { kind: 'ResourceType', expect: { id: 'User' } })).toBe('passed');
    expect(run('rfc7644.discovery.resource-type-by-id', ex('GET', '/ResourceTypes/User', 200, undefined, { ...user, endpoint: '/Groups' }), { kind: 'ResourceType', expect: { id: 'User' } })).toBe('failed: "endpoint": "/Groups"');
    expect(run('rfc7644.discovery.resource-type-by-id', ex('GET', '/ResourceTypes/User', 404, undefined, { schemas: [ERROR], status: '404' }), { kind: 'ResourceType', expect: { id: 'User' } })).toMatch(/^failed: HTTP 404/);
    const [schema] = schemaResources('http://x');
    expect(run('rfc7644.discovery.schema-by-id', ex('GET', `/Schemas/${USER}`, 200, undefined, schema), { kind: 'Schema', expect: { id: USER } })).toBe('passed');
    const fewer = { ...schema, attributes: (schema!['attributes'] as unknown[]).slice(1) };
    expect(run('rfc7644.discovery.schema-by-id', ex('GET', `/Schemas/${USER}`, 200, undefined, fewer), { kind: 'Schema', expect: { id: USER } })).toMatch(/^failed: \[/);
  });
});
