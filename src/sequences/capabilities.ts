// What a sequence or step `requires` of the endpoint, judged against the discovery documents the CLI
// fetched before jest collected the suites (RFC 7644 §4). An optional feature the endpoint does not
// declare, or an attribute characteristic it declares differently, makes the step inapplicable: it is
// registered as skipped, with the reason, instead of failing for something the RFC does not require.
//
// Two forms:
//   "sort"                               ServiceProviderConfig: sort.supported is true (RFC 7643 §5)
//   "User.userName caseExact=false"      /Schemas: the attribute of the resource type's schema (or one
//   "User.userName uniqueness!=none"     of its extensions) has this characteristic (RFC 7643 §7);
//   "User.name.givenName returned=default"   an omitted characteristic takes its RFC 7643 §2.2 default.
import type { DiscoveryDocument, DiscoverySnapshot } from '../runner/discovery';

/** The optional features ServiceProviderConfig declares (RFC 7643 §5). */
export const FEATURES = ['patch', 'bulk', 'filter', 'changePassword', 'sort', 'etag'] as const;
export type Feature = (typeof FEATURES)[number];

/** RFC 7643 §2.2: the value of a characteristic an attribute definition leaves out. */
const DEFAULTS: Record<string, unknown> = { required: false, caseExact: false, mutability: 'readWrite', returned: 'default', uniqueness: 'none' };

export type Requirement =
  | { kind: 'feature'; feature: Feature }
  | { kind: 'attribute'; resourceType: string; path: string[]; characteristic: string; negate: boolean; value: unknown };

const ATTRIBUTE = /^([A-Za-z][\w-]*)\.([A-Za-z$][\w$.-]*)\s+([A-Za-z]+)\s*(!?=)\s*(\S+)$/;

/** Parses one `requires` entry; throws on anything else, so fixtures are linted. */
export function parseRequirement(text: string): Requirement {
  const feature = FEATURES.find((f) => f === text.trim());
  if (feature) return { kind: 'feature', feature };
  const m = ATTRIBUTE.exec(text.trim());
  if (!m) throw new Error(`requirement ${JSON.stringify(text)} is neither a ServiceProviderConfig feature (${FEATURES.join(', ')}) nor "<ResourceType>.<attribute> <characteristic>=<value>"`);
  const [, resourceType, path, characteristic, op, raw] = m as unknown as [string, string, string, string, string, string];
  const value = raw === 'true' ? true : raw === 'false' ? false : raw;
  return { kind: 'attribute', resourceType, path: path.split('.'), characteristic, negate: op === '!=', value };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const eqi = (a: unknown, b: string): boolean => typeof a === 'string' && a.toLowerCase() === b.toLowerCase();

function unavailable(name: string, doc: DiscoveryDocument): string {
  return `${name} is not available (${doc.request})`;
}

function resourcesOf(doc: DiscoveryDocument): Record<string, unknown>[] | undefined {
  const body = doc.body;
  const list = isObject(body) ? body['Resources'] : Array.isArray(body) ? body : undefined;
  return Array.isArray(list) ? list.filter(isObject) : undefined;
}

function featureReason(feature: Feature, discovery: DiscoverySnapshot): string | undefined {
  const spc = discovery.serviceProviderConfig;
  if (!isObject(spc.body)) return `no ${feature} support can be read: ${unavailable('/ServiceProviderConfig', spc)}`;
  const declared = spc.body[feature];
  const supported = isObject(declared) ? declared['supported'] : undefined;
  if (supported === true) return undefined;
  if (supported === false) return `ServiceProviderConfig declares ${feature} unsupported`;
  return `ServiceProviderConfig does not declare ${feature} supported ("${feature}": ${JSON.stringify(declared) ?? 'absent'})`;
}

/** The schema URNs of a resource type: its core schema first, then its extensions. */
function schemaUrnsOf(resourceType: string, discovery: DiscoverySnapshot): string[] {
  const types = resourcesOf(discovery.resourceTypes) ?? [];
  const rt = types.find((t) => eqi(t['name'], resourceType) || eqi(t['id'], resourceType));
  // Without /ResourceTypes, the core schema RFC 7643 §4 gives User and Group.
  if (!rt) return [`urn:ietf:params:scim:schemas:core:2.0:${resourceType}`];
  const extensions = Array.isArray(rt['schemaExtensions']) ? rt['schemaExtensions'].filter(isObject).map((e) => e['schema']) : [];
  return [rt['schema'], ...extensions].filter((s): s is string => typeof s === 'string');
}

function findAttribute(list: unknown, name: string): Record<string, unknown> | undefined {
  return Array.isArray(list) ? list.filter(isObject).find((a) => eqi(a['name'], name)) : undefined;
}

function attributeReason(req: Extract<Requirement, { kind: 'attribute' }>, discovery: DiscoverySnapshot): string | undefined {
  const schemas = resourcesOf(discovery.schemas);
  const label = `${req.resourceType} ${req.path.join('.')}`;
  if (!schemas) return `the characteristics of ${label} cannot be read: ${unavailable('/Schemas', discovery.schemas)}`;
  let attr: Record<string, unknown> | undefined;
  for (const urn of schemaUrnsOf(req.resourceType, discovery)) {
    const schema = schemas.find((s) => eqi(s['id'], urn));
    let node = findAttribute(schema?.['attributes'], req.path[0]!);
    for (const sub of req.path.slice(1)) node = findAttribute(node?.['subAttributes'], sub);
    if (node) {
      attr = node;
      break;
    }
  }
  if (!attr) return `/Schemas does not declare the attribute ${label}`;
  const declared = req.characteristic in attr ? attr[req.characteristic] : DEFAULTS[req.characteristic];
  const matches = declared === req.value;
  if (matches !== req.negate) return undefined;
  return `/Schemas declares ${label} "${req.characteristic}": ${JSON.stringify(declared) ?? 'absent'}`;
}

/** Why the endpoint does not meet `requires`, or undefined when it does. */
export function unmetRequirement(requires: readonly string[] | undefined, discovery: DiscoverySnapshot): string | undefined {
  for (const text of requires ?? []) {
    const req = parseRequirement(text);
    const reason = req.kind === 'feature' ? featureReason(req.feature, discovery) : attributeReason(req, discovery);
    if (reason !== undefined) return reason;
  }
  return undefined;
}
