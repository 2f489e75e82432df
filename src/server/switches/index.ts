// The registry of switches, by area. Order matters only where switches are combined: hooks compose in
// this order (switches/compose.ts), and Booleans-as-strings comes last so that it sees final documents.

import type { Hooks } from '../hooks';
import { ALLOWED_DISCOVERY_SWITCHES } from './allowed-discovery';
import { ALLOWED_RESOURCE_SWITCHES } from './allowed-resources';
import { ALLOWED_WIRE_SWITCHES } from './allowed-wire';
import { AUTH_SWITCHES } from './auth';
import { composeHooks } from './compose';
import { CONCURRENCY_SWITCHES } from './concurrency';
import type { Switch, Verdict } from './define';
import { DISCOVERY_SWITCHES } from './discovery';
import { INPUT_SWITCHES } from './input';
import { LOOKUP_SWITCHES } from './lookup';
import { PATCH_SWITCHES } from './patch';
import { QUERY_SWITCHES } from './query';
import { RESOURCE_SWITCHES } from './resources';
import { TLS_SWITCHES } from './tls';
import { ROLE_SWITCHES } from './roles';
import { THROTTLE_SWITCHES } from './throttle';
import { WIRE_SWITCHES } from './wire';
import { WRITE_RESPONSE_SWITCHES } from './write-response';
import { CATALOGUE_SWITCHES } from './catalogue';
import { COVERAGE_SWITCHES } from './coverage';
import { CLIENT_INPUT_SWITCHES } from './client-input';
import { OKTA_GROUPS_SWITCHES } from './okta-groups';
import { OKTA_USERS_SWITCHES } from './okta-users';

export type { Switch, SwitchKind, Verdict } from './define';

export const SWITCHES = [
  ...AUTH_SWITCHES,
  ...WIRE_SWITCHES,
  ...QUERY_SWITCHES,
  ...INPUT_SWITCHES,
  ...PATCH_SWITCHES,
  ...RESOURCE_SWITCHES,
  ...ROLE_SWITCHES,
  ...WRITE_RESPONSE_SWITCHES,
  ...DISCOVERY_SWITCHES,
  ...TLS_SWITCHES,
  ...CONCURRENCY_SWITCHES,
  ...THROTTLE_SWITCHES,
  // The allowed-behaviour catalogue (docs/allowed-behaviours.md): variations only.
  ...ALLOWED_WIRE_SWITCHES,
  ...ALLOWED_DISCOVERY_SWITCHES,
  ...ALLOWED_RESOURCE_SWITCHES,
  ...LOOKUP_SWITCHES,
  ...CATALOGUE_SWITCHES,
  ...COVERAGE_SWITCHES,
  ...CLIENT_INPUT_SWITCHES,
  // Okta's traffic (okta-requests.md): its faults, and what Okta documents as acceptable.
  ...OKTA_USERS_SWITCHES,
  ...OKTA_GROUPS_SWITCHES,
] as const;

type AnySwitch = (typeof SWITCHES)[number];
export type FaultSwitchName = Extract<AnySwitch, { kind: 'fault' }>['name'];
export type VariationSwitchName = Extract<AnySwitch, { kind: 'variation' }>['name'];
export type SwitchName = AnySwitch['name'];

const BY_NAME: ReadonlyMap<string, Switch> = new Map(SWITCHES.map((s) => [s.name, s]));

/** Name -> description of the switches of one kind, in registry order. */
export function describeSwitches(kind: 'fault'): Readonly<Record<FaultSwitchName, string>>;
export function describeSwitches(kind: 'variation'): Readonly<Record<VariationSwitchName, string>>;
export function describeSwitches(kind: Switch['kind']): Readonly<Record<string, string>> {
  return Object.freeze(Object.fromEntries(SWITCHES.filter((s) => s.kind === kind).map((s) => [s.name, s.description])));
}

/** Name -> verdicts each variation must leave clean. */
export function variationScopes(): Readonly<Record<VariationSwitchName, Verdict[]>> {
  const out: Record<string, Verdict[]> = {};
  for (const s of SWITCHES) if (s.kind === 'variation') out[s.name] = [...s.scope];
  return Object.freeze(out) as Readonly<Record<VariationSwitchName, Verdict[]>>;
}

/**
 * Conflicts between variations defined in files this registry does not own the wording of: members
 * never returned takes away the members an empty-array variation would return as [].
 */
const EXTRA_CONFLICTS: ReadonlyArray<readonly [string, string]> = [['group-members-never-returned', 'empty-members-as-empty-array']];

/** Name -> the variations it cannot be combined with, symmetric (stated on either side, or above). */
export function variationConflicts(): Readonly<Record<VariationSwitchName, VariationSwitchName[]>> {
  const out: Record<string, Set<string>> = {};
  for (const s of SWITCHES) if (s.kind === 'variation') out[s.name] = new Set();
  const add = (a: string, b: string): void => {
    if (!(a in out) || !(b in out)) throw new Error(`Conflict between ${a} and ${b}: both must be variation switches`);
    out[a]!.add(b);
    out[b]!.add(a);
  };
  for (const s of SWITCHES) if (s.kind === 'variation' && 'conflicts' in s) for (const c of (s.conflicts as readonly string[] | undefined) ?? []) add(s.name, c);
  for (const [a, b] of EXTRA_CONFLICTS) add(a, b);
  return Object.freeze(Object.fromEntries(Object.entries(out).map(([k, v]) => [k, [...v].sort()]))) as Readonly<Record<VariationSwitchName, VariationSwitchName[]>>;
}

/** Validates switch names of one kind (e.g. from a CLI flag): trimmed, deduplicated; throws listing the valid names. */
export function parseNames<N extends string>(names: readonly string[], valid: readonly N[], kind: Switch['kind']): N[] {
  const out: N[] = [];
  const unknown: string[] = [];
  for (const raw of names) {
    const name = raw.trim();
    if (name === '') continue;
    if ((valid as readonly string[]).includes(name)) {
      if (!out.includes(name as N)) out.push(name as N);
    } else {
      unknown.push(name);
    }
  }
  if (unknown.length > 0) throw new Error(`Unknown ${kind} name(s): ${unknown.join(', ')}. Valid names: ${valid.join(', ')}`);
  return out;
}

/** The composed hooks of the named switches, in registry order whatever the order of `names`. */
export function hooksFor(names: Iterable<SwitchName>): Hooks {
  const on = new Set<string>(names);
  for (const n of on) if (!BY_NAME.has(n)) throw new Error(`Unknown switch ${JSON.stringify(n)}`);
  // Transport switches (tls.ts) set no hook: they change how the server listens, not what it answers.
  return composeHooks(SWITCHES.filter((s) => on.has(s.name)) as readonly Hooks[]);
}
