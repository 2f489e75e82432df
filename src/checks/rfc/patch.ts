// RFC 7644 §3.5.2 PATCH: the three operations on every kind of target, order, atomicity, noTarget.
// PATCH may answer 204 without a body (§3.5.2), so the effects are judged on a GET read-back.
import { describeResponse, responseOf } from '../assert';
import { defineCheck, type CheckDefinition, type CheckContext } from '../types';
import { violation } from '../violation';
import { expectError, expectResource, resourceOf, rfc7644 } from './common';

const readBack = (ctx: CheckContext): void => expectResource(ctx, resourceOf(ctx));

export const rfcPatchChecks = [
  defineCheck({
    id: 'rfc7644.patch.operations',
    title: 'PATCH add, replace and remove on simple, complex, multi-valued and value-path targets read back as specified',
    suite: 'rfc7644',
    requirement: rfc7644('3.5.2'),
    level: 'MUST',
    quote:
      'add: if the target location specifies a multi-valued attribute, a new value is added; replace: if the target location is a multi-valued attribute and no filter is specified, the attribute and all values are replaced; remove: if the target location is a multi-valued attribute and a complex filter is specified comparing a "value", the values matched by the filter are removed (RFC 7644 §3.5.2.1-3).',
    provenBy: ['replace-merges'],
    verify: readBack,
  }),
  defineCheck({
    id: 'rfc7644.patch.in-order',
    title: 'The operations of one PATCH are applied in the order given',
    suite: 'rfc7644',
    requirement: rfc7644('3.5.2'),
    level: 'MUST',
    quote: 'PATCH ... enables clients to update one or more attributes of a SCIM resource using a sequence of operations ... Evaluation continues until all operations are successfully applied or until an error condition is encountered.',
    provenBy: ['patch-removes-last'],
    verify: readBack,
  }),
  defineCheck({
    id: 'rfc7644.patch.atomic',
    title: 'A PATCH with a failing operation fails as a whole and changes nothing',
    suite: 'rfc7644',
    requirement: rfc7644('3.5.2'),
    level: 'MUST',
    quote: 'A PATCH request, regardless of the number of operations, SHALL be treated as atomic. If a single operation encounters an error condition, the original SCIM resource MUST be restored, and a failure status SHALL be returned.',
    provenBy: ['patch-not-atomic'],
    verify: (ctx) => {
      // The failing PATCH itself: a failure status. Its read-back: the original values.
      if (ctx.exchange.request.method === 'PATCH') {
        const res = responseOf(ctx.exchange);
        if (res.status < 400 || res.status >= 500) violation('a 4xx failure status', describeResponse(res));
        return;
      }
      readBack(ctx);
    },
  }),
  defineCheck({
    id: 'rfc7644.patch.no-target',
    title: 'A remove without a path, or a replace whose value filter matches nothing, fails with 400 noTarget',
    suite: 'rfc7644',
    requirement: rfc7644('3.5.2.2'),
    level: 'MUST',
    quote: 'If "path" is unspecified, the operation fails with HTTP status code 400 and a "scimType" error code of "noTarget" (§3.5.2.2); for a valuePath filter with no record match the service provider SHALL indicate failure by returning HTTP status code 400 and a "scimType" error code of "noTarget" (§3.5.2.3).',
    provenBy: ['error-scim-type-missing'],
    verify: (ctx) => expectError(ctx, 400, ['noTarget']),
  }),
  defineCheck({
    id: 'rfc7644.patch.read-only-refused',
    title: 'A PATCH that would modify a readOnly attribute (a User\'s groups) is refused with an error, not answered as a success',
    suite: 'rfc7644',
    requirement: rfc7644('3.5.2'),
    level: 'MUST',
    quote: 'Each operation against an attribute MUST be compatible with the attribute\'s mutability and schema ... a client MUST NOT modify an attribute that has mutability "readOnly" or "immutable". ... An operation that is not compatible with an attribute\'s mutability or schema SHALL return the appropriate HTTP response status code and a JSON detail error response as defined in Section 3.12.',
    provenBy: ['patch-read-only-accepted'],
    verify: (ctx) => {
      const res = responseOf(ctx.exchange);
      // A 5xx is rfc7644.errors.client-error-4xx's finding, the scimType (mutability) rfc7644.errors.scim-type's (SHOULD).
      if (res.status < 400) violation('an error status (400 with scimType "mutability")', describeResponse(res));
    },
  }),
] satisfies CheckDefinition[];
