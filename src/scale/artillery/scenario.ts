// The scale scenario (plan.ts) as data an Artillery processor can replay without this package:
// request templates with placeholder tokens, made from plan.ts's own builders and checked against
// them for every user and group at export time, and the work cut into self-contained units.
//
// A unit is one group with the users it holds (or a chunk of users in no group), so one virtual user
// can run a unit from lookup to cleanup knowing every id it needs: Artillery shares no state between
// its workers, and its cloud workers each run the whole script.
import { formQuery } from '../../http/encode';
import {
  addMembersRequest,
  groupCreateRequest,
  groupDeleteRequest,
  groupLookupRequest,
  groupMembers,
  groupVars,
  memberBatches,
  HARNESS_KINDS,
  isEntraPlan,
  plannedCounts,
  planWaves,
  probeRequest,
  readBeforeUpdateRequest,
  REQUEST_KINDS,
  userCreateRequest,
  userDeleteRequest,
  userDisableRequest,
  userLookupRequest,
  userName,
  userUpdateRequest,
  userVars,
  validateScaleOptions,
  verifyGroupRequest,
  verifyIdentityRequest,
  verifyUserRequest,
  type BodyCatalogue,
  type EntraProfile,
  type RequestKind,
  type ScaleOptions,
  type ScaleRequest,
} from '../plan';

/** Placeholders in the templates; the processor replaces them (URL-encoded in url, JSON-escaped in body). */
export const TOKENS = {
  userKey: '__scimcUserKey__',
  groupName: '__scimcGroupName__',
  groupExternalId: '__scimcGroupExt__',
  id: '__scimcId__',
  member: (j: number) => `__scimcMember${j}__`,
} as const;

export interface RequestTemplate {
  kind: RequestKind;
  method: string;
  /** Path and query relative to the target, with tokens. */
  url: string;
  /** The JSON body as sent, with tokens. */
  body?: string;
}

/** Template names the processor uses (several kinds share a builder, e.g. the two identity reads). */
export type TemplateName =
  | 'probe0'
  | 'probe1'
  | 'user.lookup'
  | 'user.create'
  | 'user.identity'
  | 'group.lookup'
  | 'group.create'
  | 'group.identity'
  | 'verify.user'
  | 'verify.group'
  | 'user.read-before-update'
  | 'user.update'
  | 'user.disable'
  | 'user.delete'
  | 'group.delete'
  | 'cleanup.user'
  | 'cleanup.group';

/** [userKey, userName, flags]: v verified, u updated, d disabled, x deleted by the wave. */
export type UnitUser = [string, string, string];

export interface UnitGroup {
  name: string;
  externalId: string;
  /** Each add-members PATCH, as positions in the unit's users. */
  batches: number[][];
  verify: boolean;
  /** Deleted by the incremental wave (else by the cleanup). */
  delete: boolean;
}

export type Unit = { probe: true } | { users: UnitUser[]; group?: UnitGroup };

export interface ArtilleryScenario {
  format: 'scim-conformance/artillery-scenario/2';
  runId: string;
  profile: EntraProfile;
  seed: number;
  /** plannedCounts(): what a complete run sends per kind, before retries. */
  planned: Record<RequestKind, number>;
  /** Every request kind, and Entra's among them (not the harness's read-backs and clean-up). */
  kinds: RequestKind[];
  replayed: RequestKind[];
  /** Requests per second for each Artillery worker process; 0: no cap. */
  maxRps: number;
  templates: Record<TemplateName, RequestTemplate>;
  /** add-members templates by batch size, 1 to the largest batch. */
  addMembers: Record<string, RequestTemplate>;
  /** The most requests a unit sends at once (its group's add-members batches, all in flight together). */
  width: number;
  units: Unit[];
}

type Values = Record<string, string>;

function urlOf(r: ScaleRequest): string {
  return r.path + (r.query && r.query.length > 0 ? `?${formQuery(r.query)}` : '');
}

function replaceAll(text: string, values: Values, encode: (v: string) => string): string {
  // Longest value first, so a value that contains another is replaced whole.
  const pairs = Object.entries(values).sort((a, b) => b[1].length - a[1].length);
  for (const [token, value] of pairs) text = text.split(encode(value)).join(token);
  return text;
}

const inJson = (v: string) => JSON.stringify(v).slice(1, -1);

/** The request with each value replaced by its token (values: token → value). */
function templatize(r: ScaleRequest, values: Values): RequestTemplate {
  const t: RequestTemplate = { kind: r.kind, method: r.method, url: replaceAll(urlOf(r), values, encodeURIComponent) };
  if (r.body !== undefined) t.body = replaceAll(JSON.stringify(r.body), values, inJson);
  return t;
}

/** What the processor does with a template (kept in step with processor-source.ts's fill()). */
export function fillTemplate(t: RequestTemplate, values: Values): { method: string; url: string; body?: string } {
  const fill = (text: string, encode: (v: string) => string) => {
    for (const [token, value] of Object.entries(values)) text = text.split(token).join(encode(value));
    return text;
  };
  return { method: t.method, url: fill(t.url, encodeURIComponent), ...(t.body !== undefined ? { body: fill(t.body, inJson) } : {}) };
}

/** A stand-in server id for the exactness check: characters that need escaping in a path and in JSON. */
function fakeId(prefix: string, i: number): string {
  return `${prefix}${i} /"\\é`;
}

/**
 * Makes the template from the builder's request for one sample, then proves it against the builder for
 * every sample: the processor sends byte for byte what plan.ts builds, or the export fails.
 */
function templateOf(name: string, samples: number, build: (i: number) => { req: ScaleRequest; values: Values }): RequestTemplate {
  const first = build(0);
  const t = templatize(first.req, first.values);
  for (let i = 0; i < samples; i++) {
    const { req, values } = build(i);
    const got = fillTemplate(t, values);
    const want = { method: req.method, url: urlOf(req), ...(req.body !== undefined ? { body: JSON.stringify(req.body) } : {}) };
    if (got.method !== want.method || got.url !== want.url || got.body !== want.body) {
      throw new Error(`artillery export: the ${name} template does not reproduce plan.ts's request for sample ${i} (a name or id also appears elsewhere in the request)`);
    }
  }
  return t;
}

/**
 * Why the scenario cannot be exported, or undefined. Units must be self-contained: each group's
 * members are users no other group holds, i.e. groups × members per group ≤ users.
 */
export function exportProblem(o: ScaleOptions): string | undefined {
  // Okta's import pages through every user the run created, which units that share nothing cannot do.
  if (!isEntraPlan(o)) return `the Artillery export replays Entra's cycle only, not profile ${o.profile}: Okta's import reads every user of the run page by page, which Artillery's self-contained units cannot share`;
  const problems = validateScaleOptions(o);
  if (problems.length > 0) return problems.join('; ');
  if (o.groups * o.membersPerGroup > o.users) {
    return (
      `the Artillery export needs groups × members per group ≤ users (${o.groups} × ${o.membersPerGroup} > ${o.users}): ` +
      'each virtual user runs one group with its own members, since Artillery workers share no ids'
    );
  }
  return undefined;
}

export function buildScenario(o: ScaleOptions, bodies: BodyCatalogue, maxRps = 0): ArtilleryScenario {
  const problem = exportProblem(o);
  if (problem !== undefined || !isEntraPlan(o)) throw new Error(problem);
  if (!(Number.isFinite(maxRps) && maxRps >= 0)) throw new Error(`max rps must be a number ≥ 0, not ${maxRps}`);
  const N = o.users;
  const M = o.groups;
  const uKey = (i: number) => userVars(o, i).mailNickname;
  const uVals = (i: number): Values => ({ [TOKENS.userKey]: uKey(i) });
  const gVals = (g: number): Values => ({ [TOKENS.groupName]: groupVars(o, g).groupName, [TOKENS.groupExternalId]: groupVars(o, g).groupExternalId });
  const idVals = (i: number): Values => ({ [TOKENS.id]: fakeId('id', i) });
  const S = Math.max(N, 1);
  const G = Math.max(M, 1);

  const templates: Record<TemplateName, RequestTemplate> = {
    probe0: templatize(probeRequest(o, 0), {}),
    probe1: templatize(probeRequest(o, 1), {}),
    'user.lookup': templateOf('user.lookup', N, (i) => ({ req: userLookupRequest(o, i), values: uVals(i) })),
    'user.create': templateOf('user.create', N, (i) => ({ req: userCreateRequest(o, i, bodies), values: uVals(i) })),
    'user.identity': templateOf('user.identity', S, (i) => ({ req: verifyIdentityRequest('Users', fakeId('u', i)), values: { [TOKENS.id]: fakeId('u', i) } })),
    'group.lookup': templateOf('group.lookup', M, (g) => ({ req: groupLookupRequest(o, g), values: gVals(g) })),
    'group.create': templateOf('group.create', M, (g) => ({ req: groupCreateRequest(o, g, bodies), values: gVals(g) })),
    'group.identity': templateOf('group.identity', G, (g) => ({ req: verifyIdentityRequest('Groups', fakeId('g', g)), values: { [TOKENS.id]: fakeId('g', g) } })),
    'verify.user': templateOf('verify.user', S, (i) => ({ req: verifyUserRequest(fakeId('id', i)), values: idVals(i) })),
    'verify.group': templateOf('verify.group', G, (g) => ({ req: verifyGroupRequest(fakeId('id', g)), values: idVals(g) })),
    'user.read-before-update': templateOf('user.read-before-update', S, (i) => ({ req: readBeforeUpdateRequest(fakeId('id', i)), values: idVals(i) })),
    'user.update': templateOf('user.update', N, (i) => ({ req: userUpdateRequest(o, i, fakeId('id', i), bodies), values: { ...uVals(i), ...idVals(i) } })),
    'user.disable': templateOf('user.disable', S, (i) => ({ req: userDisableRequest(o, fakeId('id', i), bodies), values: idVals(i) })),
    'user.delete': templateOf('user.delete', S, (i) => ({ req: userDeleteRequest(fakeId('id', i)), values: idVals(i) })),
    'group.delete': templateOf('group.delete', G, (g) => ({ req: groupDeleteRequest(fakeId('id', g)), values: idVals(g) })),
    'cleanup.user': templateOf('cleanup.user', S, (i) => ({ req: userDeleteRequest(fakeId('id', i), 'cleanup.user'), values: idVals(i) })),
    'cleanup.group': templateOf('cleanup.group', G, (g) => ({ req: groupDeleteRequest(fakeId('id', g), 'cleanup.group'), values: idVals(g) })),
  };

  // Every size up to the largest batch: a batch shrinks when one of its members' create failed.
  let largest = 0;
  let width = 1;
  for (let g = 0; g < M; g++) {
    const batches = memberBatches(o, g);
    width = Math.max(width, batches.length);
    for (const b of batches) largest = Math.max(largest, b.length);
  }
  const addMembers: Record<string, RequestTemplate> = {};
  for (let size = 1; size <= largest; size++) {
    addMembers[String(size)] = templateOf(`add-members (${size})`, G, (g) => {
      const members = Array.from({ length: size }, (_, j) => fakeId(`m${g}-`, j));
      const values: Values = { [TOKENS.id]: fakeId('g', g) };
      members.forEach((m, j) => (values[TOKENS.member(j)] = m));
      return { req: addMembersRequest(o, fakeId('g', g), members, bodies), values };
    });
  }

  const waves = planWaves(o);
  const flagsOf = (i: number, sets: { v: Set<number>; u: Set<number>; d: Set<number>; x: Set<number> }) =>
    (['v', 'u', 'd', 'x'] as const).filter((f) => sets[f].has(i)).join('');
  const sets = { v: new Set(waves.verifyUsers), u: new Set(waves.updated), d: new Set(waves.disabled), x: new Set(waves.deletedUsers) };
  const unitUser = (i: number): UnitUser => [uKey(i), userName(o, i), flagsOf(i, sets)];
  const verifyGroups = new Set(waves.verifyGroups);
  const deletedGroups = new Set(waves.deletedGroups);

  const units: Unit[] = [{ probe: true }];
  const K = o.membersPerGroup;
  for (let g = 0; g < M; g++) {
    const members = groupMembers(o, g);
    const first = g * K;
    // exportProblem() keeps groups disjoint; this guards against a change of groupMembers().
    if (members.some((u, j) => u !== first + j)) throw new Error(`artillery export: group ${g}'s members are not the users ${first}..${first + K - 1}`);
    const users = members.map(unitUser);
    const pos = new Map(members.map((u, j) => [u, j]));
    const batches = memberBatches(o, g).map((b) => b.map((u) => pos.get(u) as number));
    const { groupName, groupExternalId } = groupVars(o, g);
    units.push({ users, group: { name: groupName, externalId: groupExternalId, batches, verify: verifyGroups.has(g), delete: deletedGroups.has(g) } });
  }
  // Users in no group, in chunks the size of a group (10 when groups have no members).
  const chunk = K > 0 ? K : 10;
  for (let i = M * K; i < N; i += chunk) {
    units.push({ users: Array.from({ length: Math.min(chunk, N - i) }, (_, j) => unitUser(i + j)) });
  }

  return {
    format: 'scim-conformance/artillery-scenario/2',
    runId: o.runId,
    profile: o.profile,
    seed: o.seed,
    planned: plannedCounts(o),
    kinds: [...REQUEST_KINDS],
    replayed: REQUEST_KINDS.filter((k) => !HARNESS_KINDS.has(k)),
    maxRps,
    templates,
    addMembers,
    width,
    units,
  };
}
