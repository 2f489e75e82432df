// The capability table: for each optional feature a customer may map (custom extension attributes,
// app roles, further matching attributes, manager shapes, nested groups), what this endpoint did with
// it. In the default run the features Entra's default mapping does not send are probed, never gating;
// under a customer's mapping the features it turns on are Entra's traffic and gate.
import { getCheck } from '../checks/registry';
import { CAPABILITIES } from '../sequences/catalogue';
import { basisOf } from './evidence';
import type { CheckApplication } from './outcome';

export interface CapabilityRow {
  id: string;
  title: string;
  /** supported: every Entra check of its steps passed; refused: one failed; not-probed: none could judge it. */
  status: 'supported' | 'refused' | 'not-probed';
  /** probe: sent only to learn the capability; gating: Entra's traffic under the run's mapping. */
  traffic?: 'probe' | 'gating';
  /** For refused: the request and what the endpoint answered. */
  answer?: string;
  /** For not-probed: why. */
  reason?: string;
}

export function capabilityTable(apps: readonly CheckApplication[]): CapabilityRow[] {
  return CAPABILITIES.map((cap) => {
    const mine = apps.filter((a) => a.evidence?.capability === cap.id && basisOf(getCheck(a.checkId)) === 'client');
    const base = { id: cap.id, title: cap.title };
    const traffic = mine.length === 0 ? {} : { traffic: mine.some((a) => a.evidence?.traffic === 'probe') ? ('probe' as const) : ('gating' as const) };
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
