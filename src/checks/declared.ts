// What the endpoint declares about its attributes in /Schemas (RFC 7643 §7), read from the discovery
// documents the CLI fetched before the run. Checks use it to tell an attribute the endpoint does not
// support (RFC 7644 §3.3: "the server is free to alter and/or ignore POSTed content") from one it
// supports but loses, and to compare values the way the attribute's "caseExact" says.
import { isDeepStrictEqual } from 'node:util';
import type { DiscoveryDocument, DiscoverySnapshot } from '../runner/discovery';
import { URN } from '../scim/urns';

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const eqi = (a: unknown, b: string): boolean => typeof a === 'string' && a.toLowerCase() === b.toLowerCase();

/** RFC 7643 §2.2: the value of a characteristic an attribute definition leaves out. */
export const CHARACTERISTIC_DEFAULTS: Readonly<Record<string, unknown>> = { required: false, caseExact: false, mutability: 'readWrite', returned: 'default', uniqueness: 'none' };

export function resourcesOf(doc: DiscoveryDocument): Record<string, unknown>[] | undefined {
  const body = doc.body;
  const list = isObject(body) ? body['Resources'] : Array.isArray(body) ? body : undefined;
  return Array.isArray(list) ? list.filter(isObject) : undefined;
}

/** The schema URNs of a resource type: its core schema first, then its extensions. */
function schemaUrnsOf(resourceType: string, discovery: DiscoverySnapshot): string[] {
  const types = resourcesOf(discovery.resourceTypes) ?? [];
  const rt = types.find((t) => eqi(t['name'], resourceType) || eqi(t['id'], resourceType));
  // Without /ResourceTypes, the core schema RFC 7643 §4 gives User and Group (and the enterprise extension).
  if (!rt) return [`urn:ietf:params:scim:schemas:core:2.0:${resourceType}`, ...(resourceType === 'User' ? [URN.enterpriseUser] : [])];
  const extensions = Array.isArray(rt['schemaExtensions']) ? rt['schemaExtensions'].filter(isObject).map((e) => e['schema']) : [];
  return [rt['schema'], ...extensions].filter((s): s is string => typeof s === 'string');
}

function findAttribute(list: unknown, name: string): Record<string, unknown> | undefined {
  return Array.isArray(list) ? list.filter(isObject).find((a) => eqi(a['name'], name)) : undefined;
}

export type Declaration =
  /** /Schemas cannot be read: nothing is known about what the endpoint supports. */
  | { readable: false; reason: string }
  /** `attr` is the definition, or undefined when /Schemas does not declare the attribute. */
  | { readable: true; attr: Record<string, unknown> | undefined };

/**
 * The definition of an attribute: `keys` is its name and sub-attribute names (["name", "givenName"]),
 * optionally led by the URN of the schema that holds it. A declared complex attribute that lists no
 * sub-attributes declares all of them.
 */
export function declaredAttribute(discovery: DiscoverySnapshot | undefined, resourceType: string, keys: readonly string[]): Declaration {
  if (!discovery) return { readable: false, reason: 'no discovery documents were given' };
  const schemas = resourcesOf(discovery.schemas);
  if (!schemas) return { readable: false, reason: `/Schemas is not available (${discovery.schemas.request})` };
  const [first, ...rest] = keys;
  if (first === undefined) return { readable: true, attr: undefined };
  const qualified = first.toLowerCase().startsWith('urn:');
  const urns = qualified ? [first] : schemaUrnsOf(resourceType, discovery);
  const names = qualified ? rest : keys;
  for (const urn of urns) {
    const schema = schemas.find((s) => eqi(s['id'], urn));
    // A whole extension object: declared when its schema is.
    if (names.length === 0) return { readable: true, attr: schema };
    let node = findAttribute(schema?.['attributes'], names[0] ?? '');
    for (const sub of names.slice(1)) {
      if (!node || !Array.isArray(node['subAttributes'])) break;
      node = findAttribute(node['subAttributes'], sub);
    }
    if (node) return { readable: true, attr: node };
  }
  return { readable: true, attr: undefined };
}

/** The keys of a SCIM path: `emails[type eq "work"].value` -> ["emails", "value"]; URN-qualified names keep their URN. */
export function pathKeys(path: string): string[] {
  let urn: string | undefined;
  let rest = path;
  if (path.toLowerCase().startsWith('urn:')) {
    // The attribute starts after the URN's last colon (RFC 7644 §3.10).
    const bare = path.replace(/\[[^\]]*\]/g, '');
    const colon = bare.lastIndexOf(':');
    urn = bare.slice(0, colon);
    rest = path.slice(path.length - (bare.length - colon - 1));
  }
  const keys = rest.replace(/\[[^\]]*\]/g, '').split('.').filter((k) => k !== '');
  return urn !== undefined ? [urn, ...keys] : keys;
}

/** Attributes RFC 7643 defines as case-exact (§3.1 id, externalId, meta; §2.3.7 references). */
const CASE_EXACT_BY_RFC = new Set(['id', 'externalid', '$ref', 'location', 'resourcetype', 'version']);

/**
 * Whether values of the attribute compare case-sensitively: as /Schemas declares it, else as RFC 7643
 * defines it. "caseExact": false values may be stored canonicalised (e.g. a lower-cased e-mail,
 * RFC 7643 §2.4, §4.1.2), so they compare case-insensitively.
 */
export function isCaseExact(discovery: DiscoverySnapshot | undefined, resourceType: string, keys: readonly string[]): boolean {
  const declared = declaredAttribute(discovery, resourceType, keys);
  if (declared.readable && declared.attr) return declared.attr['caseExact'] === true;
  const last = keys[keys.length - 1];
  return last !== undefined && CASE_EXACT_BY_RFC.has(last.toLowerCase());
}

/** Two values equal under the attribute's case rule: strings by caseExact, anything else deeply. */
export function sameValue(a: unknown, b: unknown, caseExact: boolean): boolean {
  if (typeof a === 'string' && typeof b === 'string') return caseExact ? a === b : a.toLowerCase() === b.toLowerCase();
  return isDeepStrictEqual(a, b);
}

/** /Schemas declares the attribute "returned": "never" (RFC 7643 §7): it cannot be read back at all. */
export function declaredNeverReturned(discovery: DiscoverySnapshot | undefined, resourceType: string, keys: readonly string[]): boolean {
  const declared = declaredAttribute(discovery, resourceType, keys);
  return declared.readable && declared.attr !== undefined && declared.attr['returned'] === 'never';
}
