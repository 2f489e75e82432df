// What a switch is: a named behaviour, a fault (a realistic bug some check must catch) or a variation
// (a behaviour the RFCs and Entra allow, which no check may fail on), given as the hooks it sets.

import type { Hooks } from '../hooks';

export type SwitchKind = 'fault' | 'variation';

/** The verdicts of a run: Entra and Okta interoperability, and RFC compliance. */
export type Verdict = 'entra' | 'okta' | 'rfc';

interface SwitchInfo {
  readonly name: string;
  /** One sentence: what the endpoint does; a variation also says who does it and why it is allowed. */
  readonly description: string;
}

export interface FaultSwitch extends SwitchInfo, Hooks {
  readonly kind: 'fault';
}

export interface VariationSwitch extends SwitchInfo, Hooks {
  readonly kind: 'variation';
  /** The verdicts the variation must leave clean: both, unless the RFC forbids it and Entra accepts it. */
  readonly scope: readonly Verdict[];
  /**
   * Variations this one cannot be combined with: they set the same hook incompatibly, or one takes away
   * what the other relies on (e.g. members never returned vs. members returned as []). The relation is
   * symmetric; stating it on one side is enough (index.ts: variationConflicts).
   */
  readonly conflicts?: readonly string[];
}

export type Switch = FaultSwitch | VariationSwitch;

/** Keeps the literal name and kind in the type, so that FaultName and VariationName derive from the list. */
export function defineSwitch<const S extends Switch>(s: S): S {
  return s;
}
