// summary.json (the CLI contract in design.md §1): one entry per check and profile, aggregated over
// every step the check judged in that profile, and the run's verdicts. The runner decides them here,
// once; every reporter only reads the result.
import { CHECKS } from '../checks/registry';
import type { CheckDefinition, Level, Suite } from '../checks/types';
import type { FailOn, Gate, SeedSource } from '../config';
import type { RunCut } from '../http/client';
import { clientOf, type Client, type Profile } from '../profiles';
import { endpointDetail, formatApplication } from './format';
import { standing, type Baseline, type BaselineStanding } from './baseline';
import { capabilityTable, type CapabilityRow } from './capabilities';
import { clientHint, groupCauses, type AppGate, type CauseEntry, type ClientHint } from './causes';
import { evidenceNote, evidenceOf, LEVEL_RANK, resolveGates, type Gates } from './evidence';
import { AREAS, type Area, type CheckApplication } from './outcome';

/** A check's result in one profile; `error` means the harness failed while applying it (exit 2). */
export type CheckStatus = 'passed' | 'failed' | 'blocked' | 'skipped' | 'error';

export interface SummaryCheck {
  id: string;
  title: string;
  suite: Suite;
  profile: Profile;
  requirement: string;
  requirementUrl?: string;
  level: Level;
  status: CheckStatus;
  /**
   * Whether this check's failure (or block) fails the run: the evidence it failed on counts at a level
   * --fail-on gates (report/evidence.ts) for a verdict --gate names, and no baseline excuses it.
   */
  gating: boolean;
  /** The level at which the row's outcome counts for each verdict; a verdict absent here does not count it. */
  verdictLevels: Gates;
  /** For a failed or blocked row that counts below its level, for no verdict, or for no verdict --gate names: why. */
  evidenceNote?: string;
  /** With --baseline, for a failed or blocked check: known (excused), expired, or new. */
  baseline?: BaselineStanding;
  /** A blocked row whose every block is the run's own cut (its deadline, an interruption): not judged, never gating. */
  cutBy?: RunCut;
  durationMs: number;
  /** How many steps this check judged in this profile. */
  applications: number;
  message?: string;
  /** What the endpoint said when it refused the request (its error detail, truncated), for a failed or blocked row. */
  endpointDetail?: string;
  /** The client's context for the request the row failed on (the hint of its catalogue entry, fixtures/catalogue/<client>.json). */
  clientHint?: ClientHint;
}

export type Counts = Record<CheckStatus, number>;

/** One of the answers a run gives: a client's provisioning readiness (Entra, Okta), and RFC 7643/7644 compliance. */
export interface AreaVerdict {
  /**
   * What the endpoint earned, whatever the baseline says: entra, okta: ready | not-ready; rfc: compliant |
   * not-compliant; either: not-run when nothing of it ran, incomplete when the run was stopped (deadline,
   * interruption) before it could judge everything and nothing it judged fails it (a gating failure found
   * before the stop still makes it not-ready / not-compliant).
   */
  verdict: 'ready' | 'not-ready' | 'compliant' | 'not-compliant' | 'not-run' | 'incomplete';
  /** The line that leads every report, e.g. "Entra provisioning: NOT READY (2 MUST failed, 12 blocked)". */
  headline: string;
  /** Whether --gate makes this verdict set the exit code. */
  gates: boolean;
  counts: Counts;
  /** Failed or blocked checks at the --fail-on level that no baseline excuses: what the gate counts. */
  gatingFailures: number;
  /** Failed or blocked checks at the --fail-on level the baseline excuses: they count for the verdict, not for the gate. */
  known: number;
  /** Failed or blocked MUST checks (known ones included). */
  mustFailures: number;
  /** Blocked rows the run cut short (not judged): counted in counts.blocked, never gating. */
  notJudged?: number;
}

/** What the user selected: shards and merges compare it. */
export interface Selection {
  /** --client: whose traffic the run replays (absent in summaries written before Okta was replayed: Entra). */
  clients?: Client[];
  profiles: Profile[];
  grep?: string;
  shard?: { index: number; count: number };
  runs?: number;
  replayPath?: string;
  /** The attribute Entra's lookups and Test Connection filtered on (--matching-attribute or the mapping's). */
  matchingAttribute?: string;
  /** The customer's exported attribute mapping the Entra bodies followed (--mapping), as given. */
  mapping?: string;
}

export interface Summary {
  tool: { name: string; version: string };
  target: string;
  targetKind: 'embedded' | 'url';
  serverFaults?: string[];
  serverVariations?: string[];
  profiles: Profile[];
  seed: number;
  /** default: the fixed default seed (deterministic runs); given: --seed N; random: --seed random. */
  seedSource: SeedSource;
  failOn: FailOn;
  gate: Gate;
  selection: Selection;
  startedAt: string;
  durationMs: number;
  /**
   * The gate, which sets the exit code: passed: no gating failure in the verdicts --gate names (a
   * failure the baseline excuses does not gate); failed: at least one (a run stopped early included:
   * more time cannot make it pass); error: the harness failed, judged nothing, or was stopped before it
   * could judge a gated verdict (incomplete) (exit 2).
   */
  verdict: 'passed' | 'failed' | 'error';
  /** Set when the baseline excused failures of a gated verdict: what it changed about the gate (the verdicts stay what the endpoint earned). */
  gateNote?: string;
  verdicts: Record<Area, AreaVerdict>;
  totals: Counts;
  failedByLevel: Record<Level, number>;
  requests: number;
  /** Waits before retrying a 429 or 503 answer (the client honours Retry-After, bounded). */
  retries?: { count: number; waitedMs: number };
  /** Where the run's time went, as the runner measured it (absent in summaries written before it existed). */
  timing?: RunTiming;
  /** Set when the run was cut short (Ctrl-C, SIGTERM, --deadline): the report is partial and the verdict is error. */
  interrupted?: boolean;
  interruptedBy?: 'SIGINT' | 'SIGTERM' | 'deadline';
  checks: SummaryCheck[];
  /** What the endpoint did with each optional feature a customer may map (absent in summaries written before it existed). */
  capabilities?: CapabilityRow[];
  /** "What to fix": the failures by the request that caused them, most damaging first (report/causes.ts). */
  causes?: CauseEntry[];
  /** Resources the run created and could not delete. */
  leftovers: Array<{ type: string; name: string; id?: string; reason: string }>;
  /** What went wrong in the harness (never the endpoint's failure); any entry makes the run exit 2. */
  internalErrors: string[];
  /** Why the run judged nothing (no suite found, an empty shard, --grep matched no check): exit 2. */
  notJudged?: string;
  /** Set when this summary merges shards: which shard reports it combines. */
  shards?: string[];
  /** --baseline: the failures the team already knows about; they are reported but do not gate. */
  baseline?: Baseline;
  /** Entra's Test Connection, sent before anything else (src/runner/preflight.ts); absent when it could not be sent (TLS). */
  preflight?: Preflight;
}

/** How the run's first request, Entra's Test Connection, went. */
export interface Preflight {
  /**
   * passed: answered as Entra expects. failed: not, but the SCIM service itself answered, so the run
   * went on and the Test Connection checks judge it with the rest. stopped: the answer shows the run
   * does not reach a SCIM service that accepts the token (401/403, a redirect, a page that is not
   * JSON, a 404 that is no SCIM error): nothing else was sent, every other check is blocked by it.
   */
  outcome: 'passed' | 'failed' | 'stopped';
  /** "GET https://…/Users?filter=… -> 401" */
  request: string;
  /** What an admin would be told to check, for failed and stopped. */
  diagnosis?: string;
}

/** The console's line for a Test Connection that did not pass (printed after the verdicts), or undefined. */
export function preflightLine(preflight: Preflight | undefined): string | undefined {
  if (!preflight || preflight.outcome === 'passed') return undefined;
  const what = preflight.outcome === 'stopped' ? 'Test Connection failed; nothing else was sent, every other check is blocked by it' : 'Test Connection failed; the run went on';
  return `${what}:\n  ${preflight.diagnosis ?? preflight.request}`;
}

/** The run's timing (ms). Recorded by the runner's limiter, which every request passes. */
export interface RunTiming {
  /** --concurrency and --max-rps of the run. */
  concurrency: number;
  maxRps?: number;
  /** Most requests in flight at once, and started within one second (as the harness saw them). */
  maxInFlight: number;
  maxPerSecond: number;
  /** Requests put on the wire, retries included (summary.requests counts requests asked for). */
  attempts: number;
  wallMs: number;
  phases: {
    /** Server start, reachability and discovery: everything before the suites. */
    startupMs: number;
    /** The suites (jest), start-up of jest included. */
    suitesMs: number;
    /** Deleting what the run left behind after the suites. */
    cleanupMs: number;
  };
  /** Wall time with at least one request in flight: the run waiting on the endpoint. */
  endpointMs: number;
  /** Wall time with none in flight: the harness (jest, transform, checks, reports so far) working alone. */
  harnessMs: number;
  /** Sum of the requests' times in flight, overlaps counted each time. */
  requestMs: number;
  /** CPU time (user + system) of this process during the suites: the harness, plus the embedded server when it is the target. */
  suitesCpuMs: number;
  /** CPU time of this process from its start to the summary (node's start-up, loading, discovery, suites, clean-up; not the reports). */
  processCpuMs?: number;
  /**
   * The suites' traffic alone, from their first request's start to their last answer: attempts, wall
   * time, and this process's CPU meanwhile (jest's start-up and the loading and registering of the
   * suites come before it). CPU per request here is the harness's cost of a request, measured over
   * the same span as a bare client's; absent when the suites sent nothing.
   */
  traffic?: { requests: number; wallMs: number; cpuMs: number };
  /** Sum of the waits for a slot (--concurrency, --max-rps). */
  queuedMs: number;
  /** Time no request started because a 429/503 asked the run to wait (Retry-After). */
  throttledMs: number;
  /**
   * The longest chain of requests that wait for each other: the CLI's own (reachability, discovery,
   * clean-up), plus in each suite file its longest sequence or property lane (files run one after another).
   * At a latency L per request no run can take less than requests × L.
   */
  criticalPath: { requests: number; longestChain: { chain: string; requests: number }; cliRequests: number; longestByFile: Record<string, number> };
  /** Each suite file's wall time (jest runs them one after another). */
  files?: Array<{ file: string; ms: number }>;
  /** The slowest requests: method, path with ids as {id}, ms. */
  slowest: Array<{ method: string; path: string; ms: number }>;
}

/** Everything about a run except what is computed from its check applications. */
export type RunFacts = Omit<Summary, 'verdict' | 'gateNote' | 'verdicts' | 'totals' | 'failedByLevel' | 'checks' | 'capabilities' | 'causes'>;

export function isGating(level: Level, failOn: FailOn): boolean {
  return level === 'MUST' || (level === 'SHOULD' && failOn === 'should');
}

/** The worst status wins: a harness error, then a failure, then a block; passed needs one real pass. */
function rowStatus(apps: readonly CheckApplication[]): CheckStatus {
  const has = (s: CheckApplication['status']) => apps.some((a) => a.status === s);
  if (has('error')) return 'error';
  if (has('failed')) return 'failed';
  if (has('blocked')) return 'blocked';
  if (has('passed')) return 'passed';
  return 'skipped';
}

function rowMessage(check: CheckDefinition, status: CheckStatus, apps: readonly CheckApplication[]): string | undefined {
  const withStatus = (s: CheckApplication['status']) => apps.filter((a) => a.status === s);
  switch (status) {
    case 'passed':
      return undefined;
    case 'failed':
    case 'error':
    case 'blocked': {
      const hits = withStatus(status);
      // The first in full; the other steps with the same outcome by name only.
      const others = hits.slice(1).map((a) => `${a.sequence} › ${a.step}`);
      const label = status === 'blocked' ? 'Also blocked at' : status === 'error' ? 'Also a harness error at' : 'Also failed at';
      return formatApplication(check, hits[0]!) + (others.length > 0 ? `\n  ${label}: ${others.join(', ')}` : '');
    }
    case 'skipped': {
      const reason = apps.find((a) => a.reason !== undefined)?.reason;
      return reason ?? 'not applicable: no response of the kind this check judges was seen';
    }
  }
}

/** What decides whether a failed row gates: the level chosen, the verdicts gated, and the known failures. */
interface Gating {
  failOn: FailOn;
  gate: Gate;
  baseline?: Baseline;
  /** YYYY-MM-DD of the run, for the expiry of known failures. */
  today: string;
}

/** An application with the levels at which it counts for each verdict (report/evidence.ts). */
interface Gated {
  app: CheckApplication;
  gates: Gates;
}

/** The strictest level at which the row's deciding applications (those with the row's status) count for a verdict. */
function levelFor(area: Area, status: CheckStatus, gated: readonly Gated[]): Level | undefined {
  const deciding = gated.filter((g) => g.app.status === status);
  let best: Level | undefined;
  for (const g of deciding.length > 0 ? deciding : gated) {
    const l = g.gates[area];
    if (l !== undefined && (best === undefined || LEVEL_RANK[l] < LEVEL_RANK[best])) best = l;
  }
  return best;
}

function aggregate(check: CheckDefinition, profile: Profile, gated: readonly Gated[], g: Gating): SummaryCheck {
  const apps = gated.map((x) => x.app);
  const status = rowStatus(apps);
  const message = rowMessage(check, status, apps);
  const known = g.baseline && (status === 'failed' || status === 'blocked') ? standing(g.baseline, check.id, profile, g.today) : undefined;
  const verdictLevels: Gates = {};
  for (const area of AREAS) {
    const l = levelFor(area, status, gated);
    if (l !== undefined) verdictLevels[area] = l;
  }
  const notPassed = status === 'failed' || status === 'blocked';
  const blockedApps = status === 'blocked' ? apps.filter((a) => a.status === 'blocked') : [];
  const cutBy = blockedApps.length > 0 && blockedApps.every((a) => a.cutBy) ? blockedApps[0]!.cutBy : undefined;
  const atLevel = cutBy ? [] : (Object.keys(verdictLevels) as Area[]).filter((area) => isGating(verdictLevels[area]!, g.failOn));
  const gatesSomewhere = atLevel.some((area) => gatedBy(g.gate, area));
  const strictest = Object.values(verdictLevels).sort((a, b) => LEVEL_RANK[a] - LEVEL_RANK[b])[0];
  const deciding = gated.find((x) => x.app.status === status);
  const byCut = cutBy ? 'not judged: the run stopped before the endpoint answered' : undefined;
  const byEvidence = notPassed && strictest !== check.level && deciding ? (evidenceNote(check, evidenceOf(deciding.app), profile) ?? (Object.keys(verdictLevels).length === 0 ? 'it was blocked by a failure that gates no verdict' : undefined)) : undefined;
  const byGate = notPassed && atLevel.length > 0 && !gatesSomewhere ? `it counts for the ${atLevel.map((a) => VERDICT_NAME[a]).join(' and ')} verdict, which --gate ${g.gate} does not gate` : undefined;
  const note = byCut ?? byEvidence ?? byGate;
  const said = notPassed && deciding && !cutBy ? endpointDetail(deciding.app) : undefined;
  const hint = notPassed && deciding && !cutBy ? clientHint(deciding.app) : undefined;
  return {
    id: check.id,
    title: check.title,
    suite: check.suite,
    profile,
    requirement: check.requirement.ref,
    ...(check.requirement.url ? { requirementUrl: check.requirement.url } : {}),
    level: check.level,
    status,
    gating: gatesSomewhere && known?.status !== 'known',
    verdictLevels,
    ...(note !== undefined ? { evidenceNote: note } : {}),
    ...(known ? { baseline: known } : {}),
    ...(cutBy ? { cutBy } : {}),
    durationMs: Math.round(apps.reduce((t, a) => t + a.durationMs, 0) * 10) / 10,
    applications: apps.length,
    ...(message !== undefined ? { message } : {}),
    ...(said !== undefined ? { endpointDetail: said } : {}),
    ...(hint !== undefined ? { clientHint: hint } : {}),
  };
}

const VERDICT_NAME: Record<Area, string> = { entra: 'Entra', okta: 'Okta', rfc: 'RFC' };

const VERDICT_TITLE: Record<Area, string> = { entra: 'Entra provisioning', okta: 'Okta provisioning', rfc: 'RFC 7643/7644' };

/**
 * The verdicts a report shows: those of the clients whose profiles the run replayed, and the RFC one
 * (a verdict of a client nobody selected says nothing and is left out).
 */
export function reportedAreas(summary: Pick<Summary, 'profiles'>): Area[] {
  return AREAS.filter((area) => area === 'rfc' || summary.profiles.some((p) => clientOf(p) === area));
}

/** Whether --gate makes a verdict set the exit code. */
function gatedBy(gate: Gate, area: Area): boolean {
  return gate === 'all' || gate === area;
}

/** One row per check and profile, in registry order; checks never applied are left out. */
function rowsOf(gated: readonly Gated[], profiles: readonly Profile[], g: Gating): SummaryCheck[] {
  const byKey = new Map<string, Gated[]>();
  for (const x of gated) {
    const key = `${x.app.checkId}\u0000${x.app.profile}`;
    byKey.set(key, [...(byKey.get(key) ?? []), x]);
  }
  const rows: SummaryCheck[] = [];
  for (const profile of profiles) {
    for (const check of CHECKS) {
      const mine = byKey.get(`${check.id}\u0000${profile}`);
      if (mine) rows.push(aggregate(check, profile, mine, g));
    }
  }
  return rows;
}

/** The applications with the verdict levels the evidence rule gives them. */
function withGates(apps: readonly CheckApplication[]): Gated[] {
  const gates = resolveGates(apps);
  return apps.map((app, i) => ({ app, gates: gates[i]! }));
}

export function countsOf(checks: readonly Pick<SummaryCheck, 'status'>[]): Counts {
  const out: Counts = { passed: 0, failed: 0, blocked: 0, skipped: 0, error: 0 };
  for (const c of checks) out[c.status]++;
  return out;
}

export function failedByLevel(checks: readonly SummaryCheck[]): Record<Level, number> {
  const out: Record<Level, number> = { MUST: 0, SHOULD: 0, MAY: 0 };
  for (const c of checks) if (c.status === 'failed') out[c.level]++;
  return out;
}

/** Whether anything was judged at all (a run, or a verdict, that applied no check says nothing). */
export function applied(apps: readonly CheckApplication[]): boolean {
  return apps.some((a) => a.status === 'passed' || a.status === 'failed' || a.status === 'blocked' || a.status === 'error');
}

/**
 * One verdict over the applications that count for it: each row's level is the level its deciding
 * applications count at for this verdict (a harness error counts everywhere: it voids the run).
 */
function areaVerdict(area: Area, gated: readonly Gated[], facts: Pick<RunFacts, 'profiles' | 'gate' | 'interrupted' | 'interruptedBy' | 'preflight'>, g: Gating): AreaVerdict {
  const mine = gated.filter((x) => x.gates[area] !== undefined || x.app.status === 'error');
  const rows = rowsOf(mine, facts.profiles, g).map((r) => {
    const level = r.verdictLevels[area];
    return { ...r, atLevel: level !== undefined && isGating(level, g.failOn) && !r.cutBy, level: level ?? r.level };
  });
  const counts = countsOf(rows);
  const notPassed = rows.filter((r) => r.status === 'failed' || r.status === 'blocked');
  // The verdict is what the endpoint earned: a failure the baseline knows still counts here; it only does not gate.
  const failing = notPassed.filter((r) => r.atLevel);
  const known = failing.filter((r) => r.baseline?.status === 'known').length;
  const gatingFailures = failing.length - known;
  const mustFailures = failing.filter((r) => r.level === 'MUST').length;
  const gates = gatedBy(facts.gate, area);
  const ran = applied(mine.map((x) => x.app));
  const ok = failing.length === 0;
  // What the run cut short is neither passed nor failed: without a gating failure, the verdict is incomplete.
  const notJudged = rows.filter((r) => r.cutBy).length;
  const incomplete = notJudged > 0 || facts.interrupted === true;
  const client = area !== 'rfc';
  const verdict: AreaVerdict['verdict'] = !ran ? (incomplete ? 'incomplete' : 'not-run') : !ok ? (client ? 'not-ready' : 'not-compliant') : incomplete ? 'incomplete' : client ? 'ready' : 'compliant';
  const warnings = notPassed.filter((r) => !r.atLevel && !r.cutBy).length;
  const notGating = [warnings > 0 ? `${warnings} below --fail-on` : '', known > 0 ? `${known} known in the baseline` : ''].filter((x) => x !== '').join(', ');
  const stop = facts.interruptedBy === 'deadline' ? "the run's deadline (--deadline) passed" : facts.interruptedBy ? `the run was interrupted (${facts.interruptedBy})` : 'the run was stopped';
  const cut = incomplete ? `; incomplete: ${notJudged > 0 ? `${notJudged} of the blocked not judged, ` : ''}${stop}` : '';
  const detail = `${counts.passed} passed, ${counts.failed} failed, ${counts.blocked} blocked, ${counts.skipped} skipped${notGating ? `; not gating: ${notGating}` : ''}${cut}`;
  const title = VERDICT_TITLE[area];
  const word: Record<AreaVerdict['verdict'], string> = {
    ready: 'READY',
    'not-ready': 'NOT READY',
    compliant: 'COMPLIANT',
    'not-compliant': `${mustFailures} MUST failure${mustFailures === 1 ? '' : 's'}`,
    'not-run': facts.preflight?.outcome === 'stopped' ? 'not run (blocked: Test Connection failed)' : 'not run',
    incomplete: 'INCOMPLETE',
  };
  const headline = `${title}: ${word[verdict]}${ran ? ` (${detail})` : verdict === 'incomplete' ? ` (${stop})` : ''}${gates ? '' : ' [not gating]'}`;
  return { verdict, headline, gates, counts, gatingFailures, known, mustFailures, ...(notJudged > 0 ? { notJudged } : {}) };
}

/** What the baseline did to the gate, when it excused failures of a gated verdict (counted once per check and profile). */
function gateNoteOf(checks: readonly SummaryCheck[], verdicts: Record<Area, AreaVerdict>, g: Gating): string | undefined {
  const baseline = g.baseline;
  const notPassed = checks.filter((c) => c.status === 'failed' || c.status === 'blocked');
  const wouldGate = (c: SummaryCheck) => (Object.keys(c.verdictLevels) as Area[]).some((area) => gatedBy(g.gate, area) && isGating(c.verdictLevels[area]!, g.failOn));
  const known = notPassed.filter((c) => c.baseline?.status === 'known' && wouldGate(c)).length;
  if (!baseline || known === 0) return undefined;
  const gated = Object.values(verdicts).filter((v) => v.gates);
  const fresh = notPassed.filter((c) => c.gating).length;
  const excused = `${known} failure${known === 1 ? '' : 's'} known in the baseline ${baseline.source}`;
  if (fresh > 0) return `${excused} do${known === 1 ? 'es' : ''} not gate; ${fresh} other${fresh === 1 ? '' : 's'} do${fresh === 1 ? 'es' : ''}`;
  const earned = gated.filter((v) => v.verdict === 'not-ready' || v.verdict === 'not-compliant').map((v) => v.headline.split(' (')[0]).join('; ');
  return `the gate passes only because every failure is known in the baseline ${baseline.source} (${known}); the verdicts stand: ${earned}`;
}

/** How each application stands for the gate: it did not pass and counts at a gating level for a gated verdict (unless the baseline knows it). */
function appGates(gated: readonly Gated[], g: Gating): AppGate[] {
  return gated.map(({ app, gates }) => {
    // What the run cut short holds no answer of the endpoint's: it gates nothing.
    if ((app.status !== 'failed' && app.status !== 'blocked') || app.cutBy) return 'not gating';
    const counts = (Object.keys(gates) as Area[]).some((area) => gatedBy(g.gate, area) && isGating(gates[area]!, g.failOn));
    if (!counts) return 'not gating';
    return g.baseline && standing(g.baseline, app.checkId, app.profile, g.today).status === 'known' ? 'known' : 'gating';
  });
}

export function buildSummary(facts: RunFacts, apps: readonly CheckApplication[]): Summary {
  const g: Gating = { failOn: facts.failOn, gate: facts.gate, ...(facts.baseline ? { baseline: facts.baseline } : {}), today: facts.startedAt.slice(0, 10) };
  const gated = withGates(apps);
  const checks = rowsOf(gated, facts.profiles, g);
  const verdicts = Object.fromEntries(AREAS.map((area) => [area, areaVerdict(area, gated, facts, g)])) as Record<Area, AreaVerdict>;
  // A Test Connection that stopped the run fails it whatever --gate says: no verdict could judge the endpoint.
  const failed = facts.preflight?.outcome === 'stopped' || Object.values(verdicts).some((v) => v.gates && v.gatingFailures > 0);
  const harnessError = facts.internalErrors.length > 0 || checks.some((c) => c.status === 'error');
  const gateNote = gateNoteOf(checks, verdicts, g);
  // A gated verdict the run was stopped before completing passes nothing: no verdict (exit 2).
  const incomplete = Object.values(verdicts).some((v) => v.gates && v.verdict === 'incomplete');
  return {
    ...facts,
    verdict: harnessError ? 'error' : failed ? 'failed' : incomplete ? 'error' : 'passed',
    ...(gateNote !== undefined ? { gateNote } : {}),
    verdicts,
    totals: countsOf(checks),
    failedByLevel: failedByLevel(checks),
    checks,
    capabilities: capabilityTable(apps),
    causes: groupCauses(apps, appGates(gated, g), facts.target),
  };
}
