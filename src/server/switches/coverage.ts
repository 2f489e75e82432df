// What open-source SCIM testers look at and the harness did not (issue 20 item 6): unknown URLs,
// discovery documents read by id, PUT on groups, attributes /Schemas declares writable, POST /.search.
// Realistic defects of each (faults), and the freedoms the RFCs leave there (variations,
// docs/allowed-behaviours.md §7).

import { URN } from '../../scim/urns';
import { notFound, ScimError } from '../errors';
import type { Reply, RequestInfo } from '../hooks';
import { isObject, type JsonObject } from '../json';
import { defineSwitch } from './define';
import { collectionOf, resourceOf } from './routes';
import { HTML_404 } from './wire';

const eqi = (a: string | undefined, b: string): boolean => a !== undefined && a.toLowerCase() === b.toLowerCase();

/** A 404 for a path that is no collection and no resource by id: /<uuid>, /ResourceTypes/<x>, /Schemas/<x>. */
const unknownPath = (reply: Reply, req: RequestInfo): boolean => reply.status === 404 && req.segments !== undefined && !collectionOf(req) && !resourceOf(req);

/** GET /<head>/<id> of a discovery endpoint: the id, else undefined. */
function discoveryById(req: RequestInfo, head: string): string | undefined {
  const [first, id, ...rest] = req.segments ?? [];
  return req.method === 'GET' && eqi(first, head) && id !== undefined && rest.length === 0 ? id : undefined;
}

const SPA_PAGE = '<!DOCTYPE html><html><head><title>Acme Admin</title></head><body><div id="root"></div><script src="/static/app.js"></script></body></html>';

const HTML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeStrings(v: unknown): unknown {
  if (typeof v === 'string') return v.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
  if (Array.isArray(v)) return v.map(escapeStrings);
  if (isObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, escapeStrings(x)]));
  return v;
}

/** RFC 3986 §6.2.2 normalisation as the WHATWG URL parser does it (scheme and host lower-cased, dot segments, default port). */
function normalisedUri(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  try {
    return new URL(v).href;
  } catch {
    return v;
  }
}

/** RFC 7643 §4.1.2: "remove all whitespace and convert the address to lowercase". */
const canonicalIm = (v: unknown): unknown => (typeof v === 'string' ? v.replace(/\s+/g, '').toLowerCase() : v);

function mapValues(list: unknown, f: (v: unknown) => unknown): unknown {
  return Array.isArray(list) ? list.map((e) => (isObject(e) && 'value' in e ? { ...e, value: f(e['value']) } : e)) : list;
}

export const COVERAGE_SWITCHES = [
  // ---- unknown URLs (RFC 7644 §3.12: 404, "Specified resource ... or endpoint does not exist", in a SCIM Error body)
  defineSwitch({
    name: 'unknown-path-200',
    kind: 'fault',
    description: 'A URL that names no endpoint (/<uuid>, /ResourceTypes/<uuid>, /Schemas/<uuid>) answers 200 with the web app\'s HTML start page: a catch-all route that serves a single-page app.',
    onReply: (reply, req) => (unknownPath(reply, req) ? { status: 200, html: SPA_PAGE } : reply),
  }),
  defineSwitch({
    name: 'unknown-path-html-404',
    kind: 'fault',
    description: 'A URL that names no endpoint answers 404 with the web framework\'s HTML error page instead of a SCIM Error body (the SCIM handlers only answer their own routes).',
    onReply: (reply, req) => (unknownPath(reply, req) ? { status: 404, html: HTML_404 } : reply),
  }),
  defineSwitch({
    name: 'unknown-path-404-no-body',
    kind: 'fault',
    description: 'A URL that names no endpoint answers 404 with an empty body: the framework\'s default for an unmatched route.',
    onReply: (reply, req) => (unknownPath(reply, req) ? { status: 404 } : reply),
  }),
  // ---- discovery by id (RFC 7644 §4, §3.4.1)
  defineSwitch({
    name: 'resource-type-by-id-404',
    kind: 'fault',
    description: 'GET /ResourceTypes/<id> answers only for User: Group, which /ResourceTypes lists, answers 404 (a route written for the one type).',
    onRequest: (req) => {
      const id = discoveryById(req, 'ResourceTypes');
      if (id !== undefined && !eqi(id, 'User')) throw notFound(`No ResourceType ${JSON.stringify(id)}`);
    },
  }),
  defineSwitch({
    name: 'schema-by-id-404',
    kind: 'fault',
    description: 'GET /Schemas/<uri> answers only for the core schemas: the enterprise User extension, which /Schemas lists, answers 404 (a route pattern that matches urn:ietf:params:scim:schemas:core:2.0:* only).',
    onRequest: (req) => {
      const id = discoveryById(req, 'Schemas');
      if (id !== undefined && !id.toLowerCase().startsWith('urn:ietf:params:scim:schemas:core:2.0:')) throw notFound(`No Schema ${JSON.stringify(id)}`);
    },
  }),
  // ---- PUT on /Groups/{id} (RFC 7644 §3.5.1)
  defineSwitch({
    name: 'group-put-ignored',
    kind: 'fault',
    description: 'PUT /Groups/<id> answers 200 but changes nothing: the group handler implements PATCH (what Entra sends) and answers a PUT with the group as it was.',
    onWrite: (data, w) => (w.rt.name === 'Group' && w.op === 'replace' && w.stored ? w.stored : data),
  }),
  defineSwitch({
    name: 'group-put-drops-members',
    kind: 'fault',
    description: 'PUT /Groups/<id> stores the new displayName but no members: the handler maps only the group\'s own attributes and, replacing the group, clears its membership.',
    onWrite: (data, w) => {
      if (w.rt.name !== 'Group' || w.op !== 'replace' || !('members' in data)) return data;
      const { members: _dropped, ...rest } = data;
      return rest;
    },
  }),
  // ---- attributes /Schemas declares writable (RFC 7643 §7; RFC 7644 §3.3, §3.5.1, §3.5.2)
  defineSwitch({
    name: 'declared-attribute-dropped',
    kind: 'fault',
    description: 'The User attribute ims, which /Schemas declares writable, is never stored: the schema document was copied from RFC 7643 and the store has no column for it.',
    storeWrite: (type, data) => {
      if (type !== 'User' || !('ims' in data)) return data;
      const { ims: _dropped, ...rest } = data;
      return rest;
    },
  }),
  defineSwitch({
    name: 'declared-attribute-500',
    kind: 'fault',
    description: 'A write of a user that carries x509Certificates, which /Schemas declares writable, fails with 500: the handler has no storage for certificates.',
    onWrite: (data, w) => {
      if (w.rt.name === 'User' && 'x509Certificates' in data) throw new ScimError(500, 'Internal server error: x509Certificates cannot be stored');
      return data;
    },
  }),
  defineSwitch({
    name: 'declared-values-html-escaped',
    kind: 'fault',
    description: 'String values are stored HTML-escaped (& becomes &amp;, < &lt;, \' &#39;): an input sanitiser against cross-site scripting that rewrites what it stores.',
    storeWrite: (_type, data) => escapeStrings(data) as JsonObject,
  }),
  // ---- POST /.search (RFC 7644 §3.4.3)
  defineSwitch({
    name: 'search-ignores-filter',
    kind: 'fault',
    description: 'POST /.search ignores the filter of its SearchRequest body and answers every resource of the type.',
    // Only SearchRequest bodies carry that schema; every other body is parsed as it was sent.
    parseBody: (text, parse) => {
      const body = parse(text);
      if (!isObject(body) || !Array.isArray(body['schemas']) || !body['schemas'].includes(URN.searchRequest)) return body;
      const { filter: _ignored, ...rest } = body;
      return rest;
    },
  }),
  defineSwitch({
    name: 'search-endpoint-absent',
    kind: 'variation',
    scope: ['entra', 'okta', 'rfc'],
    description:
      'No POST /.search: /Users/.search and /Groups/.search answer 404 like any unknown endpoint, as most endpoints built for Entra do; RFC 7644 §3.4.3 says clients "MAY execute queries ... using the HTTP POST verb combined with the "/.search" path extension", and Entra only queries with GET.',
    onRequest: (req) => {
      const [head, id, ...rest] = req.segments ?? [];
      if (req.method === 'POST' && id === '.search' && rest.length === 0) throw notFound(`No SCIM endpoint at /${head}/.search`);
    },
  }),
  defineSwitch({
    name: 'resource-types-without-id',
    kind: 'variation',
    scope: ['entra', 'okta', 'rfc'],
    description:
      'ResourceType documents carry no id and are read by their name (/ResourceTypes/User); RFC 7643 §6: "The "id" attribute is not required for the resource type resource", and Entra never reads /ResourceTypes.',
    discovery: (doc, kind) => {
      if (kind !== 'ResourceType' || !('id' in doc)) return doc;
      const { id: _none, ...rest } = doc;
      return rest;
    },
  }),
  defineSwitch({
    name: 'ims-and-urls-canonicalised',
    kind: 'variation',
    scope: ['entra', 'okta', 'rfc'],
    description:
      'Users\' instant-messaging addresses are stored lower-cased without whitespace, and profileUrl and photos URLs normalised (scheme and host lower-cased), as RFC 7643 §4.1.2 recommends ("remove all whitespace and convert the address to lowercase") and RFC 3986 §6.2 allows for URIs; Entra\'s default mapping writes none of them.',
    storeWrite: (type, data) => {
      if (type !== 'User') return data;
      const out: JsonObject = { ...data };
      if ('ims' in out) out['ims'] = mapValues(out['ims'], canonicalIm);
      if ('photos' in out) out['photos'] = mapValues(out['photos'], normalisedUri);
      if ('profileUrl' in out) out['profileUrl'] = normalisedUri(out['profileUrl']);
      return out;
    },
  }),
] as const;
