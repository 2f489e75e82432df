// Robustness: Entra-shaped requests with one thing wrong, a value of the wrong JSON type, a broken
// PATCH operation or a body that is not JSON at all, and valid bodies other clients send (a user
// created inactive, "" values, several values of one type). The endpoint may take one leniently; a
// refusal must be a 4xx with a SCIM Error body (RFC 7644 §3.12), never a 5xx (Entra retries a 5xx as transient).
import fc from 'fast-check';
import { describeResponse, idOf, isObject, responseOf } from '../checks/assert';
import { violation } from '../checks/violation';
import { validateSchema, formatIssues } from '../schemas';
import { URN } from '../scim/urns';
import { clientUser, entraGroup, sparseUser, type ClientUser, type EntraGroup, type EntraUser } from './arbitraries';
import { clientUserBody, scopeClientUser, showClientUser } from './client-user';
import { createGroupBody, opName, patchBody, type Op } from './requests';
import { showUser, propertyCheck } from './properties';
import type { PropertySpec } from './runner';
import type { CaseContext } from './session';
import { createUser } from './steps';
import { createUserBody, ENTERPRISE } from './user-state';

// ---------------------------------------------------------------- where a value can be mistyped

type Slot = 'string' | 'boolean' | 'complex' | 'multi' | 'extension' | 'schemas';

/** Places in Entra's create-user body, with the kind of value each holds; sub-attributes of complex attributes weigh more (servers check them least). */
const USER_SITES: ReadonlyArray<{ at: string; slot: Slot; weight: number }> = [
  { at: 'userName', slot: 'string', weight: 1 },
  { at: 'displayName', slot: 'string', weight: 1 },
  { at: 'title', slot: 'string', weight: 1 },
  { at: 'externalId', slot: 'string', weight: 1 },
  { at: 'preferredLanguage', slot: 'string', weight: 1 },
  { at: 'active', slot: 'boolean', weight: 1 },
  { at: 'schemas', slot: 'schemas', weight: 1 },
  { at: 'name', slot: 'complex', weight: 1 },
  { at: 'name.givenName', slot: 'string', weight: 3 },
  { at: 'name.familyName', slot: 'string', weight: 3 },
  { at: 'emails', slot: 'multi', weight: 1 },
  { at: 'emails[0].value', slot: 'string', weight: 3 },
  { at: 'emails[0].primary', slot: 'boolean', weight: 1 },
  { at: 'phoneNumbers[0].value', slot: 'string', weight: 3 },
  { at: 'addresses[0].locality', slot: 'string', weight: 3 },
  { at: ENTERPRISE, slot: 'extension', weight: 1 },
  { at: `${ENTERPRISE}.employeeNumber`, slot: 'string', weight: 1 },
];

/** Wrong values per slot, none of which a SCIM endpoint can take as meant (an empty object or array would just mean "unassigned"). */
const WRONG: Readonly<Record<Slot, fc.Arbitrary<unknown>>> = {
  string: fc.oneof(fc.integer({ min: 0, max: 99999 }), fc.boolean(), fc.constant({ value: 'x' }), fc.constant(['x'])),
  boolean: fc.oneof(fc.integer({ min: 0, max: 9 }), fc.constantFrom('yes', 'maybe', 'enabled'), fc.constant({ value: true }), fc.constant([true])),
  complex: fc.oneof(fc.integer({ min: 0, max: 99 }), fc.boolean(), fc.constantFrom('x', 'Zoë Ortiz')),
  multi: fc.oneof(fc.integer({ min: 0, max: 99 }), fc.boolean(), fc.constantFrom('x', 'a@contoso.com')),
  extension: fc.oneof(fc.integer({ min: 0, max: 99 }), fc.boolean(), fc.constantFrom('x'), fc.constant([{ department: 'x' }])),
  schemas: fc.oneof(fc.constant(URN.user), fc.integer({ min: 0, max: 9 }), fc.constant({ value: URN.user })),
};

const mistypedSite = fc.oneof(...USER_SITES.map((s) => ({ weight: s.weight, arbitrary: fc.record({ at: fc.constant(s.at), wrong: WRONG[s.slot] }) })));

/** Sets `at` (a dotted path with [0] indexes into Entra's arrays) in a copy of the body, creating what is missing. */
export function setAt(body: Record<string, unknown>, at: string, value: unknown): Record<string, unknown> {
  const out = JSON.parse(JSON.stringify(body)) as Record<string, unknown>;
  const [head, ...rest] = at.startsWith(ENTERPRISE) ? [ENTERPRISE, ...at.slice(ENTERPRISE.length + 1).split('.').filter((p) => p !== '')] : at.split('.');
  const m = /^(\w+)\[0\]$/.exec(head!);
  if (rest.length === 0 && !m) {
    out[head!] = value;
    return out;
  }
  let container: Record<string, unknown>;
  if (m) {
    const list = Array.isArray(out[m[1]!]) ? (out[m[1]!] as unknown[]) : [];
    if (!isObject(list[0])) list[0] = { type: 'work' };
    out[m[1]!] = list;
    container = list[0] as Record<string, unknown>;
  } else {
    if (!isObject(out[head!])) out[head!] = {};
    container = out[head!] as Record<string, unknown>;
  }
  container[rest[0]!] = value;
  return out;
}

// ---------------------------------------------------------------- broken PATCH operations

const PATCH_DEFECTS: ReadonlyArray<fc.Arbitrary<{ defect: string; op: Record<string, unknown> | 'no-schemas' | 'operations-object' }>> = [
  fc.constantFrom('Merge', 'upsert', 'Update', '').map((op) => ({ defect: `unknown op ${JSON.stringify(op)}`, op: { op, path: 'title', value: 'x' } })),
  fc
    .constantFrom('emails[type eq "work".value', 'name..givenName', 'emails[type eq work].value', 'title]', 'emails[type eq "work"]].value', '[type eq "work"]')
    .map((path) => ({ defect: `malformed path ${JSON.stringify(path)}`, op: { op: 'replace', path, value: 'x' } })),
  fc
    .constantFrom('favouriteColour', 'name.middle_name', 'urn:ietf:params:scim:schemas:core:2.0:User:nope', 'emails[type eq "work"].colour')
    .map((path) => ({ defect: `unknown attribute ${JSON.stringify(path)}`, op: { op: 'replace', path, value: 'x' } })),
  fc
    .tuple(fc.constantFrom('active', 'title', 'name.givenName', 'emails[type eq "work"].value', `${ENTERPRISE}:department`, 'name'), fc.oneof(fc.integer({ min: 0, max: 99 }), fc.constant({ value: 'x' }), fc.constant(['x', 'y'])))
    .filter(([path, value]) => !(path === 'name' && isObject(value)))
    .map(([path, value]) => ({ defect: `${path} set to ${JSON.stringify(value)}`, op: { op: 'replace', path, value } })),
  fc.constantFrom('id', 'meta.created', 'groups').map((path) => ({ defect: `readOnly ${path}`, op: { op: 'replace', path, value: 'x' } })),
  fc.constant({ defect: 'remove without a path', op: { op: 'remove' } }),
  fc.constant({ defect: 'add without a value', op: { op: 'add', path: 'title' } }),
  fc.constantFrom<unknown>('x', 42).map((value) => ({ defect: `path-less value ${JSON.stringify(value)}`, op: { op: 'replace', value } })),
  fc.constant({ defect: 'no schemas', op: 'no-schemas' as const }),
  fc.constant({ defect: '"Operations" is an object', op: 'operations-object' as const }),
];

// ---------------------------------------------------------------- damaged JSON

type Damage = 'truncated' | 'trailing comma' | 'single quotes' | 'raw newline in a string' | 'NaN';

export function damage(json: string, how: Damage, at: number): string {
  switch (how) {
    case 'truncated':
      return json.slice(0, 1 + (at % (json.length - 1)));
    case 'trailing comma':
      return `${json.slice(0, -1)},}`;
    case 'single quotes':
      return json.replace(/"/g, "'");
    case 'raw newline in a string':
      return json.replace('"userName":"', '"userName":"\n');
    case 'NaN':
      return json.replace(/"active":(true|false)/, '"active":NaN');
  }
}

// ---------------------------------------------------------------- the property

export type BadRequest =
  | { kind: 'mistyped user'; user: EntraUser; at: string; wrong: unknown }
  | { kind: 'broken PATCH'; defect: string; op: Record<string, unknown> | 'no-schemas' | 'operations-object' }
  | { kind: 'damaged JSON'; user: EntraUser; how: Damage; at: number }
  | { kind: 'mistyped group'; group: EntraGroup; at: 'displayName' | 'externalId' | 'members'; wrong: unknown }
  | { kind: 'other client'; user: ClientUser };

export const badRequest: fc.Arbitrary<BadRequest> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('mistyped user' as const), user: sparseUser, site: mistypedSite }).map(({ kind, user, site }) => ({ kind, user, ...site })) },
  { weight: 2, arbitrary: fc.oneof(...PATCH_DEFECTS).map((d) => ({ kind: 'broken PATCH' as const, ...d })) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('damaged JSON' as const),
      user: sparseUser,
      how: fc.constantFrom<Damage>('truncated', 'trailing comma', 'single quotes', 'raw newline in a string', 'NaN'),
      at: fc.nat({ max: 10_000 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.oneof(
      fc.record({ kind: fc.constant('mistyped group' as const), group: entraGroup, at: fc.constantFrom('displayName' as const, 'externalId' as const), wrong: WRONG.string }),
      fc.record({ kind: fc.constant('mistyped group' as const), group: entraGroup, at: fc.constant('members' as const), wrong: fc.oneof(fc.constant('x'), fc.integer({ min: 0, max: 9 }).map((n) => [{ value: n }])) }),
    ),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('other client' as const), user: clientUser }) },
);

export interface Target {
  userId: string;
}

/** The request a bad case sends, and the name of what it would create if the endpoint accepted it. */
function requestFor(k: BadRequest, c: CaseContext, target: Target): { method: 'POST' | 'PATCH'; path: string; body?: unknown; rawBody?: string; creates?: { type: 'Users' | 'Groups'; name: string } } {
  const profile = c.profile;
  switch (k.kind) {
    case 'mistyped user': {
      const userName = c.prefix + k.user.userName;
      return { method: 'POST', path: '/Users', body: setAt(createUserBody({ userName, active: true, attrs: k.user.attrs }), k.at, k.wrong), creates: { type: 'Users', name: userName } };
    }
    case 'damaged JSON': {
      const userName = c.prefix + k.user.userName;
      return { method: 'POST', path: '/Users', rawBody: damage(JSON.stringify(createUserBody({ userName, active: true, attrs: k.user.attrs })), k.how, k.at), creates: { type: 'Users', name: userName } };
    }
    case 'other client': {
      const user = scopeClientUser(c.prefix, k.user);
      return { method: 'POST', path: '/Users', body: clientUserBody(user), creates: { type: 'Users', name: user.userName } };
    }
    case 'mistyped group': {
      const name = c.prefix + k.group.displayName;
      const body: Record<string, unknown> = { ...createGroupBody(k.group, name), [k.at]: k.wrong };
      return { method: 'POST', path: '/Groups', body, creates: { type: 'Groups', name } };
    }
    case 'broken PATCH': {
      const path = `/Users/${encodeURIComponent(target.userId)}`;
      if (k.op === 'no-schemas') return { method: 'PATCH', path, body: { Operations: [{ op: opName(profile, 'replace'), path: 'title', value: 'x' }] } };
      if (k.op === 'operations-object') return { method: 'PATCH', path, body: { schemas: [URN.patchOp], Operations: { op: opName(profile, 'replace'), path: 'title', value: 'x' } } };
      // Entra's op casing for the profile, unless the op itself is the defect.
      const op = ['add', 'replace', 'remove'].includes(String(k.op['op'])) ? { ...k.op, op: opName(profile, k.op['op'] as Op) } : k.op;
      return { method: 'PATCH', path, body: patchBody([op]) };
    }
  }
}

function describeBad(k: BadRequest): string {
  switch (k.kind) {
    case 'mistyped user':
      return `POST /Users for ${showUser(k.user)} with ${k.at} set to ${JSON.stringify(k.wrong)}`;
    case 'damaged JSON':
      return `POST /Users for ${showUser(k.user)}, body damaged: ${k.how}${k.how === 'truncated' ? ` (at ${k.at})` : ''}`;
    case 'mistyped group':
      return `POST /Groups for displayName ${JSON.stringify(k.group.displayName)} with ${k.at} set to ${JSON.stringify(k.wrong)}`;
    case 'broken PATCH':
      return `PATCH /Users/{id} with ${k.defect}`;
    case 'other client':
      return `POST /Users for ${showClientUser(k.user)} (as a client other than Entra sends it)`;
  }
}

function patchDeclaredUnsupported(c: CaseContext): boolean {
  const spc = c.env.discovery?.serviceProviderConfig.body;
  const patch = isObject(spc) ? spc['patch'] : undefined;
  return isObject(patch) && patch['supported'] === false;
}

export const badBodies4xx: PropertySpec<BadRequest, Target> = {
  check: propertyCheck('properties.errors.bad-body-4xx'),
  tag: 'x',
  defaultRuns: 15,
  requestsPerCase: 1,
  traffic: 'suite',
  arbitrary: () => badRequest,
  // One ordinary user receives every broken PATCH.
  setup: async (c) => ({ userId: await createUser(c, { userName: `${c.prefix}target@example.test`, active: true, attrs: { displayName: 'Bad Request Target', title: 'Target' } }) }),
  async run(k, c, target) {
    const req = requestFor(k, c, target);
    const ex = await c.send({ method: req.method, path: req.path, ...(req.body !== undefined ? { body: req.body } : {}), ...(req.rawBody !== undefined ? { rawBody: req.rawBody } : {}), label: k.kind });
    const res = responseOf(ex);
    if (res.status >= 200 && res.status < 300 && req.creates) {
      // Accepted after all: whatever was created is this case's to delete.
      const id = idOf(res.json);
      if (typeof id === 'string' && id !== '') await c.trackCreated(req.creates.type, req.creates.name, id);
      else await c.trackWithoutId(req.creates.type, req.creates.name);
    }
    // Taking a mistyped body leniently (a 2xx) is the endpoint's choice, at most a SHOULD (RFC 7644 §3.3
    // lets the server alter or ignore POSTed content); crashing on it (a 5xx) never is.
    if (res.status >= 200 && res.status < 300) return;
    // An endpoint that declares PATCH unsupported (RFC 7643 §5, patch.supported false) may answer any PATCH 501 Not Implemented.
    if (req.method === 'PATCH' && res.status === 501 && patchDeclaredUnsupported(c)) return;
    if (res.status < 400 || res.status > 499) violation(`HTTP 4xx with a SCIM Error body (400 invalidSyntax, invalidValue or invalidPath), or the request taken leniently (2xx), never a ${res.status}`, describeResponse(res));
    const error = validateSchema('Error', res.json);
    if (res.json === undefined || !error.valid) {
      violation(`a SCIM Error body (RFC 7644 §3.12) with the ${res.status}`, res.json === undefined ? describeResponse(res) : `${describeResponse(res)}\n${error.valid ? '' : formatIssues(error.issues)}`);
    }
  },
  show: (k) => describeBad(k),
};

