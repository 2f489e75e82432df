// The one definition of the scale scenario: which requests a scale run sends, in which phases, with
// which bodies. Pure (no I/O, no clock, no unseeded randomness), so the scale runner and the Artillery
// export replay exactly the same scenario, and plannedCounts() says what a run sends before it starts.
// A run replays one client's traffic, in the request shapes of one profile.
//
// Entra (entra-requests.md §3): its initial cycle followed by one incremental cycle:
//   initial:     probe (R-01, §3.2) · user lookup → create (R-02, R-04, §3.3) · group lookup → create
//                (R-12, R-13, §3.8), each create followed by the harness's identity read of the id it
//                returned · membership adds in batches (R-15, §3.8-3.10)
//   verify:      the harness reads back a seeded sample of users and groups (not Entra's traffic)
//   incremental: probe · read-then-PATCH updates (R-03 then R-06b, §3.4) · a disable wave (R-07, §3.5) ·
//                user deletes (R-10, §3.7) · group deletes (R-17, §3.11)
//   cleanup:     the harness deletes everything the run created and the incremental wave did not
// Bodies come from the conformance suites' catalogue (fixtures/entra/bodies.json), resolved with the
// same template code, so scale mode sends what the Entra suites send.
//
// Okta (okta-requests.md §3): the initial push, then an import, then the changes Okta pushes:
//   initial:     connection probe (O-01, §3.1) · user lookup → create (O-03, O-04, §3.3) · group lookup →
//                create with "members": [] (O-15, O-16, §3.8), each create followed by the harness's
//                identity read · members pushed: okta-aiw reads the group and PUTs its full member list
//                (O-17, O-20), okta-oin PATCHes add members in batches (O-21)
//   import:      every user, then every group, page by page (O-06, O-18, §3.2, §3.12)
//   verify:      the harness's sampled read-backs, as for Entra
//   incremental: GET-then-PUT updates (O-05, O-07, §3.4) · deactivation of the users Entra's wave
//                would disable or delete (Okta never deletes a user, §1.1; unassigning sends the same
//                deactivation, §3.5): okta-aiw GET then PUT active false (O-05, O-09), okta-oin the
//                path-less PATCH (O-10) · group deletes (O-23, §3.11)
//   cleanup:     the harness's own deletes, users included (not Okta's traffic)
// Okta's bodies are built here from the shapes okta-requests.md §4 prints, keys in Okta's order.
import type { HttpMethod } from '../http/exchange';
import { clientOf, type Profile } from '../profiles';
import { resolveValue } from '../sequences/template';
import { NAME_ATTRIBUTE } from '../sequences/identity';
import { runPrefix } from '../sequences/sweep';

/** Entra's request-shape profiles: Entra's request builders below take only these. */
export type EntraProfile = Extract<Profile, 'entra' | 'entra-flag'>;
/** Okta's: a custom app made with the App Integration Wizard, or an OIN catalog app. */
export type OktaProfile = Extract<Profile, 'okta-aiw' | 'okta-oin'>;

/**
 * Members per add-members PATCH (Entra's R-15, Okta OIN's O-21). Entra's batch size is UNVERIFIED
 * (entra-requests.md §3.10: the docs only require "updating multiple group memberships with a single
 * PATCH"); the one documented number near it is on-demand provisioning's "at most 5 members" per group
 * (§3.10, MS-DOC S11). Okta prints one PATCH adding several members and gives no number (okta-requests.md
 * O-21). Hence an option.
 */
export const DEFAULT_MEMBER_BATCH = 5;

export interface ScaleOptions {
  users: number;
  groups: number;
  membersPerGroup: number;
  profile: Profile;
  /** The run id: every name is `scimc-<runId>-s…`, so `scim-conformance sweep <runId>` finds leftovers. */
  runId: string;
  /** Seeds every choice of the plan (which users are updated, disabled, deleted, sampled). */
  seed: number;
  /** Members per add-members PATCH (DEFAULT_MEMBER_BATCH; UNVERIFIED for both clients). */
  memberBatch: number;
  /** Fractions of the users the incremental wave updates, disables and deletes (disjoint sets; Okta deactivates the last two). */
  updateFraction: number;
  disableFraction: number;
  deleteFraction: number;
  /** Fraction of the groups the incremental wave deletes. */
  groupDeleteFraction: number;
  /** How many users and groups are read back and checked after the initial cycle (capped at N and M). */
  verifyUsers: number;
  verifyGroups: number;
}

export type EntraScaleOptions = ScaleOptions & { profile: EntraProfile };
export type OktaScaleOptions = ScaleOptions & { profile: OktaProfile };

export function isEntraPlan(o: ScaleOptions): o is EntraScaleOptions {
  return clientOf(o.profile) === 'entra';
}

export function isOktaPlan(o: ScaleOptions): o is OktaScaleOptions {
  return clientOf(o.profile) === 'okta';
}

/** The plan with its client made explicit, so each client's request builders get options of that client's profiles. */
export type ClientPlan = { client: 'entra'; o: EntraScaleOptions } | { client: 'okta'; o: OktaScaleOptions };

export function clientPlan(o: ScaleOptions): ClientPlan {
  if (isOktaPlan(o)) return { client: 'okta', o };
  if (isEntraPlan(o)) return { client: 'entra', o };
  throw new Error(`scale mode has no scenario for profile ${o.profile}`);
}

/** Defaults for everything but the sizes, the run id and the seed. */
export const SCALE_DEFAULTS = {
  profile: 'entra' as EntraProfile,
  memberBatch: DEFAULT_MEMBER_BATCH,
  // An incremental cycle touches a minority of the directory; these only set the mix of the wave.
  updateFraction: 0.1,
  disableFraction: 0.05,
  deleteFraction: 0.05,
  groupDeleteFraction: 0.1,
  verifyUsers: 100,
  verifyGroups: 20,
} as const;

export const REQUEST_KINDS = [
  'probe',
  'user.lookup',
  'user.create',
  'group.lookup',
  'group.create',
  'group.read-before-push',
  'group.add-members',
  'verify.identity',
  'user.import',
  'group.import',
  'verify.user',
  'verify.group',
  'user.read-before-update',
  'user.update',
  'user.disable',
  'user.delete',
  'group.delete',
  'cleanup.user',
  'cleanup.group',
] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];

/** Kinds the harness sends for itself (read-backs, clean-up); the rest replay the client's catalogue. */
export const HARNESS_KINDS: ReadonlySet<RequestKind> = new Set<RequestKind>(['verify.identity', 'verify.user', 'verify.group', 'cleanup.user', 'cleanup.group']);

const ENTRA_KINDS: Partial<Record<RequestKind, string>> = {
  probe: 'R-01',
  'user.lookup': 'R-02',
  'user.create': 'R-04',
  'group.lookup': 'R-12',
  'group.create': 'R-13',
  'group.add-members': 'R-15',
  'user.read-before-update': 'R-03',
  'user.update': 'R-06b',
  'user.disable': 'R-07',
  'user.delete': 'R-10',
  'group.delete': 'R-17',
};

const OKTA_KINDS: Partial<Record<RequestKind, string>> = {
  probe: 'O-01',
  'user.lookup': 'O-03',
  'user.create': 'O-04',
  'group.lookup': 'O-15',
  'group.create': 'O-16',
  'user.import': 'O-06',
  'group.import': 'O-18',
  'user.read-before-update': 'O-05',
  'user.update': 'O-07',
  'group.delete': 'O-23',
};

/** The catalogue request (entra-requests.md §4, okta-requests.md §4) each kind replays, per profile. */
export const KIND_CATALOGUE: Record<Profile, Partial<Record<RequestKind, string>>> = {
  entra: ENTRA_KINDS,
  'entra-flag': ENTRA_KINDS,
  'okta-aiw': { ...OKTA_KINDS, 'group.read-before-push': 'O-17', 'group.add-members': 'O-20', 'user.disable': 'O-09' },
  'okta-oin': { ...OKTA_KINDS, 'group.add-members': 'O-21', 'user.disable': 'O-10' },
};

export type Phase = 'initial' | 'import' | 'verify' | 'incremental' | 'cleanup';
export const PHASE_OF: Record<RequestKind, Phase> = {
  probe: 'initial', // Entra's is also the first request of the incremental cycle
  'user.lookup': 'initial',
  'user.create': 'initial',
  'group.lookup': 'initial',
  'group.create': 'initial',
  'group.read-before-push': 'initial',
  'group.add-members': 'initial',
  'verify.identity': 'initial', // right after each create, as conformance runs do (sequences/identity.ts), but only the name (attributes=): load, not agreement, is judged here
  'user.import': 'import',
  'group.import': 'import',
  'verify.user': 'verify',
  'verify.group': 'verify',
  'user.read-before-update': 'incremental',
  'user.update': 'incremental',
  'user.disable': 'incremental',
  'user.delete': 'incremental',
  'group.delete': 'incremental',
  'cleanup.user': 'cleanup',
  'cleanup.group': 'cleanup',
};

/** One request of the scenario. `path` is relative to the tenant URL; ids are already encoded. */
export interface ScaleRequest {
  kind: RequestKind;
  method: HttpMethod;
  path: string;
  query?: Array<[string, string]>;
  body?: unknown;
}

export type BodyCatalogue = Readonly<Record<string, unknown>>;

/** Problems with the options, as sentences; empty when the options make a plan. */
export function validateScaleOptions(o: ScaleOptions): string[] {
  const problems: string[] = [];
  const int = (name: string, v: number, min: number, max: number) => {
    if (!Number.isInteger(v) || v < min || v > max) problems.push(`${name} must be a whole number from ${min} to ${max}, not ${v}`);
  };
  int('users', o.users, 1, 1_000_000);
  int('groups', o.groups, 0, 100_000);
  int('members per group', o.membersPerGroup, 0, 1_000_000);
  int('member batch', o.memberBatch, 1, 1000);
  int('users to verify', o.verifyUsers, 0, 1_000_000);
  int('groups to verify', o.verifyGroups, 0, 100_000);
  if (o.membersPerGroup > o.users) problems.push(`members per group (${o.membersPerGroup}) cannot exceed the number of users (${o.users})`);
  for (const [name, v] of [
    ['update fraction', o.updateFraction],
    ['disable fraction', o.disableFraction],
    ['delete fraction', o.deleteFraction],
    ['group delete fraction', o.groupDeleteFraction],
  ] as const) {
    if (!(v >= 0 && v <= 1)) problems.push(`${name} must be between 0 and 1, not ${v}`);
  }
  if (o.updateFraction + o.disableFraction + o.deleteFraction > 1) problems.push('the update, disable and delete fractions together cannot exceed 1 (they pick disjoint users)');
  if (!/^[A-Za-z0-9]{4,32}$/.test(o.runId)) problems.push(`run id "${o.runId}" must be 4 to 32 letters and digits`);
  if (!Number.isInteger(o.seed)) problems.push(`seed must be a whole number, not ${o.seed}`);
  return problems;
}

// --- names ---------------------------------------------------------------------------------------

/** Every scale resource name starts with this (a sub-prefix of the run prefix the sweep uses). */
export function scalePrefix(runId: string): string {
  return `${runPrefix(runId)}s`;
}

function pad(i: number): string {
  return String(i).padStart(6, '0');
}

/** userName (and mail) of user i. */
export function userName(o: Pick<ScaleOptions, 'runId'>, i: number): string {
  return `${scalePrefix(o.runId)}u${pad(i)}@example.com`;
}

/** displayName of group g. */
export function groupName(o: Pick<ScaleOptions, 'runId'>, g: number): string {
  return `${scalePrefix(o.runId)}g${pad(g)}`;
}

/** The template variables of user i (as the Entra suites name them). */
export function userVars(o: Pick<ScaleOptions, 'runId'>, i: number): Record<string, string> {
  const name = userName(o, i);
  return { userName: name, mail: name, mailNickname: name.slice(0, name.indexOf('@')) };
}

export function groupVars(o: Pick<ScaleOptions, 'runId'>, g: number): Record<string, string> {
  return { groupName: groupName(o, g), groupExternalId: `${o.runId}-g${pad(g)}` };
}

// --- seeded choices ------------------------------------------------------------------------------

/** mulberry32: small, fast, and the same sequence on every platform for a seed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffled(n: number, seed: number): number[] {
  const out = Array.from({ length: n }, (_, i) => i);
  const next = rng(seed);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

function sorted(xs: number[]): number[] {
  return xs.sort((a, b) => a - b);
}

const ALPHANUMERIC = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** `length` letters and digits drawn from a seed. */
function seededText(seed: number, length: number): string {
  const next = rng(seed);
  return Array.from({ length }, () => ALPHANUMERIC[Math.floor(next() * ALPHANUMERIC.length)]).join('');
}

export interface WavePlan {
  /** User indices read then updated (Entra: R-03, R-06b; Okta: O-05, O-07). */
  updated: number[];
  /** User indices disabled (Entra: R-07; Okta deactivates them: O-09 / O-10). */
  disabled: number[];
  /** User indices deleted (Entra: R-10). Okta never deletes a user: it deactivates these too (§3.5). */
  deletedUsers: number[];
  /** Group indices deleted (R-17, O-23). */
  deletedGroups: number[];
  /** User and group indices read back after the initial cycle. */
  verifyUsers: number[];
  verifyGroups: number[];
}

/** Which users and groups each wave touches: disjoint user sets, all drawn from the seed. */
export function planWaves(o: ScaleOptions): WavePlan {
  const users = shuffled(o.users, o.seed);
  const nUpdate = Math.floor(o.users * o.updateFraction);
  const nDisable = Math.floor(o.users * o.disableFraction);
  const nDelete = Math.floor(o.users * o.deleteFraction);
  const groups = shuffled(o.groups, o.seed ^ 0x5eed);
  return {
    updated: sorted(users.slice(0, nUpdate)),
    disabled: sorted(users.slice(nUpdate, nUpdate + nDisable)),
    deletedUsers: sorted(users.slice(nUpdate + nDisable, nUpdate + nDisable + nDelete)),
    deletedGroups: sorted(groups.slice(0, Math.floor(o.groups * o.groupDeleteFraction))),
    verifyUsers: sorted(shuffled(o.users, o.seed ^ 0x0fa11).slice(0, Math.min(o.verifyUsers, o.users))),
    verifyGroups: sorted(shuffled(o.groups, o.seed ^ 0x0fa12).slice(0, Math.min(o.verifyGroups, o.groups))),
  };
}

/** The users Okta's wave deactivates: those Entra's would disable or delete (both are a deactivation for Okta, §3.5). */
export function oktaDeactivated(w: Pick<WavePlan, 'disabled' | 'deletedUsers'>): number[] {
  return sorted([...w.disabled, ...w.deletedUsers]);
}

/** The users of group g: K consecutive users starting at a group-specific offset (wrapping), so every user is in some group when M·K ≥ N. */
export function groupMembers(o: Pick<ScaleOptions, 'users' | 'membersPerGroup'>, g: number): number[] {
  const start = (g * o.membersPerGroup) % o.users;
  return Array.from({ length: o.membersPerGroup }, (_, j) => (start + j) % o.users);
}

/** Group g's members in the batches its add-members PATCHes carry. */
export function memberBatches(o: Pick<ScaleOptions, 'users' | 'membersPerGroup' | 'memberBatch'>, g: number): number[][] {
  const members = groupMembers(o, g);
  const out: number[][] = [];
  for (let i = 0; i < members.length; i += o.memberBatch) out.push(members.slice(i, i + o.memberBatch));
  return out;
}

/** Okta's page size: lookups and import pages all ask count=100 (okta-requests.md §1.2). */
export const OKTA_PAGE_SIZE = 100;

/**
 * The import pages Okta reads for `resources` resources: one page at least, then one per 100 more
 * (§3.2). The plan counts the run's own resources only; an endpoint holding others gets more pages.
 */
export function importPages(resources: number): number {
  return Math.max(1, Math.ceil(resources / OKTA_PAGE_SIZE));
}

/**
 * Exactly the requests a run sends per kind, before retries (of 429/503) and when nothing fails; Okta's
 * import pages as if the endpoint held only the run's users and groups.
 */
export function plannedCounts(o: ScaleOptions): Record<RequestKind, number> {
  const w = planWaves(o);
  const batchesPerGroup = o.membersPerGroup === 0 ? 0 : Math.ceil(o.membersPerGroup / o.memberBatch);
  const shared = {
    'user.lookup': o.users,
    'user.create': o.users,
    'group.lookup': o.groups,
    'group.create': o.groups,
    'verify.identity': o.users + o.groups,
    'verify.user': w.verifyUsers.length,
    'verify.group': w.verifyGroups.length,
    'user.update': w.updated.length,
    'group.delete': w.deletedGroups.length,
    'cleanup.group': o.groups - w.deletedGroups.length,
  };
  if (isOktaPlan(o)) {
    const aiw = o.profile === 'okta-aiw';
    const deactivated = oktaDeactivated(w).length;
    return {
      ...shared,
      probe: 1, // the connection test (§3.1); Okta has no cycle to start again
      // AIW reads each group and PUTs its whole member list, [] included (§3.8); OIN PATCHes the members in.
      'group.read-before-push': aiw ? o.groups : 0,
      'group.add-members': aiw ? o.groups : o.groups * batchesPerGroup,
      'user.import': importPages(o.users),
      'group.import': importPages(o.groups),
      // AIW reads the user before every PUT, deactivation included (§3.4, §3.5).
      'user.read-before-update': w.updated.length + (aiw ? deactivated : 0),
      'user.disable': deactivated,
      'user.delete': 0,
      'cleanup.user': o.users,
    };
  }
  return {
    ...shared,
    probe: 2, // one at the start of each cycle (§3.2)
    'group.read-before-push': 0,
    'group.add-members': o.groups * batchesPerGroup,
    'user.import': 0,
    'group.import': 0,
    'user.read-before-update': w.updated.length,
    'user.disable': w.disabled.length,
    'user.delete': w.deletedUsers.length,
    'cleanup.user': o.users - w.deletedUsers.length,
  };
}

export function totalPlanned(o: ScaleOptions): number {
  return Object.values(plannedCounts(o)).reduce((a, b) => a + b, 0);
}

// --- requests of either client, and the harness's ------------------------------------------------

function seg(id: string): string {
  return encodeURIComponent(id);
}

/** A user read by id: Entra's R-03 before an update (§3.4), Okta's O-05 before every PUT. */
export function readBeforeUpdateRequest(userId: string): ScaleRequest {
  return { kind: 'user.read-before-update', method: 'GET', path: `/Users/${seg(userId)}` };
}

/** Entra's R-10 in the wave, or the harness's clean-up (Okta never deletes a user). */
export function userDeleteRequest(userId: string, kind: 'user.delete' | 'cleanup.user' = 'user.delete'): ScaleRequest {
  return { kind, method: 'DELETE', path: `/Users/${seg(userId)}` };
}

/** R-17 / O-23 in the wave, or the harness's clean-up. */
export function groupDeleteRequest(groupId: string, kind: 'group.delete' | 'cleanup.group' = 'group.delete'): ScaleRequest {
  return { kind, method: 'DELETE', path: `/Groups/${seg(groupId)}` };
}

/**
 * The harness's identity read of a created resource (sequences/identity.ts): the run writes to and
 * deletes only ids whose read-back shows the name the run created them with.
 */
export function verifyIdentityRequest(type: 'Users' | 'Groups', id: string): ScaleRequest {
  return { kind: 'verify.identity', method: 'GET', path: `/${type}/${seg(id)}`, query: [['attributes', NAME_ATTRIBUTE[type]]] };
}

/** The harness's read-back of a user (as the users.provision "get" verification step). */
export function verifyUserRequest(userId: string): ScaleRequest {
  return { kind: 'verify.user', method: 'GET', path: `/Users/${seg(userId)}` };
}

/** The harness's read-back of a group's members (as the groups suite's read-members step). */
export function verifyGroupRequest(groupId: string): ScaleRequest {
  return { kind: 'verify.group', method: 'GET', path: `/Groups/${seg(groupId)}`, query: [['attributes', 'displayName,members']] };
}

/** What a verified user must match: the create body it was created with (password aside, which is never returned). */
export function expectedUser(o: ScaleOptions, i: number, bodies: BodyCatalogue): unknown {
  const p = clientPlan(o);
  return (p.client === 'okta' ? oktaUserCreateRequest(p.o, i) : userCreateRequest(p.o, i, bodies)).body;
}

// --- Entra's requests (entra-requests.md §4) -----------------------------------------------------

type EntraPlan = Pick<ScaleOptions, 'runId'> & { profile: EntraProfile };

function resolve(bodies: BodyCatalogue, name: string, profile: EntraProfile, vars: Record<string, string>): unknown {
  return resolveValue(`@${name}`, { bodies: bodies as Record<string, unknown>, profile, vars });
}

/** The suffix of each Entra profile's bodies in fixtures/entra/bodies.json (add-member-default / -flag…). */
const ENTRA_BODY_SUFFIX: Record<EntraProfile, string> = { entra: 'default', 'entra-flag': 'flag' };

/** A GUID-shaped probe value drawn from the seed (§3.2 uses a random GUID; here it is replayable). */
export function probeValue(o: Pick<ScaleOptions, 'seed'>, cycle: 0 | 1): string {
  const next = rng(o.seed ^ (0x9e3779b9 + cycle));
  const hex = Array.from({ length: 32 }, () => Math.floor(next() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
}

/** the start-of-cycle probe for a user that does not exist. */
export function probeRequest(o: Pick<ScaleOptions, 'seed'>, cycle: 0 | 1): ScaleRequest {
  return { kind: 'probe', method: 'GET', path: '/Users', query: [['filter', `userName eq ${JSON.stringify(probeValue(o, cycle))}`]] };
}

/** R-02 (users.json lookup-absent). */
export function userLookupRequest(o: Pick<ScaleOptions, 'runId'>, i: number): ScaleRequest {
  return { kind: 'user.lookup', method: 'GET', path: '/Users', query: [['filter', `userName eq ${JSON.stringify(userName(o, i))}`]] };
}

/** R-04 with the default mapping's body (both profiles send the same create body). */
export function userCreateRequest(o: EntraPlan, i: number, bodies: BodyCatalogue): ScaleRequest {
  return { kind: 'user.create', method: 'POST', path: '/Users', body: resolve(bodies, 'create-user-default-mapping', o.profile, userVars(o, i)) };
}

/** R-12 (groups.json lookup-absent): excludedAttributes first, as Entra orders it. */
export function groupLookupRequest(o: Pick<ScaleOptions, 'runId'>, g: number): ScaleRequest {
  return {
    kind: 'group.lookup',
    method: 'GET',
    path: '/Groups',
    query: [
      ['excludedAttributes', 'members'],
      ['filter', `displayName eq ${JSON.stringify(groupName(o, g))}`],
    ],
  };
}

/** created without members. */
export function groupCreateRequest(o: EntraPlan, g: number, bodies: BodyCatalogue): ScaleRequest {
  return { kind: 'group.create', method: 'POST', path: '/Groups', body: resolve(bodies, 'create-group', o.profile, groupVars(o, g)) };
}

/**
 * R-15 with several members: the profile's single-member shape (add-member-default / -flag), its
 * value array holding every member of the batch (as add-two-members-* does for two).
 */
export function addMembersRequest(o: Pick<EntraPlan, 'profile'>, groupId: string, memberIds: readonly string[], bodies: BodyCatalogue): ScaleRequest {
  if (memberIds.length === 0) throw new Error('an add-members PATCH needs at least one member');
  const name = `add-member-${ENTRA_BODY_SUFFIX[o.profile]}`;
  const one = (id: string) => resolve(bodies, name, o.profile, { memberId: id }) as { Operations: Array<{ value: unknown[] }> };
  const body = one(memberIds[0]);
  body.Operations[0].value = memberIds.map((id) => one(id).Operations[0].value[0]);
  return { kind: 'group.add-members', method: 'PATCH', path: `/Groups/${seg(groupId)}`, body };
}

/** R-06b: patch-replace-default / -flag. */
export function userUpdateRequest(o: EntraPlan, i: number, userId: string, bodies: BodyCatalogue): ScaleRequest {
  return { kind: 'user.update', method: 'PATCH', path: `/Users/${seg(userId)}`, body: resolve(bodies, `patch-replace-${ENTRA_BODY_SUFFIX[o.profile]}`, o.profile, userVars(o, i)) };
}

/** disable-default ("False") / disable-flag (false). */
export function userDisableRequest(o: Pick<EntraPlan, 'profile'>, userId: string, bodies: BodyCatalogue): ScaleRequest {
  return { kind: 'user.disable', method: 'PATCH', path: `/Users/${seg(userId)}`, body: resolve(bodies, `disable-${ENTRA_BODY_SUFFIX[o.profile]}`, o.profile, {}) };
}

// --- Okta's requests (okta-requests.md §4) -------------------------------------------------------

type OktaPlan = Pick<ScaleOptions, 'runId' | 'seed'> & { profile: OktaProfile };

const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/** The paging parameters Okta adds to every list request, lookups included, after the filter (§1.2). */
function oktaPage(startIndex: number): Array<[string, string]> {
  return [
    ['startIndex', String(startIndex)],
    ['count', String(OKTA_PAGE_SIZE)],
  ];
}

/** O-01: the connection test of saving the provisioning settings (§3.1). */
export function oktaProbeRequest(): ScaleRequest {
  return {
    kind: 'probe',
    method: 'GET',
    path: '/Users',
    query: [
      ['startIndex', '1'],
      ['count', '2'],
    ],
  };
}

/** O-03: the lookup before a create, with Okta's paging parameters. */
export function oktaUserLookupRequest(o: Pick<ScaleOptions, 'runId'>, i: number): ScaleRequest {
  return { kind: 'user.lookup', method: 'GET', path: '/Users', query: [['filter', `userName eq ${JSON.stringify(userName(o, i))}`], ...oktaPage(1)] };
}

/** Okta's own id of user i: 20 characters starting 00u, as Okta's user ids look; Okta sends it as externalId (§4 O-04). */
export function oktaUserId(o: Pick<ScaleOptions, 'seed'>, i: number): string {
  return `00u${pad(i)}${seededText(o.seed ^ Math.imul(i + 1, 0x2545f491), 11)}`;
}

/** The placeholder password of every Okta create: 8 characters, as in Okta's samples (§4 O-04). */
export function oktaPassword(o: Pick<ScaleOptions, 'seed'>, i: number): string {
  return seededText(o.seed ^ Math.imul(i + 1, 0x68e31da4), 8);
}

/** O-04: Okta's create body, keys in Okta's order (§1.4): password, "groups": [], locale and Okta's id as externalId. */
export function oktaUserCreateRequest(o: OktaPlan, i: number): ScaleRequest {
  const name = userName(o, i);
  return {
    kind: 'user.create',
    method: 'POST',
    path: '/Users',
    body: {
      schemas: [USER_SCHEMA],
      userName: name,
      name: { givenName: 'Test', familyName: 'User' },
      emails: [{ primary: true, value: name, type: 'work' }],
      displayName: 'Test User',
      locale: 'en-US',
      externalId: oktaUserId(o, i),
      groups: [],
      password: oktaPassword(o, i),
      active: true,
    },
  };
}

/** O-15: the group lookup before a push-create. */
export function oktaGroupLookupRequest(o: Pick<ScaleOptions, 'runId'>, g: number): ScaleRequest {
  return { kind: 'group.lookup', method: 'GET', path: '/Groups', query: [['filter', `displayName eq ${JSON.stringify(groupName(o, g))}`], ...oktaPage(1)] };
}

/** O-16: created with an empty member list; the members follow (§3.8). */
export function oktaGroupCreateRequest(o: Pick<ScaleOptions, 'runId'>, g: number): ScaleRequest {
  return { kind: 'group.create', method: 'POST', path: '/Groups', body: { schemas: [GROUP_SCHEMA], displayName: groupName(o, g), members: [] } };
}

/** O-17: okta-aiw reads the group before it PUTs the members. */
export function oktaGroupReadRequest(groupId: string): ScaleRequest {
  return { kind: 'group.read-before-push', method: 'GET', path: `/Groups/${seg(groupId)}` };
}

/** A member as Okta pushes it: the endpoint's id and the user's userName (O-20, O-21). */
export interface OktaMember {
  id: string;
  userName: string;
}

const memberValue = (m: OktaMember) => ({ value: m.id, display: m.userName });

/** O-20 (okta-aiw): the group with its whole member list; members not listed are removed. */
export function oktaGroupReplaceRequest(o: Pick<ScaleOptions, 'runId'>, g: number, groupId: string, members: readonly OktaMember[]): ScaleRequest {
  return { kind: 'group.add-members', method: 'PUT', path: `/Groups/${seg(groupId)}`, body: { schemas: [GROUP_SCHEMA], displayName: groupName(o, g), members: members.map(memberValue) } };
}

/** O-21 (okta-oin): add members, several in one operation. */
export function oktaAddMembersRequest(groupId: string, members: readonly OktaMember[]): ScaleRequest {
  if (members.length === 0) throw new Error('an add-members PATCH needs at least one member');
  return { kind: 'group.add-members', method: 'PATCH', path: `/Groups/${seg(groupId)}`, body: { schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'members', value: members.map(memberValue) }] } };
}

/** O-06 / O-18: one import page. */
export function oktaImportPageRequest(type: 'Users' | 'Groups', startIndex: number): ScaleRequest {
  return { kind: type === 'Users' ? 'user.import' : 'group.import', method: 'GET', path: `/${type}`, query: oktaPage(startIndex) };
}

/** What Okta changes in a profile update: the attribute its own example changes (§4 O-07). */
export const OKTA_UPDATE = { 'name.middleName': 'Quinn' } as const;

/**
 * O-07 (update) and O-09 (okta-aiw deactivation): the user as the endpoint returned it on O-05, with
 * Okta's changes applied (§1.4), built as the conformance fixtures build it (`asRead`).
 */
export function oktaUserReplaceRequest(kind: 'user.update' | 'user.disable', o: Pick<OktaPlan, 'profile'>, userId: string, read: unknown, set: Readonly<Record<string, unknown>>): ScaleRequest {
  const body = resolveValue({ asRead: { step: 'read', set } }, { bodies: {}, profile: o.profile, vars: {}, responses: { read } });
  return { kind, method: 'PUT', path: `/Users/${seg(userId)}`, body };
}

/** O-10 (okta-oin): the path-less replace of active with a JSON boolean. */
export function oktaDeactivateRequest(userId: string): ScaleRequest {
  return { kind: 'user.disable', method: 'PATCH', path: `/Users/${seg(userId)}`, body: { schemas: [PATCH_OP], Operations: [{ op: 'replace', value: { active: false } }] } };
}
