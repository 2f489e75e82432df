// The capability table: for each optional feature a customer may map (custom extension attributes,
// app roles, further matching attributes, manager shapes, nested groups), what this endpoint did with
// it. In the default run the features Entra's default mapping does not send are probed, never gating;
// under a customer's mapping the features it turns on are Entra's traffic and gate.
import { getCheck } from '../checks/registry';
import { CAPABILITIES } from '../sequences/catalogue';
import { basisOf } from './evidence';
import type { CheckApplication, ShapeGrade } from './outcome';

export interface CapabilityRow {
  id: string;
  title: string;
  /** supported: every Entra check of its steps passed; refused: one failed; not-probed: none could judge it. */
  status: 'supported' | 'refused' | 'not-probed';
  /** probe: sent only to learn the capability; mapped: Entra's traffic under the run's mapping. */
  traffic?: 'probe' | 'mapped';
  /** For mapped traffic: the best-established grade of its request shapes, which caps the level it gates at. */
  grade?: ShapeGrade;
  /** For refused: the request and what the endpoint answered. */
  answer?: string;
  /** For not-probed: why. */
  reason?: string;
}

export function capabilityTable(apps: readonly CheckApplication[]): CapabilityRow[] {
  return CAPABILITIES.map((cap) => {
    const mine = apps.filter((a) => a.evidence?.capability === cap.id && basisOf(getCheck(a.checkId)) !== 'rfc');
    const base = { id: cap.id, title: cap.title };
    const probed = mine.some((a) => a.evidence?.traffic === 'probe');
    const grades = mine.map((a) => a.evidence?.grade ?? 'documented');
    const grade = (['documented', 'observed', 'unverified'] as const).find((g) => grades.includes(g));
    const traffic = mine.length === 0 ? {} : probed ? { traffic: 'probe' as const } : { traffic: 'mapped' as const, ...(grade ? { grade } : {}) };
    const failed = mine.find((a) => a.status === 'failed');
    if (failed) {
      const said = (failed.received ?? '').split('\n')[0]!.slice(0, 300);
      return { ...base, status: 'refused', ...traffic, answer: `${failed.request ?? failed.step}${said ? `: ${said}` : ''} (${failed.checkId}, ${failed.profile})` };
    }
    if (mine.some((a) => a.status === 'passed')) return { ...base, status: 'supported', ...traffic };
    const why = mine.find((a) => a.reason !== undefined)?.reason;
    return { ...base, status: 'not-probed', ...traffic, reason: why ?? 'no step of this run exercised it' };
  });
}

/** How a capability row was judged, for the reports: probed, or mapped and gating at its shape's grade. */
export function capabilityHow(row: CapabilityRow): string {
  if (row.traffic === 'probe') return 'probed, not gating';
  if (row.traffic !== 'mapped') return '';
  if (row.grade === 'unverified') return 'in the mapping; UNVERIFIED request shape, not gating';
  if (row.grade === 'observed') return 'in the mapping; observed request shape, SHOULD';
  return 'in the mapping, gating';
}
