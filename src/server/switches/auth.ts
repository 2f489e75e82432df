// Gatekeeping: authentication and request headers.

import { ScimError } from '../errors';
import { defineSwitch } from './define';
import { withoutHeader } from './wire';

export const AUTH_SWITCHES = [
  defineSwitch({
    name: 'require-user-agent',
    kind: 'fault',
    description: 'Requests without a User-Agent header are rejected with 403, like a CDN/WAF (Entra Test Connection sends none).',
    // A WAF in front of the app answers before the app authenticates.
    authenticate: (verdict, req) =>
      req.headers['user-agent'] ? verdict : { status: 403, body: new ScimError(403, 'Requests without a User-Agent header are forbidden').toJSON() },
  }),
  defineSwitch({
    name: 'auth-disabled',
    kind: 'fault',
    description: 'No authentication at all: requests without a token, or with any token, are served.',
    authenticate: () => 'valid',
  }),
  defineSwitch({
    name: 'auth-any-token',
    kind: 'fault',
    description: 'Any bearer token is accepted; only a missing Authorization header gets 401.',
    authenticate: (verdict) => (verdict === 'invalid' ? 'valid' : verdict),
  }),
  defineSwitch({
    name: 'auth-resource-by-id-unprotected',
    kind: 'fault',
    description:
      'Requests to a resource by id (/Users/{id}, /Groups/{id}) are served without checking the bearer token; only the collection endpoints check it.',
    authenticate: (verdict, req) => {
      const [head, id] = req.segments ?? [];
      const byId = (head?.toLowerCase() === 'users' || head?.toLowerCase() === 'groups') && id !== undefined && id !== '.search';
      return byId ? 'valid' : verdict;
    },
  }),
  defineSwitch({
    name: 'require-accept-header',
    kind: 'fault',
    description: 'Requests whose Accept header is missing or lacks application/scim+json or application/json get 406.',
    onRequest: (req) => {
      if (!/application\/(scim\+)?json/i.test(req.headers.accept ?? '')) {
        throw new ScimError(406, 'The Accept header must include application/scim+json or application/json');
      }
    },
  }),
  defineSwitch({
    name: '401-no-www-authenticate',
    kind: 'fault',
    description: 'A 401 answer carries no WWW-Authenticate header: the client is refused without being told which authentication scheme (Bearer) the endpoint supports.',
    onReply: (reply) => (reply.status === 401 ? withoutHeader(reply, 'WWW-Authenticate') : reply),
  }),
  defineSwitch({
    name: 'wrong-token-403',
    kind: 'variation',
    // Not okta: Okta's test suite expects 401 for a wrong token (okta-requests.md §5 rule 16).
    scope: ['entra'],
    description:
      'A wrong bearer token is answered 403 Forbidden instead of 401 (a missing one still gets 401), as endpoints behind an API gateway that authorises tokens do; Entra reports 401 and 403 alike as invalid credentials, but RFC 7644 §3.12 lists 401 for "The authorization header is invalid or missing", so only the Entra verdict must stay clean.',
    authenticate: (verdict) =>
      verdict === 'invalid' ? { status: 403, body: new ScimError(403, 'The bearer token does not grant access to this tenant').toJSON() } : verdict,
  }),
] as const;
