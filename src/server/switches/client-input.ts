// What SCIM clients other than Entra send (the property suites generate it, specs/properties): users
// created inactive, "" for a field held empty, several values of one type, letters outside ASCII in
// identifiers. The faults are the ways real endpoints mishandle that input; the variation is a freedom
// the RFC gives over "".

import { findKeyCI, isObject, type JsonObject } from '../json';
import { defineSwitch } from './define';

const MULTI_VALUED_WITH_TYPE = ['emails', 'phoneNumbers', 'addresses'];

/** The elements of a multi-valued attribute, the last one of each type kept (elements without a type all kept). */
function lastOfEachType(items: unknown[]): unknown[] {
  const typeOf = (x: unknown) => (isObject(x) && typeof x['type'] === 'string' ? x['type'].toLowerCase() : undefined);
  return items.filter((x, i) => {
    const type = typeOf(x);
    return type === undefined || !items.slice(i + 1).some((y) => typeOf(y) === type);
  });
}

const ascii = (s: string): string => s.replace(/[^\x00-\x7f]/g, '?');

/**
 * How empty-string-kept stores "": normalisation treats "" as unassigned (RFC 7643 §2.5 allows either),
 * so the variation hands it over as this marker and turns it back into "" in every response.
 */
const KEPT_EMPTY = '\u0000empty-string';

function restoreEmpty(v: unknown): unknown {
  if (v === KEPT_EMPTY) return '';
  if (Array.isArray(v)) return v.map(restoreEmpty);
  if (isObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, restoreEmpty(x)]));
  return v;
}

export const CLIENT_INPUT_SWITCHES = [
  defineSwitch({
    name: 'create-active-false-ignored',
    kind: 'fault',
    description: 'POST /Users stores "active": true whatever the body says (new accounts start enabled; only PATCH and PUT change it), so a user created inactive comes back active.',
    createBody: (body, rt) => {
      const key = rt.name === 'User' ? findKeyCI(body, 'active') : undefined;
      return key === undefined ? body : { ...body, [key]: true };
    },
  }),
  defineSwitch({
    name: 'multi-valued-one-per-type',
    kind: 'fault',
    description: 'Users keep one e-mail, phone number and address per type (one column per type): of two "work" e-mails or two "mobile" numbers only the last one is stored.',
    storeWrite: (type, data) => {
      if (type !== 'User') return data;
      const out: JsonObject = { ...data };
      for (const attr of MULTI_VALUED_WITH_TYPE) if (Array.isArray(out[attr])) out[attr] = lastOfEachType(out[attr]);
      return out;
    },
  }),
  defineSwitch({
    name: 'empty-string-500',
    kind: 'fault',
    description: 'An empty string value in a request body crashes the request with 500 (a length check that reads the first character of every string) instead of being stored, dropped or refused with a 400.',
    inputValue: (value) => {
      if (value === '') throw new TypeError("Cannot read properties of undefined (reading 'toUpperCase')");
      return value;
    },
  }),
  defineSwitch({
    name: 'identifiers-non-ascii-mangled',
    kind: 'fault',
    description: 'A User\'s externalId and e-mail addresses are stored in non-Unicode (ASCII) columns: every character outside ASCII becomes "?" (jörg@contoso.com reads back as j?rg@contoso.com). Names and titles are stored correctly.',
    storeWrite: (type, data) => {
      if (type !== 'User') return data;
      const out: JsonObject = { ...data };
      if (typeof out.externalId === 'string') out.externalId = ascii(out.externalId);
      if (Array.isArray(out.emails)) out.emails = out.emails.map((e: unknown) => (isObject(e) && typeof e['value'] === 'string' ? { ...e, value: ascii(e['value']) } : e));
      return out;
    },
  }),
  defineSwitch({
    name: 'empty-string-kept',
    kind: 'variation',
    scope: ['entra', 'okta', 'rfc'],
    description:
      'An empty string sent for an optional string attribute ("title": "") is stored and returned as "" instead of being dropped as unassigned, as endpoints that store what they are given do; RFC 7643 §2.3.1 makes a string "zero or more" characters and §2.5 names only unassigned, null and [] as one state, so either answer is correct (the reference server drops it; RFC 7644 §3.3 leaves the server "free to alter" POSTed content). Required attributes (userName, a group\'s displayName) are still refused when empty; Entra never sends "".',
    inputValue: (value, def) => (value === '' && !def.required ? KEPT_EMPTY : value),
    onResource: (resource) => restoreEmpty(resource) as JsonObject,
  }),
] as const;
