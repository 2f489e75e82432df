// What goes on the wire: status codes, headers and envelopes of replies, and request body parsing.

import { ERROR_URN } from '../errors';
import type { Reply } from '../hooks';
import { isObject, type JsonObject } from '../json';
import { URN } from '../schema-defs';
import { defineSwitch } from './define';
import { collectionOf, resourceOf } from './routes';

export const HTML_404 = '<!DOCTYPE html><html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>';

function errorBody(reply: Reply): JsonObject | undefined {
  const b = reply.body;
  return isObject(b) && Array.isArray(b['schemas']) && b['schemas'].includes(ERROR_URN) ? b : undefined;
}

export function withoutHeader(reply: Reply, name: string): Reply {
  if (reply.headers?.[name] === undefined) return reply;
  const headers = { ...reply.headers };
  delete headers[name];
  return { ...reply, headers };
}

/** An Error body's status as a JSON number (RFC 7644 §3.12 writes it as a string). */
export function errorStatusAsNumber(reply: Reply): Reply {
  const b = errorBody(reply);
  return b ? { ...reply, body: { ...b, status: Number(b['status']) } } : reply;
}

export const WIRE_SWITCHES = [
  defineSwitch({
    name: 'content-type-json',
    kind: 'fault',
    description: 'Every response is labelled Content-Type: application/json instead of application/scim+json.',
    onReply: (reply) => (reply.body === undefined ? reply : { ...reply, headers: { ...reply.headers, 'Content-Type': 'application/json; charset=utf-8' } }),
  }),
  defineSwitch({
    name: 'error-status-number',
    kind: 'fault',
    description: 'SCIM Error bodies carry status as a JSON number instead of a string.',
    onReply: (reply) => errorStatusAsNumber(reply),
  }),
  defineSwitch({
    name: 'error-scim-type-missing',
    kind: 'fault',
    description: 'Error responses carry no scimType.',
    onReply: (reply) => {
      const b = errorBody(reply);
      return b ? { ...reply, body: { ...b, scimType: undefined } } : reply;
    },
  }),
  defineSwitch({
    name: 'not-found-html',
    kind: 'fault',
    description: 'Unknown resource ids get a 404 with an HTML body and Content-Type text/html.',
    // The web framework's default 404 page answers for a resource the handler did not find.
    onReply: (reply, req) => (reply.status === 404 && resourceOf(req) ? { status: 404, html: HTML_404 } : reply),
  }),
  defineSwitch({
    name: 'unknown-id-200',
    kind: 'fault',
    description: 'GET of an id that does not exist answers 200 with an empty object instead of 404.',
    onReply: (reply, req) =>
      reply.status === 404 && (req.method === 'GET' || req.method === 'HEAD') && resourceOf(req) ? { status: 200, body: {} } : reply,
  }),
  defineSwitch({
    name: 'list-total-results-string',
    kind: 'fault',
    description: 'ListResponse totalResults, startIndex and itemsPerPage are serialised as JSON strings.',
    onReply: (reply) => {
      const b = reply.body;
      if (!isObject(b) || !Array.isArray(b['schemas']) || !b['schemas'].includes(URN.listResponse)) return reply;
      const { totalResults, startIndex, itemsPerPage } = b;
      return { ...reply, body: { ...b, totalResults: String(totalResults), startIndex: String(startIndex), itemsPerPage: String(itemsPerPage) } };
    },
  }),
  defineSwitch({
    name: 'create-returns-200',
    kind: 'fault',
    description: 'POST /Users and POST /Groups answer 200 instead of 201 Created.',
    onReply: (reply, req) => (req.method === 'POST' && reply.status === 201 && collectionOf(req) ? { ...reply, status: 200 } : reply),
  }),
  defineSwitch({
    name: 'malformed-body-500',
    kind: 'fault',
    description: 'A request body that is not valid JSON answers 500 instead of 400 invalidSyntax.',
    // The parser's exception escapes the handler.
    parseBody: (text) => JSON.parse(text) as unknown,
  }),
  defineSwitch({
    name: 'patch-204',
    kind: 'variation',
    scope: ['entra', 'okta', 'rfc'],
    description:
      'PATCH answers 204 No Content with no body (users too, not only groups) unless attributes or excludedAttributes are requested, as many endpoints do to save a read; RFC 7644 §3.5.2 lets the server "return HTTP status code 204 (No Content)", Entra accepts 200 or 204, and Okta documents that "the SCIM server response to PATCH method requests can also be a HTTP 204 response, with no body returned".',
    // RFC 7644 §3.5.2: "The server MUST return a 200 OK if the "attributes" parameter is specified in the request."
    onReply: (reply, req) => {
      if (req.method !== 'PATCH' || reply.status !== 200 || !resourceOf(req)) return reply;
      if (req.param('attributes') !== undefined || req.param('excludedAttributes') !== undefined) return reply;
      const etag = reply.headers?.['ETag'];
      return { status: 204, headers: etag !== undefined ? { ETag: etag } : {} };
    },
  }),
  defineSwitch({
    name: 'delete-200-no-body',
    kind: 'variation',
    // Not okta: Okta's reference shows 204 for DELETE /Groups/{id} (O-23) and says nothing of a 200.
    scope: ['entra'],
    description:
      'DELETE answers 200 OK with an empty body instead of 204, as endpoints built on frameworks that default to 200 do; Entra treats any 2xx as a successful delete, but RFC 7644 §3.6 says the server "SHALL return a successful HTTP status code 204 (No Content)", so only the Entra verdict must stay clean.',
    onReply: (reply, req) => (req.method === 'DELETE' && reply.status === 204 ? { ...reply, status: 200 } : reply),
  }),
  defineSwitch({
    name: 'delete-200-with-body',
    kind: 'variation',
    // Not okta: Okta's reference shows 204 for DELETE /Groups/{id} (O-23) and says nothing of a 200.
    scope: ['entra'],
    description:
      'DELETE answers 200 OK with the deleted resource as its body instead of 204, as endpoints that echo what they removed do; Entra treats any 2xx as a successful delete, but RFC 7644 §3.6 says the server "SHALL return a successful HTTP status code 204 (No Content)", so only the Entra verdict must stay clean.',
    deleteResource: (d, next) => {
      const body = d.output();
      const reply = next();
      return reply.status === 204 ? { status: 200, body } : reply;
    },
  }),
] as const;
