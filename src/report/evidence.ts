// The rule every gating row obeys (design.md, "Verdicts follow evidence"): a verdict gates only on
// traffic its source covers, at the level its source states. Each check application carries the
// evidence it was judged on (whose request, how well that request shape is established); the levels
// at which it counts for each verdict follow from that, from the profile it ran in (whose client's
// traffic it is) and from the check, never from its id:
//  - RFC verdict: checks whose requirement is an RFC 7643/7644 sentence, at their level, on any traffic;
//  - a client's verdict (Entra, Okta): requests that client sends, judged by that client's checks and,
//    for a client whose documentation makes RFC 7643/7644 its contract, by the RFC checks too; the
//    harness's read-backs count only through that client's behaviour they verify (a check of that
//    client), never an RFC detail of the read itself, nor another client's check; a shape the client's
//    vendor documents keeps the check's level, an observed shape is SHOULD at most, an UNVERIFIED shape
//    and a capability probe never gate;
//  - a blocked application gates only the verdicts of the failure that blocked it, at most at its level.
import { getCheck } from '../checks/registry';
import type { CheckDefinition, Level } from '../checks/types';
import { CLIENT_NAMES, clientOf, type Client, type Profile } from '../profiles';
import type { Area, CheckApplication, Evidence, ShapeGrade } from './outcome';

/** The level at which an application counts for each verdict; a verdict missing from it does not count it. */
export type Gates = Partial<Record<Area, Level>>;

export const LEVEL_RANK: Record<Level, number> = { MUST: 0, SHOULD: 1, MAY: 2 };

/** The stricter of two levels. */
function higher(a: Level | undefined, b: Level | undefined): Level | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return LEVEL_RANK[a] <= LEVEL_RANK[b] ? a : b;
}

/** The looser of two levels (a level capped by another). */
function lower(a: Level, b: Level): Level {
  return LEVEL_RANK[a] >= LEVEL_RANK[b] ? a : b;
}

/** What a check's requirement rests on: a sentence of RFC 7643/7644, or one client's documentation. */
export function basisOf(check: Pick<CheckDefinition, 'requirement'>): 'rfc' | Client {
  if (/^RFC ?764[34]\b/.test(check.requirement.ref)) return 'rfc';
  return /^Okta\b/.test(check.requirement.ref) ? 'okta' : 'entra';
}

/** A request shape's grade caps the level of what is judged on it. */
export function capByGrade(level: Level, grade: ShapeGrade | undefined): Level | undefined {
  if (grade === 'unverified') return undefined;
  if (grade === 'observed') return lower(level, 'SHOULD');
  return level;
}

/**
 * What a record that carries no evidence (written by spec code of its own, such as a test's
 * sabotaged suite) is taken to have judged: the traffic of its area.
 */
export function evidenceOf(app: Pick<CheckApplication, 'evidence' | 'area'>): Evidence {
  return (app.evidence as Evidence | undefined) ?? (app.area === 'rfc' ? { traffic: 'suite' } : { traffic: 'client', grade: 'documented' });
}

/**
 * Whether a client's documentation makes the RFCs its contract, so that an RFC check judged on that
 * client's request counts for its verdict. Entra's does: it states its requirements as the SCIM 2.0
 * protocol's (entra-requests.md §5) and documents no tolerance that departs from it. Okta's documents
 * tolerances that do (okta-requests.md §5 rule 20: text/json responses, a numeric Error status,
 * lower-case list keys), so only Okta's own checks, each quoting Okta, decide Okta's verdict.
 */
const RFC_IS_CONTRACT: Record<Client, boolean> = { entra: true, okta: false };

/** The verdicts one application counts for, from its check and its evidence alone. */
export function gatesOf(check: Pick<CheckDefinition, 'requirement' | 'level'>, evidence: Evidence, profile: Profile): Gates {
  const gates: Gates = {};
  const basis = basisOf(check);
  if (basis === 'rfc') gates.rfc = check.level;
  const client = clientOf(profile);
  const clientTraffic = (evidence.traffic === 'client' && ((basis === 'rfc' && RFC_IS_CONTRACT[client]) || basis === client)) || (evidence.traffic === 'verification' && basis === client);
  if (clientTraffic) {
    const level = capByGrade(check.level, evidence.grade);
    if (level !== undefined) gates[client] = level;
  }
  return gates;
}

/** Why an application counts for no verdict, or for fewer than its check would: the row says so. */
export function evidenceNote(check: Pick<CheckDefinition, 'requirement' | 'level'>, evidence: Evidence, profile: Profile): string | undefined {
  const basis = basisOf(check);
  const client = clientOf(profile);
  const name = CLIENT_NAMES[client];
  if (evidence.traffic === 'probe') return `capability probe: ${evidence.note ?? `a request ${name}'s configuration at hand does not send`}`;
  if (evidence.traffic === 'suite' && basis !== 'rfc') return `a request only the RFC or property suites send, which ${CLIENT_NAMES[basis]} does not`;
  if (basis !== 'rfc' && basis !== client) return `${CLIENT_NAMES[basis]}'s check judged on ${name}'s traffic, which counts for neither client`;
  if (evidence.traffic === 'verification' && basis === 'rfc') return `an RFC detail of the harness's own read-back, which ${name} never sends`;
  if (evidence.grade === 'unverified') return `the request shape is UNVERIFIED${evidence.note ? ` (${evidence.note})` : ''}, so it never gates ${name}'s verdict`;
  if (evidence.grade === 'observed' && check.level === 'MUST') return `the request shape is only observed${evidence.note ? ` (${evidence.note})` : ''}, so it counts at SHOULD for ${name}`;
  return undefined;
}

function stepKey(profile: string, sequence: string, step: string): string {
  return `${profile}\u0000${sequence}\u0000${step}`;
}

/**
 * The gates of every application: its own, and for a blocked one only the verdicts (and at most the
 * levels) of the failures at the step that blocked it. A step that blocked others without a failure of
 * its own (it was itself blocked) passes on what blocked it; a block with no failure behind it at all
 * (a precondition of the step itself) keeps the application's own gates.
 */
export function resolveGates(apps: readonly CheckApplication[]): Gates[] {
  const own = apps.map((a) => gatesOf(getCheck(a.checkId), evidenceOf(a), a.profile));
  const atStep = new Map<string, number[]>();
  apps.forEach((a, i) => {
    const key = stepKey(a.profile, a.sequence, a.step);
    atStep.set(key, [...(atStep.get(key) ?? []), i]);
  });
  const memo = new Map<string, Gates | undefined>();
  const causeGates = (key: string, seen: Set<string>): Gates | undefined => {
    if (memo.has(key)) return memo.get(key);
    if (seen.has(key)) return undefined;
    seen.add(key);
    const here = atStep.get(key) ?? [];
    const failed = here.filter((i) => apps[i]!.status === 'failed');
    let out: Gates | undefined;
    if (failed.length > 0) {
      out = {};
      for (const i of failed) for (const area of Object.keys(own[i]!) as Area[]) out[area] = higher(out[area], own[i]![area]);
    } else {
      const blocked = here.filter((i) => apps[i]!.status === 'blocked' && apps[i]!.blockedBy);
      for (const i of blocked) {
        const by = apps[i]!.blockedBy!;
        const further = stepKey(apps[i]!.profile, by.sequence, by.step);
        const g = further === key ? undefined : causeGates(further, seen);
        if (g) {
          out ??= {};
          for (const area of Object.keys(g) as Area[]) out[area] = higher(out[area], g[area]);
        }
      }
    }
    memo.set(key, out);
    return out;
  };
  return apps.map((a, i) => {
    if (a.status !== 'blocked' || !a.blockedBy) return own[i]!;
    const cause = causeGates(stepKey(a.profile, a.blockedBy.sequence, a.blockedBy.step), new Set());
    if (cause === undefined) return own[i]!;
    const out: Gates = {};
    for (const area of Object.keys(own[i]!) as Area[]) {
      const by = cause[area];
      if (by !== undefined) out[area] = lower(own[i]![area]!, by);
    }
    return out;
  });
}
