// Named variation switches: behaviours real, correct SCIM endpoints have, which the RFCs and Entra
// allow, so that no conformance check may fail on them. Each is defined in the switch layer
// (switches/); this module is their public view, mirroring faults.ts.

import { describeSwitches, parseNames, variationScopes, type Verdict, type VariationSwitchName } from './switches';

export type VariationName = VariationSwitchName;

/** Name -> one-sentence description: what the endpoint does, who does it, why it is allowed. */
export const VARIATIONS: Readonly<Record<VariationName, string>> = describeSwitches('variation');

export const VARIATION_NAMES: readonly VariationName[] = Object.keys(VARIATIONS) as VariationName[];

/**
 * The verdicts each variation must leave clean: 'entra' (suites entra, properties), 'okta' (suite okta)
 * and 'rfc' (suites rfc7643, rfc7644). A verdict is left out where its source forbids the behaviour or
 * cannot work with it (a short comment at the switch says why Okta's is).
 */
export const VARIATION_SCOPE: Readonly<Record<VariationName, Array<Verdict>>> = variationScopes();

export function isVariationName(name: string): name is VariationName {
  return Object.prototype.hasOwnProperty.call(VARIATIONS, name);
}

/** Validates variation names (e.g. from a CLI flag); throws listing the valid names on an unknown one. */
export function parseVariationNames(names: readonly string[]): VariationName[] {
  return parseNames(names, VARIATION_NAMES, 'variation');
}
