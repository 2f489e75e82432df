// Checks added for the fault catalogue (docs/fault-catalogue.md): MUST/SHALL sentences of RFC 7644 that
// a response can break and no other check judged. Their steps are in fixtures/rfc/requirements.json.
import { defineCheck, type CheckDefinition } from '../types';
import { expectError, expectListIds, rfc7644 } from './common';
import { expectNarrowed } from './query';

export const rfcRequirementChecks = [
  defineCheck({
    id: 'rfc7644.filter.boolean-ordering-refused',
    title: 'gt, ge, lt and le on a Boolean attribute are refused with 400 invalidFilter',
    suite: 'rfc7644',
    requirement: rfc7644('3.4.2.2'),
    level: 'MUST',
    quote: 'gt, ge, lt, le: ... Boolean and Binary attributes SHALL cause a failed response (HTTP status code 400) with "scimType" of "invalidFilter". (Table 3)',
    provenBy: ['filter-boolean-ordered'],
    // Applied only where ServiceProviderConfig declares filtering (the step requires "filter").
    verify: (ctx) => expectError(ctx, 400, ['invalidFilter']),
  }),
  defineCheck({
    id: 'rfc7644.pagination.out-of-range',
    title: 'A startIndex below 1 is read as 1 and a negative count as 0, not refused',
    suite: 'rfc7644',
    requirement: rfc7644('3.4.2.4'),
    level: 'MUST',
    quote: 'startIndex: The 1-based index of the first query result. A value less than 1 SHALL be interpreted as 1. count: Non-negative integer. ... A negative value SHALL be interpreted as "0". A value of "0" indicates that no resource results are to be returned except for "totalResults". (Table 6)',
    provenBy: ['pagination-out-of-range-refused'],
    needs: ['ids', 'total'],
    verify: (ctx) => {
      expectNarrowed(ctx);
      expectListIds(ctx);
    },
  }),
] satisfies CheckDefinition[];
