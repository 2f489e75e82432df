// "What to fix": the run's failures by root cause. A cause is a failing request: one the endpoint
// refused or answered wrongly. Listed under it are the checks that failed on it, the checks its
// read-backs failed (the harness's requests that verify what it did), a generated case that sent the
// same request and got the same answer, and every check it blocked, with chains of blocks followed to
// the first failure. A blocked step is never an entry of its own, and two requests share an entry
// only when they are the same request of a client's catalogue (Entra's, Okta's) answered the same way,
// or failed the very same checks with the same expected and received. Most damaging first.
import { getCheck } from '../checks/registry';
import { automaticChecks } from '../checks/response';
import type { Level, ResponseKind } from '../checks/types';
import { CLIENT_NAMES, type Client, type Profile } from '../profiles';
import { catalogueClient, catalogueRequest, requestTitle } from '../sequences/catalogue';
import { endpointDetail } from './format';
import { AREAS, type CheckApplication } from './outcome';

/** One check a cause takes down, over every step and profile where it did. */
export interface CauseCheck {
  id: string;
  level: Level;
  status: 'failed' | 'blocked';
  /** request: failed on the request itself; read-back: on the harness's read of what it did; generated: in a property's case that sent it; blocked: could not run. */
  via: 'request' | 'read-back' | 'generated' | 'blocked';
  profiles: Profile[];
  /** Where: "users.provision › create [Entra R-04]", "okta.users.provision › create [Okta O-04]", each step once. */
  at: string[];
  /** Whether this failure fails the run (its verdict is gated, at a gating level, and no baseline excuses it). */
  gating: boolean;
  /** It would gate, but the baseline knows it. */
  known?: boolean;
  expected?: string;
  received?: string;
}

export interface CauseEntry {
  /** The failing request with ids as {id} and query values left out: "PATCH /Users/{id} -> 400". */
  request?: string;
  /** The requests of the clients' catalogues it replays, the most frequent first: "Entra R-07 Disable user", "Okta O-04 Create user: …". */
  clientRequest?: string;
  /** When the failing request is the harness's read-back: the catalogue request it verifies ("Entra R-07 Disable user"). */
  readBackOf?: string;
  /** What a vendor needs to know about how the client sends that request (its catalogue entry's hint). */
  clientHint?: ClientHint;
  /** What the endpoint said when it refused it (its error detail, truncated). */
  endpointDetail?: string;
  /** Where it was sent: "users.on-demand › disable [Entra R-07]", each step once. */
  steps: string[];
  profiles: Profile[];
  /** When no check failed on the request itself: why the checks under it could not run. */
  reason?: string;
  /** Failed checks first, then blocked ones; within each, gating and stricter first. */
  checks: CauseCheck[];
  /** The strictest level among its checks, and whether any of them fails the run. */
  level: Level;
  gating: boolean;
  /** Not gating only because the baseline knows every check under it. */
  known?: boolean;
  /** The first failing exchange in full: "PATCH https://…/Users/5504… -> 400". */
  example?: string;
  /** curl lines that reproduce it (the token as $SCIM_TOKEN). */
  reproduce?: string;
  /** How to replay a generated case: "--seed 42 --runs 25 --replay-path …". */
  replay?: string;
}

/** A catalogue entry's hint (fixtures/catalogue/<client>.json), with the client whose request it is about. */
export interface ClientHint {
  client: Client;
  text: string;
}

const RANK: Record<Level, number> = { MUST: 0, SHOULD: 1, MAY: 2 };

/** Longest expected or received value a cause keeps; the check's row and the reports keep it whole. */
const MAX_VALUE = 500;

function clip(text: string): string {
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE)}… (${text.length} characters; the check's row has them all)` : text;
}
const VIA_RANK: Record<CauseCheck['via'], number> = { request: 0, 'read-back': 1, generated: 2, blocked: 3 };

/** Checks of a response's own form (JSON, content type, schema): on a read-back they judge the read, not the request it verifies. */
const FORM_CHECKS: ReadonlySet<string> = new Set(AREAS.flatMap((area) => (['User', 'Group', 'UserList', 'GroupList', 'Error'] as ResponseKind[]).flatMap((kind) => automaticChecks(kind, area))));

const CATALOGUE_STEP = new RegExp(`\\[(?:${Object.values(CLIENT_NAMES).join('|')}) ([A-Z]-[\\w-]+)\\]$`);

/** "R-07" of a step label "disable [Entra R-07]", "O-04" of "create [Okta O-04]". */
export function catalogueIdOf(step: string): string | undefined {
  return CATALOGUE_STEP.exec(step)?.[1];
}

/** The client's context for the request an application judged (a read-back: the request it verifies). */
export function clientHint(app: Pick<CheckApplication, 'step' | 'verifies'>): ClientHint | undefined {
  const id = catalogueIdOf(app.verifies ?? app.step);
  return id === undefined ? undefined : hintOf(id);
}

function hintOf(id: string): ClientHint | undefined {
  const client = catalogueClient(id);
  const text = catalogueRequest(id)?.hint;
  return client && text !== undefined ? { client, text } : undefined;
}

/** Run-specific values (ids, generated names, the run's tag) replaced, so that the same failure compares equal across steps. */
function normalised(text: string): string {
  return text
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '{id}')
    .replace(/\bscimc-[0-9a-z]+-[0-9a-z]+-[^"\s,&]*/gi, '{name}')
    .replace(/\b[0-9a-f]{16,}\b/gi, '{id}');
}

interface Sent {
  method: string;
  /** The path relative to the tenant URL, ids as {id}, query values left out. */
  template: string;
  /** "400", or "no response (ETIMEDOUT)". */
  answer: string;
  status?: number;
}

/** Reads "PATCH https://host/scim/Users/5504… -> 400" (describeExchange) relative to the tenant URL. */
function parseRequest(request: string | undefined, target: string): Sent | undefined {
  const m = /^(\S+) (\S+) -> (.+)$/.exec(request ?? '');
  if (!m) return undefined;
  let rest = m[2]!.startsWith(target) ? m[2]!.slice(target.length) : m[2]!.replace(/^\w+:\/\/[^/]+/, '');
  const q = rest.indexOf('?');
  const query = q >= 0 ? rest.slice(q + 1) : '';
  rest = q >= 0 ? rest.slice(0, q) : rest;
  const path = (rest.startsWith('/') ? rest : `/${rest}`).replace(/\/(Users|Groups)\/[^/]+/gi, '/$1/{id}');
  const keys = query === '' ? [] : [...new URLSearchParams(query).keys()];
  const status = /^\d{3}$/.test(m[3]!) ? Number(m[3]) : undefined;
  return { method: m[1]!, template: `${path}${keys.length ? `?${keys.map((k) => `${k}=…`).join('&')}` : ''}`, answer: m[3]!, ...(status !== undefined ? { status } : {}) };
}

function stepKey(profile: string, sequence: string, step: string): string {
  return `${profile}\u0000${sequence}\u0000${step}`;
}

/** How an application stands for the gate: it fails the run, it would but the baseline knows it, or it does not. */
export type AppGate = 'gating' | 'known' | 'not gating';

interface Placed {
  app: CheckApplication;
  gate: AppGate;
  via: CauseCheck['via'];
}

/** A root cause while grouping: the step (or generated case) whose request failed, and what it takes down. */
interface Root {
  sequence: string;
  step: string;
  profile: Profile;
  /** The request as the cause step sent it (from its applications, or from what a block names). */
  request?: string;
  /** Applications at the cause step itself. */
  own: CheckApplication[];
  placed: Placed[];
}

/**
 * Groups a run's failed and blocked applications by the request that caused them.
 * @param gates for each application, how it stands for the gate (decided with the summary's rows)
 * @param target the tenant URL, which the requests shown are made relative to
 */
export function groupCauses(apps: readonly CheckApplication[], gates: readonly AppGate[], target: string): CauseEntry[] {
  const atStep = new Map<string, number[]>();
  // A block may name a step of another profile's record (the TLS connection is recorded once).
  const atStepAnyProfile = new Map<string, number[]>();
  apps.forEach((a, i) => {
    for (const [map, key] of [[atStep, stepKey(a.profile, a.sequence, a.step)], [atStepAnyProfile, stepKey('', a.sequence, a.step)]] as const) map.set(key, [...(map.get(key) ?? []), i]);
  });
  const appsAt = (profile: string, sequence: string, step: string) => atStep.get(stepKey(profile, sequence, step)) ?? atStepAnyProfile.get(stepKey('', sequence, step)) ?? [];
  // A read-back that fails after the request it verifies failed is that failure's consequence (the
  // read shows the request's effect missing); one about the read's own form, or after a request that
  // passed, is a finding of its own (the read itself may be what is wrong: a lookup that ignores its filter).
  const consequence = (app: CheckApplication): boolean =>
    app.status === 'failed' && app.verifies !== undefined && !FORM_CHECKS.has(app.checkId) && appsAt(app.profile, app.sequence, app.verifies).some((i) => apps[i]!.status === 'failed');

  /** The first failure behind a step: itself when something failed there, else what blocked it, followed. */
  const resolve = (profile: Profile, sequence: string, step: string, seen = new Set<string>()): { sequence: string; step: string } => {
    const key = stepKey(profile, sequence, step);
    if (seen.has(key)) return { sequence, step };
    seen.add(key);
    const here = appsAt(profile, sequence, step).map((i) => apps[i]!);
    const failed = here.filter((a) => a.status === 'failed');
    // A read-back whose failures are another request's consequence passes the block on to that request.
    if (failed.length > 0 && failed.every(consequence)) return { sequence, step: failed[0]!.verifies! };
    if (failed.length > 0) return { sequence, step };
    const by = here.find((a) => a.status === 'blocked' && a.blockedBy && !(a.blockedBy.sequence === sequence && a.blockedBy.step === step))?.blockedBy;
    return by ? resolve(profile, by.sequence, by.step, seen) : { sequence, step };
  };

  const roots = new Map<string, Root>();
  const rootAt = (profile: Profile, sequence: string, step: string, request?: string): Root => {
    const key = stepKey(profile, sequence, step);
    let root = roots.get(key);
    if (!root) {
      const own = appsAt(profile, sequence, step).map((i) => apps[i]!);
      const sent = own.find((a) => a.request !== undefined)?.request ?? request;
      root = { sequence, step, profile, ...(sent !== undefined ? { request: sent } : {}), own, placed: [] };
      roots.set(key, root);
    }
    return root;
  };

  apps.forEach((app, i) => {
    if (app.status !== 'failed' && app.status !== 'blocked') return;
    // What the run cut short (its deadline, an interruption) is no failure of the endpoint's: the verdict says INCOMPLETE.
    if (app.cutBy) return;
    const placed = (via: Placed['via']): Placed => ({ app, gate: gates[i] ?? 'not gating', via });
    if (app.status === 'blocked') {
      if (!app.blockedBy) return rootAt(app.profile, app.sequence, app.step).placed.push(placed('blocked'));
      const at = resolve(app.profile, app.blockedBy.sequence, app.blockedBy.step);
      const same = at.sequence === app.blockedBy.sequence && at.step === app.blockedBy.step;
      return rootAt(app.profile, at.sequence, at.step, same ? app.blockedBy.request : undefined).placed.push(placed('blocked'));
    }
    if (consequence(app)) return rootAt(app.profile, app.sequence, app.verifies!).placed.push(placed('read-back'));
    // A property's counterexample is its own cause (found again below when a step sent the same request).
    if (app.sequence === 'property') return rootAt(app.profile, app.sequence, app.checkId, app.request).placed.push(placed('request'));
    rootAt(app.profile, app.sequence, app.step).placed.push(placed('request'));
  });

  // One failing request is one cause wherever it was sent. A refusal that says why is identified by the
  // method, the path, the status and what the endpoint said; any other failure by the request of the
  // client's catalogue (or the step of the RFC suite), the answer, and which checks failed.
  const groups = new Map<string, Root[]>();
  const property: Root[] = [];
  for (const root of roots.values()) {
    if (root.sequence === 'property') {
      property.push(root);
      continue;
    }
    const sent = parseRequest(root.request, target);
    const failed = root.placed.filter((p) => p.via === 'request');
    const detail = detailOf(root);
    const catalogue = catalogueIdOf(root.step);
    const answered = sent ? `${sent.method} ${sent.template} -> ${sent.answer}` : '';
    const refused = sent !== undefined && (sent.status === undefined || sent.status >= 400);
    const what = failed.length === 0 ? 'no failure here' : [...new Set(failed.map((p) => p.app.checkId))].sort().join(',');
    const key = refused && detail !== undefined ? `refused|${answered}|${normalised(detail)}` : [catalogue ? `request ${catalogue}` : `${root.sequence} › ${root.step}`, answered, what].join('|');
    groups.set(key, [...(groups.get(key) ?? []), root]);
  }

  // The same failure at different requests (one check, the same expected and received) is one cause too.
  const signature = (rs: readonly Root[]) =>
    [...new Set(rs.flatMap((r) => r.placed.filter((p) => p.via === 'request').map((p) => normalised(`${p.app.checkId}|${p.app.expected ?? ''}|${p.app.received ?? ''}`))))].sort().join('\n');
  const merged = new Map<string, Root[]>();
  for (const [key, rs] of groups) {
    const sig = signature(rs);
    const k = sig === '' ? `key:${key}` : `sig:${sig}`;
    merged.set(k, [...(merged.get(k) ?? []), ...rs]);
  }
  const clusters = [...merged.values()];

  // A generated case that sent the same request and got the very same answer found the same cause as a
  // step (listed as such), or as the same property in another profile.
  const sameFailure = (a: Root, b: Root) => {
    const [x, y] = [parseRequest(a.request, target), parseRequest(b.request, target)];
    const received = (r: Root) => r.placed.filter((p) => p.via === 'request' && p.app.received !== undefined).map((p) => normalised(p.app.received!));
    return x !== undefined && x.method === y?.method && x.template === y.template && x.answer === y.answer && received(a).some((r) => received(b).includes(r));
  };
  const steps = clusters.length;
  for (const root of property) {
    const home = clusters.slice(0, steps).find((rs) => rs.some((r) => sameFailure(root, r)));
    if (home) {
      home.push({ ...root, placed: root.placed.map((p) => (p.via === 'request' ? { ...p, via: 'generated' as const } : p)) });
      continue;
    }
    const twin = clusters.slice(steps).find((rs) => rs.some((r) => r.step === root.step && sameFailure(root, r)));
    if (twin) twin.push(root);
    else clusters.push([root]);
  }

  return clusters.map((rs) => entryOf(rs, target)).sort(byDamage);
}

/** What the endpoint said in answer to a cause's request: from a check that failed on it, or one its answer blocked. */
function detailOf(root: Root): string | undefined {
  const failed = root.placed.filter((p) => p.via === 'request' || p.via === 'generated').map((p) => p.app);
  return [...failed, ...root.own].map((a) => endpointDetail(a)).find((d) => d !== undefined);
}

/** The catalogue requests (of either client) among a cause's steps, the most frequent first. */
function catalogueRequestsOf(rs: readonly Root[]): string[] {
  const count = new Map<string, number>();
  for (const r of rs) {
    const id = catalogueIdOf(r.step);
    if (id !== undefined && catalogueRequest(id)) count.set(id, (count.get(id) ?? 0) + 1);
  }
  return [...count.entries()].sort((a, b) => b[1] - a[1]).map(([id]) => id);
}

function entryOf(rs: readonly Root[], target: string): CauseEntry {
  // The cause's own steps, and those of a generated case only when nothing else failed.
  const main = rs.filter((r) => r.sequence !== 'property' || !r.placed.every((p) => p.via === 'generated'));
  const first = main[0] ?? rs[0]!;
  const placed = rs.flatMap((r) => r.placed);
  const checks = new Map<string, CauseCheck>();
  for (const { app, gate, via } of placed) {
    const key = `${app.checkId}\u0000${via}`;
    const where = `${app.sequence} › ${app.step}`;
    const seen = checks.get(key);
    if (seen) {
      if (!seen.profiles.includes(app.profile)) seen.profiles.push(app.profile);
      if (!seen.at.includes(where)) seen.at.push(where);
      seen.gating ||= gate === 'gating';
      if (gate === 'known') seen.known = true;
      continue;
    }
    checks.set(key, {
      id: app.checkId,
      level: getCheck(app.checkId).level,
      status: via === 'blocked' ? 'blocked' : 'failed',
      via,
      profiles: [app.profile],
      at: [where],
      gating: gate === 'gating',
      ...(gate === 'known' ? { known: true } : {}),
      ...(app.expected !== undefined ? { expected: clip(app.expected) } : {}),
      ...(app.received !== undefined ? { received: clip(app.received) } : {}),
    });
  }
  const list = [...checks.values()].sort((a, b) => VIA_RANK[a.via] - VIA_RANK[b.via] || Number(b.gating) - Number(a.gating) || RANK[a.level] - RANK[b.level] || a.id.localeCompare(b.id));
  const failedHere = placed.filter((p) => p.via === 'request' || p.via === 'generated').map((p) => p.app);
  const shown = failedHere[0] ?? placed.find((p) => p.via === 'read-back')?.app;
  const sent = parseRequest(first.request, target);
  const requests = catalogueRequestsOf(main);
  // A read-back's own finding: the client's context is that of the request it verifies.
  const verified = requests.length > 0 ? undefined : placed.map((p) => (p.app.verifies !== undefined ? catalogueIdOf(p.app.verifies) : undefined)).find((id) => id !== undefined && catalogueRequest(id));
  const about = requests[0] ?? verified;
  const hint = about !== undefined ? hintOf(about) : undefined;
  const detail = rs.map(detailOf).find((d) => d !== undefined);
  const blockedReason = failedHere.length === 0 ? placed.find((p) => p.via === 'blocked')?.app.reason : undefined;
  const example = failedHere[0]?.request ?? first.request;
  return {
    ...(sent ? { request: `${sent.method} ${sent.template} -> ${sent.answer}` } : {}),
    ...(requests.length > 0 ? { clientRequest: requests.map((id) => requestTitle(id)!).join('; ') } : {}),
    ...(verified !== undefined ? { readBackOf: requestTitle(verified)! } : {}),
    ...(hint !== undefined ? { clientHint: hint } : {}),
    ...(detail !== undefined ? { endpointDetail: detail } : {}),
    steps: [...new Set(main.map((r) => `${r.sequence} › ${r.step}`))],
    profiles: [...new Set(rs.map((r) => r.profile))],
    ...(blockedReason !== undefined ? { reason: blockedReason } : {}),
    checks: list,
    level: list.map((c) => c.level).sort((a, b) => RANK[a] - RANK[b])[0] ?? 'MUST',
    gating: list.some((c) => c.gating),
    ...(!list.some((c) => c.gating) && list.some((c) => c.known) ? { known: true } : {}),
    ...(example !== undefined ? { example } : {}),
    ...(shown?.curl ? { reproduce: shown.curl } : {}),
    ...(shown?.replay ? { replay: shown.replay } : {}),
  };
}

/** How many check results (a check in a profile) a cause takes down. */
export function damage(e: Pick<CauseEntry, 'checks'>): number {
  return e.checks.reduce((n, c) => n + c.profiles.length, 0);
}

function byDamage(a: CauseEntry, b: CauseEntry): number {
  return Number(b.gating) - Number(a.gating) || damage(b) - damage(a) || RANK[a.level] - RANK[b.level] || (a.request ?? a.steps[0] ?? '').localeCompare(b.request ?? b.steps[0] ?? '');
}
