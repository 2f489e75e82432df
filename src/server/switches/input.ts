// What the server accepts and stores: create bodies, attribute values, the store's columns, ids and
// unique constraints.

import { randomUUID } from 'node:crypto';
import { badRequest } from '../errors';
import { findKeyCI, getKeyCI, isObject, type JsonObject } from '../json';
import { URN, type ResourceTypeName } from '../schema-defs';
import { defineSwitch } from './define';

/** What minimal-user-schema keeps of a User: core attributes Entra maps by default, and the enterprise extension. */
const MINIMAL_USER_ATTRIBUTES = ['userName', 'name', 'displayName', 'active', 'emails', 'phoneNumbers', 'externalId', URN.enterpriseUser];
/** Returned by the server although not stored: group membership (readOnly, RFC 7643 §4.1.2). */
const MINIMAL_USER_SCHEMA_ATTRIBUTES = [...MINIMAL_USER_ATTRIBUTES, 'groups'];

/**
 * What undeclared-attributes-refused declares of a User: what Entra's default mapping and the Entra
 * sequences write (nickName included: the R-06a replay adds it), group membership (readOnly) and the
 * whole enterprise extension. Left out: profileUrl, userType, locale, timezone, password, ims, photos,
 * entitlements, x509Certificates, and name's middleName and honorifics.
 */
const DECLARED_USER_ATTRIBUTES = ['userName', 'name', 'displayName', 'nickName', 'title', 'preferredLanguage', 'active', 'emails', 'phoneNumbers', 'addresses', 'groups', 'roles'];
const DECLARED_NAME_PARTS = ['formatted', 'familyName', 'givenName'];

/** The first attribute of stored User data that the reduced schema above does not declare, as a path. */
function undeclaredUserAttribute(data: JsonObject): string | undefined {
  for (const [key, value] of Object.entries(data)) {
    // Common attributes (RFC 7643 §3.1), the enterprise extension (declared whole) and custom extensions
    // (refusing those is the fault custom-extension-rejected: Entra sends them when an admin maps them).
    if (key === 'externalId' || key.toLowerCase().startsWith('urn:')) continue;
    if (!DECLARED_USER_ATTRIBUTES.includes(key)) return key;
    if (key === 'name' && isObject(value)) {
      const part = Object.keys(value).find((k) => !DECLARED_NAME_PARTS.includes(k));
      if (part !== undefined) return `name.${part}`;
    }
  }
  return undefined;
}

/** A URN key or path under an extension schema other than the enterprise User extension. */
function isCustomExtension(keyOrPath: string): boolean {
  return /^urn:ietf:params:scim:schemas:extension:/i.test(keyOrPath) && !keyOrPath.toLowerCase().startsWith(URN.enterpriseUser.toLowerCase());
}

/** Sequential ids, one counter per type, distinct prefixes so that ids are unique across types (RFC 7643 §3.1). */
function opaqueIds(): (type: ResourceTypeName) => string {
  const next: Record<ResourceTypeName, number> = { User: 0, Group: 0 };
  return (type) => {
    const n = ++next[type];
    return type === 'User' ? `usr_${String(n).padStart(6, '0')}` : String(100000 + n);
  };
}

/** The placeholder userName create-without-username-accepted stores nothing for. */
const UNNAMED = '\u0000unnamed:';
const isEmptyUserName = (v: unknown): boolean => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

export const INPUT_SWITCHES = [
  defineSwitch({
    name: 'create-rejects-meta',
    kind: 'fault',
    description: 'A POST body containing meta is rejected with 400 invalidSyntax ("meta is readOnly").',
    createBody: (body) => {
      if (findKeyCI(body, 'meta') !== undefined) throw badRequest('invalidSyntax', 'meta is readOnly');
      return body;
    },
  }),
  defineSwitch({
    name: 'create-manager-string-rejected',
    kind: 'fault',
    description: 'A POST /Users body whose enterprise manager is a bare id string is rejected with 400 invalidValue ("manager must be complex").',
    createBody: (body, rt) => {
      const ext = rt.name === 'User' ? getKeyCI(body, URN.enterpriseUser) : undefined;
      if (isObject(ext) && typeof getKeyCI(ext, 'manager') === 'string') throw badRequest('invalidValue', '"manager" must be a complex value {"value": id}');
      return body;
    },
  }),
  defineSwitch({
    name: 'custom-extension-rejected',
    kind: 'fault',
    description:
      'Only the core and enterprise User schemas are known: a create body with another extension URN key, or a PATCH path under one, is rejected with 400 (invalidSyntax / invalidPath).',
    createBody: (body, rt) => {
      const custom = rt.name === 'User' ? Object.keys(body).find((k) => isCustomExtension(k)) : undefined;
      if (custom !== undefined) throw badRequest('invalidSyntax', `Unknown schema extension ${JSON.stringify(custom)}`);
      return body;
    },
    patchOperation: (op) => {
      if (op.path !== undefined && isCustomExtension(op.path)) throw badRequest('invalidPath', `Unknown schema extension in path ${JSON.stringify(op.path)}`);
    },
  }),
  defineSwitch({
    name: 'group-legacy-schema-rejected',
    kind: 'fault',
    description: 'POST /Groups whose schemas contains a URN other than the core Group URN is rejected with 400 invalidValue.',
    createBody: (body, rt) => {
      const schemas = getKeyCI(body, 'schemas');
      if (rt.name === 'Group' && Array.isArray(schemas) && schemas.some((s) => s !== URN.group)) {
        throw badRequest('invalidValue', `Unsupported schema in ${JSON.stringify(schemas)}`);
      }
      return body;
    },
  }),
  defineSwitch({
    name: 'create-drops-extension',
    kind: 'fault',
    description: 'The enterprise extension object of a POST /Users body is not stored.',
    createBody: (body, rt) => {
      if (rt.name !== 'User') return body;
      const out = { ...body };
      delete out[findKeyCI(out, URN.enterpriseUser) ?? URN.enterpriseUser];
      return out;
    },
  }),
  defineSwitch({
    name: 'active-string-rejected',
    kind: 'fault',
    description: 'String values for active ("True"/"False") are rejected with 400 invalidValue.',
    inputValue: (value, def, _parent, label) => {
      if (def.name === 'active' && typeof value === 'string') {
        throw badRequest('invalidValue', `"${label}" must be a boolean, not the string ${JSON.stringify(value)}`);
      }
      return value;
    },
  }),
  defineSwitch({
    name: 'active-string-truthy',
    kind: 'fault',
    description: 'String values for active are coerced with JavaScript truthiness, so "False" becomes true.',
    inputValue: (value, def) => (def.name === 'active' && typeof value === 'string' ? Boolean(value) : value),
  }),
  defineSwitch({
    name: 'complex-string-type-500',
    kind: 'fault',
    description:
      'A non-string value for a string sub-attribute of a complex attribute in a request body (name.givenName: 42) crashes with 500 instead of a 400.',
    // String sub-attributes are trimmed without a type check: 42.trim() throws a TypeError.
    inputValue: (value, def, parent) => {
      if (parent !== undefined && def.type === 'string') (value as string).trim();
      return value;
    },
  }),
  defineSwitch({
    name: 'user-non-ascii-500',
    kind: 'fault',
    description: 'Storing a User with a non-ASCII character in any string value fails with 500, like an ASCII-only database column.',
    // An unhandled database error, which the HTTP layer turns into a 500.
    storeWrite: (type, data) => {
      if (type === 'User' && /[^\x00-\x7f]/.test(JSON.stringify(data))) {
        throw new Error('String data, right truncation: value contains characters outside the column character set');
      }
      return data;
    },
  }),
  defineSwitch({
    name: 'group-duplicate-name-allowed',
    kind: 'fault',
    description: 'A duplicate group displayName is accepted instead of 409 uniqueness.',
    uniqueAttributes: (type, defs) => (type === 'Group' ? [] : defs),
  }),
  defineSwitch({
    name: 'create-without-username-accepted',
    kind: 'fault',
    description: 'POST /Users without a userName is accepted (201) and the user is stored without one: the create path never checks the required attribute.',
    // A placeholder gets the body past validation; the store drops it again.
    createBody: (body, rt) => {
      if (rt.name !== 'User' || !isEmptyUserName(getKeyCI(body, 'userName'))) return body;
      const key = findKeyCI(body, 'userName') ?? 'userName';
      return { ...body, [key]: `${UNNAMED}${randomUUID()}` };
    },
    storeWrite: (type, data) => {
      const name = data['userName'];
      if (type !== 'User' || typeof name !== 'string' || !name.startsWith(UNNAMED)) return data;
      const { userName: _dropped, ...rest } = data;
      return rest;
    },
  }),
  defineSwitch({
    name: 'emails-lowercased',
    kind: 'variation',
    scope: ['entra', 'okta', 'rfc'],
    description:
      'E-mail addresses are stored and returned lower-cased, as directories that normalise addresses do; emails.value is "caseExact": false (RFC 7643 §8.7.1, §2.2), so a differently cased value is the same value.',
    storeWrite: (type, data) => {
      if (type !== 'User' || !Array.isArray(data.emails)) return data;
      const emails = data.emails.map((e: unknown) => (isObject(e) && typeof e.value === 'string' ? { ...e, value: e.value.toLowerCase() } : e));
      return { ...data, emails };
    },
  }),
  defineSwitch({
    name: 'minimal-user-schema',
    kind: 'variation',
    scope: ['entra', 'okta', 'rfc'],
    description:
      'Users have a minimal schema: userName, name, displayName, active, emails, phoneNumbers, externalId, groups and the enterprise extension; /Schemas declares only those, and other attributes (nickName, title, addresses, roles, password, custom extensions...) are accepted and ignored, as most SaaS apps do; RFC 7643 §4.1 makes every User attribute but userName optional and Entra only sends attributes that are mapped.',
    storeWrite: (type, data) => {
      if (type !== 'User') return data;
      return Object.fromEntries(Object.entries(data).filter(([k]) => MINIMAL_USER_ATTRIBUTES.includes(k)));
    },
    discovery: (doc, kind) => {
      if (kind !== 'Schema' || doc['id'] !== URN.user || !Array.isArray(doc['attributes'])) return doc;
      return { ...doc, attributes: doc['attributes'].filter((a: JsonObject) => MINIMAL_USER_SCHEMA_ATTRIBUTES.includes(String(a['name']))) };
    },
  }),
  defineSwitch({
    name: 'undeclared-attributes-refused',
    kind: 'variation',
    // Not okta: Okta's create always carries password and locale, to be accepted as sent (okta-requests.md O-04, §5 rule 5).
    scope: ['entra', 'rfc'],
    description:
      'Users have a reduced schema: /Schemas declares what Entra\'s default mapping sends (plus nickName, groups and roles), without profileUrl, userType, locale, timezone, password, ims, photos, entitlements, x509Certificates or name.middleName and the honorifics; a create, replace or PATCH that would store one of those is refused with 400 invalidValue instead of being ignored, as strictly validating endpoints do. RFC 7643 §4.1 makes every User attribute but userName optional, and RFC 7644 §3.12 gives 400 for a request that "violates schema"; a client learns what is supported from /Schemas (RFC 7643 §7).',
    onWrite: (data, w) => {
      const undeclared = w.rt.name === 'User' ? undeclaredUserAttribute(data) : undefined;
      if (undeclared !== undefined) throw badRequest('invalidValue', `"${undeclared}" is not an attribute of this service provider's User schema (see /Schemas)`);
      return data;
    },
    discovery: (doc, kind) => {
      if (kind !== 'Schema' || doc['id'] !== URN.user || !Array.isArray(doc['attributes'])) return doc;
      const attributes = doc['attributes']
        .filter((a: JsonObject) => DECLARED_USER_ATTRIBUTES.includes(String(a['name'])))
        .map((a: JsonObject) => (a['name'] === 'name' && Array.isArray(a['subAttributes']) ? { ...a, subAttributes: a['subAttributes'].filter((sub: JsonObject) => DECLARED_NAME_PARTS.includes(String(sub['name']))) } : a));
      return { ...doc, attributes };
    },
  }),
  defineSwitch({
    name: 'opaque-ids',
    kind: 'variation',
    scope: ['entra', 'okta', 'rfc'],
    description:
      'Ids are not UUIDs: users get usr_000001, usr_000002..., groups numeric strings (100001...), as endpoints keyed by a database sequence do; RFC 7643 §3.1 defines id as a string "defined by the service provider", unique and stable, and Entra stores it as an opaque string.',
    newId: opaqueIds(),
  }),
] as const;
