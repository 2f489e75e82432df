// Runs the scale scenario of plan.ts against one endpoint, in one client's request shapes: the initial
// cycle or push (lookups, creates with identity reads, membership adds), Okta's import (every page,
// every user read exactly once), the sampled read-backs judged by the conformance checks, the
// incremental wave, then clean-up of everything the run created. Every create is journaled the
// moment its answer arrives (sequences/journal.ts), so clean-up deletes exactly what the run made,
// whatever stopped it; after an interruption the run's exact name prefix is swept as well
// (sequences/sweep.ts). The runner owns the results and the verdict; reporters only read them.
import { ScimClient } from '../http/client';
import { toCurl } from '../http/curl';
import { describeExchange, renderResponse } from '../http/exchange';
import { Redactor } from '../http/redact';
import { CLIENT_TITLES } from '../profiles';
import type { DiscoverySnapshot } from '../runner/discovery';
import { CLIENT_HEADERS, CLIENT_QUERY_SPACE } from '../sequences/catalogue';
import { Journal, type CreatedResource } from '../sequences/journal';
import { sweepRun } from '../sequences/sweep';
import { Correctness, OKTA_IMPORT_RULES, READBACK_CHECKS, tallyStatus, type CheckTally } from './correctness';
import { LoadClient, type LoadAnswer } from './load-client';
import { ScaleMetrics, type KindSummary, type LatencyBin } from './metrics';
import * as plan from './plan';
import type { BodyCatalogue, RequestKind, ScaleOptions, ScaleRequest } from './plan';
import { formatValue, holds, observed, type Threshold } from './thresholds';

export interface ScaleRunConfig {
  plan: ScaleOptions;
  /** Entra's request bodies (fixtures/entra/bodies.json); Okta's are built by plan.ts. */
  bodies: BodyCatalogue;
  baseUrl: string;
  token: string;
  timeoutMs: number;
  maxResponseBytes?: number;
  concurrency: number;
  maxRps?: number;
  /** Time budget of the load phases; when it passes the run stops sending, cleans up and reports what ran. */
  durationMs?: number;
  thresholds: Threshold[];
  /** Where the journal lives (a fresh folder per run). */
  runDir: string;
  discovery: DiscoverySnapshot;
  /** Called as phases start, for the console. */
  onPhase?: (phase: string) => void;
}

export interface ThresholdResult extends Threshold {
  observed: number;
  observedText: string;
  passed: boolean;
}

export interface PhaseTiming {
  name: string;
  startMs: number;
  durationMs: number;
  requests: number;
}

export interface ScaleResult {
  runId: string;
  profile: plan.ScaleOptions['profile'];
  seed: number;
  startedAt: string;
  durationMs: number;
  planned: Record<RequestKind, number>;
  plannedTotal: number;
  sent: number;
  phases: PhaseTiming[];
  /** Every request of the run, the harness's read-backs and clean-up included. */
  overall: Omit<KindSummary, 'kind'>;
  /**
   * The client's requests only (every kind but plan.ts HARNESS_KINDS): what a threshold without a kind
   * judges. Its rps is over the phases that send them (replayedSpanMs), not verify or clean-up.
   */
  replayed: Omit<KindSummary, 'kind'>;
  replayedSpanMs: number;
  kinds: KindSummary[];
  /** Users created per second over the users phase (lookup + create + identity read per user). */
  usersPerSecond: number;
  timeline: Partial<Record<RequestKind, number[]>>;
  latencyBins: Partial<Record<RequestKind, LatencyBin[]>>;
  correctness: CheckTally[];
  /** The first failed requests of each kind: what was sent, what came back, and a curl line (token as $SCIM_TOKEN). */
  errorSamples: Partial<Record<RequestKind, Array<{ request: string; response: string; curl: string }>>>;
  /** Created ids whose identity read showed another resource: never written to, never deleted by id. */
  foreignIds: Array<{ type: 'Users' | 'Groups'; name: string; id: string; problem: string }>;
  thresholds: ThresholdResult[];
  cleanup: { deleted: number; leftovers: Array<{ type: string; name: string; id?: string; reason: string }> };
  /** Why the run stopped early, if it did. */
  stoppedBy?: 'duration' | 'interrupt';
  /** Harness errors (bugs or impossible states of the tool, never the endpoint's failure). */
  harnessErrors: string[];
  verdict: 'passed' | 'failed' | 'error';
  /** One line per reason the verdict is not "passed". */
  reasons: string[];
}

/** Runs `count` tasks with at most `concurrency` in flight, in index order. */
async function pool(count: number, concurrency: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}

const KEPT_ERROR_SAMPLES = 3;
/** Phases that send only the harness's own requests (read-backs, clean-up): not part of the replayed rate. */
const HARNESS_PHASES: ReadonlySet<string> = new Set(['verify', 'cleanup']);
const is2xx = (s: number) => s >= 200 && s < 300;

/** Entra's lookups must find nothing: the run's names are new, and a match would make Entra match instead of create (§3.3). */
function emptyList(status: number, json: unknown): boolean {
  if (status !== 200) return false;
  const body = json as { totalResults?: unknown; Resources?: unknown } | undefined;
  return body !== undefined && body.totalResults === 0 && (body.Resources === undefined || (Array.isArray(body.Resources) && body.Resources.length === 0));
}
/** Okta takes "no match" as an empty list or a 404 (okta-requests.md §5 rule 2). */
const noMatchForOkta = (status: number, json: unknown) => emptyList(status, json) || status === 404;
const isGone = (s: number) => is2xx(s) || s === 404;

type ListPage = { totalResults?: unknown; Resources?: unknown };
/** A 200 ListResponse page with an integer totalResults, as Okta needs (okta-requests.md §5 rule 3). */
function listPage(status: number, json: unknown): boolean {
  const body = json as ListPage | undefined;
  return status === 200 && typeof body === 'object' && body !== null && Number.isInteger(body.totalResults) && (body.Resources === undefined || Array.isArray(body.Resources));
}

/** A harness guard: an import stops after this many pages (10 million resources) whatever totalResults says. */
const MAX_IMPORT_PAGES = 100_000;

function isResource(json: unknown): json is Record<string, unknown> {
  return typeof json === 'object' && json !== null && !Array.isArray(json);
}

function idOf(a: LoadAnswer): string | undefined {
  const id = (a.json as { id?: unknown } | undefined)?.id;
  return typeof id === 'string' && id !== '' ? id : undefined;
}

export class ScaleRun {
  private readonly metrics = new ScaleMetrics();
  private readonly journal: Journal;
  private readonly load: LoadClient;
  private readonly correctness: Correctness;
  private readonly userIds: Array<string | undefined>;
  private readonly groupIds: Array<string | undefined>;
  private readonly foreign: ScaleResult['foreignIds'] = [];
  private readonly harnessErrors: string[] = [];
  private readonly phases: PhaseTiming[] = [];
  private readonly waves: plan.WavePlan;
  /** The client replayed, with the options as its request builders take them. */
  private readonly shapes: plan.ClientPlan;
  /** Members whose add PATCH was answered 2xx, per group index. */
  private readonly added = new Map<number, string[]>();
  private readonly errorSamples: ScaleResult['errorSamples'] = {};
  private stopReason?: 'duration' | 'interrupt';
  private cleaning = false;
  private key = 0;

  constructor(private readonly cfg: ScaleRunConfig) {
    this.journal = new Journal(cfg.runDir);
    this.shapes = plan.clientPlan(cfg.plan);
    this.load = new LoadClient({
      baseUrl: cfg.baseUrl,
      token: cfg.token,
      timeoutMs: cfg.timeoutMs,
      ...(cfg.maxResponseBytes !== undefined ? { maxResponseBytes: cfg.maxResponseBytes } : {}),
      connections: cfg.concurrency,
      // Okta's User-Agent, Accept… on every request of the run, the harness's own reads and deletes included.
      headers: CLIENT_HEADERS[this.shapes.client],
      querySpace: CLIENT_QUERY_SPACE[this.shapes.client],
      ...(cfg.maxRps !== undefined ? { maxRps: cfg.maxRps } : {}),
      metrics: this.metrics,
      stopped: () => this.stopReason !== undefined && !this.cleaning,
    });
    this.correctness = new Correctness(cfg.plan.profile, cfg.discovery);
    this.userIds = new Array<string | undefined>(cfg.plan.users);
    this.groupIds = new Array<string | undefined>(cfg.plan.groups);
    this.waves = plan.planWaves(cfg.plan);
  }

  /** Requests completed so far (for the progress bar). */
  get completed(): number {
    return this.metrics.count();
  }

  get stopped(): boolean {
    return this.stopReason !== undefined;
  }

  /** Stops sending load (Ctrl-C); clean-up still runs. */
  interrupt(): void {
    this.stopReason ??= 'interrupt';
  }

  private async phase(name: string, body: () => Promise<void>): Promise<void> {
    if (this.stopped && !this.cleaning) return;
    this.cfg.onPhase?.(name);
    const start = Date.now();
    const before = this.metrics.count();
    await body();
    this.phases.push({ name, startMs: start - this.metrics.startedAt, durationMs: Date.now() - start, requests: this.metrics.count() - before });
  }

  private async send(req: ScaleRequest, ok: (s: number, json: unknown) => boolean, record = false): Promise<LoadAnswer> {
    const a = await this.load.send(req, ok, record);
    // The first few failures of each kind are kept for the report (redacted exchanges).
    if (a.exchange && !(a.status !== undefined && ok(a.status, a.json))) {
      const kept = this.errorSamples[req.kind] ?? (this.errorSamples[req.kind] = []);
      if (kept.length < KEPT_ERROR_SAMPLES) kept.push({ request: describeExchange(a.exchange), response: a.exchange.response ? renderResponse(a.exchange, 1500) : `no answer: ${a.exchange.error?.code ?? ''} ${a.exchange.error?.message ?? ''}`, curl: toCurl(a.exchange) });
    }
    return a;
  }

  async run(): Promise<ScaleResult> {
    const o = this.cfg.plan;
    const C = this.cfg.concurrency;
    const startedAt = new Date();
    const timer = this.cfg.durationMs !== undefined ? setTimeout(() => (this.stopReason ??= 'duration'), this.cfg.durationMs) : undefined;
    try {
      const p = this.shapes;
      await this.phase('probe', async () => void (await (p.client === 'okta' ? this.send(plan.oktaProbeRequest(), listPage) : this.send(plan.probeRequest(p.o, 0), emptyList))));
      await this.phase('users', () => pool(o.users, C, (i) => this.provision('Users', i)));
      await this.phase('groups', () => pool(o.groups, C, (g) => this.provision('Groups', g)));
      await this.phase('memberships', () => this.memberships());
      if (p.client === 'okta') await this.phase('import', () => this.oktaImport());
      await this.phase('verify', () => this.verify());
      await this.phase('incremental', () => this.incremental());
    } catch (err) {
      this.harnessErrors.push(`the load phases failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      this.stopReason ??= 'interrupt';
    } finally {
      if (timer) clearTimeout(timer);
    }
    this.cleaning = true;
    let cleanup: ScaleResult['cleanup'] = { deleted: 0, leftovers: [] };
    await this.phase('cleanup', async () => {
      cleanup = await this.cleanup();
    });
    await this.load.close();
    return this.result(startedAt, cleanup);
  }

  /** The lookup and the create of user or group `index` in the client's shapes, and what "no match" is to that client. */
  private provisionRequests(type: 'Users' | 'Groups', index: number): { lookup: ScaleRequest; create: ScaleRequest; noMatch: (s: number, json: unknown) => boolean } {
    const p = this.shapes;
    if (p.client === 'okta') {
      return type === 'Users'
        ? { lookup: plan.oktaUserLookupRequest(p.o, index), create: plan.oktaUserCreateRequest(p.o, index), noMatch: noMatchForOkta }
        : { lookup: plan.oktaGroupLookupRequest(p.o, index), create: plan.oktaGroupCreateRequest(p.o, index), noMatch: noMatchForOkta };
    }
    const b = this.cfg.bodies;
    return type === 'Users'
      ? { lookup: plan.userLookupRequest(p.o, index), create: plan.userCreateRequest(p.o, index, b), noMatch: emptyList }
      : { lookup: plan.groupLookupRequest(p.o, index), create: plan.groupCreateRequest(p.o, index, b), noMatch: emptyList };
  }

  /** Lookup → create → identity read, as the client's suites provision one user or group. */
  private async provision(type: 'Users' | 'Groups', index: number): Promise<void> {
    const { lookup, create, noMatch } = this.provisionRequests(type, index);
    const name = type === 'Users' ? plan.userName(this.cfg.plan, index) : plan.groupName(this.cfg.plan, index);
    const found = await this.send(lookup, noMatch);
    if (found.notSent) return;
    const created = await this.send(create, is2xx);
    if (created.notSent) return;
    const id = created.status !== undefined && is2xx(created.status) ? idOf(created) : undefined;
    // Unknown outcome (no answer, 5xx, a 2xx without id): it may exist; clean-up finds it by name.
    const maybe = created.status === undefined || created.status >= 500 || (created.status !== undefined && is2xx(created.status));
    if (id === undefined) {
      if (maybe) this.journal.created({ key: `s${++this.key}`, type, name });
      return;
    }
    const read = await this.send(plan.verifyIdentityRequest(type, id), (s) => s === 200);
    if (read.notSent) {
      // Stopped before the identity read: not known to be ours, so clean-up finds it by its exact name.
      this.journal.created({ key: `s${++this.key}`, type, name });
      return;
    }
    const attr = type === 'Users' ? 'userName' : 'displayName';
    const got = (read.json as Record<string, unknown> | undefined)?.[attr];
    if (read.status === 200 && typeof got === 'string' && got.toLowerCase() === name.toLowerCase()) {
      (type === 'Users' ? this.userIds : this.groupIds)[index] = id;
      this.journal.created({ key: `s${++this.key}`, type, name, id });
    } else {
      const problem = read.status === 200 ? `the id ${JSON.stringify(id)} the create returned names ${attr} ${JSON.stringify(got)}: another resource, which the run leaves alone` : `the id ${JSON.stringify(id)} the create returned could not be read back (${read.status ?? read.transportError?.code ?? 'not sent'})`;
      this.foreign.push({ type, name, id, problem });
      this.journal.created({ key: `s${++this.key}`, type, name });
    }
  }

  /**
   * The members of every created group: Entra's R-15 and okta-oin's O-21 in batches, group by group, so
   * the batches of one group are in flight together (as Entra's parallel sync sends them); okta-aiw
   * reads each group and PUTs its whole member list (O-17, O-20, okta-requests.md §3.8).
   */
  private async memberships(): Promise<void> {
    const p = this.shapes;
    const o = this.cfg.plan;
    const member = (i: number): plan.OktaMember[] => {
      const id = this.userIds[i];
      return id === undefined ? [] : [{ id, userName: plan.userName(o, i) }];
    };
    const created = Array.from({ length: o.groups }, (_, g) => g).filter((g) => this.groupIds[g] !== undefined);
    if (p.client === 'okta' && p.o.profile === 'okta-aiw') {
      await pool(created.length, this.cfg.concurrency, async (j) => {
        const g = created[j];
        const groupId = this.groupIds[g]!;
        const read = await this.send(plan.oktaGroupReadRequest(groupId), (s) => s === 200);
        if (read.status !== 200) return;
        // Okta pushes the group's whole list, "members": [] included (okta-requests.md §3.8, O-20).
        const members = plan.groupMembers(o, g).flatMap(member);
        const a = await this.send(plan.oktaGroupReplaceRequest(p.o, g, groupId, members), (s) => s === 200);
        if (a.status === 200) this.added.set(g, members.map((m) => m.id));
      });
      return;
    }
    const jobs: Array<{ g: number; members: plan.OktaMember[] }> = [];
    for (const g of created) {
      for (const batch of plan.memberBatches(o, g)) {
        const members = batch.flatMap(member);
        if (members.length > 0) jobs.push({ g, members });
      }
    }
    await pool(jobs.length, this.cfg.concurrency, async (j) => {
      const { g, members } = jobs[j];
      const groupId = this.groupIds[g]!;
      const ids = members.map((m) => m.id);
      const a = p.client === 'okta' ? await this.send(plan.oktaAddMembersRequest(groupId, members), (s) => s === 200 || s === 204) : await this.send(plan.addMembersRequest(p.o, groupId, ids, this.cfg.bodies), is2xx);
      if (a.status !== undefined && is2xx(a.status)) {
        const list = this.added.get(g) ?? [];
        list.push(...ids);
        this.added.set(g, list);
      }
    });
  }

  /**
   * Okta's import (okta-requests.md §3.2, §3.12): every user, then every group, in pages of 100 from
   * startIndex 1, the next page at startIndex + 100 while totalResults says more are left; then every
   * user and group the run created must have been read exactly once across the pages. Okta steps by
   * 100 whatever a page holds, so a page shorter than count loses resources, as it would in Okta.
   */
  private async oktaImport(): Promise<void> {
    await this.importAll('Users');
    await this.importAll('Groups');
  }

  private async importAll(type: 'Users' | 'Groups'): Promise<void> {
    const o = this.cfg.plan;
    const rule = OKTA_IMPORT_RULES[type];
    const ids = type === 'Users' ? this.userIds : this.groupIds;
    const noun = type === 'Users' ? 'user' : 'group';
    /** The pages (1-based) on which each id was read. */
    const readOn = new Map<string, number[]>();
    let pages = 0;
    let cutShort: string | undefined;
    for (let start = 1; ; start += plan.OKTA_PAGE_SIZE) {
      const a = await this.send(plan.oktaImportPageRequest(type, start), listPage);
      if (a.notSent) {
        cutShort = 'the run was stopped during the import';
        break;
      }
      pages++;
      const body = a.json as ListPage | undefined;
      const resources = Array.isArray(body?.Resources) ? (body.Resources as unknown[]) : [];
      for (const r of resources) {
        const id = (r as { id?: unknown } | null)?.id;
        if (typeof id === 'string') readOn.set(id, [...(readOn.get(id) ?? []), pages]);
      }
      if (a.status === undefined || !listPage(a.status, a.json)) {
        const answer = a.status === undefined ? (a.transportError?.code ?? 'no answer') : a.status !== 200 ? `status ${a.status}` : `"totalResults": ${JSON.stringify(body?.totalResults)} (Okta needs an integer)`;
        cutShort = `the import stopped at page ${pages} (startIndex=${start}), which answered ${answer}`;
        break;
      }
      if (start + plan.OKTA_PAGE_SIZE > (body!.totalResults as number)) break;
      if (pages >= MAX_IMPORT_PAGES) {
        this.harnessErrors.push(`the ${noun} import stopped after ${MAX_IMPORT_PAGES} pages, totalResults ${JSON.stringify(body!.totalResults)}`);
        cutShort = `the harness stops an import after ${MAX_IMPORT_PAGES} pages`;
        break;
      }
    }
    const request = `${pages} page(s) of GET /${type}?startIndex=1,101,…&count=${plan.OKTA_PAGE_SIZE}`;
    for (let k = 0; k < ids.length; k++) {
      const subject = `${noun} ${k}`;
      const id = ids[k];
      const name = type === 'Users' ? plan.userName(o, k) : plan.groupName(o, k);
      if (id === undefined) {
        this.correctness.rule(rule, 'blocked', { subject, request, reason: `${noun} ${k} (${name}) was not created with a verified id` });
        continue;
      }
      const on = readOn.get(id) ?? [];
      if (on.length === 1) this.correctness.rule(rule, 'passed', { subject, request });
      else if (on.length === 0 && cutShort !== undefined) this.correctness.rule(rule, 'blocked', { subject, request, reason: `${name} (id ${JSON.stringify(id)}) was not read: ${cutShort}` });
      else this.correctness.rule(rule, 'failed', { subject, request, expected: `${name} (id ${JSON.stringify(id)}) on exactly one of the ${pages} page(s)`, received: on.length === 0 ? 'on none of them' : `on pages ${on.join(', ')}` });
    }
  }

  /** The sampled read-backs, judged by the conformance checks. */
  private async verify(): Promise<void> {
    const o = this.cfg.plan;
    const checks = READBACK_CHECKS[this.shapes.client];
    const users = this.waves.verifyUsers;
    const groups = this.waves.verifyGroups;
    await pool(users.length + groups.length, this.cfg.concurrency, async (j) => {
      if (j < users.length) {
        const i = users[j];
        const id = this.userIds[i];
        if (id === undefined) return this.correctness.blocked(checks.user, `user ${i}`, `user ${i} (${plan.userName(o, i)}) was not created with a verified id`);
        const a = await this.send(plan.verifyUserRequest(id), (s) => s === 200, true);
        if (a.notSent) return this.correctness.blocked(checks.user, `user ${i}`, 'not sent: the run was stopped');
        this.correctness.judge(checks.user, a.exchange!, 'User', { id, resource: plan.expectedUser(o, i, this.cfg.bodies) }, `user ${i}`);
      } else {
        const g = groups[j - users.length];
        const id = this.groupIds[g];
        if (id === undefined) return this.correctness.blocked(checks.group, `group ${g}`, `group ${g} (${plan.groupName(o, g)}) was not created with a verified id`);
        const a = await this.send(plan.verifyGroupRequest(id), (s) => s === 200, true);
        if (a.notSent) return this.correctness.blocked(checks.group, `group ${g}`, 'not sent: the run was stopped');
        // Only members whose add was answered 2xx are owed; a refused add is already counted as an error.
        const members = [...new Set(this.added.get(g) ?? [])];
        // Entra's member checks take the member ids; RFC 7644's GET by id, the values the group was given.
        const expect = this.shapes.client === 'okta' ? { id, resource: { displayName: plan.groupName(o, g), members: members.map((value) => ({ value })) } } : { id, members };
        this.correctness.judge(checks.group, a.exchange!, 'Group', expect, `group ${g}`);
      }
    });
  }

  /**
   * The incremental wave. Entra: probe, read-then-PATCH updates, disables, user and group deletes.
   * Okta: GET-then-PUT updates, deactivations (okta-aiw GET then PUT, okta-oin PATCH; Okta never
   * deletes a user), group deletes.
   */
  private async incremental(): Promise<void> {
    const p = this.shapes;
    const b = this.cfg.bodies;
    if (p.client === 'entra') await this.send(plan.probeRequest(p.o, 1), emptyList);
    type Job = () => Promise<void>;
    const jobs: Job[] = [];
    const each = (indices: readonly number[], job: (i: number, id: string) => Promise<unknown>) => {
      for (const i of indices) {
        const id = this.userIds[i];
        if (id !== undefined) jobs.push(async () => void (await job(i, id)));
      }
    };
    /** Okta's PUT of the user as the endpoint returned it on O-05, with the changes (okta-requests.md §1.4). */
    const readThenPut = async (kind: 'user.update' | 'user.disable', o: plan.OktaScaleOptions, id: string, set: Readonly<Record<string, unknown>>) => {
      const read = await this.send(plan.readBeforeUpdateRequest(id), (s, json) => s === 200 && isResource(json));
      if (read.status === 200 && isResource(read.json)) await this.send(plan.oktaUserReplaceRequest(kind, o, id, read.json, set), (s) => s === 200);
    };
    if (p.client === 'okta') {
      each(this.waves.updated, (_i, id) => readThenPut('user.update', p.o, id, plan.OKTA_UPDATE));
      each(plan.oktaDeactivated(this.waves), (_i, id) => (p.o.profile === 'okta-aiw' ? readThenPut('user.disable', p.o, id, { active: false }) : this.send(plan.oktaDeactivateRequest(id), (s) => s === 200 || s === 204)));
    } else {
      each(this.waves.updated, async (i, id) => {
        const read = await this.send(plan.readBeforeUpdateRequest(id), (s) => s === 200);
        if (read.status === 200) await this.send(plan.userUpdateRequest(p.o, i, id, b), (s) => s === 200 || s === 204);
      });
      each(this.waves.disabled, (_i, id) => this.send(plan.userDisableRequest(p.o, id, b), (s) => s === 200 || s === 204));
      each(this.waves.deletedUsers, (_i, id) => this.remove('Users', id, plan.userDeleteRequest(id)));
    }
    for (const g of this.waves.deletedGroups) {
      const id = this.groupIds[g];
      if (id !== undefined) jobs.push(async () => void (await this.remove('Groups', id, plan.groupDeleteRequest(id))));
    }
    await pool(jobs.length, this.cfg.concurrency, (j) => jobs[j]());
  }

  private byId = new Map<string, CreatedResource>();

  private async remove(type: 'Users' | 'Groups', id: string, req: ScaleRequest): Promise<boolean> {
    const a = await this.send(req, (s) => s === 204 || s === 200);
    if (a.status !== undefined && isGone(a.status)) {
      const r = this.outstandingById().get(`${type}/${id}`);
      if (r) this.journal.deleted(r.key);
      return true;
    }
    return false;
  }

  private outstandingById(): Map<string, CreatedResource> {
    if (this.byId.size === 0) for (const r of this.journal.outstanding()) if (r.id) this.byId.set(`${r.type}/${r.id}`, r);
    return this.byId;
  }

  /** Deletes what the journal says is left: groups first, then users; by id, or by exact name when the id is unknown. */
  private async cleanup(): Promise<ScaleResult['cleanup']> {
    const outstanding = this.journal.outstanding();
    const leftovers: ScaleResult['cleanup']['leftovers'] = [];
    let deleted = 0;
    for (const type of ['Groups', 'Users'] as const) {
      const mine = outstanding.filter((r) => r.type === type);
      await pool(mine.length, this.cfg.concurrency, async (j) => {
        const r = mine[j];
        let id = r.id;
        if (id === undefined) {
          const attr = type === 'Users' ? 'userName' : 'displayName';
          const kind = type === 'Users' ? 'cleanup.user' : 'cleanup.group';
          const found = await this.send({ kind, method: 'GET', path: `/${type}`, query: [['filter', `${attr} eq ${JSON.stringify(r.name)}`]] }, (s) => s === 200);
          const list = (found.json as { Resources?: Array<Record<string, unknown>> } | undefined)?.Resources ?? [];
          const match = list.filter((x) => typeof x[attr] === 'string' && (x[attr] as string).toLowerCase() === r.name.toLowerCase());
          if (match.length === 1 && typeof match[0]['id'] === 'string') id = match[0]['id'];
          else if (found.status === 200 && list.length === 0) {
            this.journal.deleted(r.key); // never created
            return;
          } else {
            leftovers.push({ type, name: r.name, reason: 'its id is unknown and a lookup by name found no single match' });
            return;
          }
        }
        // Foreign ids never reach here: only verified ids are journaled with an id.
        const req = type === 'Users' ? plan.userDeleteRequest(id, 'cleanup.user') : plan.groupDeleteRequest(id, 'cleanup.group');
        let a = await this.send(req, (s) => isGone(s));
        if (a.status === undefined || a.status >= 500) a = await this.send(req, (s) => isGone(s));
        if (a.status !== undefined && isGone(a.status)) {
          this.journal.deleted(r.key);
          deleted++;
        } else leftovers.push({ type, name: r.name, id, reason: a.status !== undefined ? `DELETE answered ${a.status}` : `DELETE failed: ${a.transportError?.code ?? 'not sent'}` });
      });
    }
    if (this.stopReason !== undefined) {
      // Creates in flight when the run stopped may have landed without reaching the journal.
      const redactor = new Redactor([this.cfg.token]);
      const client = new ScimClient({ baseUrl: this.cfg.baseUrl, token: this.cfg.token, timeoutMs: this.cfg.timeoutMs, redactor, deadlineAt: Date.now() + Math.max(60_000, 4 * this.cfg.timeoutMs) });
      const skip = new Set(leftovers.flatMap((l) => (l.id ? [l.id] : [])));
      for (const f of this.foreign) skip.add(f.id);
      const swept = await sweepRun(client, this.cfg.plan.runId, skip);
      deleted += swept.deleted.length;
      leftovers.push(...swept.leftovers.map((l) => ({ type: l.type, name: l.name, ...(l.id ? { id: l.id } : {}), reason: l.reason })));
    }
    return { deleted, leftovers };
  }

  private result(startedAt: Date, cleanup: ScaleResult['cleanup']): ScaleResult {
    const o = this.cfg.plan;
    const planned = plan.plannedCounts(o);
    const kinds = this.metrics.summaries();
    const overall = this.metrics.overall();
    // The identity reads interleaved with the creates still take their share of these phases' time,
    // so the replayed rate is a lower bound of what the endpoint served of the client's traffic.
    const replayedSpanMs = this.phases.filter((p) => !HARNESS_PHASES.has(p.name)).reduce((a, p) => a + p.durationMs, 0);
    const replayed = this.metrics.overall((k) => !plan.HARNESS_KINDS.has(k), replayedSpanMs);
    const usersPhase = this.phases.find((p) => p.name === 'users');
    const created = this.userIds.filter((id) => id !== undefined).length;
    const thresholds: ThresholdResult[] = this.cfg.thresholds.map((t) => {
      const s = t.kind ? this.metrics.summary(t.kind) : replayed;
      if (!s || s.count === 0) return { ...t, observed: NaN, observedText: 'no requests', passed: false };
      const v = observed(t, s);
      return { ...t, observed: v, observedText: formatValue(t, v), passed: holds(t, v) };
    });
    const correctness = this.correctness.results();
    const reasons: string[] = [];
    const harness = [...this.harnessErrors];
    for (const t of thresholds) {
      if (Number.isNaN(t.observed)) harness.push(`threshold ${t.text}: ${t.kind ? `no ${t.kind} request was sent` : `none of ${CLIENT_TITLES[this.shapes.client]}'s requests was sent`}, so it cannot be judged`);
      else if (!t.passed) reasons.push(`threshold crossed: ${t.text} (observed ${t.observedText})`);
    }
    for (const c of correctness) {
      const s = tallyStatus(c);
      if (s === 'error') harness.push(`check ${c.id} raised an internal error: ${c.failures[0]?.reason ?? ''}`);
      // A read-back blocked because the run was stopped before its resource existed judges nothing.
      else if (s === 'failed' || (s === 'blocked' && c.level === 'MUST' && this.stopReason === undefined)) reasons.push(`correctness under load: ${c.id} ${s} for ${c.counts.failed + c.counts.blocked} of ${Object.values(c.counts).reduce((a, n) => a + n, 0)} judged`);
    }
    if (this.foreign.length > 0) reasons.push(`${this.foreign.length} create(s) returned the id of another resource (see foreignIds); the run left those alone`);
    if (cleanup.leftovers.length > 0) reasons.push(`${cleanup.leftovers.length} resource(s) the run created could not be deleted: delete them with scim-conformance sweep --run-id ${o.runId}`);
    const sent = this.metrics.count();
    const plannedTotal = plan.totalPlanned(o);
    if (this.stopReason) harness.push(`the run was stopped (${this.stopReason === 'duration' ? `--duration ${this.cfg.durationMs} ms passed` : 'interrupted'}) after ${sent} of ${plannedTotal} planned requests; what did not run is not judged`);
    const verdict: ScaleResult['verdict'] = reasons.length > 0 ? 'failed' : harness.length > 0 ? 'error' : 'passed';
    const latencyBins: ScaleResult['latencyBins'] = {};
    for (const k of kinds) latencyBins[k.kind] = this.metrics.latencyBins(k.kind);
    return {
      runId: o.runId,
      profile: o.profile,
      seed: o.seed,
      startedAt: startedAt.toISOString(),
      durationMs: Date.now() - startedAt.getTime(),
      planned,
      plannedTotal,
      sent,
      phases: this.phases,
      overall,
      replayed,
      replayedSpanMs,
      kinds,
      usersPerSecond: usersPhase && usersPhase.durationMs > 0 ? Math.round((created / usersPhase.durationMs) * 1000 * 10) / 10 : 0,
      timeline: this.metrics.timeline(),
      latencyBins,
      correctness,
      errorSamples: this.errorSamples,
      foreignIds: this.foreign,
      thresholds,
      cleanup,
      ...(this.stopReason ? { stoppedBy: this.stopReason } : {}),
      harnessErrors: harness,
      verdict,
      reasons: [...reasons, ...harness],
    };
  }
}
