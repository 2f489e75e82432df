// Which property runs in which spec file (specs/properties/<name>.spec.ts). Each property check is
// run by exactly one property spec; test/model/registry.test.ts keeps this list and the checks in step.
import { badBodies4xx } from './bad-requests';
import { directoryAgrees } from './directory';
import { addEqualsReplace, groupLookupEscaped, lookupAnyCase, pathlessEqualsPath, retryIdempotent, roundTrip } from './properties';

export const PROPERTY_SUITES = {
  users: [roundTrip, lookupAnyCase, addEqualsReplace, pathlessEqualsPath, retryIdempotent],
  groups: [groupLookupEscaped],
  errors: [badBodies4xx],
  directory: [directoryAgrees],
} as const;
