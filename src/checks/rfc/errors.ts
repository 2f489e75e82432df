// RFC 7644 §3.12 errors: statuses for requests that must fail, the scimType Table 9 assigns, 409 on
// a uniqueness conflict, 404 for ids that do not exist, 401 without valid credentials. The error body
// itself (schemas, status as a string) is the automatic rfc7644.schema.error check.
import { header } from '../../http/exchange';
import { describeResponse, expectStatus, responseOf } from '../assert';
import { defineCheck, NOT_APPLICABLE, type CheckDefinition } from '../types';
import { precondition, violation } from '../violation';
import { expectedScimTypes, expectError, rfc7644 } from './common';

export const rfcErrorChecks = [
  defineCheck({
    id: 'rfc7644.errors.client-error-4xx',
    title: 'A malformed, mistyped or otherwise invalid request never gets a 5xx: a refusal is a 4xx',
    suite: 'rfc7644',
    requirement: rfc7644('3.12'),
    level: 'MUST',
    quote: 'In addition to returning an HTTP response code, implementers MUST return the errors in the body of the response ... 400 BAD REQUEST: Request is unparsable, syntactically incorrect, or violates schema. (500 INTERNAL SERVER ERROR is "An internal error", not the client\'s.)',
    provenBy: ['malformed-body-500', 'complex-string-type-500'],
    verify: (ctx) => {
      const res = responseOf(ctx.exchange);
      // Taking the request leniently is rfc7644.errors.refused's (SHOULD) finding, not this one.
      if (res.status >= 200 && res.status < 300) return NOT_APPLICABLE;
      if (res.status < 400 || res.status >= 500) violation('HTTP 4xx (400 Bad Request)', describeResponse(res));
    },
  }),
  defineCheck({
    id: 'rfc7644.errors.refused',
    title: 'A malformed, mistyped or otherwise invalid request is refused rather than taken leniently',
    suite: 'rfc7644',
    requirement: rfc7644('3.12'),
    level: 'SHOULD',
    quote: '400 BAD REQUEST: Request is unparsable, syntactically incorrect, or violates schema. (Yet "the server is free to alter and/or ignore POSTed content", RFC 7644 §3.3: accepting is a deviation, not a failure.)',
    provenBy: ['filter-ignored'],
    verify: (ctx) => {
      const res = responseOf(ctx.exchange);
      if (res.status >= 200 && res.status < 300) violation('HTTP 4xx (400 Bad Request)', describeResponse(res));
    },
  }),
  defineCheck({
    id: 'rfc7644.errors.scim-type',
    title: 'A 400 carries the scimType Table 9 gives the error (invalidSyntax, invalidValue, invalidFilter, mutability, ...)',
    suite: 'rfc7644',
    requirement: rfc7644('3.12'),
    level: 'SHOULD',
    quote: 'scimType: A SCIM detail error keyword. See Table 9. (invalidFilter, invalidSyntax: "The request body message structure was invalid or did not conform to the request schema", invalidValue: "A required value was missing, or the value specified was not compatible", mutability, noTarget, ...)',
    provenBy: ['error-scim-type-missing'],
    needs: ['scimType'],
    verify: (ctx) => expectError(ctx, 400, expectedScimTypes(ctx)),
  }),
  defineCheck({
    id: 'rfc7644.filter.malformed-400',
    title: 'A filter that does not parse (a comparison without its value) is declined with 400 and scimType invalidFilter, not answered as a list',
    suite: 'rfc7644',
    requirement: rfc7644('3.4.2.2'),
    level: 'MUST',
    quote: 'Providers MUST decline to filter results if the specified filter operation is not recognized and return an HTTP 400 error with a "scimType" error of "invalidFilter" and an appropriate human-readable response as per Section 3.12. (`userName eq` without a value is no operation of the grammar, ABNF Figure 1.)',
    provenBy: ['filter-malformed-empty-list', 'filter-ignored'],
    // Applied only where ServiceProviderConfig declares filtering (the step requires "filter").
    verify: (ctx) => expectError(ctx, 400, ['invalidFilter']),
  }),
  defineCheck({
    id: 'rfc7644.create.uniqueness-409',
    title: 'Creating a resource whose unique attribute is taken answers 409 with scimType uniqueness',
    suite: 'rfc7644',
    requirement: rfc7644('3.3'),
    level: 'MUST',
    quote: 'If the service provider determines that the creation of the requested resource conflicts with existing resources (e.g., a "User" resource with a duplicate "userName"), the service provider MUST return HTTP status code 409 (Conflict) with a "scimType" error code of "uniqueness".',
    provenBy: ['error-scim-type-missing', 'user-duplicate-username-allowed'],
    verify: (ctx) => expectError(ctx, 409, ['uniqueness']),
  }),
  defineCheck({
    id: 'rfc7644.errors.not-found-404',
    title: 'Every operation on an id that does not exist answers 404',
    suite: 'rfc7644',
    requirement: rfc7644('3.12'),
    level: 'MUST',
    quote: '404 NOT FOUND (GET, POST, PUT, PATCH, DELETE): Specified resource (e.g., User) or endpoint does not exist.',
    provenBy: ['unknown-id-200', 'put-unknown-id-creates'],
    verify: (ctx) => void expectStatus(ctx.exchange, [404]),
  }),
  defineCheck({
    id: 'rfc7644.auth.refused-401',
    title: 'Every operation without a token is refused with 401',
    suite: 'rfc7644',
    requirement: rfc7644('3.12'),
    level: 'MUST',
    quote: '401 UNAUTHORIZED (GET, POST, PUT, PATCH, DELETE): Authorization failure. The authorization header is invalid or missing.',
    provenBy: ['auth-resource-by-id-unprotected', 'auth-disabled'],
    verify: (ctx) => void expectStatus(ctx.exchange, [401]),
  }),
  defineCheck({
    id: 'rfc7644.auth.wrong-token-refused',
    title: 'Every operation with a wrong token is refused with 401 (or 403)',
    suite: 'rfc7644',
    requirement: rfc7644('3.12'),
    level: 'MUST',
    quote: '401 UNAUTHORIZED: Authorization failure. The authorization header is invalid or missing. 403 FORBIDDEN: Operation is not permitted based on the supplied authorization. (A wrong token is refused either way; Entra reads both as invalid credentials.)',
    provenBy: ['auth-resource-by-id-unprotected', 'auth-disabled', 'auth-any-token'],
    verify: (ctx) => void expectStatus(ctx.exchange, [401, 403]),
  }),
  defineCheck({
    id: 'rfc7644.auth.www-authenticate',
    title: 'A 401 names the supported authentication scheme in a WWW-Authenticate header',
    suite: 'rfc7644',
    requirement: rfc7644('2'),
    level: 'MUST',
    quote: 'As per Section 4.1 of [RFC7235], a SCIM service provider SHALL indicate supported HTTP authentication schemes via the "WWW-Authenticate" header. (RFC 7235 §4.1: a server generating a 401 MUST send a WWW-Authenticate header field; a 403 needs none.)',
    provenBy: ['401-no-www-authenticate'],
    verify: (ctx) => {
      const res = responseOf(ctx.exchange);
      // A 403 for a wrong token needs no challenge. Any other answer to a request without valid
      // credentials is rfc7644.auth.refused-401's (or wrong-token-refused's) failure, which leaves no
      // 401 to judge here: blocked by it, never passed.
      if (res.status === 403) return NOT_APPLICABLE;
      if (res.status !== 401) precondition('the request without valid credentials refused with 401 (rfc7644.auth.refused-401, rfc7644.auth.wrong-token-refused)', describeResponse(res));
      if ((header(res, 'WWW-Authenticate') ?? '').trim() === '') violation('HTTP 401 with a WWW-Authenticate header (e.g. Bearer realm="...")', `HTTP 401 without WWW-Authenticate; headers: ${Object.keys(res.headers).join(', ') || '(none)'}`);
    },
  }),
] satisfies CheckDefinition[];
