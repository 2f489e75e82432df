// Allowed behaviours on the wire: headers, status codes and envelopes a correct endpoint may choose.
// Each is a variation of docs/allowed-behaviours.md (its id is the switch name): no check may fail on it
// in the verdicts of its scope.

import { ERROR_URN, ScimError } from '../errors';
import type { Reply } from '../hooks';
import { isObject, type JsonObject } from '../json';
import { defineSwitch } from './define';
import { resourceOf } from './routes';
import { withoutHeader } from './wire';

function errorBody(reply: Reply): JsonObject | undefined {
  const b = reply.body;
  return isObject(b) && Array.isArray(b['schemas']) && b['schemas'].includes(ERROR_URN) ? b : undefined;
}

/** W/"x" -> "x": the same version as a strong entity-tag (RFC 7232 §2.3). */
export function strongTag(tag: string): string {
  return tag.startsWith('W/') ? tag.slice(2) : tag;
}

export const ALLOWED_WIRE_SWITCHES = [
  defineSwitch({
    name: 'content-type-without-charset',
    kind: 'variation',
    scope: ['entra', 'okta', 'rfc'],
    description:
      'JSON responses are labelled Content-Type: application/scim+json with no charset parameter, as many frameworks do; RFC 7644 §8.1 registers application/scim+json with an optional charset and §3.8 says SCIM uses UTF-8, so the parameter adds nothing.',
    onReply: (reply) => {
      if (reply.body === undefined || reply.html !== undefined || reply.headers?.['Content-Type'] !== undefined) return reply;
      return { ...reply, headers: { ...reply.headers, 'Content-Type': 'application/scim+json' } };
    },
  }),
  defineSwitch({
    name: 'error-detail-omitted',
    kind: 'variation',
    scope: ['entra', 'okta', 'rfc'],
    description:
      'SCIM Error bodies carry schemas, status and scimType but no detail message, as endpoints that do not expose internal messages do; RFC 7644 §3.12 marks detail "OPTIONAL" and Entra only copies the body into its provisioning log.',
    onReply: (reply) => {
      const b = errorBody(reply);
      if (!b) return reply;
      const body = { ...b };
      delete body['detail'];
      return { ...reply, body };
    },
  }),
  defineSwitch({
    name: 'unauthorized-without-body',
    kind: 'variation',
    // Not okta: Okta's test suite expects a 401 with a SCIM Error body (okta-requests.md §5 rule 16).
    scope: ['entra'],
    description:
      'A request without a valid bearer token gets 401 with a WWW-Authenticate challenge and no body, as an API gateway in front of the endpoint answers; Entra reports any 401 as invalid credentials (entra-requests.md §6), but RFC 7644 §3.12 wants errors returned "in the body of the response in a JSON format", so only the Entra verdict must stay clean.',
    onReply: (reply) => {
      if (reply.status !== 401) return reply;
      const challenge = reply.headers?.['WWW-Authenticate'];
      return { status: 401, headers: challenge !== undefined ? { 'WWW-Authenticate': challenge } : {} };
    },
  }),
  defineSwitch({
    name: 'put-not-implemented',
    kind: 'variation',
    // Not okta: App Integration Wizard apps send every update, deactivation included, as PUT (okta-requests.md §2).
    scope: ['entra'],
    description:
      'PUT on a resource answers 501 Not Implemented (a SCIM Error), as endpoints written for Entra do; Entra updates with PATCH and no source shows it sending PUT (entra-requests.md §7 item 33), but RFC 7644 §3.5 says "Implementers MUST support HTTP PUT", so only the Entra verdict must stay clean.',
    onRequest: (req) => {
      if (req.method === 'PUT' && resourceOf(req)) throw new ScimError(501, 'PUT is not implemented; use PATCH');
    },
  }),
  defineSwitch({
    name: 'location-header-omitted',
    kind: 'variation',
    scope: ['entra', 'okta'],
    description:
      'Responses carry no Location header (meta.location is still in the body), as endpoints behind frameworks that do not set it do; Entra keeps only the returned id, and Okta\'s own 201 examples carry no Location header (okta-requests.md O-04, O-16); but RFC 7644 §3.3 says the URI "SHALL" be in the Location header, so only the Entra and Okta verdicts must stay clean.',
    onReply: (reply) => withoutHeader(reply, 'Location'),
  }),
  defineSwitch({
    name: 'etag-strong',
    kind: 'variation',
    scope: ['entra', 'okta', 'rfc'],
    description:
      'ETags are strong ("3") instead of weak (W/"3"), in the ETag header and in meta.version alike, as endpoints that hash the stored row do; RFC 7643 §3.1 only asks meta.version to equal the ETag header, and RFC 7232 §2.3 lets an entity-tag be weak or strong.',
    onReply: (reply) => {
      const tag = reply.headers?.['ETag'];
      return tag === undefined ? reply : { ...reply, headers: { ...reply.headers, ETag: strongTag(tag) } };
    },
    onResource: (resource) => {
      const meta = resource.meta;
      if (!isObject(meta) || typeof meta['version'] !== 'string') return resource;
      return { ...resource, meta: { ...meta, version: strongTag(meta['version']) } };
    },
  }),
] as const;
