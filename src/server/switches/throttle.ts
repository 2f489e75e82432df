// Throttling: an endpoint (or the gateway before it) that answers 429 Too Many Requests.

import { ScimError } from '../errors';
import { defineSwitch } from './define';

export const THROTTLE_SWITCHES = [
  defineSwitch({
    name: 'throttles-lookups',
    kind: 'fault',
    description:
      'Every filtered list request (GET /Users?filter=…, GET /Groups?filter=…, Entra\'s matching lookups) is answered 429 Too Many Requests with Retry-After: 0, however long the client waits, like a gateway whose rate limit is set below what Entra sends.',
    // The gateway answers before the app sees the request, so nothing is changed on the server.
    authenticate: (verdict, req) =>
      req.method === 'GET' && req.segments?.length === 1 && req.param('filter') !== undefined
        ? { status: 429, headers: { 'Retry-After': '0' }, body: new ScimError(429, 'Too many requests').toJSON() }
        : verdict,
  }),
];
