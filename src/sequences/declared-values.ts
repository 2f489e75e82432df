// Generated values for every attribute an endpoint's /Schemas declares writable (RFC 7643 §7), for the
// RFC suite's round trip (fixtures/rfc/round-trip.json): a POST writes each with one value, a PUT with
// another, a PATCH with a third, and the checks (src/checks/rfc/declared-attributes.ts) read them back.
//
// What is written, per attribute definition:
//  - mutability readWrite and writeOnly: every write; immutable: the POST, and the same value again in
//    the PUT (RFC 7644 §3.5.1: "the input value(s) MUST match"), never a PATCH; readOnly: never;
//  - a value of the declared type that a careful server has no reason to refuse: canonicalValues when
//    declared, the formats RFC 7643 §4.1 names where it names one (language tags, IANA time zones,
//    ISO 3166 country codes, RFC 3966 phone numbers, DER certificates in base64), https URLs for
//    references; free-form strings carry the run's prefix (unique where "uniqueness" asks for it);
//  - a reference to another User (manager, group members) names one of the users the sequence creates
//    first; only its "value" is written ($ref, type and display are the server's to derive);
//  - the resource's own name (User userName, Group displayName) is the fixture's: the run identifies
//    what it created by it.
// What is left out is listed with the reason (`skipped`), and reported by the steps that need it.
//
// Pure, but for reading the test certificates once.
import fs from 'node:fs';
import path from 'node:path';
import { CHARACTERISTIC_DEFAULTS, resourcesOf } from '../checks/declared';
import type { DiscoverySnapshot } from '../runner/discovery';
import { URN } from '../scim/urns';
import { FIXTURES_DIR } from './fixtures';

type Json = Record<string, unknown>;
export type DeclaredResource = 'User' | 'Group';
/** Which write the values are for: each gets values of its own. */
export type Round = 'POST' | 'PUT' | 'PATCH';

const ROUND: Record<Round, number> = { POST: 0, PUT: 1, PATCH: 2 };
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const eqi = (a: unknown, b: string): boolean => typeof a === 'string' && a.toLowerCase() === b.toLowerCase();

/** The attribute each resource type is identified by; the fixture writes it, the generator never does. */
export const NAME_ATTRIBUTE: Readonly<Record<DeclaredResource, string>> = { User: 'userName', Group: 'displayName' };

/** A characteristic as declared, or its RFC 7643 §2.2 default. */
function characteristic(def: Json, name: string): unknown {
  return name in def ? def[name] : CHARACTERISTIC_DEFAULTS[name];
}

export interface WritableAttribute {
  /** The extension schema URN for an extension attribute; undefined for the core schema. */
  urn?: string;
  name: string;
  def: Json;
  /** Written by the POST and repeated unchanged by the PUT, never by a PATCH. */
  immutable: boolean;
  /** A reference to another User: its value needs one of the sequence's users. */
  referencesUser: boolean;
}

export interface Declared {
  attributes: WritableAttribute[];
  /** "path: why" for each declared attribute (or sub-attribute) the round trip does not write. */
  skipped: string[];
}

/** The schema URNs of a resource type, core first: from /ResourceTypes, else RFC 7643 §4's. */
function schemaUrnsOf(rt: DeclaredResource, discovery: DiscoverySnapshot): string[] {
  const types = resourcesOf(discovery.resourceTypes) ?? [];
  const found = types.find((t) => eqi(t['name'], rt) || eqi(t['id'], rt));
  if (!found) return rt === 'User' ? [URN.user, URN.enterpriseUser] : [URN.group];
  const extensions = Array.isArray(found['schemaExtensions']) ? found['schemaExtensions'].filter(isObject).map((e) => e['schema']) : [];
  return [found['schema'], ...extensions].filter((s): s is string => typeof s === 'string');
}

const TYPES = new Set(['string', 'boolean', 'decimal', 'integer', 'dateTime', 'binary', 'reference', 'complex']);

/** The resource types a reference may point to, beyond external URLs and URIs. */
function resourceReferenceTypes(def: Json): string[] {
  const types = Array.isArray(def['referenceTypes']) ? def['referenceTypes'].filter((t): t is string => typeof t === 'string') : [];
  return types.filter((t) => !/^(external|uri)$/i.test(t));
}

/**
 * Why a (sub-)attribute definition is not written, or undefined when it is. `sub` is set for the
 * sub-attributes of a complex attribute.
 */
function notWritten(def: Json, sub: boolean): string | undefined {
  const mutability = characteristic(def, 'mutability');
  if (mutability === 'readOnly') return 'readOnly';
  if (!['readWrite', 'writeOnly', 'immutable'].includes(String(mutability))) return `mutability ${JSON.stringify(mutability)} is none of RFC 7643 §7's`;
  if (!TYPES.has(String(def['type']))) return `type ${JSON.stringify(def['type'])} is none of RFC 7643 §7's`;
  if (sub && def['type'] === 'complex') return 'a complex sub-attribute (RFC 7643 §2.3.8 allows none)';
  return undefined;
}

/**
 * The attributes the round trip writes for a resource type, from the endpoint's /Schemas; a string
 * when /Schemas cannot be read.
 */
export function declaredWritable(discovery: DiscoverySnapshot | undefined, rt: DeclaredResource): Declared | string {
  const schemas = discovery ? resourcesOf(discovery.schemas) : undefined;
  if (!discovery || !schemas) return `/Schemas cannot be read${discovery ? ` (${discovery.schemas.request})` : ''}`;
  const out: Declared = { attributes: [], skipped: [] };
  schemaUrnsOf(rt, discovery).forEach((urn, index) => {
    const schema = schemas.find((s) => eqi(s['id'], urn));
    const list = Array.isArray(schema?.['attributes']) ? (schema['attributes'] as unknown[]).filter(isObject) : [];
    for (const def of list) {
      const name = def['name'];
      if (typeof name !== 'string' || name === '') continue;
      const label = index === 0 ? name : `${urn}:${name}`;
      // RFC 7643 §3.1 common attributes, should a schema list them; the resource's own name is the fixture's.
      if (index === 0 && (/^(id|meta|schemas)$/i.test(name) || eqi(name, NAME_ATTRIBUTE[rt]))) continue;
      const why = notWritten(def, false);
      if (why !== undefined) {
        if (why !== 'readOnly') out.skipped.push(`${label}: ${why}`);
        continue;
      }
      const referenced = def['type'] === 'complex' ? referenceOf(def) : undefined;
      if (def['type'] === 'reference' && resourceReferenceTypes(def).length > 0) {
        out.skipped.push(`${label}: a reference to a ${resourceReferenceTypes(def).join(' or ')} resource without a "value" to write`);
        continue;
      }
      if (referenced === 'other') {
        out.skipped.push(`${label}: refers to resources other than Users, which the round trip does not create`);
        continue;
      }
      if (def['type'] === 'complex' && referenced === undefined && writableSubs(def).length === 0) {
        out.skipped.push(`${label}: declares no writable sub-attribute`);
        continue;
      }
      out.attributes.push({ ...(index === 0 ? {} : { urn }), name, def, immutable: characteristic(def, 'mutability') === 'immutable', referencesUser: referenced === 'User' });
    }
  });
  return out;
}

/** The writable sub-attributes of a complex attribute definition. */
function writableSubs(def: Json): Json[] {
  const subs = Array.isArray(def['subAttributes']) ? def['subAttributes'].filter(isObject) : [];
  return subs.filter((s) => typeof s['name'] === 'string' && notWritten(s, true) === undefined);
}

/**
 * A complex attribute that refers to other resources (a "$ref" sub-attribute with resource reference
 * types, and a "value" to write): 'User' when a User may be referred to, 'other' when not.
 */
function referenceOf(def: Json): 'User' | 'other' | undefined {
  const subs = Array.isArray(def['subAttributes']) ? def['subAttributes'].filter(isObject) : [];
  const ref = subs.find((s) => s['name'] === '$ref');
  const targets = ref ? resourceReferenceTypes(ref) : [];
  if (targets.length === 0) return undefined;
  const value = subs.find((s) => eqi(s['name'], 'value'));
  if (!value || notWritten(value, true) !== undefined) return 'other';
  return targets.some((t) => eqi(t, 'User')) ? 'User' : 'other';
}

// ---------------------------------------------------------------- values

let certificates: string[] | undefined;

/** Base64 DER of the test certificates (RFC 7643 §4.1.2: x509Certificates values are DER, base64-encoded). */
function testCertificates(): string[] {
  certificates ??= ['test-ca.pem', 'localhost.pem', 'self-signed.pem'].map((f) => {
    const pem = fs.readFileSync(path.join(FIXTURES_DIR, 'tls', f), 'utf8');
    return pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');
  });
  return certificates;
}

const pick = <T>(values: readonly T[], round: number): T => values[round % values.length]!;

/** Values RFC 7643 §4.1 gives a format for, by attribute path (lower case). */
const FORMATTED: Readonly<Record<string, (round: number) => unknown>> = {
  'emails.value': (r) => `{{prefix}}mail-${r + 1}@example.test`,
  // RFC 3966 global numbers, as RFC 7643 §4.1.2 recommends.
  'phonenumbers.value': (r) => `tel:+1-201-555-01${10 + r}`,
  // Mixed case and a space, which a server may canonicalise away (RFC 7643 §4.1.2 "remove all whitespace and convert the address to lowercase").
  'ims.value': (r) => `{{prefix}}Chat ${r + 1}@IM.Example.test`,
  'photos.value': (r) => `https://Photos.Example.test/{{prefix}}photo-${r + 1}.jpg`,
  profileurl: (r) => `https://Profiles.Example.test/{{prefix}}profile-${r + 1}`,
  preferredlanguage: (r) => pick(['en-US', 'fr-FR', 'de-DE'], r),
  locale: (r) => pick(['en-US', 'fr-FR', 'de-DE'], r),
  timezone: (r) => pick(['America/Los_Angeles', 'Europe/Paris', 'Asia/Tokyo'], r),
  'addresses.country': (r) => pick(['US', 'FR', 'DE'], r),
  'addresses.postalcode': (r) => pick(['98052', '75001', '10115'], r),
  'x509certificates.value': (r) => pick(testCertificates(), r),
  password: (r) => `Rt-${r + 1}-{{prefix}}-Pw9!`,
};

/** A value of one (sub-)attribute definition for a round; `label` is its path, for formats and free-form text. */
function scalar(def: Json, label: string, round: number): unknown {
  // The formats are RFC 7643 §4.1's, of core User attributes only.
  const formatted = /^urn:/i.test(label) ? undefined : FORMATTED[label.toLowerCase()];
  if (formatted) return formatted(round);
  const canonical = Array.isArray(def['canonicalValues']) ? def['canonicalValues'].filter((v): v is string => typeof v === 'string') : [];
  switch (def['type']) {
    case 'boolean':
      // "primary" marks the one value a multi-valued attribute holds (RFC 7643 §2.4).
      return /(^|\.)primary$/i.test(label) ? true : pick([false, true, false], round);
    case 'integer':
      return pick([11, 22, 33], round);
    case 'decimal':
      return pick([1.5, 2.25, 3.75], round);
    case 'dateTime':
      return pick(['2021-01-02T03:04:05Z', '2022-02-03T04:05:06Z', '2023-03-04T05:06:07Z'], round);
    case 'binary':
      return Buffer.from(`${label} ${round + 1}`).toString('base64');
    case 'reference':
      return `https://example.test/{{prefix}}${label.replace(/[^A-Za-z0-9]+/g, '-')}-${round + 1}`;
    default:
      if (canonical.length > 0) return pick(canonical, round);
      // Free-form text: unique per run, with characters a careless store mangles (RFC 7643 §2.3.1: any Unicode).
      return `{{prefix}}${label.replace(/^urn:.*:/i, '')} ${round + 1} R&D`;
  }
}

/** The value of a writable attribute for a round; `users` are template references to the sequence's users. */
export function generatedValue(attr: WritableAttribute, round: Round, users: readonly string[]): unknown {
  const r = attr.immutable ? ROUND.POST : ROUND[round];
  const label = attr.urn ? `${attr.urn}:${attr.name}` : attr.name;
  let one: unknown;
  if (attr.referencesUser) {
    one = { value: pick(users, r) };
  } else if (attr.def['type'] === 'complex') {
    const out: Json = {};
    for (const sub of writableSubs(attr.def)) out[sub['name'] as string] = scalar(sub, `${label}.${sub['name'] as string}`, r);
    one = out;
  } else {
    one = scalar(attr.def, label, r);
  }
  return attr.def['multiValued'] === true ? [one] : one;
}

/**
 * The attributes a write of this round carries: immutable ones only by a POST or PUT, references to
 * Users only when the sequence created some.
 */
export function inRound(declared: Declared, round: Round, users: readonly string[]): WritableAttribute[] {
  return declared.attributes.filter((a) => !(a.immutable && round === 'PATCH') && (!a.referencesUser || users.length > 0));
}

/** A POST or PUT body: `seed` (the fixture's) with every attribute of the round added, extensions listed in schemas. */
export function declaredBody(seed: Json, declared: Declared, round: Round, users: readonly string[]): Json {
  const out: Json = JSON.parse(JSON.stringify(seed)) as Json;
  const schemas = Array.isArray(out['schemas']) ? [...(out['schemas'] as unknown[])] : [];
  for (const attr of inRound(declared, round, users)) {
    const value = generatedValue(attr, round, users);
    if (attr.urn === undefined) {
      out[attr.name] = value;
      continue;
    }
    const ext = isObject(out[attr.urn]) ? (out[attr.urn] as Json) : {};
    ext[attr.name] = value;
    out[attr.urn] = ext;
    if (!schemas.some((s) => eqi(s, attr.urn!))) schemas.push(attr.urn);
  }
  out['schemas'] = schemas;
  return out;
}

/** A PatchOp body: `seed`'s operations, then one "replace" per attribute of the round, by its path. */
export function declaredPatch(seed: Json, declared: Declared, users: readonly string[]): Json {
  const out: Json = JSON.parse(JSON.stringify(seed)) as Json;
  const ops = Array.isArray(out['Operations']) ? [...(out['Operations'] as unknown[])] : [];
  for (const attr of inRound(declared, 'PATCH', users)) {
    ops.push({ op: 'replace', path: attr.urn ? `${attr.urn}:${attr.name}` : attr.name, value: generatedValue(attr, 'PATCH', users) });
  }
  out['Operations'] = ops;
  return out;
}
