// Response-body agreement (src/checks/rfc/agreement.ts): what the check compares, what it leaves out,
// and which write a GET is judged against.
import { getCheck } from '../../src/checks/registry';
import { disagreements, writeBeforeRead, writeJudgedAt } from '../../src/checks/rfc/agreement';
import { NOT_APPLICABLE, type CheckContext } from '../../src/checks/types';
import { PreconditionUnmet, Violation } from '../../src/checks/violation';
import type { Exchange, HttpMethod } from '../../src/http/exchange';
import type { DiscoverySnapshot } from '../../src/runner/discovery';

const BASE = 'http://127.0.0.1:1/scim/v2';
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
// No readable /Schemas: every attribute is judged.
const NO_SCHEMAS: DiscoverySnapshot = {
  serviceProviderConfig: { request: 'GET /ServiceProviderConfig -> 404', status: 404 },
  resourceTypes: { request: 'GET /ResourceTypes -> 404', status: 404 },
  schemas: { request: 'GET /Schemas -> 404', status: 404 },
};
const rules = { discovery: NO_SCHEMAS, resourceType: 'User' as const };

let seq = 0;
function ex(method: HttpMethod, path: string, status: number, json?: unknown): Exchange {
  const bodyText = json === undefined ? '' : JSON.stringify(json);
  return {
    seq: ++seq,
    label: 'unit',
    startedAt: '2026-01-01T00:00:00Z',
    durationMs: 1,
    request: { method, url: BASE + path, headers: {} },
    response: { status, headers: {}, bodyText, ...(json !== undefined ? { json } : {}) },
  };
}

const user = (extra: Record<string, unknown> = {}) => ({
  schemas: [USER, ENT],
  id: 'u1',
  userName: 'kim@example.test',
  title: 'New',
  emails: [
    { value: 'a@example.test', type: 'work' },
    { value: 'b@example.test', type: 'other' },
  ],
  [ENT]: { department: 'Sales' },
  meta: { resourceType: 'User', lastModified: '2026-01-01T00:00:01Z', version: 'W/"2"' },
  ...extra,
});

function judge(checkId: string, history: Exchange[], read: Exchange, identity?: CheckContext['identity']): 'passed' | 'not-applicable' | string {
  // With an identity read, `read` is the create step's own exchange (the POST) and the identity read is what it is compared with.
  const ctx: CheckContext = { exchange: read, responseKind: 'User', profile: 'entra', vars: {}, expect: {}, earlier: history.map((exchange) => ({ step: 's', exchange })), discovery: NO_SCHEMAS, ...(identity ? { identity } : {}) };
  try {
    return getCheck(checkId).verify!(ctx) === NOT_APPLICABLE ? 'not-applicable' : 'passed';
  } catch (e) {
    if (e instanceof Violation) return e.received;
    throw e;
  }
}

describe('response-body agreement', () => {
  test('the same resource agrees, whatever meta, value order and unassigned values say', () => {
    const written = user({ meta: { resourceType: 'User', lastModified: 'x', version: 'W/"9"' }, roles: [], nickName: null });
    const read = user({ emails: [...user().emails].reverse() });
    expect(disagreements(written, read, false, rules)).toEqual([]);
  });

  test('a stale attribute, an extension attribute and an attribute missing from the response disagree', () => {
    const read = user({ displayName: 'Kim' });
    const written = user({ title: 'Old', [ENT]: { department: 'Ops' } });
    expect(disagreements(written, read, false, rules).map(([k]) => k)).toEqual(['displayName', 'title', ENT]);
  });

  test('with attributes or excludedAttributes on either request, only attributes both carry are compared', () => {
    const written = { id: 'u1', schemas: [USER], title: 'New' };
    expect(disagreements(written, user(), true, rules)).toEqual([]);
    expect(disagreements({ ...written, title: 'Old' }, user(), true, rules).map(([k]) => k)).toEqual(['title']);
  });

  test('a GET is judged against the write right before it (reads in between allowed), never across another write', () => {
    const patch = ex('PATCH', '/Users/u1', 200, user());
    const probe = ex('GET', '/Users?filter=x', 200, { Resources: [] });
    const read = ex('GET', '/Users/u1', 200, user());
    expect(writeBeforeRead(read, [{ exchange: patch }, { exchange: probe }])).toBe(patch);
    expect(writeBeforeRead(read, [{ exchange: patch }, { exchange: ex('PATCH', '/Users/u2', 200, user({ id: 'u2' })) }])).toBeUndefined();
    expect(writeBeforeRead(read, [{ exchange: patch }, { exchange: ex('GET', '/Users/u1', 200, user()) }])).toBeUndefined();
    // A create is judged at its own step (against the identity read), never at a later GET; it is a write in between.
    const post = ex('POST', '/Users', 201, user());
    expect(writeBeforeRead(read, [{ exchange: post }])).toBeUndefined();
    expect(writeBeforeRead(read, [{ exchange: patch }, { exchange: post }])).toBeUndefined();
  });

  test('writeJudgedAt: the same rule on fixture path templates', () => {
    const steps = [
      { method: 'POST', path: '/Users' },
      { method: 'PATCH', path: '/Users/{{userId}}' },
      { method: 'GET', path: '/Users' },
    ];
    expect(writeJudgedAt(steps, '/Users/{{userId}}')).toBe(1);
    expect(writeJudgedAt(steps, '/Users/{{otherId}}')).toBeUndefined();
    expect(writeJudgedAt(steps.slice(0, 1), '/Users/{{userId}}')).toBeUndefined();
    expect(writeJudgedAt(steps, '/Users')).toBeUndefined();
  });

  test('the checks: stale PATCH fails (MUST), 204 and other methods are not applicable, a PUT is judged', () => {
    const read = ex('GET', '/Users/u1', 200, user());
    expect(judge('rfc7644.patch.response-agrees', [ex('PATCH', '/Users/u1', 200, user({ title: 'Old' }))], read)).toBe('title: PATCH answered "Old", GET shows "New"');
    expect(judge('rfc7644.patch.response-agrees', [ex('PATCH', '/Users/u1', 204)], read)).toBe('not-applicable');
    expect(judge('rfc7644.patch.response-agrees', [ex('PUT', '/Users/u1', 200, user())], read)).toBe('not-applicable');
    expect(judge('rfc7644.replace.response-agrees', [ex('PUT', '/Users/u1', 200, user())], read)).toBe('passed');
  });

  test('a create is judged at its own step against the identity read; without one, or with a failed read, not at all; a foreign id blocks it', () => {
    const identityRead = { exchange: ex('GET', '/Users/u1', 200, user()) };
    expect(judge('rfc7644.create.response-agrees', [], ex('POST', '/Users', 201, user({ groups: [{ value: 'g-not-real' }] })), identityRead)).toBe('groups: POST answered [{"value":"g-not-real"}], GET shows (absent)');
    expect(judge('rfc7644.create.response-agrees', [], ex('POST', '/Users', 201, user()), identityRead)).toBe('passed');
    expect(judge('rfc7644.create.response-agrees', [], ex('POST', '/Users', 201, user()))).toBe('not-applicable');
    expect(judge('rfc7644.create.response-agrees', [], ex('POST', '/Users', 201, user()), { exchange: ex('GET', '/Users/u1', 404, { status: '404' }), problem: 'could not be read back' })).toBe('not-applicable');
    expect(judge('rfc7644.create.response-agrees', [], ex('POST', '/Users', 204), identityRead)).toBe('not-applicable');
    // At a GET (no identity read in the context), a create before it is not judged.
    expect(judge('rfc7644.create.response-agrees', [ex('POST', '/Users', 201, user({ title: 'Old' }))], ex('GET', '/Users/u1', 200, user()))).toBe('not-applicable');
    expect(() => judge('rfc7644.create.response-agrees', [], ex('POST', '/Users', 201, user()), { exchange: ex('GET', '/Users/u1', 200, user({ userName: 'other@example.test' })), problem: 'names another resource' })).toThrow(PreconditionUnmet);
  });
});
