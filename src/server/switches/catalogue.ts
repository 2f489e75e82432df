// Faults of the fault catalogue (docs/fault-catalogue.md): realistic defects that break a MUST/SHALL
// sentence of RFC 7643/7644 no other fault broke. Each names the sentence it breaks; the catalogue
// (fixtures/catalogue/rfc-requirements.json) joins it with the checks that fail on it.

import { randomUUID } from 'node:crypto';
import { badRequest, ScimError } from '../errors';
import type { Reply, RequestInfo } from '../hooks';
import { getKeyCI, isObject, type JsonObject } from '../json';
import { URN } from '../schema-defs';
import { defineSwitch } from './define';
import { collectionOf, resourceOf } from './routes';

const isList = (b: unknown): b is JsonObject => isObject(b) && Array.isArray(b['schemas']) && b['schemas'].includes(URN.listResponse);

/** A reply's ListResponse body with another Resources list. */
function withResources(reply: Reply, f: (resources: unknown[]) => unknown[]): Reply {
  const b = reply.body;
  return isList(b) && Array.isArray(b['Resources']) ? { ...reply, body: { ...b, Resources: f(b['Resources']) } } : reply;
}

/** "2024-05-01T10:22:01.123Z" as a SQL DATETIME column prints it: "2024-05-01 10:22:01" (no T, no zone). */
const sqlDateTime = (v: unknown): unknown => (typeof v === 'string' ? v.replace('T', ' ').replace(/(\.\d+)?(Z|[+-]\d\d:\d\d)$/, '') : v);

/** Which Booleans an ordering comparison with a Boolean value would match, if false < true. */
function orderedBooleans(op: string, value: boolean): boolean[] {
  const v = Number(value);
  const test: Record<string, (x: number) => boolean> = { gt: (x) => x > v, ge: (x) => x >= v, lt: (x) => x < v, le: (x) => x <= v };
  return [false, true].filter((b) => test[op]!(Number(b)));
}

const discoveryCollection = (req: RequestInfo): boolean => req.segments?.length === 1 && ['schemas', 'resourcetypes'].includes(req.segments[0]!.toLowerCase());

export const CATALOGUE_SWITCHES = [
  defineSwitch({
    name: 'meta-dates-sql-format',
    kind: 'fault',
    // RFC 7643 §2.3.5: "MUST be encoded as a valid xsd:dateTime ... and MUST include both a date and a time".
    description: 'The meta dates (created, lastModified) are written as the database prints them ("2024-05-01 10:22:01": no "T", no time zone) instead of xsd:dateTime.',
    onResource: (resource) =>
      isObject(resource.meta) ? { ...resource, meta: { ...resource.meta, created: sqlDateTime(resource.meta['created']), lastModified: sqlDateTime(resource.meta['lastModified']) } } : resource,
  }),
  defineSwitch({
    name: 'emails-primary-repeated',
    kind: 'fault',
    // RFC 7643 §2.4: "The primary attribute value "true" MUST appear no more than once"; absent means false.
    description: 'E-mails sent without "primary" are returned with "primary": true (the column defaults to true), so a user with two e-mails has two primary ones.',
    onResource: (resource, c) =>
      c.rt.name === 'User' && Array.isArray(resource.emails)
        ? { ...resource, emails: resource.emails.map((e) => (isObject(e) && e['primary'] === undefined ? { ...e, primary: true } : e)) }
        : resource,
  }),
  defineSwitch({
    name: 'resource-schemas-missing',
    kind: 'fault',
    // RFC 7643 §3: the "schemas" attribute is REQUIRED and MUST be a non-empty array.
    description: 'Users and groups are returned without "schemas" (the serialiser writes only the stored columns).',
    onResource: (resource) => {
      const out = { ...resource };
      delete out.schemas;
      return out;
    },
  }),
  defineSwitch({
    name: 'schemas-extension-repeated',
    kind: 'fault',
    // RFC 7643 §3: "Duplicate values MUST NOT be included."
    description: 'PUT appends the request\'s schema URNs to the stored ones without removing duplicates, so its response lists the core URN twice.',
    onResource: (resource, c) =>
      c.op === 'replace' && Array.isArray(resource.schemas) && resource.schemas.length > 0 ? { ...resource, schemas: [...resource.schemas, resource.schemas[0]!] } : resource,
  }),
  defineSwitch({
    name: 'meta-resource-type-plural',
    kind: 'fault',
    // RFC 7644 §3.3.1: meta.resourceType "SHALL be set ... to the corresponding resource type" (its name, "User").
    description: 'The meta.resourceType of a resource names the endpoint ("Users", "Groups") instead of the resource type ("User", "Group").',
    onResource: (resource, c) => (isObject(resource.meta) ? { ...resource, meta: { ...resource.meta, resourceType: `${c.rt.name}s` } } : resource),
  }),
  defineSwitch({
    name: 'projection-drops-always-returned',
    kind: 'fault',
    // RFC 7644 §3.4.2.5: attributes= "SHALL have no effect on attributes whose schema "returned" setting is "always"" (id).
    description: 'A GET with attributes=… returns only the attributes named: id and schemas are left out unless asked for (the projection builds a new object from the requested keys).',
    onResource: (resource, c) => {
      if (c.projection.attributes === undefined) return resource;
      const asked = new Set(c.projection.attributes.map((a) => a.toLowerCase()));
      const out = { ...resource };
      if (!asked.has('id')) delete out.id;
      if (!asked.has('schemas')) delete out.schemas;
      return out;
    },
  }),
  defineSwitch({
    name: 'list-response-wrong-urn',
    kind: 'fault',
    // RFC 7644 §3.1: message schemas begin with urn:ietf:params:scim:api:; §3.4.2: ListResponse URN.
    description: 'List responses carry "urn:ietf:params:scim:schemas:core:2.0:ListResponse" (the core schema prefix) instead of the ListResponse message URN.',
    onReply: (reply) => {
      const b = reply.body;
      return isList(b) ? { ...reply, body: { ...b, schemas: ['urn:ietf:params:scim:schemas:core:2.0:ListResponse'] } } : reply;
    },
  }),
  defineSwitch({
    name: 'discovery-lists-as-arrays',
    kind: 'fault',
    // RFC 7644 §4: /Schemas and /ResourceTypes "SHALL" answer in ListResponse form.
    description: 'The discovery lists /Schemas and /ResourceTypes answer a bare JSON array of their documents instead of a ListResponse.',
    onReply: (reply, req) => (req.method === 'GET' && discoveryCollection(req) && isList(reply.body) ? { ...reply, body: reply.body['Resources'] } : reply),
  }),
  defineSwitch({
    name: 'spc-minimal',
    kind: 'fault',
    // RFC 7643 §5: bulk, changePassword and authenticationSchemes are REQUIRED, unsupported or not.
    description: 'ServiceProviderConfig lists only the features the endpoint implements: bulk, changePassword and authenticationSchemes are left out, and filter has no maxResults.',
    discovery: (doc, kind) => {
      if (kind !== 'ServiceProviderConfig') return doc;
      const out: JsonObject = { ...doc };
      delete out.bulk;
      delete out.changePassword;
      delete out.authenticationSchemes;
      if (isObject(out.filter)) out.filter = { supported: out.filter['supported'] };
      return out;
    },
  }),
  defineSwitch({
    name: 'spc-authentication-scheme-incomplete',
    kind: 'fault',
    // RFC 7643 §5: authenticationSchemes' type, name and description are REQUIRED.
    description: 'ServiceProviderConfig\'s authenticationSchemes names only the type ([{"type": "oauthbearertoken"}]), without the required name and description.',
    discovery: (doc, kind) => (kind === 'ServiceProviderConfig' ? { ...doc, authenticationSchemes: [{ type: 'oauthbearertoken' }] } : doc),
  }),
  defineSwitch({
    name: 'resource-type-extension-required-missing',
    kind: 'fault',
    // RFC 7643 §6: schemaExtensions.required is REQUIRED.
    description: 'ResourceType schemaExtensions list only the schema URI, without the required "required" flag.',
    discovery: (doc, kind) =>
      kind === 'ResourceType' && Array.isArray(doc['schemaExtensions'])
        ? { ...doc, schemaExtensions: doc['schemaExtensions'].map((x) => (isObject(x) ? { schema: x['schema'] } : x)) }
        : doc,
  }),
  defineSwitch({
    name: 'put-405',
    kind: 'fault',
    // RFC 7644 §3.5: "Implementers MUST support HTTP PUT".
    description: 'PUT on /Users/{id} and /Groups/{id} is not routed: it answers 405 Method Not Allowed (the endpoint only takes PATCH).',
    onRequest: (req) => {
      if (req.method === 'PUT' && resourceOf(req)) throw new ScimError(405, 'PUT is not supported; use PATCH');
    },
  }),
  defineSwitch({
    name: 'put-unknown-id-creates',
    kind: 'fault',
    // RFC 7644 §3.2 / §3.5.1: "HTTP PUT MUST NOT be used to create new resources"; an unknown id is 404.
    description: 'PUT to an id that does not exist answers 201 Created under that id (an upsert) instead of 404.',
    onReply: (reply, req) => {
      const target = req.method === 'PUT' && reply.status === 404 ? resourceOf(req) : undefined;
      if (!target) return reply;
      return { status: 201, body: { schemas: [target.type === 'User' ? URN.user : URN.group], id: target.id, meta: { resourceType: target.type } } };
    },
  }),
  defineSwitch({
    name: 'put-reassigns-id',
    kind: 'fault',
    // RFC 7643 §3.1: id "MUST be a stable, non-reassignable identifier".
    description: 'PUT answers 200 with a newly generated id instead of the resource\'s own (the response is built from the key of a fresh insert).',
    onResource: (resource, c) => (c.op === 'replace' ? { ...resource, id: randomUUID() } : resource),
  }),
  defineSwitch({
    name: 'user-duplicate-username-allowed',
    kind: 'fault',
    // RFC 7643 §4.1.1: userName "MUST be unique"; RFC 7644 §3.3: a duplicate is 409 uniqueness.
    description: 'The userName column has no unique constraint: a POST /Users with a userName already taken creates a second user (201) instead of 409 uniqueness.',
    uniqueAttributes: (type, defs) => (type === 'User' ? defs.filter((d) => d.name !== 'userName') : defs),
  }),
  defineSwitch({
    name: 'filter-value-path-any-value',
    kind: 'fault',
    // RFC 7644 §3.4.2.2: the expressions of a complex attribute filter "MUST be applied to the same value".
    description: 'A complex attribute filter (emails[type eq "work" and value co "@x"]) is evaluated as emails.type eq "work" and emails.value co "@x": each expression may match a different e-mail.',
    filter: (text) =>
      text.replace(/([\w:.]+)\[([^\]]*)\](?!\.)/g, (_m, attr: string, inner: string) => `(${inner.replace(/(^|[\s(])([A-Za-z$][\w$]*)(?=\s+(?:eq|ne|co|sw|ew|gt|ge|lt|le|pr)\b)/gi, `$1${attr}.$2`)})`),
  }),
  defineSwitch({
    name: 'filter-boolean-ordered',
    kind: 'fault',
    // RFC 7644 §3.4.2.2 (Table 3, gt/ge/lt/le): "Boolean and Binary attributes SHALL cause a failed response (HTTP status code 400) with "scimType" of "invalidFilter"".
    description: 'The operators gt, ge, lt and le on a Boolean attribute (active gt false) are evaluated with false < true instead of being refused with 400 invalidFilter.',
    filter: (text) =>
      text.replace(/\b((?:[\w:.]+[.:])?(?:active|primary))\s+(gt|ge|lt|le)\s+(true|false)\b/gi, (_m, attr: string, op: string, value: string) => {
        const hits = orderedBooleans(op.toLowerCase(), value.toLowerCase() === 'true');
        if (hits.length === 2) return `${attr} pr`;
        if (hits.length === 1) return `${attr} eq ${String(hits[0])}`;
        return `not (${attr} pr)`;
      }),
  }),
  defineSwitch({
    name: 'sort-default-descending',
    kind: 'fault',
    // RFC 7644 §3.4.2.3: "If a value for "sortBy" is provided and no "sortOrder" is specified, "sortOrder" SHALL default to ascending."
    description: 'A sortBy without sortOrder sorts descending (the query builder\'s default direction).',
    onReply: (reply, req) =>
      req.method === 'GET' && collectionOf(req) && req.param('sortBy') !== undefined && req.param('sortOrder') === undefined ? withResources(reply, (r) => [...r].reverse()) : reply,
  }),
  defineSwitch({
    name: 'pagination-out-of-range-refused',
    kind: 'fault',
    // RFC 7644 §3.4.2.4 (Table 6): startIndex "less than 1 SHALL be interpreted as 1"; a negative count "SHALL be interpreted as "0"".
    description: 'A startIndex below 1 or a negative count is refused with 400 invalidValue instead of being read as 1 and 0.',
    onRequest: (req) => {
      if (req.method !== 'GET' || !collectionOf(req)) return;
      const startIndex = req.param('startIndex');
      const count = req.param('count');
      if ((startIndex !== undefined && Number(startIndex) < 1) || (count !== undefined && Number(count) < 0)) throw badRequest('invalidValue', 'startIndex must be at least 1 and count must not be negative');
    },
  }),
  defineSwitch({
    name: 'create-extension-422',
    kind: 'fault',
    // Entra logs a 422 as UnprocessableEntity (entra-requests.md §6); its create body carries the enterprise extension (R-04).
    description: 'A POST /Users body with the enterprise extension object is refused with 422 Unprocessable Entity (a validator that knows only the core User attributes).',
    createBody: (body, rt) => {
      if (rt.name === 'User' && getKeyCI(body, URN.enterpriseUser) !== undefined) throw new ScimError(422, `unknown attribute ${URN.enterpriseUser}`);
      return body;
    },
  }),
  defineSwitch({
    name: 'group-patch-501',
    kind: 'fault',
    // Entra logs a 501 as NotImplemented (entra-requests.md §6); it updates groups only with PATCH (R-14 to R-16).
    description: 'PATCH on /Groups/{id} answers 501 Not Implemented: the endpoint updates users but not groups.',
    onRequest: (req) => {
      if (req.method === 'PATCH' && resourceOf(req)?.type === 'Group') throw new ScimError(501, 'PATCH of a group is not implemented');
    },
  }),
] as const;
