// "What to fix": the failures of a run grouped by cause. One step that fails (the endpoint refuses
// Entra's create body) takes down every check that needed its result; the vendor should see that
// as one entry naming the step, the checks that failed on it and the checks it blocked, not as a
// dozen unrelated rows. Most damaging first.
import { getCheck } from '../checks/registry';
import type { Level } from '../checks/types';
import type { Profile } from '../profiles';
import type { CheckApplication } from './outcome';
import type { SummaryCheck } from './summary';

export interface CauseEntry {
  /** Where it failed: "users.provision › create" (several when one failure repeats across steps). */
  steps: string[];
  profiles: Profile[];
  /** "POST https://… -> 400" of the first failing exchange, when there was one. */
  request?: string;
  /** Checks that failed there, and checks that could not run because of it. */
  failed: string[];
  blocked: string[];
  /** The first failure in full (expected, received, curl), for the entry's detail. */
  example?: CheckApplication;
  /** Why the checks were blocked, when no check failed on the step itself. */
  reason?: string;
  /** The highest level among the checks it takes down, and whether any of them gates the run. */
  level: Level;
  gating: boolean;
}

const RANK: Record<Level, number> = { MUST: 0, SHOULD: 1, MAY: 2 };

function keyOf(a: CheckApplication): string {
  // A property counterexample is its own cause: it has no step that other checks depend on.
  if (a.sequence === 'property') return `property › ${a.checkId}`;
  if (a.status === 'blocked' && a.blockedBy) return `${a.blockedBy.sequence} › ${a.blockedBy.step}`;
  return `${a.sequence} › ${a.step}`;
}

/** @param rows the summary's rows: whether a check gates (level, --fail-on, baseline) is decided there. */
export function groupCauses(apps: readonly CheckApplication[], rows: readonly SummaryCheck[]): CauseEntry[] {
  const gates = (a: CheckApplication) => rows.some((r) => r.id === a.checkId && r.profile === a.profile && r.gating);
  const byStep = new Map<string, { apps: CheckApplication[] }>();
  for (const a of apps) {
    if (a.status !== 'failed' && a.status !== 'blocked') continue;
    const key = keyOf(a);
    byStep.set(key, { apps: [...(byStep.get(key)?.apps ?? []), a] });
  }
  const entries: CauseEntry[] = [];
  for (const [step, { apps: mine }] of byStep) {
    const failedApps = mine.filter((a) => a.status === 'failed');
    const blockedApps = mine.filter((a) => a.status === 'blocked');
    const ids = [...new Set(mine.map((a) => a.checkId))];
    const levels = ids.map((id) => getCheck(id).level).sort((x, y) => RANK[x] - RANK[y]);
    const example = failedApps[0];
    const request = example?.request ?? blockedApps.find((a) => a.blockedBy?.request)?.blockedBy?.request;
    entries.push({
      steps: [step],
      profiles: [...new Set(mine.map((a) => a.profile))],
      ...(request ? { request } : {}),
      failed: [...new Set(failedApps.map((a) => a.checkId))],
      blocked: [...new Set(blockedApps.map((a) => a.checkId))].filter((id) => !failedApps.some((f) => f.checkId === id)),
      ...(example ? { example } : {}),
      ...(!example && blockedApps[0]?.reason ? { reason: blockedApps[0].reason } : {}),
      level: levels[0]!,
      gating: mine.some(gates),
    });
  }
  // The same failure repeated at several steps (one check, one expectation) is one cause.
  const merged = new Map<string, CauseEntry>();
  for (const e of entries) {
    const key = e.example ? `${[...e.failed].sort().join(',')}|${e.example.expected ?? ''}|${e.example.received ?? ''}` : `blocked|${e.steps[0]}`;
    const seen = merged.get(key);
    if (!seen) {
      merged.set(key, e);
      continue;
    }
    seen.steps.push(...e.steps);
    seen.profiles = [...new Set([...seen.profiles, ...e.profiles])];
    seen.blocked = [...new Set([...seen.blocked, ...e.blocked])].filter((id) => !seen.failed.includes(id));
  }
  const weight = (e: CauseEntry) => e.failed.length + e.blocked.length;
  return [...merged.values()].sort((a, b) => Number(b.gating) - Number(a.gating) || RANK[a.level] - RANK[b.level] || weight(b) - weight(a) || a.steps[0]!.localeCompare(b.steps[0]!));
}
