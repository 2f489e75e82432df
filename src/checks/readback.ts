// "Do the values that were written read back?", judged the same way by the Entra and RFC checks and
// the property suites. Two allowances every correct endpoint has:
//  - an attribute it does not declare in /Schemas may be dropped (RFC 7644 §3.3: "the server is free
//    to alter and/or ignore POSTed content"). When Entra's default mapping sends it, Entra re-sends it
//    every cycle: entra.schema.mapping-declared reports that, in Entra's terms, at SHOULD level;
//  - a value of an attribute that is not case-exact may come back in another letter case.
// Without a readable /Schemas nothing is known to be unsupported, so every value is judged.
import { getPath } from '../scim/path';
import { describeMismatches, missingFromResponse } from '../scim/compare';
import { URN } from '../scim/urns';
import type { DiscoverySnapshot } from '../runner/discovery';
import { declaredAttribute, isCaseExact, pathKeys, sameValue } from './declared';
import { violation } from './violation';

export interface ReadBackRules {
  discovery: DiscoverySnapshot | undefined;
  resourceType: 'User' | 'Group';
}

/** The attributes Entra's default user and group mappings write (entra-requests.md §2.1, §2.2). */
const ENTRA_MAPPED: Readonly<Record<'User' | 'Group', ReadonlySet<string>>> = {
  User: new Set(
    ['userName', 'active', 'displayName', 'title', 'emails', 'preferredLanguage', 'name', 'addresses', 'phoneNumbers', 'externalId', 'roles'].concat(
      ['employeeNumber', 'department', 'manager'].map((a) => `${URN.enterpriseUser}:${a}`),
    ),
  ),
  Group: new Set(['displayName', 'externalId', 'members']),
};

/** RFC 7643 §3.1: common attributes of every resource, which schema definitions need not list. */
const COMMON_ATTRIBUTES = new Set(['id', 'externalid', 'meta', 'schemas']);

/** Whether a value at these keys is judged: not when /Schemas is readable and does not declare the attribute. */
function judged(keys: readonly string[], rules: ReadBackRules): boolean {
  if (keys.length > 0 && COMMON_ATTRIBUTES.has(keys[0]!.toLowerCase())) return true;
  const declared = declaredAttribute(rules.discovery, rules.resourceType, keys);
  return !declared.readable || declared.attr !== undefined;
}

/** The attributes of Entra's default mapping (or of `mapped`, a customer's) that the endpoint's readable /Schemas does not declare. */
export function undeclaredMappedAttributes(discovery: DiscoverySnapshot, resourceType: 'User' | 'Group', mapped: readonly string[] = [...ENTRA_MAPPED[resourceType]]): string[] {
  return mapped.filter((name) => {
    const colon = name.lastIndexOf(':');
    const keys = name.startsWith('urn:') ? [name.slice(0, colon), name.slice(colon + 1)] : [name];
    return !judged(keys, { discovery, resourceType });
  });
}

/** Every value of `sent` reads back in `received`, within the allowances above. */
export function expectSentValuesBack(sent: unknown, received: unknown, rules: ReadBackRules): void {
  const caseRule = (keys: readonly string[]) => isCaseExact(rules.discovery, rules.resourceType, keys);
  const mismatches = missingFromResponse(sent, received, caseRule).filter((m) => judged(m.keys, rules));
  if (mismatches.length === 0) return;
  const d = describeMismatches(mismatches);
  violation(d.expected, d.received);
}

/** Each SCIM path reads back with exactly this value (strings by the attribute's caseExact). */
export function expectPathsBack(resource: Record<string, unknown>, paths: Readonly<Record<string, unknown>>, rules: ReadBackRules): void {
  const expected: string[] = [];
  const received: string[] = [];
  for (const [path, want] of Object.entries(paths)) {
    const keys = pathKeys(path);
    const got = getPath(resource, path);
    if (got.found && !got.ambiguous && sameValue(want, got.value, isCaseExact(rules.discovery, rules.resourceType, keys))) continue;
    if (!judged(keys, rules)) continue;
    expected.push(`${path}: ${JSON.stringify(want)}`);
    received.push(`${path}: ${!got.found ? '(absent)' : got.ambiguous ? `several matches ${JSON.stringify(got.value)}` : JSON.stringify(got.value)}`);
  }
  if (expected.length > 0) violation(expected.join('\n'), received.join('\n'));
}

/** Whether a path's attribute is judged at all (false: /Schemas is readable and does not declare it). */
export function isJudged(path: string, rules: ReadBackRules): boolean {
  return judged(pathKeys(path), rules);
}

/** Whether an attribute, given by its keys (["emails", "value"], a URN first for an extension), is judged. */
export function isJudgedKeys(keys: readonly string[], rules: ReadBackRules): boolean {
  return judged(keys, rules);
}
