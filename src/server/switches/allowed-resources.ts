// Allowed behaviours of resources in responses (representation, names, ids, meta) and of what a write
// accepts. Each is a variation of docs/allowed-behaviours.md: no check may fail on it in its scope.

import { badRequest } from '../errors';
import type { OutputContext } from '../hooks';
import { findKeyCI, isObject, type JsonObject } from '../json';
import { COMMON_ATTRIBUTES, schemaById, URN, type ResourceTypeName } from '../schema-defs';
import { defineSwitch } from './define';

/** A vendor extension some endpoints add to every user they return (declared nowhere). */
export const VENDOR_EXTENSION = 'urn:acme:params:scim:schemas:extension:2.0:User';

/** Singular User attributes of RFC 7643 §4.1.1 that unassigned-as-null returns as null. */
const NULLABLE_USER_ATTRIBUTES = ['displayName', 'nickName', 'profileUrl', 'title', 'userType', 'preferredLanguage', 'locale', 'timezone'];

/** Whether the response's projection leaves a top-level attribute in (RFC 7644 §3.4.2.5). */
function projected(c: OutputContext, name: string): boolean {
  const { attributes, excluded } = c.projection;
  const is = (n: string): boolean => n.toLowerCase() === name.toLowerCase();
  if (attributes !== undefined) return attributes.some(is);
  return !(excluded ?? []).some(is);
}

/** 2026-01-02T03:04:05.678Z -> 2026-01-02T05:04:05.678+02:00: the same instant, written with an offset. */
export function withOffset(text: string, minutes = 120): string {
  const t = Date.parse(text);
  if (!/Z$/.test(text) || Number.isNaN(t)) return text;
  const local = new Date(t + minutes * 60_000).toISOString().replace(/Z$/, '');
  const sign = minutes >= 0 ? '+' : '-';
  const abs = Math.abs(minutes);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

function reversedKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(reversedKeys);
  if (!isObject(v)) return v;
  return Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reversedKeys(x)]));
}


function reservedCharacterIds(): (type: ResourceTypeName) => string {
  const next: Record<ResourceTypeName, number> = { User: 0, Group: 0 };
  return (type) => {
    const n = ++next[type];
    return type === 'User' ? `usr:${n}+ops@acme` : `grp #${n} (ops)`;
  };
}

function knownKeys(type: ResourceTypeName): { names: Set<string>; urns: string[] } {
  const core = type === 'User' ? URN.user : URN.group;
  const names = new Set<string>(['schemas', ...COMMON_ATTRIBUTES.map((a) => a.name), ...(schemaById(core)?.attributes ?? []).map((a) => a.name)].map((n) => n.toLowerCase()));
  const urns = [core, ...(type === 'User' ? [URN.enterpriseUser] : [])].map((u) => u.toLowerCase());
  return { names, urns };
}

export const ALLOWED_RESOURCE_SWITCHES = [
  defineSwitch({
    name: 'meta-omitted',
    kind: 'variation',
    // Not okta: every response Okta prints carries meta.resourceType, and whether Okta reads it is not documented.
    scope: ['entra'],
    description:
      'Resources are returned without meta (the Location header is still sent), as endpoints that keep no timestamps do; Entra reads no meta attribute, but RFC 7643 §3.1 lists meta among the common attributes every resource defines, so only the Entra verdict must stay clean.',
    onResource: (resource) => {
      const out = { ...resource };
      delete out.meta;
      return out;
    },
  }),
  defineSwitch({
    name: 'timestamps-with-offset',
    kind: 'variation',
    scope: ['entra', 'okta', 'rfc'],
    description:
      'The timestamps meta.created and meta.lastModified are written with a +02:00 offset instead of Z (the same instants), as endpoints that keep local server time do; RFC 7643 §2.3.5 takes any xsd:dateTime, offset included.',
    onResource: (resource) => {
      const meta = resource.meta;
      if (!isObject(meta)) return resource;
      const out: JsonObject = { ...meta };
      for (const k of ['created', 'lastModified']) if (typeof out[k] === 'string') out[k] = withOffset(out[k] as string);
      return { ...resource, meta: out };
    },
  }),
  defineSwitch({
    name: 'schemas-extension-first',
    kind: 'variation',
    scope: ['entra', 'okta', 'rfc'],
    description:
      'The schemas array of a returned resource lists extension URNs before the core schema URN, as endpoints that build it from a set do; RFC 7643 §3 defines schemas as a list of URIs with no order.',
    onResource: (resource) => (Array.isArray(resource.schemas) ? { ...resource, schemas: [...resource.schemas].reverse() } : resource),
  }),
  defineSwitch({
    name: 'attributes-reordered',
    kind: 'variation',
    scope: ['entra', 'okta', 'rfc'],
    description:
      'Attributes of returned resources come in another order (reversed at every level: meta first, schemas last), as serialisers that do not keep insertion order do; JSON objects are unordered (RFC 8259 §4) and RFC 7643 §2.1 names attributes, it does not place them.',
    onResource: (resource) => reversedKeys(resource) as JsonObject,
  }),
  defineSwitch({
    name: 'unassigned-as-null',
    kind: 'variation',
    scope: ['entra', 'okta', 'rfc'],
    // minimal-user-schema does not support these attributes at all.
    conflicts: ['minimal-user-schema'],
    description:
      'Users are returned with "null" for the singular attributes they do not have (displayName, nickName, title, locale...), as serialisers that write every field do; RFC 7643 §2.5: unassigned attributes and the null value "SHALL be considered to be equivalent in "state"".',
    onResource: (resource, c) => {
      if (c.rt.name !== 'User') return resource;
      const out = { ...resource };
      for (const name of NULLABLE_USER_ATTRIBUTES) if (findKeyCI(out, name) === undefined && projected(c, name)) out[name] = null;
      return out;
    },
  }),
  defineSwitch({
    name: 'manager-value-only',
    kind: 'variation',
    scope: ['entra', 'okta', 'rfc'],
    description:
      'The enterprise manager is returned as {"value": id} only, without $ref or displayName, as endpoints that store only the id do; RFC 7643 §4.3 makes $ref "RECOMMENDED" and displayName "OPTIONAL", and Entra needs the object with its value (entra-requests.md §7 item 21).',
    onResource: (resource) => {
      const key = findKeyCI(resource, URN.enterpriseUser);
      const ext = key !== undefined ? resource[key] : undefined;
      if (key === undefined || !isObject(ext)) return resource;
      const mk = findKeyCI(ext, 'manager');
      const manager = mk !== undefined ? ext[mk] : undefined;
      if (mk === undefined || !isObject(manager) || manager['value'] === undefined) return resource;
      return { ...resource, [key]: { ...ext, [mk]: { value: manager['value'] } } };
    },
  }),
  defineSwitch({
    name: 'members-value-only',
    kind: 'variation',
    scope: ['entra', 'okta', 'rfc'],
    description:
      'Group members are returned as {"value": id} only, without $ref, type or display, as endpoints that store a join table of ids do; RFC 7643 §4.2 defines those sub-attributes without requiring them, and Entra never reads members back (entra-requests.md §7 item 28).',
    onResource: (resource, c) => {
      if (c.rt.name !== 'Group' || !Array.isArray(resource.members)) return resource;
      return { ...resource, members: resource.members.map((m: unknown) => (isObject(m) ? { value: m['value'] } : m)) };
    },
  }),
  defineSwitch({
    name: 'user-groups-not-returned',
    kind: 'variation',
    scope: ['entra', 'okta', 'rfc'],
    description:
      'Users never carry the groups attribute and /Schemas does not declare it, as endpoints that keep membership on groups only do; RFC 7643 §4.1 makes every User attribute but userName optional, and Entra never reads groups (it manages membership on /Groups).',
    onResource: (resource, c) => {
      if (c.rt.name !== 'User' || findKeyCI(resource, 'groups') === undefined) return resource;
      const out = { ...resource };
      delete out[findKeyCI(out, 'groups')!];
      return out;
    },
    discovery: (doc, kind) => {
      if (kind !== 'Schema' || doc['id'] !== URN.user || !Array.isArray(doc['attributes'])) return doc;
      return { ...doc, attributes: doc['attributes'].filter((a: unknown) => !(isObject(a) && a['name'] === 'groups')) };
    },
  }),
  defineSwitch({
    name: 'vendor-extension-in-responses',
    kind: 'variation',
    scope: ['entra', 'okta', 'rfc'],
    description: `Returned users carry a vendor extension the client never wrote (${VENDOR_EXTENSION}: {"accountStatus": "provisioned"}), listed in schemas, as SaaS apps that expose their own account state do; RFC 7643 §3.3 lets a resource carry extension schemas, and Entra ignores attributes it does not map.`,
    onResource: (resource, c) => {
      if (c.rt.name !== 'User' || !projected(c, VENDOR_EXTENSION)) return resource;
      // Listed once: a client that writes back what it read (Okta's PUT) sends the URN itself.
      const listed = Array.isArray(resource.schemas) ? resource.schemas : [];
      const schemas = listed.includes(VENDOR_EXTENSION) ? listed : [...listed, VENDOR_EXTENSION];
      return { ...resource, schemas, [VENDOR_EXTENSION]: { accountStatus: 'provisioned' } };
    },
  }),
  defineSwitch({
    name: 'username-lowercased',
    kind: 'variation',
    scope: ['okta', 'rfc'],
    description:
      'The userName is stored and returned lower-cased, as directories that canonicalise sign-in names do; RFC 7643 §4.1.1 defines userName with "caseExact": false, so a differently cased value is the same value. Entra asks endpoints to store values exactly as sent (entra-requests.md §5 rule 15), while Okta asks nothing of its case (its own test suite looks users up in another case, okta-requests.md §1.2), so only the Okta and RFC verdicts must stay clean.',
    storeWrite: (type, data) => (type === 'User' && typeof data.userName === 'string' ? { ...data, userName: data.userName.toLowerCase() } : data),
  }),
  defineSwitch({
    name: 'create-returns-minimal-body',
    kind: 'variation',
    // Not okta: Okta expects the created user back (okta-requests.md O-04, §5 rule 4: "The response from the SCIM server contains the created User object").
    scope: ['rfc'],
    description:
      'POST answers 201 with only schemas, id and meta of the new resource, as endpoints that do not read back after an insert do; RFC 7644 §3.3 says the body "SHOULD contain the service provider\'s representation", not MUST. Entra\'s documented answer is the full resource, so only the RFC verdict must stay clean.',
    onResource: (resource, c) => {
      if (c.op !== 'create') return resource;
      const out: JsonObject = { schemas: [c.rt.schema], id: resource.id };
      if (resource.meta !== undefined) out.meta = resource.meta;
      return out;
    },
  }),
  defineSwitch({
    name: 'unknown-attributes-rejected',
    kind: 'variation',
    scope: ['entra', 'okta', 'rfc'],
    description:
      'A POST body with a top-level attribute that no schema of the resource type defines (e.g. a custom extension object) is refused with 400 invalidSyntax instead of being ignored, as strict endpoints do; RFC 7644 §3.12 defines invalidSyntax for a body that does "not conform to the request schema", and Entra sends custom extension attributes only when an admin maps them (its default mapping has none).',
    createBody: (body, rt) => {
      const { names, urns } = knownKeys(rt.name);
      for (const key of Object.keys(body)) {
        const k = key.toLowerCase();
        if (names.has(k) || urns.includes(k) || urns.some((u) => k.startsWith(`${u}:`))) continue;
        throw badRequest('invalidSyntax', `Unknown attribute ${JSON.stringify(key)} for ${rt.name}`);
      }
      return body;
    },
  }),
  defineSwitch({
    name: 'ids-with-reserved-characters',
    kind: 'variation',
    // Not okta: how Okta encodes ids in its request paths is not documented (UNVERIFIED), as for Entra.
    scope: ['rfc'],
    // Both choose ids; only the first newId hook is used.
    conflicts: ['opaque-ids'],
    description:
      'Ids contain characters that must be percent-encoded in a URL path (users usr:1+ops@acme, groups "grp #1 (ops)"), as endpoints that key on a composite natural key do; RFC 7643 §3.1 defines id as a string "defined by the service provider" with no restriction of form. How Entra encodes ids in its request paths is UNVERIFIED, so only the RFC verdict must stay clean.',
    newId: reservedCharacterIds(),
  }),
] as const;
