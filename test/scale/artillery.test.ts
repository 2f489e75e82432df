// The Artillery export (issue 12 item 6). Unit tests: the file set, no token in any file, valid JSON, and
// the processor, driven in-process against a fake server, sends exactly plan.ts's requests (bodies
// included) for both profiles. Self-test: the exported script under the pinned `artillery run` against
// the reference server on 127.0.0.1, through a counting proxy: the request mix equals plannedCounts(),
// Artillery reports no error, and nothing is left behind. The script carries the run's thresholds as
// ensure conditions: evaluated here by Artillery's own ensure plugin, and in the self-test a failing
// endpoint makes `artillery run` exit 1.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { loadBodies } from '../../src/sequences/fixtures';
import { startReferenceServer, SEED_GROUP_NAME, SEED_USER_NAME, type FaultName } from '../../src/server';
import {
  addMembersRequest,
  groupCreateRequest,
  groupDeleteRequest,
  groupLookupRequest,
  groupName,
  memberBatches,
  plannedCounts,
  planWaves,
  probeRequest,
  readBeforeUpdateRequest,
  REQUEST_KINDS,
  SCALE_DEFAULTS,
  userCreateRequest,
  userDeleteRequest,
  userDisableRequest,
  userLookupRequest,
  userName,
  userUpdateRequest,
  verifyGroupRequest,
  verifyIdentityRequest,
  verifyUserRequest,
  type RequestKind,
  type EntraProfile,
  type EntraScaleOptions as ScaleOptions,
  type ScaleRequest,
} from '../../src/scale/plan';
import { exportArtillery, PROCESSOR_FILE, README_FILE, SCENARIO_FILE, SCRIPT_FILE } from '../../src/scale/artillery/export';
import { exportProblem, type ArtilleryScenario } from '../../src/scale/artillery/scenario';
import { CORRECTNESS_CONDITIONS, ensureConditions } from '../../src/scale/artillery/ensure';
import { applicableThresholds, parseThreshold } from '../../src/scale/thresholds';
import { formQuery } from '../../src/http/encode';

const ROOT = path.resolve(__dirname, '..', '..');
const ARTILLERY = path.join(ROOT, 'node_modules', '.bin', 'artillery');
const bodies = loadBodies('entra');

function options(over: Partial<ScaleOptions> = {}): ScaleOptions {
  return { ...SCALE_DEFAULTS, users: 20, groups: 3, membersPerGroup: 4, runId: 'art0test', seed: 12, verifyUsers: 6, verifyGroups: 2, ...over };
}

function tmpDir(tag: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `scimc-${tag}-`));
}

const line = (r: { method: string; url: string; body?: string }) => `${r.method} ${r.url} ${r.body ?? ''}`;
const urlOf = (r: ScaleRequest) => r.path + (r.query && r.query.length > 0 ? `?${formQuery(r.query)}` : '');
const planLine = (r: ScaleRequest) => line({ method: r.method, url: urlOf(r), ...(r.body !== undefined ? { body: JSON.stringify(r.body) } : {}) });

/** Server ids with characters that need escaping in a path and in JSON, derived from the name. */
const uid = (i: number) => `u/${i} "é"`;
const gid = (g: number) => `g/${g} "é"`;

/** Every request plan.ts builds for a complete run, with the fake ids above (a multiset of lines). */
function plannedLines(o: ScaleOptions): string[] {
  const w = planWaves(o);
  const out: ScaleRequest[] = [probeRequest(o, 0), probeRequest(o, 1)];
  for (let i = 0; i < o.users; i++) out.push(userLookupRequest(o, i), userCreateRequest(o, i, bodies), verifyIdentityRequest('Users', uid(i)));
  for (let g = 0; g < o.groups; g++) {
    out.push(groupLookupRequest(o, g), groupCreateRequest(o, g, bodies), verifyIdentityRequest('Groups', gid(g)));
    for (const b of memberBatches(o, g)) out.push(addMembersRequest(o, gid(g), b.map(uid), bodies));
  }
  for (const i of w.verifyUsers) out.push(verifyUserRequest(uid(i)));
  for (const g of w.verifyGroups) out.push(verifyGroupRequest(gid(g)));
  for (const i of w.updated) out.push(readBeforeUpdateRequest(uid(i)), userUpdateRequest(o, i, uid(i), bodies));
  for (const i of w.disabled) out.push(userDisableRequest(o, uid(i), bodies));
  for (const i of w.deletedUsers) out.push(userDeleteRequest(uid(i)));
  for (const g of w.deletedGroups) out.push(groupDeleteRequest(gid(g)));
  const deleted = new Set(w.deletedUsers);
  for (let i = 0; i < o.users; i++) if (!deleted.has(i)) out.push(userDeleteRequest(uid(i), 'cleanup.user'));
  const deletedGroups = new Set(w.deletedGroups);
  for (let g = 0; g < o.groups; g++) if (!deletedGroups.has(g)) out.push(groupDeleteRequest(gid(g), 'cleanup.group'));
  return out.map(planLine).sort();
}

interface Emitted {
  kind: RequestKind;
  method: string;
  url: string;
  body?: string;
}

/** Loads the written processor fresh (it reads scenario.json beside it at load time). */
function loadProcessor(dir: string): any {
  const file = path.join(dir, PROCESSOR_FILE);
  delete require.cache[require.resolve(file)];
  delete require.cache[require.resolve(path.join(dir, SCENARIO_FILE))];
  return require(file);
}

/** Runs every unit through the processor's generator against an in-memory fake of a correct server. */
function driveProcessor(dir: string, o: ScaleOptions): { sent: Emitted[]; counters: Record<string, number> } {
  const proc = loadProcessor(dir);
  const scenario = JSON.parse(fs.readFileSync(path.join(dir, SCENARIO_FILE), 'utf8')) as ArtilleryScenario;
  const byUserName = new Map<string, number>();
  for (let i = 0; i < o.users; i++) byUserName.set(userName(o, i), i);
  const byGroupName = new Map<string, number>();
  for (let g = 0; g < o.groups; g++) byGroupName.set(groupName(o, g), g);
  const members = new Map<string, Set<string>>();
  const sent: Emitted[] = [];
  const counters: Record<string, number> = {};
  const emit = (name: string, n = 1) => (counters[name] = (counters[name] ?? 0) + n);
  const respond = (r: Emitted): { status: number; json?: any } => {
    const [p, q] = r.url.split('?');
    const seg = p.split('/');
    const id = seg[2] === undefined ? undefined : decodeURIComponent(seg[2]);
    if (r.method === 'GET' && id === undefined) return { status: 200, json: { totalResults: 0, Resources: [] } };
    if (r.method === 'POST' && seg[1] === 'Users') return { status: 201, json: { id: uid(byUserName.get(JSON.parse(r.body!).userName)!) } };
    if (r.method === 'POST') return { status: 201, json: { id: gid(byGroupName.get(JSON.parse(r.body!).displayName)!) } };
    if (r.method === 'PATCH' && seg[1] === 'Groups') {
      const set = members.get(id!) ?? new Set<string>();
      for (const m of JSON.parse(r.body!).Operations[0].value) set.add(m.value);
      members.set(id!, set);
      return { status: 204 };
    }
    if (r.method === 'GET' && seg[1] === 'Users') return { status: 200, json: { userName: userName(o, Number(id!.split(/[/ ]/)[1])), active: true } };
    if (r.method === 'GET') {
      const g = Number(id!.split(/[/ ]/)[1]);
      return { status: 200, json: { displayName: groupName(o, g), ...(q?.includes('members') ? { members: [...(members.get(id!) ?? [])].map((value) => ({ value })) } : {}) } };
    }
    return { status: r.method === 'DELETE' ? 204 : 200 };
  };
  let widest = 1;
  for (const unit of scenario.units) {
    const gen = proc.unitRequests(unit, emit);
    let last: unknown;
    for (let step = gen.next(); !step.done; step = gen.next(last)) {
      const many = Array.isArray(step.value);
      const reqs: Emitted[] = many ? step.value : [step.value];
      widest = Math.max(widest, reqs.length);
      sent.push(...reqs);
      const answers = reqs.map(respond);
      last = many ? answers : answers[0];
    }
  }
  expect(widest).toBe(scenario.width);
  return { sent, counters };
}

describe('artillery export: files', () => {
  test('writes the script, the scenario, the processor and a README, all valid, none with the token', () => {
    const dir = tmpDir('art-files');
    const token = 'tok-ArtilleryExport-7f3e9c';
    const before = process.env.SCIM_TOKEN;
    process.env.SCIM_TOKEN = token; // present in the environment: the export must still not write it
    try {
      const { files } = exportArtillery({ ...options(), dir, baseUrl: 'http://127.0.0.1:9/scim/v2/', concurrency: 3, maxRps: 40 });
      expect(files.map((f) => path.basename(f)).sort()).toEqual([PROCESSOR_FILE, README_FILE, SCENARIO_FILE, SCRIPT_FILE].sort());
      expect(fs.readdirSync(dir).sort()).toEqual([PROCESSOR_FILE, README_FILE, SCENARIO_FILE, SCRIPT_FILE].sort());
      for (const f of files) expect(fs.readFileSync(f, 'utf8')).not.toContain(token);
      const script = JSON.parse(fs.readFileSync(path.join(dir, SCRIPT_FILE), 'utf8'));
      expect(script.config.target).toBe('http://127.0.0.1:9/scim/v2');
      expect(script.config.processor).toBe(`./${PROCESSOR_FILE}`);
      expect(script.config.phases).toEqual([{ name: 'entra-cycle', duration: 1, arrivalCount: 3 }]);
      expect(script.config.http).toEqual({ timeout: 60, pool: 3 });
      // The defaults, as conditions of the bundled ensure plugin (maxRps 40 keeps rps>=25).
      expect(script.config.plugins).toEqual({ ensure: {} });
      expect(script.config.ensure.conditions).toEqual([
        { expression: 'scimc.replayed.errors / scimc.replayed.sent < 0.001', strict: true },
        { expression: 'scimc.replayed.latency.max < 60000', strict: true },
        { expression: 'scimc.replayed.sent / (scimc.span_ms.max / 1000) >= 25', strict: true },
        ...CORRECTNESS_CONDITIONS.map(({ expression }) => ({ expression, strict: true })),
      ]);
      const scenario = JSON.parse(fs.readFileSync(path.join(dir, SCENARIO_FILE), 'utf8')) as ArtilleryScenario;
      expect(scenario.planned).toEqual(plannedCounts(options()));
      expect(scenario.maxRps).toBe(40);
      const proc = loadProcessor(dir);
      expect(scenario.width).toBe(1); // 4 members in one batch of 5
      expect(script.scenarios[0].flow[0].parallel).toBeUndefined();
      expect(script.scenarios[0].flow[0].loop[1].parallel).toHaveLength(scenario.width);
      for (const fn of ['scimcNext', 'scimcMore', 'scimcHas0', 'scimcPrepare0', 'scimcRecord0']) expect(typeof proc[fn]).toBe('function');
      expect(fs.readFileSync(path.join(dir, PROCESSOR_FILE), 'utf8')).not.toMatch(/require\((?!'\.\/scenario\.json'\))/); // no dependency
      const readme = fs.readFileSync(path.join(dir, README_FILE), 'utf8');
      expect(readme).toContain('scim-conformance sweep --url <tenant URL> --run-id art0test');
      expect(readme).toContain('| `scimc.replayed.errors / scimc.replayed.sent < 0.001` | errors<0.1% |');
    } finally {
      if (before === undefined) delete process.env.SCIM_TOKEN;
      else process.env.SCIM_TOKEN = before;
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('refuses groups that share members (units must be self-contained) and bad options', () => {
    expect(exportProblem(options({ users: 10, groups: 3, membersPerGroup: 4 }))).toMatch(/groups × members per group ≤ users/);
    expect(exportProblem(options({ runId: 'x' }))).toMatch(/run id/);
    expect(exportProblem(options())).toBeUndefined();
    expect(() => exportArtillery({ ...options(), dir: path.join(os.tmpdir(), 'scimc-art-never-written'), baseUrl: 'ftp://x' })).toThrow(/http/);
    expect(fs.existsSync(path.join(os.tmpdir(), 'scimc-art-never-written'))).toBe(false);
  });

  test('SCIMC_SHARD splits the units and rejects a malformed value', () => {
    const dir = tmpDir('art-shard');
    try {
      exportArtillery({ ...options(), dir, baseUrl: 'http://127.0.0.1:9' });
      const proc = loadProcessor(dir);
      expect(proc.parseShard(undefined)).toEqual({ i: 0, n: 1 });
      expect(proc.parseShard('2/4')).toEqual({ i: 2, n: 4 });
      expect(() => proc.parseShard('4/4')).toThrow(/SCIMC_SHARD/);
      expect(() => proc.parseShard('a')).toThrow(/SCIMC_SHARD/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('artillery export: thresholds as ensure conditions', () => {
  // Artillery's own ensure plugin (bundled with artillery 2.x) judges the conditions from the end-of-run report.
  const { Plugin: Ensure } = require(require.resolve('artillery-plugin-ensure', { paths: [path.dirname(require.resolve('artillery/package.json'))] })) as {
    Plugin: { statsToVars(data: unknown): unknown; runChecks(checks: unknown, vars: unknown): Array<{ original: string; result: number }> };
  };
  const given = applicableThresholds(['user.create:p95<800ms', 'errors<1%', 'throttled<5%', 'user.disable:errors<0.1%', 'rps>=40'].map(parseThreshold), undefined);
  const conditions = ensureConditions(options(), given);
  /** The report of a clean 20-user run: counters as the processor emits them, latency summaries in ms. */
  const report = (over: { counters?: Record<string, number>; summaries?: Record<string, Record<string, number>> } = {}) => {
    const counters: Record<string, number> = { 'vusers.failed': 0, 'scimc.verify_failed.user': 0, 'scimc.verify_failed.group': 0, 'scimc.identity_mismatch.user': 0, 'scimc.identity_mismatch.group': 0 };
    const planned = plannedCounts(options());
    let replayed = 0;
    for (const k of REQUEST_KINDS) {
      for (const m of ['errors', 'throttled', 'retried']) counters[`scimc.${m}.${k}`] = 0;
      counters[`scimc.sent.${k}`] = planned[k];
      if (!k.startsWith('verify.') && !k.startsWith('cleanup.')) replayed += planned[k];
    }
    Object.assign(counters, { 'scimc.replayed.sent': replayed, 'scimc.replayed.errors': 0, 'scimc.replayed.throttled': 0, 'scimc.replayed.retried': 0 }, over.counters);
    const summary = (ms: number) => ({ min: 1, max: ms, count: 10, mean: ms / 2, p50: ms / 2, median: ms / 2, p75: ms, p90: ms, p95: ms, p99: ms, p999: ms });
    const summaries: Record<string, Record<string, number>> = { 'scimc.replayed.latency': summary(40), 'scimc.span_ms': summary(1000), ...over.summaries };
    for (const k of REQUEST_KINDS) summaries[`scimc.latency.${k}`] ??= summary(30);
    const vars = Ensure.statsToVars({ report: { counters, rates: {}, summaries } });
    const g = global as unknown as { artillery?: unknown };
    const saved = g.artillery;
    g.artillery = { log: () => undefined };
    try {
      return Object.fromEntries(Ensure.runChecks({ conditions: conditions.map(({ expression, strict }) => ({ expression, strict })) }, vars).map((c) => [c.original, c.result === 1]));
    } finally {
      g.artillery = saved;
    }
  };
  const failing = (results: Record<string, boolean>) => conditions.filter((c) => !results[c.expression]).map((c) => c.meaning);

  test('every threshold becomes a condition on the metrics the processor emits, and a clean report meets them all', () => {
    expect(conditions.map((c) => [c.meaning, c.expression])).toEqual([
      ['user.create:p95<800ms', 'scimc.latency.user.create.p95 < 800'],
      ['errors<1%', 'scimc.replayed.errors / scimc.replayed.sent < 0.01'],
      ['throttled<5%', 'scimc.replayed.throttled / (scimc.replayed.sent + scimc.replayed.retried) < 0.05'],
      ['user.disable:errors<0.1%', 'scimc.errors.user.disable / scimc.sent.user.disable < 0.001'],
      ['rps>=40', 'scimc.replayed.sent / (scimc.span_ms.max / 1000) >= 40'],
      ['max<60s', 'scimc.replayed.latency.max < 60000'],
      ...CORRECTNESS_CONDITIONS.map((c) => [c.meaning, c.expression]),
    ]);
    expect(failing(report())).toEqual([]);
  });

  test('each crossed threshold and each correctness failure fails its own condition, and nothing else', () => {
    // One refused disable: the kind's own threshold and the run's errors<1% (1 of 57 Entra requests).
    expect(failing(report({ counters: { 'scimc.errors.user.disable': 1, 'scimc.replayed.errors': 1 } }))).toEqual(['errors<1%', 'user.disable:errors<0.1%']);
    expect(failing(report({ summaries: { 'scimc.latency.user.create': { p95: 900, max: 900 } } }))).toEqual(['user.create:p95<800ms']);
    expect(failing(report({ counters: { 'scimc.replayed.throttled': 4, 'scimc.replayed.retried': 4 } }))).toEqual(['throttled<5%']);
    // 57 Entra requests in 2 s is 28.5 per second.
    expect(failing(report({ summaries: { 'scimc.span_ms': { max: 2000 } } }))).toEqual(['rps>=40']);
    expect(failing(report({ counters: { 'scimc.verify_failed.group': 1 } }))).toEqual([CORRECTNESS_CONDITIONS[0]!.meaning]);
    expect(failing(report({ counters: { 'vusers.failed': 1 } }))).toEqual([CORRECTNESS_CONDITIONS[2]!.meaning]);
  });

  test('a threshold on a kind the scenario never sends is refused at export', () => {
    expect(() => ensureConditions(options({ groups: 0, membersPerGroup: 0 }), [parseThreshold('group.create:p95<1s')])).toThrow(/sends no group.create request/);
  });
});

describe('artillery export: the processor hooks', () => {
  const env = { ...process.env };
  let dir: string;
  beforeEach(() => {
    dir = tmpDir('art-hooks');
    exportArtillery({ ...options(), dir, baseUrl: 'http://127.0.0.1:9', maxRps: 50 });
  });
  afterEach(() => {
    process.env = { ...env };
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const events = () => {
    const counters: Record<string, number> = {};
    // The counters set to 0 at the first step (so every condition finds its counters) are left out.
    return { counters, emit: (type: string, name: string, n: number) => type === 'counter' && n !== 0 && (counters[name] = (counters[name] ?? 0) + n) };
  };
  const call = (fn: (...a: any[]) => void, ...args: unknown[]) => new Promise<unknown>((resolve) => fn(...args, (err?: unknown) => resolve(err)));

  test('prepare sets the real request from the environment token; without SCIM_TOKEN it fails the virtual user', async () => {
    delete process.env.SCIM_TOKEN;
    const proc = loadProcessor(dir);
    const ev = events();
    const context = { vars: {} as Record<string, any> };
    await call(proc.scimcNext, context, ev);
    const missing = await call(proc.scimcPrepare0, {}, context, ev);
    expect(String(missing)).toMatch(/SCIM_TOKEN is not set/);
    process.env.SCIM_TOKEN = 'tok-hooks-1';
    const params: Record<string, any> = { url: 'http://127.0.0.1:9/', method: 'GET', json: { stale: true } };
    expect(await call(proc.scimcPrepare0, params, context, ev)).toBeUndefined();
    expect(params).toEqual({ url: context.vars._scimc.slots[0].req.url, method: 'GET', headers: { authorization: 'Bearer tok-hooks-1' } });
    expect(params.url).toBe(urlOf(probeRequest(options(), 0)));
  });

  test('record retries a 429 or 503 after Retry-After and counts it apart from first attempts', async () => {
    process.env.SCIM_TOKEN = 'tok-hooks-2';
    const proc = loadProcessor(dir);
    const ev = events();
    const context = { vars: {} as Record<string, any> };
    await call(proc.scimcNext, context, ev);
    const first = context.vars._scimc.slots[0].req;
    await call(proc.scimcPrepare0, {}, context, ev);
    await call(proc.scimcRecord0, {}, { statusCode: 429, headers: { 'retry-after': '0' }, body: '' }, context, ev);
    await call(proc.scimcNext, context, ev);
    expect(context.vars._scimc.slots[0]).toMatchObject({ req: first, active: true, attempt: 1 }); // the same request again
    await call(proc.scimcPrepare0, {}, context, ev);
    await call(proc.scimcRecord0, {}, { statusCode: 200, headers: {}, body: '{"totalResults":0}' }, context, ev);
    await call(proc.scimcNext, context, ev);
    expect(context.vars._scimc.slots[0].req).not.toBe(first);
    expect(ev.counters).toEqual({ 'scimc.sent.probe': 1, 'scimc.retried.probe': 1, 'scimc.throttled.probe': 1, 'scimc.status.probe.429': 1, 'scimc.status.probe.200': 1, 'scimc.replayed.sent': 1, 'scimc.replayed.retried': 1, 'scimc.replayed.throttled': 1 });
  });

  test('maxRps paces the requests of the process (50/s: 11 requests take at least 200 ms)', async () => {
    process.env.SCIM_TOKEN = 'tok-hooks-3';
    const proc = loadProcessor(dir);
    const ev = events();
    const context = { vars: {} as Record<string, any> };
    await call(proc.scimcNext, context, ev);
    const t0 = Date.now();
    for (let k = 0; k < 11; k++) await call(proc.scimcPrepare0, {}, context, ev);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(195);
  });
  test('a 429 is retried at most 3 times, and not when Retry-After asks more than 10 s', async () => {
    process.env.SCIM_TOKEN = 'tok-hooks-4';
    const proc = loadProcessor(dir);
    const ev = events();
    const context = { vars: {} as Record<string, any> };
    await call(proc.scimcNext, context, ev);
    for (let k = 0; k < 4; k++) {
      await call(proc.scimcPrepare0, {}, context, ev);
      await call(proc.scimcRecord0, {}, { statusCode: 429, headers: { 'retry-after': '0' }, body: '' }, context, ev);
      await call(proc.scimcNext, context, ev);
    }
    // Every 429 counts as throttled, the last one (not retried) too, as scale mode counts them.
    expect(ev.counters).toMatchObject({ 'scimc.sent.probe': 1, 'scimc.retried.probe': 3, 'scimc.throttled.probe': 4, 'scimc.errors.probe': 1, 'scimc.status.probe.429': 4, 'scimc.replayed.errors': 1 });
    await call(proc.scimcPrepare0, {}, context, ev); // the second probe
    await call(proc.scimcRecord0, {}, { statusCode: 503, headers: { 'retry-after': '11' }, body: '' }, context, ev);
    await call(proc.scimcNext, context, ev);
    expect(ev.counters).toMatchObject({ 'scimc.sent.probe': 2, 'scimc.throttled.probe': 4, 'scimc.errors.probe': 2, 'scimc.status.probe.503': 1 });
  });
});

describe.each<EntraProfile>(['entra', 'entra-flag'])('artillery export: the processor sends plan.ts requests (%s)', (profile) => {
  // Groups with 5 members in batches of 2 (2, 2, 1), and 8 users in no group.
  const o = options({ profile, users: 23, groups: 3, membersPerGroup: 5, memberBatch: 2, verifyUsers: 7, verifyGroups: 2, updateFraction: 0.2, disableFraction: 0.1, deleteFraction: 0.1, groupDeleteFraction: 0.34 });

  test('every request, body included, equals the builder output, and the counts equal plannedCounts()', () => {
    const dir = tmpDir('art-plan');
    try {
      exportArtillery({ ...o, dir, baseUrl: 'http://127.0.0.1:9' });
      const { sent, counters } = driveProcessor(dir, o);
      expect(sent.map(line).sort()).toEqual(plannedLines(o));
      const byKind: Record<string, number> = Object.fromEntries(REQUEST_KINDS.map((k) => [k, 0]));
      for (const r of sent) byKind[r.kind]++;
      expect(byKind).toEqual(plannedCounts(o));
      expect(counters).toEqual({}); // no verify failure, identity mismatch or skipped request
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

// --- self-test: the exported script under `artillery run` -----------------------------------------

/** Which plan kind a request on the wire is; reads and deletes the wire cannot tell apart are merged. */
function wireClass(method: string, url: string, body: string): string {
  const [p, q = ''] = url.split('?');
  const params = new URLSearchParams(q);
  const parts = p.replace(/^\/scim\/v2/, '').split('/');
  const type = parts[1];
  const hasId = parts.length > 2;
  if (method === 'GET' && !hasId) {
    if (type === 'Groups') return 'group.lookup';
    return (params.get('filter') ?? '').includes('"scimc-') ? 'user.lookup' : 'probe';
  }
  if (method === 'POST') return type === 'Users' ? 'user.create' : 'group.create';
  if (method === 'GET') {
    const attrs = params.get('attributes');
    if (attrs === 'userName' || attrs === 'displayName') return 'verify.identity';
    if (type === 'Groups') return 'verify.group';
    return 'user.get'; // verify.user or user.read-before-update: told apart by what follows (below)
  }
  if (method === 'PATCH' && type === 'Groups') return 'group.add-members';
  if (method === 'PATCH') return (JSON.parse(body).Operations as Array<{ path?: string }>).some((op) => op.path === 'active') ? 'user.disable' : 'user.update';
  if (method === 'DELETE') return type === 'Users' ? 'user.delete+cleanup.user' : 'group.delete+cleanup.group';
  return `other ${method} ${p}`;
}

/**
 * A proxy on 127.0.0.1 that forwards to the server and keeps every request's class, per resource path;
 * `throttle` picks requests it answers 429 (Retry-After: 0) itself instead of forwarding.
 */
async function countingProxy(target: string, throttle: (cls: string, nth: number) => boolean = () => false) {
  const upstream = new URL(target);
  const seen: Array<{ path: string; cls: string; auth: string; throttled: boolean }> = [];
  const nth: Record<string, number> = {};
  // The most add-members PATCHes of one group in flight at once (the export sends a group's batches together).
  const inFlight = new Map<string, number>();
  let maxPatchesInFlight = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const cls = wireClass(req.method ?? '', req.url ?? '', body.toString('utf8'));
      nth[cls] = (nth[cls] ?? 0) + 1;
      const throttled = throttle(cls, nth[cls]);
      const p = (req.url ?? '').split('?')[0];
      seen.push({ path: p, cls, auth: req.headers.authorization ?? '', throttled });
      if (cls === 'group.add-members') {
        inFlight.set(p, (inFlight.get(p) ?? 0) + 1);
        maxPatchesInFlight = Math.max(maxPatchesInFlight, inFlight.get(p)!);
        res.on('close', () => inFlight.set(p, inFlight.get(p)! - 1));
      }
      if (throttled) {
        res.writeHead(429, { 'retry-after': '0', 'content-type': 'application/scim+json' });
        res.end(JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '429', detail: 'throttled by the test proxy' }));
        return;
      }
      const fwd = http.request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      fwd.on('error', () => res.destroy());
      fwd.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${upstream.pathname}`,
    seen,
    maxPatchesInFlight: () => maxPatchesInFlight,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<{ code: number | null; out: string; ms: number }> {
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, ms: Date.now() - t0 }));
  });
}

interface ArtilleryRun {
  code: number | null;
  out: string;
  counters: Record<string, number>;
  /** Requests per plan kind as the server saw them (ambiguous deletes merged), throttled ones apart. */
  wire: Record<string, number>;
  throttledOnWire: number;
  maxPatchesInFlight: number;
  authOk: boolean;
  users: string[];
  groups: string[];
  dirFiles: Array<{ name: string; text: string }>;
  units: number;
}

/** Exports options(), runs it with the pinned `artillery run` against a reference server on 127.0.0.1. */
async function runExported(o: ScaleOptions, token: string, faults: FaultName[] = [], throttle?: (cls: string, nth: number) => boolean): Promise<ArtilleryRun> {
  const server = await startReferenceServer({ token, faults });
  const proxy = await countingProxy(server.baseUrl, throttle);
  const dir = tmpDir('art-run');
  const output = `${dir}-result.json`;
  try {
    // rps>=1 in place of the default rps>=25: this shared machine's speed is not what is under test.
    exportArtillery({ ...o, dir, baseUrl: proxy.url, concurrency: 4, thresholds: applicableThresholds([parseThreshold('rps>=1')], undefined) });
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      SCIM_TOKEN: token,
      ARTILLERY_DISABLE_TELEMETRY: 'true',
      NODE_OPTIONS: `--require ${path.join(__dirname, 'artillery-no-telemetry.cjs')}`,
    };
    const { code, out, ms } = await run(ARTILLERY, ['run', '--output', output, SCRIPT_FILE], env, dir);
    process.stdout.write(`artillery run (${faults.join(',') || 'clean'}): ${ms} ms for ${proxy.seen.length} requests\n`);
    // Written also when an ensure condition fails (exit 1); not when Artillery could not run at all.
    const counters = fs.existsSync(output) ? (JSON.parse(fs.readFileSync(output, 'utf8')).aggregate.counters as Record<string, number>) : {};
    const wire: Record<string, number> = {};
    const byPath = new Map<string, string[]>();
    for (const s of proxy.seen) if (!s.throttled) byPath.set(s.path, [...(byPath.get(s.path) ?? []), s.cls]);
    for (const classes of byPath.values()) {
      classes.forEach((cls, k) => {
        // A plain read right before the update PATCH of the same user is Entra's read-before-update.
        const c = cls === 'user.get' ? (classes[k + 1] === 'user.update' ? 'user.read-before-update' : 'verify.user') : cls;
        wire[c] = (wire[c] ?? 0) + 1;
      });
    }
    const snap = server.snapshot() as { users: Array<{ userName: string }>; groups: Array<{ displayName: string }> };
    return {
      code,
      out,
      counters,
      wire,
      throttledOnWire: proxy.seen.filter((s) => s.throttled).length,
      maxPatchesInFlight: proxy.maxPatchesInFlight(),
      authOk: proxy.seen.every((s) => s.auth === `Bearer ${token}`),
      users: snap.users.map((u) => u.userName),
      groups: snap.groups.map((g) => g.displayName),
      dirFiles: fs.readdirSync(dir).map((name) => ({ name, text: fs.readFileSync(path.join(dir, name), 'utf8') })),
      units: (JSON.parse(fs.readFileSync(path.join(dir, SCENARIO_FILE), 'utf8')) as ArtilleryScenario).units.length,
    };
  } finally {
    await proxy.close();
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(output, { force: true });
  }
}

/** plannedCounts() in the wire's classes: the two kinds of user (and of group) delete merged. */
function wireExpected(planned: Record<RequestKind, number>): Record<string, number> {
  const expected: Record<string, number> = {};
  for (const [k, n] of Object.entries(planned)) {
    const c = k === 'user.delete' || k === 'cleanup.user' ? 'user.delete+cleanup.user' : k === 'group.delete' || k === 'cleanup.group' ? 'group.delete+cleanup.group' : k;
    if (n > 0) expected[c] = (expected[c] ?? 0) + n;
  }
  return expected;
}

/** The ensure plugin's verdict lines ("ok: …", "fail: …"), sorted. */
const checks = (out: string) =>
  out
    .replace(/\u001b\[[0-9;]*m/g, '')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => /^(ok|fail): /.test(l))
    .sort();
const sentByKind = (counters: Record<string, number>) => Object.fromEntries(REQUEST_KINDS.map((k) => [k, counters[`scimc.sent.${k}`] ?? 0]));
const PROBLEM = /^(errors\.|scimc\.(errors|verify_failed|identity_mismatch|not_sent|throttled|retried|lookup_found)\.)/;
const problems = (counters: Record<string, number>) =>
  Object.keys(counters)
    .filter((k) => counters[k] > 0 && (PROBLEM.test(k) || k === 'vusers.failed' || k === 'scimc.replayed.errors'))
    .map((k) => `${k}=${counters[k]}`)
    .sort();

describe('artillery export: self-test with artillery run', () => {
  test('drives plannedCounts() against the reference server, without error or residue', async () => {
    const token = `tok-artillery-${process.pid}-b41c`;
    const o = options({ memberBatch: 2 }); // two batches per group: two parallel slots
    const r = await runExported(o, token);
    expect({ code: r.code, tail: r.code === 0 ? '' : r.out.slice(-3000) }).toEqual({ code: 0, tail: '' });
    expect(r.out).not.toContain(token);
    // Artillery's ensure plugin judged every condition, and each held.
    expect(checks(r.out)).toEqual(['ok: scimc.replayed.errors / scimc.replayed.sent < 0.001', 'ok: scimc.replayed.latency.max < 60000', 'ok: scimc.replayed.sent / (scimc.span_ms.max / 1000) >= 1', ...CORRECTNESS_CONDITIONS.map((c) => `ok: ${c.expression}`)].sort());
    // What Artillery counted: the processor's per-kind counters equal the plan, with no error of any kind.
    expect(sentByKind(r.counters)).toEqual(plannedCounts(o));
    expect(problems(r.counters)).toEqual([]);
    expect(r.counters['vusers.completed']).toBe(4);
    expect(r.counters['scimc.units_done']).toBe(r.units);
    // What the server saw, classified from the wire alone.
    expect(r.wire).toEqual(wireExpected(plannedCounts(o)));
    expect(r.maxPatchesInFlight).toBe(2); // a group's two batches went out together
    expect(r.authOk).toBe(true);
    // Zero residue: only the seed data the run did not create.
    expect(r.users).toEqual([SEED_USER_NAME]);
    expect(r.groups).toEqual([SEED_GROUP_NAME]);
    for (const f of r.dirFiles) expect(f.text).not.toContain(token);
  }, 120_000);

  test('fails (exit 1) on refused disables and a lost membership, retries 429s after Retry-After, still cleans up', async () => {
    const token = `tok-artillery-${process.pid}-c52d`;
    const o = options({ memberBatch: 2 });
    // The server drops every member add and refuses the disable's "False"; the proxy throttles every 4th user create once.
    const r = await runExported(o, token, ['group-members-add-ignored', 'active-string-rejected'], (cls, n) => cls === 'user.create' && n % 4 === 0);
    expect(r.code).toBe(1);
    expect(checks(r.out).filter((c) => c.startsWith('fail'))).toEqual(['fail: scimc.replayed.errors / scimc.replayed.sent < 0.001', `fail: ${CORRECTNESS_CONDITIONS[0]!.expression}`]);
    expect(sentByKind(r.counters)).toEqual(plannedCounts(o));
    expect(problems(r.counters)).toEqual([
      `scimc.errors.user.disable=${plannedCounts(o)['user.disable']}`,
      `scimc.replayed.errors=${plannedCounts(o)['user.disable']}`,
      `scimc.retried.user.create=${r.throttledOnWire}`,
      `scimc.throttled.user.create=${r.throttledOnWire}`,
      `scimc.verify_failed.group=${plannedCounts(o)['verify.group']}`,
    ]);
    expect(r.throttledOnWire).toBeGreaterThan(0);
    expect(r.wire).toEqual(wireExpected(plannedCounts(o)));
    expect(r.users).toEqual([SEED_USER_NAME]);
    expect(r.groups).toEqual([SEED_GROUP_NAME]);
  }, 120_000);

  test('finds memberships lost when a group\'s batches arrive together (fault group-members-lost-concurrent)', async () => {
    const token = `tok-artillery-${process.pid}-d63e`;
    const o = options({ memberBatch: 2 });
    const r = await runExported(o, token, ['group-members-lost-concurrent']);
    expect(r.code).toBe(1);
    expect(checks(r.out).filter((c) => c.startsWith('fail'))).toEqual([`fail: ${CORRECTNESS_CONDITIONS[0]!.expression}`]);
    expect(sentByKind(r.counters)).toEqual(plannedCounts(o));
    expect(r.counters['scimc.verify_failed.group']).toBeGreaterThanOrEqual(1);
    expect(r.users).toEqual([SEED_USER_NAME]);
    expect(r.groups).toEqual([SEED_GROUP_NAME]);
  }, 120_000);
});
