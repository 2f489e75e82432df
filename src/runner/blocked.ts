// What a failure before the suites takes down: every check the run would have applied, recorded as
// blocked by that failure (never passed, never the harness's error), so that the verdicts and every
// report count them. Used when the run's client cannot connect (src/tls/run.ts) and when Test
// Connection stops the run (src/runner/preflight.ts).
import { CHECKS } from '../checks/registry';
import type { CheckDefinition } from '../checks/types';
import { profilesOf, type Profile } from '../profiles';
import type { Area, Cause, CheckApplication } from '../report/outcome';

export interface BlockedSelection {
  profiles: readonly Profile[];
  /** --grep: matched against "<check id>: <title>". */
  grep?: string;
  /** Checks recorded otherwise (judged on what the failure left to judge). */
  except: (check: CheckDefinition) => boolean;
}

/** One blocked application per check (per profile; the RFC suite's once, under the first profile) that --grep selects. */
export function blockedBy(cause: Cause, reason: string, selection: BlockedSelection): CheckApplication[] {
  const pattern = selection.grep !== undefined ? new RegExp(selection.grep) : undefined;
  const out: CheckApplication[] = [];
  for (const check of CHECKS) {
    if (selection.except(check)) continue;
    if (pattern && !pattern.test(`${check.id}: ${check.title}`)) continue;
    const rfc = check.suite === 'rfc7643' || check.suite === 'rfc7644';
    // The client whose sequences apply the check: Okta's checks Okta's, every other Entra's (and the property cases').
    const area: Area = rfc ? 'rfc' : check.suite === 'okta' ? 'okta' : 'entra';
    for (const profile of area === 'rfc' ? selection.profiles.slice(0, 1) : profilesOf(area, selection.profiles)) {
      out.push({
        checkId: check.id,
        profile,
        area,
        // Whose request it would have judged: the client's sequences (and property cases), or the RFC suite's.
        evidence: rfc ? { traffic: 'suite' } : { traffic: 'client', grade: 'documented' },
        sequence: cause.sequence,
        step: cause.step,
        status: 'blocked',
        durationMs: 0,
        reason,
        blockedBy: cause,
      });
    }
  }
  return out;
}
