import type { Exchange } from '../http/exchange';
import type { Profile } from '../profiles';
import type { DiscoverySnapshot } from '../runner/discovery';
import type { IdentityCheck } from '../sequences/identity';
import type { FaultName } from '../server/faults';

/** A check that has nothing to judge in this exchange (e.g. an error-body check on a 200). */
export const NOT_APPLICABLE = Symbol('not applicable');

export type Level = 'MUST' | 'SHOULD' | 'MAY';

/**
 * Scored separately: each client's interoperability (Entra, Okta) and RFC conformance are different
 * questions; the property-based suites (random Entra-shaped traffic) are another.
 */
export type Suite = 'entra' | 'okta' | 'rfc7643' | 'rfc7644' | 'properties';

export interface Requirement {
  /** `Entra: Test Connection`, `Okta: SCIM 2.0 Protocol Reference` or `RFC7644 §3.4.2` (report/evidence.ts reads the client from it). */
  ref: string;
  url?: string;
}

/** What a fixture step says the response should contain. */
export interface StepExpectations {
  /** The id the response must carry / refer to. */
  id?: string;
  /** A body whose every value must read back (a subset comparison). */
  resource?: unknown;
  /** SCIM path -> value that must read back exactly. */
  paths?: Record<string, unknown>;
  /** The exact set of member ids a group must list. */
  members?: string[];
  /** Member ids the step before removed from a group: the group must no longer list them (other members are judged elsewhere). */
  removed?: string[];
  /**
   * The attributes the run's attribute mapping writes (set at run time by src/mapping from --mapping):
   * entra.schema.mapping-declared judges these instead of Entra's default mapping.
   */
  mappedAttributes?: string[];
  /** The ids a list response must hold: exactly these (RFC suite: filters, pages). */
  ids?: string[];
  /** With `ids`: the list must hold them in this order (sortBy). */
  ordered?: boolean;
  /** The totalResults a list response must report. */
  total?: number;
  /** SCIM paths that must not be present in the returned resource. */
  absent?: string[];
  /** SCIM path of a multi-valued attribute -> how many values it must hold. */
  counts?: Record<string, number>;
  /** The scimType (or the acceptable ones) an error response must carry (RFC 7644 §3.12, Table 9). */
  scimType?: string | string[];
  /**
   * The earlier step whose filter confines this step's query to the run's own resources: unless it
   * listed exactly `total` of them, the check cannot judge and is blocked (a precondition, not a failure).
   */
  narrowedBy?: { step: string; total: number };
  /** Names of earlier steps of the sequence whose list responses a multi-page check also reads. */
  pages?: string[];
}

/**
 * What a step's successful response is. `none`: no body expected (DELETE, auth refusals). `Error`:
 * the step expects a SCIM error, so no resource schema applies. The discovery kinds (RFC 7644 §4) get
 * the common response checks only; their own checks validate them.
 */
export type ResponseKind =
  | 'User'
  | 'UserList'
  | 'Group'
  | 'GroupList'
  | 'ServiceProviderConfig'
  | 'ResourceType'
  | 'ResourceTypeList'
  | 'Schema'
  | 'SchemaList'
  | 'Error'
  | 'none';

export interface CheckContext {
  exchange: Exchange;
  responseKind: ResponseKind;
  profile: Profile;
  vars: Readonly<Record<string, string>>;
  /** The request body this step sent, if any. */
  sentBody?: unknown;
  expect: StepExpectations;
  /** The exchanges of the steps before this one in the same sequence run, by step name. */
  earlier?: ReadonlyArray<{ step: string; exchange: Exchange }>;
  /**
   * The endpoint's own discovery documents (fetched before the run), so a check can tell what the
   * endpoint declares (e.g. which attributes its /Schemas lists) from what it merely failed to do.
   */
  discovery: DiscoverySnapshot;
  /** For a step that created a resource: the harness's read-back of the returned id, and whether it named another resource. */
  identity?: IdentityCheck;
}

export interface CheckDefinition {
  /** Stable dotted id: `<suite>.<area>.<behaviour>`. */
  id: string;
  /** Names the conforming behaviour. */
  title: string;
  suite: Suite;
  requirement: Requirement;
  level: Level;
  /** The normative sentence (or Entra's stated expectation) this check tests. */
  quote: string;
  /** Reference-server faults that must make this check fail; proven by the self-tests. */
  provenBy: readonly FaultName[];
  /**
   * The check fails whenever its step does not succeed in providing what later steps need (a 2xx with
   * the created resource's id): every fixture step that `creates` or `capture`s names one such check,
   * so an endpoint that refuses a setup request fails a check instead of only blocking others.
   */
  guardsProvision?: boolean;
  /** Which step expectations the check reads, so fixtures can be linted. */
  needs?: ReadonlyArray<keyof StepExpectations>;
  /**
   * Judges one replayed step: throws a Violation when the behaviour is not met, returns
   * NOT_APPLICABLE when the exchange says nothing about it. Absent for checks that a suite
   * evaluates itself (property-based checks), which record their applications directly.
   */
  verify?(ctx: CheckContext): void | typeof NOT_APPLICABLE;
}

export function defineCheck(def: CheckDefinition): CheckDefinition {
  return Object.freeze(def);
}
