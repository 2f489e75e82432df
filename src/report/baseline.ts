// Adopting the gate gradually: a baseline lists the failures a team already knows about, so that the
// run fails only on new ones. Two forms are read:
//   - a summary.json of an earlier run: every check that failed or was blocked there is known;
//   - a known-failures file: {"knownFailures": [{"check": "<id>", "profile"?: "okta-aiw", "reason": "…",
//     "expires"?: "2027-03-31"}]}, where an entry past its expiry no longer excuses its check.
// A known failure is still reported (as known, apart from new ones); it just does not gate.
import fs from 'node:fs';
import { hasCheck } from '../checks/registry';
import { isProfile, PROFILES, type Profile } from '../profiles';

export interface KnownFailure {
  check: string;
  /** Absent: every profile. */
  profile?: Profile;
  reason: string;
  /** YYYY-MM-DD: from the day after, the entry no longer excuses the check. */
  expires?: string;
}

export interface Baseline {
  /** The file it was read from, as given. */
  source: string;
  known: KnownFailure[];
}

/** How a failed or blocked check stands against the baseline. */
export interface BaselineStanding {
  /** known: excused (does not gate); expired: was excused until `expires`; new: not in the baseline. */
  status: 'known' | 'expired' | 'new';
  reason?: string;
  expires?: string;
}

export class BaselineError extends Error {}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function knownFromSummary(body: Record<string, unknown>, source: string): KnownFailure[] {
  const rows = Array.isArray(body['checks']) ? body['checks'].filter(isObject) : [];
  const when = typeof body['startedAt'] === 'string' ? ` of ${body['startedAt']}` : '';
  return rows
    .filter((r) => r['status'] === 'failed' || r['status'] === 'blocked')
    .map((r) => ({ check: String(r['id']), ...(typeof r['profile'] === 'string' && isProfile(r['profile']) ? { profile: r['profile'] } : {}), reason: `${r['status']} in the baseline run${when} (${source})` }));
}

function knownFromList(list: unknown[], source: string): KnownFailure[] {
  return list.map((entry, i) => {
    const where = `${source}: knownFailures[${i}]`;
    if (!isObject(entry)) throw new BaselineError(`${where} is not an object`);
    const { check, profile, reason, expires } = entry;
    if (typeof check !== 'string' || !hasCheck(check)) throw new BaselineError(`${where}: "check" ${JSON.stringify(check)} is not a check id (scim-conformance lists them in summary.json)`);
    if (profile !== undefined && (typeof profile !== 'string' || !isProfile(profile))) throw new BaselineError(`${where}: "profile" must be one of ${PROFILES.join(', ')}`);
    if (typeof reason !== 'string' || reason.trim() === '') throw new BaselineError(`${where}: "reason" is required: say why the failure is accepted`);
    if (expires !== undefined && (typeof expires !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(expires) || Number.isNaN(Date.parse(expires)))) {
      throw new BaselineError(`${where}: "expires" must be a date YYYY-MM-DD`);
    }
    return { check, ...(profile !== undefined ? { profile: profile as Profile } : {}), reason, ...(expires !== undefined ? { expires: expires as string } : {}) };
  });
}

export function loadBaseline(file: string): Baseline {
  let body: unknown;
  try {
    body = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new BaselineError(`cannot read the baseline ${file}: ${(err as Error).message}`);
  }
  if (isObject(body) && Array.isArray(body['knownFailures'])) return { source: file, known: knownFromList(body['knownFailures'], file) };
  if (isObject(body) && Array.isArray(body['checks']) && isObject(body['tool'])) return { source: file, known: knownFromSummary(body, file) };
  throw new BaselineError(`${file} is neither a scim-conformance summary.json nor a known-failures file ({"knownFailures": [...]})`);
}

/** Where a failed or blocked check of this run stands; `today` is the run's date (YYYY-MM-DD). */
export function standing(baseline: Baseline, check: string, profile: Profile, today: string): BaselineStanding {
  const entries = baseline.known.filter((k) => k.check === check && (k.profile === undefined || k.profile === profile));
  const live = entries.find((k) => k.expires === undefined || k.expires >= today);
  if (live) return { status: 'known', reason: live.reason, ...(live.expires ? { expires: live.expires } : {}) };
  const expired = entries[0];
  if (expired) return { status: 'expired', reason: expired.reason, ...(expired.expires ? { expires: expired.expires } : {}) };
  return { status: 'new' };
}
