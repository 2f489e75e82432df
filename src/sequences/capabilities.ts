// What a sequence or step `requires` of the endpoint, judged against the discovery documents the CLI
// fetched before jest collected the suites (RFC 7644 §4). An optional feature the endpoint does not
// declare, or an attribute characteristic it declares differently, makes the step inapplicable: it is
// registered as skipped, with the reason, instead of failing for something the RFC does not require.
//
// Two forms:
//   "sort"                               ServiceProviderConfig: sort.supported is true (RFC 7643 §5)
//   "User.groups mutability=readOnly"    /Schemas: the attribute of the resource type's schema (or one
//   "User.title uniqueness!=none"        of its extensions) has this characteristic (RFC 7643 §7);
//   "User.name.givenName returned=default"   an omitted characteristic takes its RFC 7643 §2.2 default.
// A characteristic RFC 7643 fixes for every endpoint (userName unique and not case-exact, password
// never returned, id readOnly) cannot be required: its checks apply whatever /Schemas says.
import { CHARACTERISTIC_DEFAULTS, declaredAttribute } from '../checks/declared';
import type { DiscoveryDocument, DiscoverySnapshot } from '../runner/discovery';

/** The optional features ServiceProviderConfig declares (RFC 7643 §5). */
export const FEATURES = ['patch', 'bulk', 'filter', 'changePassword', 'sort', 'etag'] as const;
export type Feature = (typeof FEATURES)[number];

export type Requirement =
  | { kind: 'feature'; feature: Feature }
  | { kind: 'attribute'; resourceType: string; path: string[]; characteristic: string; negate: boolean; value: unknown };

/**
 * Characteristics RFC 7643 fixes for every endpoint: a check that depends on them always applies, so
 * no endpoint's declaration may switch it off. Keys are "<ResourceType>.<attribute> <characteristic>".
 */
const FIXED_BY_RFC: Readonly<Record<string, string>> = {
  'user.username uniqueness': 'RFC 7643 §4.1.1: userName "MUST be unique across the service provider\'s entire set of Users" ("uniqueness": "server")',
  'user.username caseexact': 'RFC 7643 §4.1.1 and §8.7.1 define userName with "caseExact": false',
  'user.password returned': 'RFC 7643 §4.1.1: password "MUST NOT be returned" ("returned": "never")',
  'user.id mutability': 'RFC 7643 §3.1: id is "readOnly" for every resource',
  'group.id mutability': 'RFC 7643 §3.1: id is "readOnly" for every resource',
};

const ATTRIBUTE = /^([A-Za-z][\w-]*)\.([A-Za-z$][\w$.-]*)\s+([A-Za-z]+)\s*(!?=)\s*(\S+)$/;

/** Parses one `requires` entry; throws on anything else, so fixtures are linted. */
export function parseRequirement(text: string): Requirement {
  const feature = FEATURES.find((f) => f === text.trim());
  if (feature) return { kind: 'feature', feature };
  const m = ATTRIBUTE.exec(text.trim());
  if (!m) throw new Error(`requirement ${JSON.stringify(text)} is neither a ServiceProviderConfig feature (${FEATURES.join(', ')}) nor "<ResourceType>.<attribute> <characteristic>=<value>"`);
  const [, resourceType, path, characteristic, op, raw] = m as unknown as [string, string, string, string, string, string];
  const value = raw === 'true' ? true : raw === 'false' ? false : raw;
  const fixed = FIXED_BY_RFC[`${resourceType}.${path} ${characteristic}`.toLowerCase()];
  if (fixed !== undefined) throw new Error(`requirement ${JSON.stringify(text)} would let an endpoint's /Schemas switch off a check RFC 7643 applies to every endpoint: ${fixed}`);
  return { kind: 'attribute', resourceType, path: path.split('.'), characteristic, negate: op === '!=', value };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function unavailable(name: string, doc: DiscoveryDocument): string {
  return `${name} is not available (${doc.request})`;
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

function attributeReason(req: Extract<Requirement, { kind: 'attribute' }>, discovery: DiscoverySnapshot): string | undefined {
  const label = `${req.resourceType} ${req.path.join('.')}`;
  const declared = declaredAttribute(discovery, req.resourceType, req.path);
  if (!declared.readable) return `the characteristics of ${label} cannot be read: ${unavailable('/Schemas', discovery.schemas)}`;
  const attr = declared.attr;
  if (!attr) return `/Schemas does not declare the attribute ${label}`;
  const value = req.characteristic in attr ? attr[req.characteristic] : CHARACTERISTIC_DEFAULTS[req.characteristic];
  const matches = value === req.value;
  if (matches !== req.negate) return undefined;
  return `/Schemas declares ${label} "${req.characteristic}": ${JSON.stringify(value) ?? 'absent'}`;
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
