// Which property runs in which spec file (specs/properties/<name>.spec.ts). Each property check is
// run by exactly one property spec; test/model/registry.test.ts keeps this list and the checks in step.
import { badBodies4xx } from './bad-requests';
import { directoryAgrees } from './directory';
import { addEqualsReplace, anyClientRoundTrip, createInactive, groupLookupEscaped, lookupAnyCase, pathlessEqualsPath, retryIdempotent, roundTrip } from './properties';

export const PROPERTY_SUITES = {
  users: [roundTrip, lookupAnyCase, addEqualsReplace, pathlessEqualsPath, retryIdempotent, createInactive, anyClientRoundTrip],
  groups: [groupLookupEscaped],
  errors: [badBodies4xx],
  directory: [directoryAgrees],
} as const;

/** The spec file (a jest testPathPatterns entry) that runs a property check: a replay runs that file alone. */
export function propertySpecPattern(checkId: string): string | undefined {
  const name = (Object.keys(PROPERTY_SUITES) as Array<keyof typeof PROPERTY_SUITES>).find((k) => PROPERTY_SUITES[k].some((s) => s.check.id === checkId));
  return name === undefined ? undefined : `[/\\\\]specs[/\\\\]properties[/\\\\]${name}\\.spec\\.[jt]s$`;
}
