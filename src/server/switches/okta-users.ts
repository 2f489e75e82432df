// Okta's users traffic (okta-requests.md): the faults are the ways real endpoints mishandle what Okta sends;
// the variations are behaviours Okta documents as acceptable.

import { badRequest, notFound } from '../errors';
import { findKeyCI, isObject, type JsonObject } from '../json';
import { defineSwitch } from './define';
import { collectionOf, resourceOf } from './routes';
import { errorStatusAsNumber } from './wire';

/**
 * What put-drops-unmapped's update handler maps: the columns the endpoint had when its PUT was written.
 * Everything else a PUT carries (displayName, title, locale, externalId, name.middleName…) is lost.
 */
const PUT_MAPPED = ['userName', 'active', 'emails', 'password'];
const PUT_MAPPED_NAME = ['givenName', 'familyName'];

/** Set by onRequest, read by parseBody of the same request (dispatch runs them synchronously, in that order). */
let userPut = false;

export const OKTA_USERS_SWITCHES = [
  defineSwitch({
    name: 'create-empty-body',
    kind: 'fault',
    description: 'POST /Users creates the user and answers 201 with a Location header but no body, so Okta reports "Create new user returned empty user" and never learns the id.',
    onReply: (reply, req) => (req.method === 'POST' && reply.status === 201 && collectionOf(req) === 'User' ? { status: 201, headers: reply.headers ?? {} } : reply),
  }),
  defineSwitch({
    name: 'create-rejects-groups',
    kind: 'fault',
    // RFC 7643 §4.1.2: groups is readOnly ("SHALL be ignored" in a request body, RFC 7644 §3.3).
    description: 'A POST /Users body that carries "groups" (readOnly) is refused with 400 mutability instead of being ignored, as strict validators do; every Okta create sends "groups": [].',
    createBody: (body, rt) => {
      if (rt.name === 'User' && findKeyCI(body, 'groups') !== undefined) throw badRequest('mutability', '"groups" is readOnly');
      return body;
    },
  }),
  defineSwitch({
    name: 'put-rejects-meta',
    kind: 'fault',
    description: 'A PUT /Users/{id} body that carries meta is refused with 400 mutability ("meta is readOnly") instead of ignoring it, so a client that PUTs back the user it read (Okta) cannot update anything.',
    onRequest: (req) => {
      userPut = req.method === 'PUT' && resourceOf(req)?.type === 'User';
    },
    parseBody: (text, parse) => {
      const body = parse(text);
      if (userPut && isObject(body) && findKeyCI(body, 'meta') !== undefined) throw badRequest('mutability', 'meta is readOnly');
      return body;
    },
  }),
  defineSwitch({
    name: 'put-drops-unmapped',
    kind: 'fault',
    description:
      "PUT /Users/{id} stores only the attributes its update handler maps (userName, name.givenName, name.familyName, emails, active, password); every other attribute of the body (displayName, title, locale, externalId, name.middleName…) is cleared, so each of Okta's GET-then-PUT updates loses them.",
    onWrite: (data, w) => {
      if (w.rt.name !== 'User' || w.op !== 'replace') return data;
      const out: JsonObject = {};
      for (const key of PUT_MAPPED) if (data[key] !== undefined) out[key] = data[key];
      const name = data['name'];
      if (isObject(name)) {
        const kept = Object.fromEntries(Object.entries(name).filter(([k]) => PUT_MAPPED_NAME.includes(k)));
        if (Object.keys(kept).length > 0) out['name'] = kept;
      }
      return out;
    },
  }),
  defineSwitch({
    name: 'put-active-ignored',
    kind: 'fault',
    description: 'PUT /Users/{id} keeps the stored "active" whatever the body says (only PATCH changes it), so a deactivation or reactivation sent as a PUT, as Okta\'s App Integration Wizard apps send them, answers 200 and changes nothing.',
    onWrite: (data, w) => {
      if (w.rt.name !== 'User' || w.op !== 'replace' || !w.stored) return data;
      const { active: _sent, ...rest } = data;
      return w.stored['active'] === undefined ? rest : { ...rest, active: w.stored['active'] };
    },
  }),
  defineSwitch({
    name: 'deactivated-user-hidden',
    kind: 'fault',
    description: 'A user with "active": false is treated as deleted: GET /Users/{id} answers 404 and lists and filters leave it out (the endpoint reuses its soft-delete flag for deactivation), so a deactivated user cannot be read or reactivated.',
    results: (items, q) => (q.rt.name === 'User' ? items.filter((u) => u['active'] !== false) : items),
    onReply: (reply, req) => {
      const target = resourceOf(req);
      if (req.method !== 'GET' || reply.status !== 200 || target?.type !== 'User' || !isObject(reply.body) || reply.body['active'] !== false) return reply;
      return { status: 404, body: notFound(`User ${target.id} not found`).toJSON() };
    },
  }),
  defineSwitch({
    name: 'put-password-refused',
    kind: 'fault',
    description: 'A PUT /Users/{id} that carries a password is refused with 400 mutability ("password can only be set when the user is created"), so Okta\'s password sync, a PUT for App Integration Wizard apps, always fails.',
    onWrite: (data, w) => {
      if (w.rt.name === 'User' && w.op === 'replace' && data['password'] !== undefined) throw badRequest('mutability', 'password can only be set when the user is created');
      return data;
    },
  }),
  defineSwitch({
    name: 'okta-lookup-no-match-404',
    kind: 'variation',
    scope: ['okta'],
    description:
      'A /Users filter that matches nothing answers 404 with a SCIM Error ("User not found") instead of an empty ListResponse, as the example in Okta\'s SCIM 2.0 protocol reference does; Okta accepts either answer to its userName lookup (okta-requests.md O-03, §3.3), while RFC 7644 §3.4.2 requires 200 and Entra quarantines on a 404, so only the Okta verdict must stay clean.',
    results: (items, q) => {
      if (q.rt.name === 'User' && q.filter !== undefined && items.length === 0) throw notFound('User not found');
      return items;
    },
  }),
  defineSwitch({
    name: 'okta-content-type-text-json',
    kind: 'variation',
    scope: ['okta'],
    description:
      'Every JSON response is labelled Content-Type: text/json;charset=UTF-8, as every response example of Okta\'s SCIM 2.0 protocol reference is; Okta does not ask for application/scim+json (okta-requests.md §5 rule 20), which RFC 7644 §3.1 and Entra expect, so only the Okta verdict must stay clean.',
    onReply: (reply) => (reply.body === undefined ? reply : { ...reply, headers: { ...reply.headers, 'Content-Type': 'text/json;charset=UTF-8' } }),
  }),
  defineSwitch({
    name: 'okta-error-status-number',
    kind: 'variation',
    scope: ['okta'],
    description:
      'SCIM Error bodies carry status as a JSON number ("status": 404), as the error examples of Okta\'s SCIM 2.0 protocol reference print it (okta-requests.md O-03, §5 rule 20); RFC 7644 §3.12 writes it as a string and Entra follows the RFC (the same behaviour is the error-status-number fault there), so only the Okta verdict must stay clean.',
    onReply: (reply) => errorStatusAsNumber(reply),
  }),
] as const;
