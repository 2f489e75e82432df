// A user as SCIM clients other than Entra create it (arbitraries.ts, ClientUser): its POST body, and
// what a correct endpoint may return for it. Every value sent reads back, with the allowances every
// correct endpoint has (readback.ts: what /Schemas does not declare may be dropped; a value that is not
// case-exact may change case), and one more: "" may be kept, or dropped as unassigned.
import { isCaseExact, pathKeys, sameValue } from '../checks/declared';
import { isJudged, type ReadBackRules } from '../checks/readback';
import type { DiscoverySnapshot } from '../runner/discovery';
import { getPath, type PathLookup } from '../scim/path';
import { URN } from '../scim/urns';
import type { ClientUser, TypedValue } from './arbitraries';
import type { StateMismatch } from './user-state';

const q = (v: unknown): string => (v === undefined ? '(absent)' : JSON.stringify(v));

/** The user under a case's name prefix: userName, externalId and e-mail addresses carry it (unique in a tenant). */
export function scopeClientUser(prefix: string, u: ClientUser): ClientUser {
  const values = { ...u.values };
  if (values['externalId'] !== undefined) values['externalId'] = prefix + values['externalId'];
  return { ...u, userName: prefix + u.userName, values, emails: u.emails.map((e) => ({ ...e, value: prefix + e.value })) };
}

/** The POST /Users body: booleans as JSON booleans, only the attributes the client holds, "" where it holds them empty. */
export function clientUserBody(u: ClientUser): Record<string, unknown> {
  const body: Record<string, unknown> = { schemas: [URN.user], userName: u.userName, active: u.active };
  const name: Record<string, string> = {};
  const enterprise: Record<string, string> = {};
  for (const [path, value] of Object.entries(u.values)) {
    if (path.startsWith(`${URN.enterpriseUser}:`)) enterprise[path.slice(URN.enterpriseUser.length + 1)] = value;
    else if (path.startsWith('name.')) name[path.slice('name.'.length)] = value;
    else body[path] = value;
  }
  if (Object.keys(name).length > 0) body['name'] = name;
  if (u.emails.length > 0) body['emails'] = u.emails;
  if (u.phoneNumbers.length > 0) body['phoneNumbers'] = u.phoneNumbers;
  if (u.address) body['addresses'] = [{ type: 'work', ...u.address }];
  if (Object.keys(enterprise).length > 0) {
    body[URN.enterpriseUser] = enterprise;
    body['schemas'] = [URN.user, URN.enterpriseUser];
  }
  return body;
}

export function showClientUser(u: ClientUser): string {
  const typed = (attr: string, vs: readonly TypedValue[]) => (vs.length === 0 ? [] : [`${attr} ${vs.map((v) => `${v.type} ${q(v.value)}${v.primary ? ' (primary)' : ''}`).join(', ')}`]);
  return [
    `userName ${q(u.userName)}`,
    `active ${u.active}`,
    ...Object.entries(u.values).map(([k, v]) => `${k} ${q(v)}`),
    ...typed('emails', u.emails),
    ...typed('phoneNumbers', u.phoneNumbers),
    ...(u.address ? [`addresses work ${Object.entries(u.address).map(([k, v]) => `${k} ${q(v)}`).join(', ')}`] : []),
  ].join(', ');
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const eqi = (a: unknown, b: string): boolean => typeof a === 'string' && a.toLowerCase() === b.toLowerCase();
/** Unassigned, null or "" (RFC 7643 §2.5 makes the first two one state; "" may be kept as sent). */
const emptyOrAbsent = (got: PathLookup): boolean => !got.found || got.value === null || got.value === '';

/**
 * Where the user read back departs from what the client sent: userName and active as sent; every
 * non-empty value, in the attribute's case rule; each value of a multi-valued attribute, several of
 * one type included; a value sent as "" absent, null or "". What /Schemas does not declare is not judged.
 */
export function compareClientUser(sent: ClientUser, resource: unknown, discovery: DiscoverySnapshot | undefined): StateMismatch[] {
  const out: StateMismatch[] = [];
  const rules: ReadBackRules = { discovery, resourceType: 'User' };
  const caseExact = (path: string) => isCaseExact(discovery, 'User', pathKeys(path));
  const at = (path: string): PathLookup => {
    try {
      return getPath(resource, path);
    } catch {
      return { found: false };
    }
  };
  const userName = at('userName');
  if (!sameValue(sent.userName, userName.value, caseExact('userName'))) out.push({ path: 'userName', expected: q(sent.userName), received: q(userName.value) });
  const active = at('active');
  if (isJudged('active', rules) && active.value !== sent.active) out.push({ path: 'active', expected: q(sent.active), received: q(active.value) });

  for (const [path, want] of Object.entries(sent.values)) {
    if (!isJudged(path, rules)) continue;
    const got = at(path);
    if (want === '') {
      if (!emptyOrAbsent(got)) out.push({ path, expected: '"" (sent empty: "", null or absent)', received: q(got.value) });
    } else if (!got.found || !sameValue(want, got.value, caseExact(path))) {
      out.push({ path, expected: q(want), received: q(got.found ? got.value : undefined) });
    }
  }

  for (const attr of ['emails', 'phoneNumbers'] as const) {
    if (sent[attr].length === 0 || !isJudged(attr, rules)) continue;
    const got = at(attr);
    const received = Array.isArray(got.value) ? got.value.filter(isObject) : [];
    const exact = caseExact(`${attr}.value`);
    for (const v of sent[attr]) {
      if (received.some((r) => eqi(r['type'], v.type) && sameValue(v.value, r['value'], exact))) continue;
      const sameType = received.filter((r) => eqi(r['type'], v.type));
      out.push({ path: `${attr}[type eq "${v.type}"]`, expected: `a value ${q(v.value)} (one of ${sent[attr].filter((x) => x.type === v.type).length} sent of this type)`, received: sameType.length === 0 ? '(none of this type)' : sameType.map((r) => q(r['value'])).join(', ') });
    }
  }

  if (sent.address && isJudged('addresses', rules)) {
    const got = at('addresses');
    const work = (Array.isArray(got.value) ? got.value.filter(isObject) : []).filter((r) => eqi(r['type'], 'work'));
    const judged = Object.entries(sent.address).filter(([sub]) => isJudged(`addresses.${sub}`, rules));
    const matches = (r: Record<string, unknown>) =>
      judged.every(([sub, want]) => {
        const value = Object.entries(r).find(([k]) => eqi(k, sub))?.[1];
        return want === '' ? value === undefined || value === null || value === '' : sameValue(want, value, caseExact(`addresses.${sub}`));
      });
    // Nothing judged to compare (only "" sent): the address may rightly be gone altogether.
    const onlyEmpty = judged.every(([, want]) => want === '');
    if (judged.length > 0 && !(onlyEmpty && work.length === 0) && !work.some(matches)) {
      out.push({ path: 'addresses[type eq "work"]', expected: q({ type: 'work', ...Object.fromEntries(judged) }), received: work.length === 0 ? '(none of type "work")' : work.map((r) => q(r)).join(', ') });
    }
  }
  return out;
}
