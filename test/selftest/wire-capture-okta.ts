// What Okta's requests look like on the wire (okta-requests.md §1, §4), as the Okta wire-capture
// self-test and scale mode's Okta test judge them: Okta's headers on every request, the lookup's
// query in Okta's order, the create body's keys in Okta's order, and each catalogue request's shape.
import { isDeepStrictEqual } from 'node:util';
import { formQuery } from '../../src/http/encode';
import { CLIENT_HEADERS } from '../../src/sequences/catalogue';
import type { Seen, WireRequest } from './wire-capture';

const USER_URN = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP_URN = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH_URN = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const ID = '[^/?]+';
const USER_BY_ID = new RegExp(`^/Users/${ID}$`);
const GROUP_BY_ID = new RegExp(`^/Groups/${ID}$`);

/** §1.3: Content-Type of every Okta request that has a body, and of no other. */
export const OKTA_BODY_CONTENT_TYPE = 'application/scim+json; charset=utf-8';

/** §1.4: the keys of Okta's create body, in Okta's order (externalId is left out by one of Okta's examples). */
export const OKTA_CREATE_KEYS = ['schemas', 'userName', 'name', 'emails', 'displayName', 'locale', 'externalId', 'groups', 'password', 'active'] as const;
const OPTIONAL_CREATE_KEYS = new Set<string>(['externalId']);

/** §4 O-10: the OIN deactivation, byte for byte as Okta prints it (compact). */
export const OKTA_OIN_DEACTIVATION = { schemas: [PATCH_URN], Operations: [{ op: 'replace', value: { active: false } }] };

export interface HeaderExpectation {
  token: string;
  /** The step's own headers, which win over Okta's (none of Okta's own sequences sets one). */
  own?: Readonly<Record<string, string>>;
  auth?: 'none' | 'wrong-token';
  wrongToken?: string;
}

/**
 * §1.3: User-Agent, Accept, Accept-Charset and Accept-Encoding exactly as Okta sends them, the bearer
 * token, and Content-Type application/scim+json; charset=utf-8 on a body and only there; §1.4: a
 * body is compact JSON.
 */
export function oktaHeaderProblems(w: WireRequest, e: HeaderExpectation): string[] {
  const problems: string[] = [];
  const own = Object.fromEntries(Object.entries(e.own ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  for (const [name, value] of Object.entries(CLIENT_HEADERS.okta)) {
    const want = own[name.toLowerCase()] ?? value;
    if (w.headers[name.toLowerCase()] !== want) problems.push(`${name}: ${JSON.stringify(w.headers[name.toLowerCase()])}, not ${JSON.stringify(want)}`);
  }
  const bearer = e.auth === 'none' ? undefined : `Bearer ${e.auth === 'wrong-token' ? e.wrongToken : e.token}`;
  if (w.headers['authorization'] !== bearer) problems.push(`Authorization: ${w.headers['authorization'] === undefined ? 'absent' : 'not the expected bearer token'}`);
  if (w.body !== '') {
    if (w.headers['content-type'] !== OKTA_BODY_CONTENT_TYPE) problems.push(`Content-Type ${JSON.stringify(w.headers['content-type'])} on a body, not ${OKTA_BODY_CONTENT_TYPE}`);
    let compact = false;
    try {
      compact = w.body === JSON.stringify(JSON.parse(w.body));
    } catch {
      compact = false;
    }
    if (!compact) problems.push('a body that is not compact JSON');
  } else if (w.headers['content-type'] !== undefined) problems.push(`Content-Type ${JSON.stringify(w.headers['content-type'])} without a body`);
  return problems;
}

/**
 * §1.2: a lookup's query is `filter`, then `startIndex=1`, then `count=100`; the filter is
 * `<attribute> eq "<value>"`, form-encoded with a space as `%20`, as Okta's current docs print it (its 2019
 * page printed `+`), `"` as `%22` and `@` as `%40` (src/http/encode.ts, CLIENT_QUERY_SPACE).
 */
export function oktaLookupProblem(r: Seen, attribute: 'userName' | 'displayName'): string | undefined {
  const filter = r.query[0]?.[0] === 'filter' ? r.query[0][1] : undefined;
  const literal = filter !== undefined ? new RegExp(`^${attribute} eq "(.*)"$`).exec(filter) : null;
  if (!literal) return `filter=${attribute} eq "…" first, not ${r.rawQuery}`;
  const want = formQuery(
    [
      ['filter', filter!],
      ['startIndex', '1'],
      ['count', '100'],
    ],
    '%20',
  );
  if (r.rawQuery !== want) return `the query ${want} (filter, startIndex=1, count=100, form-encoded), not ${r.rawQuery}`;
  if (!new RegExp(`^filter=${attribute}%20eq%20%22.*%22&`).test(r.rawQuery)) return `the filter in Okta's current form ${attribute}%20eq%20%22…%22, not ${r.rawQuery}`;
  return undefined;
}

/** §1.4: Okta's create keys present (externalId may be left out) and in Okta's order; other mapped attributes may come too. */
export function oktaCreateBodyProblem(body: Record<string, unknown> | undefined): string | undefined {
  if (!body) return 'no body';
  const keys = Object.keys(body).filter((k) => (OKTA_CREATE_KEYS as readonly string[]).includes(k));
  const expected = OKTA_CREATE_KEYS.filter((k) => k in body || !OPTIONAL_CREATE_KEYS.has(k));
  if (!isDeepStrictEqual(keys, expected)) return `Okta's create keys in Okta's order ${JSON.stringify(expected)}, not ${JSON.stringify(keys)}`;
  // An extension's URN may follow (whether Okta lists it is UNVERIFIED, §1.4).
  if (!Array.isArray(body['schemas']) || body['schemas'][0] !== USER_URN) return `"schemas": [${JSON.stringify(USER_URN)}, …]`;
  if (!isDeepStrictEqual(body['groups'], [])) return '"groups": []';
  if (typeof body['password'] !== 'string' || body['password'] === '') return 'a "password" string';
  if (body['active'] !== true) return '"active": true';
  return undefined;
}

type Shape = (r: Seen) => string | undefined;

const expectThat = (cond: boolean, what: string) => (cond ? undefined : what);
const ops = (r: Seen): Array<Record<string, any>> => (Array.isArray(r.body?.['Operations']) ? r.body!['Operations'] : []);
const isPatchOp = (r: Seen) => isDeepStrictEqual(r.body?.['schemas'], [PATCH_URN]) && ops(r).length > 0;
const isMember = (m: unknown) => typeof m === 'object' && m !== null && typeof (m as Record<string, unknown>)['value'] === 'string';
const pagedList = (r: Seen, path: string) => r.method === 'GET' && r.path === path && /^startIndex=\d+&count=100$/.test(r.rawQuery) && Number(r.query[0]![1]) >= 1;
const pathlessReplace = (r: Seen, value: Record<string, unknown>) => isPatchOp(r) && ops(r).length === 1 && ops(r)[0]!['op'] === 'replace' && !('path' in ops(r)[0]!) && isDeepStrictEqual(ops(r)[0]!['value'], value);

/** Each catalogue request's shape on the wire (okta-requests.md §4). PATCH ops are lower case (§1.4). */
export const OKTA_SHAPES: Record<string, Shape> = {
  'O-01': (r) => expectThat(r.method === 'GET' && r.path === '/Users' && r.rawQuery === 'startIndex=1&count=2', 'GET /Users?startIndex=1&count=2'),
  'O-02': (r) => expectThat(r.method === 'GET' && r.path === '/Groups' && r.rawQuery === 'startIndex=1&count=100', 'GET /Groups?startIndex=1&count=100'),
  'O-03': (r) => (r.method === 'GET' && r.path === '/Users' ? oktaLookupProblem(r, 'userName') : 'GET /Users?filter=userName eq "…"&startIndex=1&count=100'),
  'O-04': (r) => (r.method === 'POST' && r.path === '/Users' ? oktaCreateBodyProblem(r.body) : 'POST /Users'),
  'O-05': (r) => expectThat(r.method === 'GET' && USER_BY_ID.test(r.path) && r.rawQuery === '', 'GET /Users/{id} without parameters'),
  'O-06': (r) => expectThat(pagedList(r, '/Users'), 'GET /Users?startIndex=N&count=100'),
  'O-07': (r) => expectThat(r.method === 'PUT' && USER_BY_ID.test(r.path) && typeof r.body?.['userName'] === 'string', 'PUT /Users/{id} with the whole user'),
  'O-08': (r) => expectThat(r.method === 'PATCH' && USER_BY_ID.test(r.path) && isPatchOp(r), 'PATCH /Users/{id} with a PatchOp'),
  'O-09': (r) => expectThat(r.method === 'PUT' && USER_BY_ID.test(r.path) && r.body?.['active'] === false && typeof r.body?.['userName'] === 'string', 'PUT /Users/{id} with the whole user and "active": false'),
  'O-10': (r) => expectThat(r.method === 'PATCH' && USER_BY_ID.test(r.path) && isDeepStrictEqual(r.body, OKTA_OIN_DEACTIVATION), `PATCH /Users/{id} ${JSON.stringify(OKTA_OIN_DEACTIVATION)}`),
  'O-11': (r) => expectThat(r.method === 'PUT' && USER_BY_ID.test(r.path) && r.body?.['active'] === true && typeof r.body?.['userName'] === 'string', 'PUT /Users/{id} with the whole user and "active": true'),
  'O-12': (r) => expectThat(r.method === 'PATCH' && USER_BY_ID.test(r.path) && pathlessReplace(r, { active: true }), 'PATCH /Users/{id} path-less replace {"active": true}'),
  'O-13': (r) => expectThat(r.method === 'PATCH' && USER_BY_ID.test(r.path) && isPatchOp(r) && ops(r).every((o) => o['op'] === 'replace'), 'PATCH /Users/{id} replace (the password)'),
  'O-14': (r) => expectThat(r.method === 'PUT' && USER_BY_ID.test(r.path) && typeof r.body?.['password'] === 'string' && typeof r.body?.['userName'] === 'string', 'PUT /Users/{id} with the whole user and "password"'),
  'O-15': (r) => (r.method === 'GET' && r.path === '/Groups' ? oktaLookupProblem(r, 'displayName') : 'GET /Groups?filter=displayName eq "…"&startIndex=1&count=100'),
  'O-16': (r) => expectThat(r.method === 'POST' && r.path === '/Groups' && isDeepStrictEqual(Object.keys(r.body ?? {}), ['schemas', 'displayName', 'members']) && isDeepStrictEqual(r.body?.['schemas'], [GROUP_URN]) && isDeepStrictEqual(r.body?.['members'], []), 'POST /Groups {"schemas": [Group], "displayName", "members": []}'),
  'O-17': (r) => expectThat(r.method === 'GET' && GROUP_BY_ID.test(r.path) && r.rawQuery === '', 'GET /Groups/{id} without parameters'),
  'O-18': (r) => expectThat(pagedList(r, '/Groups'), 'GET /Groups?startIndex=N&count=100'),
  'O-19': (r) => expectThat(r.method === 'PATCH' && GROUP_BY_ID.test(r.path) && isPatchOp(r) && ops(r).length === 1 && ops(r)[0]!['op'] === 'replace' && !('path' in ops(r)[0]!) && typeof ops(r)[0]!['value']?.['displayName'] === 'string', 'PATCH /Groups/{id} path-less replace {id, displayName}'),
  'O-20': (r) => expectThat(r.method === 'PUT' && GROUP_BY_ID.test(r.path) && isDeepStrictEqual(r.body?.['schemas'], [GROUP_URN]) && typeof r.body?.['displayName'] === 'string' && Array.isArray(r.body?.['members']) && r.body!['members'].every(isMember), 'PUT /Groups/{id} with displayName and the full member list'),
  'O-21': (r) =>
    expectThat(
      r.method === 'PATCH' && GROUP_BY_ID.test(r.path) && isPatchOp(r) && ops(r).every((o) => (o['op'] === 'remove' && /^members\[value eq ".+"\]$/.test(String(o['path']))) || (o['op'] === 'add' && o['path'] === 'members' && Array.isArray(o['value']) && o['value'].every(isMember))),
      'PATCH /Groups/{id}: remove members[value eq "…"] / add members [{value, display}]',
    ),
  'O-22': (r) => expectThat(r.method === 'PATCH' && GROUP_BY_ID.test(r.path) && isPatchOp(r) && ops(r).length === 1 && ops(r)[0]!['op'] === 'replace' && ops(r)[0]!['path'] === 'members' && Array.isArray(ops(r)[0]!['value']), 'PATCH /Groups/{id} replace members'),
  'O-23': (r) => expectThat(r.method === 'DELETE' && GROUP_BY_ID.test(r.path) && r.body === undefined, 'DELETE /Groups/{id}'),
};

/** Each catalogue request's method and path: all a step that declares its own `shape` (a known deviation) must keep. */
export const OKTA_REQUEST_LINES: Record<string, { method: string; path: RegExp }> = {
  'O-01': { method: 'GET', path: /^\/Users$/ },
  'O-02': { method: 'GET', path: /^\/Groups$/ },
  'O-03': { method: 'GET', path: /^\/Users$/ },
  'O-04': { method: 'POST', path: /^\/Users$/ },
  'O-05': { method: 'GET', path: USER_BY_ID },
  'O-06': { method: 'GET', path: /^\/Users$/ },
  'O-07': { method: 'PUT', path: USER_BY_ID },
  'O-08': { method: 'PATCH', path: USER_BY_ID },
  'O-09': { method: 'PUT', path: USER_BY_ID },
  'O-10': { method: 'PATCH', path: USER_BY_ID },
  'O-11': { method: 'PUT', path: USER_BY_ID },
  'O-12': { method: 'PATCH', path: USER_BY_ID },
  'O-13': { method: 'PATCH', path: USER_BY_ID },
  'O-14': { method: 'PUT', path: USER_BY_ID },
  'O-15': { method: 'GET', path: /^\/Groups$/ },
  'O-16': { method: 'POST', path: /^\/Groups$/ },
  'O-17': { method: 'GET', path: GROUP_BY_ID },
  'O-18': { method: 'GET', path: /^\/Groups$/ },
  'O-19': { method: 'PATCH', path: GROUP_BY_ID },
  'O-20': { method: 'PUT', path: GROUP_BY_ID },
  'O-21': { method: 'PATCH', path: GROUP_BY_ID },
  'O-22': { method: 'PATCH', path: GROUP_BY_ID },
  'O-23': { method: 'DELETE', path: GROUP_BY_ID },
};

/** A PUT of a user, which Okta builds from its GET of that user (§1.4): the catalogue requests that are one. */
export const OKTA_USER_PUTS = new Set(['O-07', 'O-09', 'O-11', 'O-14']);

/**
 * §1.4: Okta's PUT carries back the user as its GET read it, with Okta's changes: every attribute of
 * what was read, and for a deactivation (O-09) exactly that, with "active": false.
 */
export function oktaPutProblem(catalogue: string, body: Record<string, unknown> | undefined, read: unknown): string | undefined {
  if (typeof read !== 'object' || read === null) return 'not preceded by a GET of the same user that read it (O-05)';
  const asRead = read as Record<string, unknown>;
  if (catalogue === 'O-09') return isDeepStrictEqual(body, { ...asRead, active: false }) ? undefined : 'the body of the GET before it with "active": false, and nothing else changed';
  const dropped = Object.keys(asRead).filter((k) => !(k in (body ?? {})));
  return dropped.length === 0 ? undefined : `every attribute the GET read, but it drops ${dropped.join(', ')}`;
}
