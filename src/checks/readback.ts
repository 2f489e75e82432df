// "Do the values that were written read back?", judged the same way by the Entra and RFC checks and
// the property suites. Two allowances every correct endpoint has:
//  - an attribute it does not declare in /Schemas may be dropped (RFC 7644 §3.3: "the server is free
//    to alter and/or ignore POSTed content"), unless Entra's default mapping sends it, which the
//    Entra checks report in Entra's terms (the admin must declare it or unmap it);
//  - a value of an attribute that is not case-exact may come back in another letter case.
// Without a readable /Schemas nothing is known to be unsupported, so every value is judged.
import { getPath } from '../scim/path';
import { describeMismatches, missingFromResponse, type Mismatch } from '../scim/compare';
import { URN } from '../scim/urns';
import type { DiscoverySnapshot } from '../runner/discovery';
import { declaredAttribute, isCaseExact, pathKeys, sameValue } from './declared';
import { violation } from './violation';

export interface ReadBackRules {
  discovery: DiscoverySnapshot | undefined;
  resourceType: 'User' | 'Group';
  /** Entra checks: an undeclared attribute of Entra's default mapping is still required, with advice. */
  entraMapping: boolean;
}

/** The attributes Entra's default user and group mappings write (entra-requests.md §2.1, §2.2). */
const ENTRA_MAPPED: Readonly<Record<'User' | 'Group', ReadonlySet<string>>> = {
  User: new Set(
    ['userName', 'active', 'displayName', 'title', 'emails', 'preferredLanguage', 'name', 'addresses', 'phoneNumbers', 'externalId', 'roles'].concat(
      ['employeeNumber', 'department', 'manager'].map((a) => `${URN.enterpriseUser}:${a}`),
    ).map((a) => a.toLowerCase()),
  ),
  Group: new Set(['displayname', 'externalid', 'members']),
};

/** "emails" or "urn:…:User:department": the attribute as Entra's mapping names it. */
function attributeName(keys: readonly string[]): string {
  const [first = '', second] = keys;
  return first.toLowerCase().startsWith('urn:') && second !== undefined ? `${first}:${second}` : first;
}

type Verdict = { judged: false } | { judged: true; advice?: string };

function verdictFor(keys: readonly string[], rules: ReadBackRules): Verdict {
  const declared = declaredAttribute(rules.discovery, rules.resourceType, keys);
  if (!declared.readable || declared.attr) return { judged: true };
  const name = attributeName(keys);
  if (rules.entraMapping && ENTRA_MAPPED[rules.resourceType].has(name.toLowerCase())) {
    return { judged: true, advice: `Entra's default mapping sends ${name}, which /Schemas does not declare: declare it in /Schemas, or remove it from the attribute mapping in Entra` };
  }
  return { judged: false };
}

function fail(expected: string[], received: string[], advice: Set<string>): never {
  violation(expected.join('\n'), [...received, ...[...advice].map((a) => `(${a})`)].join('\n'));
}

/** Every value of `sent` reads back in `received`, within the allowances above. */
export function expectSentValuesBack(sent: unknown, received: unknown, rules: ReadBackRules): void {
  const caseRule = (keys: readonly string[]) => isCaseExact(rules.discovery, rules.resourceType, keys);
  const judged: Mismatch[] = [];
  const advice = new Set<string>();
  for (const m of missingFromResponse(sent, received, caseRule)) {
    const v = verdictFor(m.keys, rules);
    if (!v.judged) continue;
    judged.push(m);
    if (v.advice) advice.add(v.advice);
  }
  if (judged.length === 0) return;
  const d = describeMismatches(judged);
  fail([d.expected], [d.received], advice);
}

/** Each SCIM path reads back with exactly this value (strings by the attribute's caseExact). */
export function expectPathsBack(resource: Record<string, unknown>, paths: Readonly<Record<string, unknown>>, rules: ReadBackRules): void {
  const expected: string[] = [];
  const received: string[] = [];
  const advice = new Set<string>();
  for (const [path, want] of Object.entries(paths)) {
    const keys = pathKeys(path);
    const got = getPath(resource, path);
    if (got.found && !got.ambiguous && sameValue(want, got.value, isCaseExact(rules.discovery, rules.resourceType, keys))) continue;
    const v = verdictFor(keys, rules);
    if (!v.judged) continue;
    if (v.advice) advice.add(v.advice);
    expected.push(`${path}: ${JSON.stringify(want)}`);
    received.push(`${path}: ${!got.found ? '(absent)' : got.ambiguous ? `several matches ${JSON.stringify(got.value)}` : JSON.stringify(got.value)}`);
  }
  if (expected.length > 0) fail(expected, received, advice);
}

/** Entra's advice when a path's attribute is one its default mapping sends but /Schemas does not declare. */
export function mappingAdvice(path: string, rules: ReadBackRules): string | undefined {
  const v = verdictFor(pathKeys(path), rules);
  return v.judged ? v.advice : undefined;
}

/** Whether a path's attribute is judged at all (false: undeclared, and not something Entra's mapping sends). */
export function isJudged(path: string, rules: ReadBackRules): boolean {
  return verdictFor(pathKeys(path), rules).judged;
}
