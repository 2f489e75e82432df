// Entra's request catalogue as the harness grades it (fixtures/catalogue/entra.json): how well each
// replayed request shape is established, and the optional features a customer's mapping turns on.
import catalogue from '../../fixtures/catalogue/entra.json';
import type { Profile } from '../profiles';
import type { Evidence, ShapeGrade } from '../report/outcome';
import { verifiedStep, type SequenceDef, type StepDef } from './types';

export interface CatalogueRequest {
  id: string;
  what: string;
  grade: ShapeGrade | Partial<Record<Profile, ShapeGrade>>;
  source: string;
  /** What a vendor needs to know about how Entra sends it, shown with its failures ("What to fix"). */
  hint?: string;
}

export interface Capability {
  id: string;
  title: string;
  /** What in a customer's attribute mapping turns the feature on. */
  mapped: string;
}

export const ENTRA_REQUESTS: readonly CatalogueRequest[] = catalogue.requests as CatalogueRequest[];
export const CAPABILITIES: readonly Capability[] = catalogue.capabilities;

const GRADE_RANK: Record<ShapeGrade, number> = { documented: 0, observed: 1, unverified: 2 };

/** The grade of a catalogue request in a profile; undefined for an id the catalogue does not hold. */
export function catalogueGrade(id: string, profile: Profile): ShapeGrade | undefined {
  const entry = ENTRA_REQUESTS.find((r) => r.id === id);
  if (!entry) return undefined;
  return typeof entry.grade === 'string' ? entry.grade : (entry.grade[profile] ?? 'documented');
}

/** A step's own shape grade: its catalogue entry's, lowered (never raised) by the step's `shape`. */
export function stepGrade(step: Pick<StepDef, 'catalogue' | 'shape'>, profile: Profile): ShapeGrade {
  const listed = step.catalogue !== undefined ? (catalogueGrade(step.catalogue, profile) ?? 'documented') : 'documented';
  const own = step.shape?.grade;
  return own !== undefined && GRADE_RANK[own] > GRADE_RANK[listed] ? own : listed;
}

/**
 * The evidence of an Entra sequence's step: a client request with its grade, or a read-back that
 * verifies the last client request before it (and takes that request's grade, probe and capability).
 */
export function entraStepEvidence(sequence: SequenceDef, index: number, profile: Profile): Evidence {
  const steps = sequence.steps;
  const step = steps[index]!;
  const judged = steps[verifiedStep(steps, index)]!;
  const grade = stepGrade(judged, profile);
  const probe = step.probe ?? (step.verification ? judged.probe : undefined);
  const capability = step.capability ?? (step.verification ? judged.capability : undefined);
  const gradeNote = judged.shape?.why ?? (grade !== 'documented' && judged.catalogue ? `${judged.catalogue}: ${ENTRA_REQUESTS.find((r) => r.id === judged.catalogue)?.source ?? 'no source'}` : undefined);
  const note = probe ?? gradeNote;
  return {
    traffic: probe !== undefined ? 'probe' : step.verification ? 'verification' : 'client',
    grade,
    ...(note !== undefined ? { note } : {}),
    ...(capability !== undefined ? { capability } : {}),
  };
}
