// Okta interoperability checks for the connection test Okta sends when an admin saves the provisioning
// settings (okta-requests.md §3.1, O-01).
import { expectStatus, isObject, jsonObjectOf } from '../assert';
import { DOCS } from '../references';
import { defineCheck } from '../types';
import { violation } from '../violation';

const probe = { ref: 'Okta: Test Connector Configuration (O-01)', url: DOCS.oktaScim20 };

export const oktaConnectionChecks = [
  defineCheck({
    id: 'okta.connection.list-200',
    title: "Okta's connection probe GET /Users?startIndex=1&count=2 answers 200 with a ListResponse",
    suite: 'okta',
    requirement: probe,
    level: 'MUST',
    quote: 'Saving the provisioning settings sends GET /Users?startIndex=1&count=2, which must answer 200 with a ListResponse: a 401 fails the test and the settings are not saved (okta-requests.md §3.1).',
    provenBy: ['users-endpoint-404', 'list-total-results-string'],
    verify: (ctx) => {
      const body = jsonObjectOf(expectStatus(ctx.exchange, [200]));
      if (!Array.isArray(body['schemas']) || !body['schemas'].includes('urn:ietf:params:scim:api:messages:2.0:ListResponse') || !isObject(body) || typeof body['totalResults'] !== 'number') {
        violation('a ListResponse (schemas with the ListResponse URN, totalResults a number)', JSON.stringify(body).slice(0, 300));
      }
    },
  }),
];
