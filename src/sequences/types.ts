// The data format of fixtures/entra/*.json, fixtures/okta/*.json and fixtures/rfc/*.json: request
// sequences as data, replayed by replay.ts.
import type { HttpMethod } from '../http/exchange';
import type { ResponseKind, StepExpectations } from '../checks/types';
import type { Profile } from '../profiles';

export type ResourceType = 'Users' | 'Groups';

export interface RequestDef {
  method: HttpMethod;
  /** Relative to the tenant URL; {{vars}} are percent-encoded as path segments. */
  path: string;
  query?: Array<[string, string]>;
  /**
   * A body, '@bodyName', { byProfile: { <profile>: … } }, or { asRead: { step, set } }: the JSON body an
   * earlier step's 2xx response carried, with the SCIM paths of `set` (dotted, no filters) set to their
   * values, as Okta builds a PUT from its GET (okta-requests.md §1.4); the step is blocked when that
   * response is missing.
   */
  body?: unknown;
  /** Sent verbatim (after {{var}} filling) instead of `body`: a deliberately unparsable body. */
  rawBody?: string;
  /** Further headers ({{vars}} filled), e.g. If-Match. */
  headers?: Record<string, string>;
  auth?: 'none' | 'wrong-token';
}

export interface StepDef {
  name: string;
  /** The request of the client's catalogue the step replays: Entra's "R-04" (entra-requests.md §4), Okta's "O-04" (okta-requests.md §4). */
  catalogue?: string;
  /** The profiles that send this step (Okta: PUT for okta-aiw, PATCH for okta-oin); absent: every profile. */
  profiles?: Profile[];
  /**
   * This step's request shape is less established than its catalogue entry's (fixtures/catalogue/entra.json):
   * e.g. a create that carries the manager, which no source shows. It can only lower the grade.
   */
  shape?: { grade: 'observed' | 'unverified'; why: string };
  /**
   * The optional feature this step exercises (a capability of fixtures/catalogue/entra.json): the
   * capability table reports it, and a mapping-enabled feature gates only when the run's mapping turns it on.
   */
  capability?: string;
  /**
   * The harness's own request, made only to judge what Entra's requests did (a read-back): Entra
   * never sends it, and the reports say so.
   */
  verification?: true;
  /** Variables (re)set just before this step, e.g. which member a PATCH adds. */
  let?: Record<string, string>;
  request: RequestDef;
  /** What a successful response is; selects the automatic response checks. */
  response: ResponseKind;
  checks: string[];
  /**
   * Variables taken from a 2xx response: var -> top-level attribute, a dotted path into the JSON
   * body ("meta.version"), or "header:<name>"; "a | b" takes the first source that has a value.
   */
  capture?: Record<string, string>;
  /** This step creates a resource the run must delete afterwards. */
  creates?: { type: ResourceType; idVar: string; name: string };
  /** This step deletes a resource created earlier. */
  deletes?: { type: ResourceType; idVar: string };
  expect?: StepExpectations;
  /** What the endpoint must declare for this step to apply (see capabilities.ts); else it is skipped. */
  requires?: string[];
  /** Why the request body is deliberately invalid (the fixture lint then does not validate it). */
  malformed?: string;
  /**
   * RFC suite, discovery: the step is sent once for every resource the discovery list at its path
   * (/ResourceTypes or /Schemas, as the run fetched it) holds, as GET <path>/<id>, with expect.id that
   * id (a ResourceType without an id: its name). See discovery-steps.ts.
   */
  eachListedId?: true;
  /**
   * RFC suite, POST, PUT or PATCH of a User or Group: the request body is completed with a generated
   * value for every attribute the endpoint's /Schemas declares writable for the resource type (each
   * method its own values, so every write changes what the one before wrote). See discovery-steps.ts.
   */
  declaredValues?: true;
  /**
   * Set at run time by the attribute mapping (src/mapping), never in a fixture: why Entra would not
   * send this step's request under the run's mapping. The step is then skipped with this reason.
   */
  notApplicable?: string;
  /**
   * Set at run time by the attribute mapping, never in a fixture: why this step is only a capability
   * probe (Entra's default mapping does not send it). It is sent and judged, and gates no verdict.
   */
  probe?: string;
}

/** Which of Entra's provisioning runs a sequence replays (entra-requests.md §3). */
export type SequenceFamily = 'test-connection' | 'initial-cycle' | 'incremental-cycle' | 'on-demand' | 'authentication';

export interface SequenceDef {
  id: string;
  title: string;
  family?: SequenceFamily;
  /** Variables computed once per run of the sequence, in order. */
  let?: Record<string, string>;
  /** What the endpoint must declare for the whole sequence to apply; else every step is skipped. */
  requires?: string[];
  /** The profiles that replay this sequence; absent: every profile of the file's client. */
  profiles?: Profile[];
  steps: StepDef[];
}

export interface SequenceFile {
  bodies: Record<string, unknown>;
  sequences: SequenceDef[];
  /**
   * The requests do not depend on Entra's request-shape profile (no byProfile): the file is
   * replayed once, under the first selected profile, instead of once per profile.
   */
  profileIndependent?: boolean;
}

/**
 * How reports name a step: with the catalogue request it replays ("create [Entra R-04]", "create
 * [Okta O-04]": Okta's ids are O-…), or marked as the harness's own verification request ("read-back
 * [verification]").
 */
export function stepLabel(step: Pick<StepDef, 'name' | 'catalogue' | 'verification'>): string {
  if (step.verification) return `${step.name} [verification]`;
  if (step.catalogue) return `${step.name} [${step.catalogue.startsWith('O-') ? 'Okta' : 'Entra'} ${step.catalogue}]`;
  return step.name;
}

/** The sequence as one profile replays it: only the steps that profile sends (undefined when it replays none of it). */
export function sequenceFor(sequence: SequenceDef, profile: Profile): SequenceDef | undefined {
  if (sequence.profiles && !sequence.profiles.includes(profile)) return undefined;
  if (!sequence.steps.some((s) => s.profiles)) return sequence;
  return { ...sequence, steps: sequence.steps.filter((s) => !s.profiles || s.profiles.includes(profile)) };
}

/** The step a read-back verifies: the last step before it that is not itself a read-back (its own index otherwise). */
export function verifiedStep(steps: ReadonlyArray<Pick<StepDef, 'verification'>>, index: number): number {
  let k = index;
  while (k > 0 && steps[k]!.verification) k--;
  return k;
}
