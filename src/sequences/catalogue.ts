// The clients' request catalogues as the harness grades them (fixtures/catalogue/entra.json,
// fixtures/catalogue/okta.json): how well each replayed request shape is established, per profile, and
// the optional features a customer's configuration turns on.
import entraCatalogue from '../../fixtures/catalogue/entra.json';
import oktaCatalogue from '../../fixtures/catalogue/okta.json';
import type { QuerySpace } from '../http/encode';
import { CLIENT_NAMES, CLIENTS, clientOf, type Client, type Profile } from '../profiles';
import type { Evidence, ShapeGrade } from '../report/outcome';
import { verifiedStep, type SequenceDef, type StepDef } from './types';

export interface CatalogueRequest {
  id: string;
  what: string;
  grade: ShapeGrade | Partial<Record<Profile, ShapeGrade>>;
  source: string;
  /** The profiles that send the request at all (Okta's catalogue); absent: every profile of the client. */
  sentBy?: Profile[];
  /** What a vendor needs to know about how the client sends it, shown with its failures ("What to fix"). */
  hint?: string;
}

export interface Capability {
  id: string;
  title: string;
  /** What in a customer's configuration (Entra's attribute mapping, Okta's provisioning settings) turns the feature on. */
  mapped: string;
}

export const ENTRA_REQUESTS: readonly CatalogueRequest[] = entraCatalogue.requests as CatalogueRequest[];
export const OKTA_REQUESTS: readonly CatalogueRequest[] = oktaCatalogue.requests as CatalogueRequest[];
/** Entra's optional features (an attribute mapping turns them on). */
export const CAPABILITIES: readonly Capability[] = entraCatalogue.capabilities;
export const OKTA_CAPABILITIES: readonly Capability[] = oktaCatalogue.capabilities;

/**
 * Headers each client puts on every request besides Authorization and Content-Type (okta-requests.md
 * §1.3); Entra sends none (entra-requests.md §1).
 */
export const CLIENT_HEADERS: Readonly<Record<Client, Readonly<Record<string, string>>>> = { entra: {}, okta: oktaCatalogue.headers };

/** How each client writes a space in a query: Entra '+' (entra-requests.md §1.2), Okta '%20' (okta-requests.md §1.2, its current docs; '+' is its 2019 form). */
export const CLIENT_QUERY_SPACE: Readonly<Record<Client, QuerySpace>> = { entra: '+', okta: oktaCatalogue.querySpace as QuerySpace };

export const CATALOGUES: Readonly<Record<Client, readonly CatalogueRequest[]>> = { entra: ENTRA_REQUESTS, okta: OKTA_REQUESTS };

/** The catalogue entry of a request id of either client (Entra's are R-…, Okta's O-…). */
export function catalogueRequest(id: string): CatalogueRequest | undefined {
  return ENTRA_REQUESTS.find((r) => r.id === id) ?? OKTA_REQUESTS.find((r) => r.id === id);
}

/** The client whose catalogue holds a request id ("O-04": okta). */
export function catalogueClient(id: string): Client | undefined {
  return CLIENTS.find((c) => CATALOGUES[c].some((r) => r.id === id));
}

/** How reports name a catalogue request: "Okta O-04 Create user: POST /Users with …". */
export function requestTitle(id: string): string | undefined {
  const client = catalogueClient(id);
  const entry = catalogueRequest(id);
  return client && entry ? `${CLIENT_NAMES[client]} ${entry.id} ${entry.what}` : undefined;
}

const GRADE_RANK: Record<ShapeGrade, number> = { documented: 0, observed: 1, unverified: 2 };

/**
 * The grade of a catalogue request in a profile; undefined for an id the profile's client's catalogue
 * does not hold. A request the catalogue says the profile never sends is unverified there: no source
 * shows that client sending it.
 */
export function catalogueGrade(id: string, profile: Profile): ShapeGrade | undefined {
  const entry = CATALOGUES[clientOf(profile)].find((r) => r.id === id);
  if (!entry) return undefined;
  if (entry.sentBy && !entry.sentBy.includes(profile)) return 'unverified';
  return typeof entry.grade === 'string' ? entry.grade : (entry.grade[profile] ?? 'documented');
}

/** A step's own shape grade: its catalogue entry's, lowered (never raised) by the step's `shape`. */
export function stepGrade(step: Pick<StepDef, 'catalogue' | 'shape'>, profile: Profile): ShapeGrade {
  const listed = step.catalogue !== undefined ? (catalogueGrade(step.catalogue, profile) ?? 'documented') : 'documented';
  const own = step.shape?.grade;
  return own !== undefined && GRADE_RANK[own] > GRADE_RANK[listed] ? own : listed;
}

/**
 * The evidence of a client sequence's step (Entra's or Okta's): a client request with its grade, or a
 * read-back that verifies the last client request before it (and takes that request's grade, probe and
 * capability).
 */
export function clientStepEvidence(sequence: SequenceDef, index: number, profile: Profile): Evidence {
  const steps = sequence.steps;
  const step = steps[index]!;
  const judged = steps[verifiedStep(steps, index)]!;
  const grade = stepGrade(judged, profile);
  const probe = step.probe ?? (step.verification ? judged.probe : undefined);
  const capability = step.capability ?? (step.verification ? judged.capability : undefined);
  const gradeNote = judged.shape?.why ?? (grade !== 'documented' && judged.catalogue ? `${judged.catalogue}: ${catalogueRequest(judged.catalogue)?.source ?? 'no source'}` : undefined);
  const note = probe ?? gradeNote;
  return {
    traffic: probe !== undefined ? 'probe' : step.verification ? 'verification' : 'client',
    grade,
    ...(note !== undefined ? { note } : {}),
    ...(capability !== undefined ? { capability } : {}),
  };
}
