// RFC 7644 §3.14 versioning with ETags, applied only when ServiceProviderConfig declares etag
// supported (the fixture's `requires`). Preconditions follow RFC 7232.
import { header } from '../../http/exchange';
import { expectStatus, isObject } from '../assert';
import { defineCheck, type CheckDefinition } from '../types';
import { violation } from '../violation';
import { resourceOf, rfc7644 } from './common';

export const rfcEtagChecks = [
  defineCheck({
    id: 'rfc7644.etag.header',
    title: 'Resources come with an ETag header, equal to meta.version when that is given',
    suite: 'rfc7644',
    requirement: rfc7644('3.14'),
    level: 'MUST',
    quote: 'When supported, SCIM ETags MUST be specified as an HTTP header and SHOULD be specified within the "version" attribute contained in the resource\'s "meta" attribute.',
    provenBy: ['spc-overstates-features'],
    guardsProvision: true,
    verify: (ctx) => {
      const body = resourceOf(ctx, [200, 201]);
      const etag = header(ctx.exchange.response, 'etag');
      const version = isObject(body['meta']) ? body['meta']['version'] : undefined;
      if (!etag || (version !== undefined && version !== etag)) {
        violation('an ETag header (the same value as "meta.version")', `ETag: ${etag ?? '(none)'}; "meta.version": ${JSON.stringify(version) ?? '(absent)'}`);
      }
    },
  }),
  defineCheck({
    id: 'rfc7644.etag.if-match-412',
    title: 'A PUT whose If-Match does not match the current ETag fails with 412 and changes nothing',
    suite: 'rfc7644',
    requirement: rfc7644('3.14'),
    level: 'MUST',
    quote: 'An origin server MUST NOT perform the requested method if a received If-Match condition evaluates to false; instead, the origin server MUST respond with either: a) the 412 (Precondition Failed) status code ... (RFC 7232 §3.1, which RFC 7644 §3.14 applies: 412 PRECONDITION FAILED "Failed to update. Resource has changed on the server.").',
    provenBy: ['spc-overstates-features'],
    verify: (ctx) => void expectStatus(ctx.exchange, [412]),
  }),
  defineCheck({
    id: 'rfc7644.etag.if-none-match-304',
    title: 'A GET with If-None-Match of the current ETag answers 304 Not Modified',
    suite: 'rfc7644',
    requirement: rfc7644('3.14'),
    level: 'SHOULD',
    quote: 'If the resource has not changed, the service provider simply returns an empty body with a 304 "Not Modified" response code (RFC 7232 §3.2: the server SHOULD respond with 304).',
    provenBy: ['spc-overstates-features'],
    verify: (ctx) => void expectStatus(ctx.exchange, [304]),
  }),
] satisfies CheckDefinition[];
