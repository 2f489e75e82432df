// The user attributes of the custom SCIM app's default mapping (entra-requests.md §2.1), as the SCIM
// paths Entra writes them in PATCH requests, and the state the harness expects an
// endpoint to hold for them. A user is a flat map path -> value: the same shape Entra keeps on its
// side when it decides what to send.
import { isCaseExact, pathKeys, sameValue } from '../checks/declared';
import { isJudged, type ReadBackRules } from '../checks/readback';
import type { DiscoverySnapshot } from '../runner/discovery';
import { getPath, type PathLookup } from '../scim/path';
import { URN } from '../scim/urns';

export const ENTERPRISE = URN.enterpriseUser;

type MultiAttr = 'emails' | 'addresses' | 'phoneNumbers';

export interface AttrSpec {
  /** The path as Entra writes it: `title`, `name.givenName`, `phoneNumbers[type eq "mobile"].value`, URN-qualified. */
  readonly path: string;
  readonly where: 'core' | 'name' | 'multi' | 'enterprise';
  /** Attribute (core), sub-attribute (name, multi) or extension attribute (enterprise). */
  readonly key: string;
  readonly multi?: { readonly attr: MultiAttr; readonly type: string };
  /** Never sent on its own: name.formatted is Join(" ", [givenName], [surname]) in the mapping. */
  readonly derived?: true;
}

const core = (key: string): AttrSpec => ({ path: key, where: 'core', key });
const name = (key: string, derived?: true): AttrSpec => ({ path: `name.${key}`, where: 'name', key, ...(derived ? { derived } : {}) });
const multi = (attr: MultiAttr, type: string, key: string): AttrSpec => ({ path: `${attr}[type eq "${type}"].${key}`, where: 'multi', key, multi: { attr, type } });
const ent = (key: string): AttrSpec => ({ path: `${ENTERPRISE}:${key}`, where: 'enterprise', key });

/** Every mapped attribute but userName and active, in the order Entra's create body lists them (§1.4). */
export const ATTRS: readonly AttrSpec[] = [
  core('externalId'),
  multi('addresses', 'work', 'country'),
  multi('addresses', 'work', 'formatted'),
  multi('addresses', 'work', 'locality'),
  multi('addresses', 'work', 'postalCode'),
  multi('addresses', 'work', 'region'),
  multi('addresses', 'work', 'streetAddress'),
  core('displayName'),
  multi('emails', 'work', 'value'),
  name('formatted', true),
  name('familyName'),
  name('givenName'),
  multi('phoneNumbers', 'work', 'value'),
  multi('phoneNumbers', 'mobile', 'value'),
  multi('phoneNumbers', 'fax', 'value'),
  core('preferredLanguage'),
  core('title'),
  ent('department'),
  ent('employeeNumber'),
];

export const ATTR_BY_PATH: ReadonlyMap<string, AttrSpec> = new Map(ATTRS.map((a) => [a.path, a]));

/** Attributes a change can name directly (name.formatted follows givenName and familyName). */
export const CHANGEABLE: readonly AttrSpec[] = ATTRS.filter((a) => !a.derived);

/** Single-valued attributes: a plain attribute, a sub-attribute of name, or an extension attribute. */
export const SINGLE_VALUED: readonly AttrSpec[] = CHANGEABLE.filter((a) => a.where !== 'multi');

/** Attribute path -> value; an absent key is an attribute Entra has no value for (never sent). */
export type Attrs = Readonly<Record<string, string>>;

export interface UserState {
  /** The full userName, run prefix included. */
  readonly userName: string;
  readonly active: boolean;
  readonly attrs: Attrs;
}

/**
 * mailNickname (externalId) and mail are unique in an Entra tenant, and endpoints may enforce it;
 * drawn values are not (two users shrunk to "a" would collide). Each user's carry its name prefix.
 */
const UNIQUE_IN_TENANT = ['externalId', 'emails[type eq "work"].value'];

export function scopedValue(prefix: string, path: string, value: string): string {
  return UNIQUE_IN_TENANT.includes(path) ? prefix + value : value;
}

export function scoped(prefix: string, attrs: Attrs): Attrs {
  return Object.fromEntries(Object.entries(attrs).map(([path, value]) => [path, scopedValue(prefix, path, value)]));
}

/** Entra's expression for name.formatted: Join(" ", [givenName], [surname]), which skips empty inputs. */
export function withDerived(attrs: Attrs): Attrs {
  const out: Record<string, string> = { ...attrs };
  const formatted = [attrs['name.givenName'], attrs['name.familyName']].filter((v) => v !== undefined && v !== '').join(' ');
  if (formatted === '') delete out['name.formatted'];
  else out['name.formatted'] = formatted;
  return out;
}

/**
 * The POST /Users body Entra sends for this user (R-04 with the default mapping): keys in Entra's
 * order, both schema URNs, meta.resourceType, "roles": [], compact values, never null.
 */
export function createUserBody(state: UserState): Record<string, unknown> {
  const a = state.attrs;
  const pick = (specs: readonly AttrSpec[]): Record<string, string> | undefined => {
    const out: Record<string, string> = {};
    for (const s of specs) if (a[s.path] !== undefined) out[s.key] = a[s.path]!;
    return Object.keys(out).length > 0 ? out : undefined;
  };
  const of = (attr: MultiAttr, type: string) => ATTRS.filter((s) => s.multi?.attr === attr && s.multi.type === type);
  const address = pick(of('addresses', 'work'));
  const phones = ['work', 'mobile', 'fax'].flatMap((type) => (a[`phoneNumbers[type eq "${type}"].value`] !== undefined ? [{ type, value: a[`phoneNumbers[type eq "${type}"].value`] }] : []));
  const mail = a['emails[type eq "work"].value'];
  const nameObj = pick(ATTRS.filter((s) => s.where === 'name'));
  const enterprise = pick(ATTRS.filter((s) => s.where === 'enterprise'));
  const body: Record<string, unknown> = { schemas: [URN.user, ENTERPRISE] };
  if (a['externalId'] !== undefined) body['externalId'] = a['externalId'];
  body['userName'] = state.userName;
  body['active'] = state.active;
  if (address) body['addresses'] = [{ ...address, type: 'work' }];
  if (a['displayName'] !== undefined) body['displayName'] = a['displayName'];
  if (mail !== undefined) body['emails'] = [{ primary: true, type: 'work', value: mail }];
  body['meta'] = { resourceType: 'User' };
  if (nameObj) body['name'] = nameObj;
  if (phones.length > 0) body['phoneNumbers'] = phones;
  if (a['preferredLanguage'] !== undefined) body['preferredLanguage'] = a['preferredLanguage'];
  body['roles'] = [];
  if (a['title'] !== undefined) body['title'] = a['title'];
  if (enterprise) body[ENTERPRISE] = enterprise;
  return body;
}

export interface StateMismatch {
  path: string;
  expected: string;
  received: string;
}

const show = (v: unknown): string => (v === undefined ? '(absent)' : JSON.stringify(v));

/**
 * Where a returned user departs from the expected state. Only what Entra wrote is judged: an
 * attribute Entra never sent may hold anything (endpoints fill in defaults); every value Entra sent
 * must read back exactly, once (one element per type), with userName and active as written.
 */
export function compareUser(expected: UserState, resource: unknown, discovery?: DiscoverySnapshot): StateMismatch[] {
  const out: StateMismatch[] = [];
  const rules: ReadBackRules = { discovery, resourceType: 'User' };
  const at = (path: string): PathLookup => {
    try {
      return getPath(resource, path);
    } catch {
      // A resource getPath cannot walk (e.g. a literal top-level key "urn:…:User:employeeNumber"): the value is not where Entra reads it.
      return { found: false };
    }
  };
  // Strings compare as the attribute's caseExact says: a canonicalised (lower-cased) e-mail is the same value.
  const same = (path: string, want: unknown, got: unknown) => sameValue(want, got, isCaseExact(discovery, 'User', pathKeys(path)));
  const userName = at('userName');
  if (!same('userName', expected.userName, userName.value)) out.push({ path: 'userName', expected: show(expected.userName), received: show(userName.value) });
  const active = at('active');
  if (active.value !== expected.active) out.push({ path: 'active', expected: show(expected.active), received: show(active.value) });
  for (const spec of ATTRS) {
    const want = expected.attrs[spec.path];
    if (want === undefined || !isJudged(spec.path, rules)) continue;
    const got = at(spec.path);
    if (got.ambiguous) out.push({ path: spec.path, expected: `${show(want)} (one ${spec.multi?.attr} element of type "${spec.multi?.type}")`, received: `several: ${show(got.value)}` });
    else if (!got.found || !same(spec.path, want, got.value)) out.push({ path: spec.path, expected: show(want), received: show(got.found ? got.value : undefined) });
  }
  return out;
}

export function describeStateMismatches(mismatches: readonly StateMismatch[]): { expected: string; received: string } {
  return {
    expected: mismatches.map((m) => `${m.path}: ${m.expected}`).join('\n'),
    received: mismatches.map((m) => `${m.path}: ${m.received}`).join('\n'),
  };
}
