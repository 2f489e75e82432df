// The single-resource properties: each generated case creates its own user or group under its own
// name prefix, sends Entra-shaped requests in the profile being run, judges what comes back and
// deletes what it created. A failing case shrinks to one user with the one offending value.
import fc from 'fast-check';
import { propertyChecks } from '../checks/properties';
import { expectSentValuesBack } from '../checks/readback';
import { Violation, violation } from '../checks/violation';
import type { CheckDefinition } from '../checks/types';
import {
  applyChanges,
  changesArb,
  clientUserArb,
  type ClientUser,
  entraGroup,
  entraUser,
  singleValuedEdit,
  sparseUser,
  withDerivedChange,
  type Change,
  type EntraGroup,
  type EntraUser,
  scopedChanges,
  type SingleValuedEdit,
} from './arbitraries';
import { opName, pathForm, pathlessForm, patchBody, planChanges, entraUserPatch, type PlannedChange } from './requests';
import type { PropertySpec } from './runner';
import { clientUserBody, compareClientUser, scopeClientUser, showClientUser } from './client-user';
import { createGroup, createUser, createUserWithBody, expectGroupFound, expectUser, expectUserFound, patch, readUser } from './steps';
import { createUserBody, describeStateMismatches, scoped, scopedValue, withDerived, type Attrs, type UserState } from './user-state';

export function propertyCheck(id: string): CheckDefinition {
  const check = propertyChecks.find((c) => c.id === id);
  if (!check) throw new Error(`unknown property check ${id}`);
  return check;
}

const q = (v: string): string => JSON.stringify(v);

/** `userName "a@contoso.com", displayName "Zoë", title "VP, R&D"`: the generated user as it reads best. */
export function showUser(u: EntraUser): string {
  return [`userName ${q(u.userName)}`, ...Object.entries(u.attrs).map(([k, v]) => `${k} ${q(v)}`)].join(', ');
}

export function showChanges(changes: readonly Change[]): string {
  return changes.map((c) => `${c.path} ${q(c.value)}`).join(', ');
}

/** The user as created under a name prefix: userName, and the values unique in a tenant, carry it. */
const stateOf = (prefix: string, u: EntraUser, attrs: Attrs = u.attrs): UserState => ({ userName: prefix + u.userName, active: true, attrs: scoped(prefix, attrs) });

// ---------------------------------------------------------------- round trip

export const roundTrip: PropertySpec<EntraUser> = {
  check: propertyCheck('properties.users.round-trip'),
  tag: 'r',
  defaultRuns: 8,
  requestsPerCase: 3,
  traffic: 'client',
  arbitrary: () => entraUser,
  async run(u, c) {
    const state = stateOf(c.prefix, u);
    const id = await createUser(c, state);
    const resource = await readUser(c, id);
    try {
      expectSentValuesBack(createUserBody(state), resource, { discovery: c.env.discovery, resourceType: 'User' });
    } catch (err) {
      if (err instanceof Violation) violation(`GET /Users/{id} returns every value Entra sent:\n${err.expected}`, err.received);
      throw err;
    }
  },
  show: (u) => `POST /Users for ${showUser(u)}`,
};

// ---------------------------------------------------------------- what other clients send

export const createInactive: PropertySpec<EntraUser> = {
  check: propertyCheck('properties.users.create.inactive'),
  tag: 'i',
  defaultRuns: 3,
  requestsPerCase: 4,
  traffic: 'suite',
  arbitrary: () => sparseUser,
  async run(u, c) {
    const state: UserState = { ...stateOf(c.prefix, u), active: false };
    const id = await createUser(c, state);
    const active = (await readUser(c, id))['active'];
    if (active !== false) violation('GET /Users/{id} of a user created with "active": false reads "active": false', `"active": ${JSON.stringify(active) ?? '(absent)'}`);
  },
  show: (u) => `POST /Users for ${showUser(u)}, "active": false\nGET /Users/{id}`,
};

export const anyClientRoundTrip: PropertySpec<ClientUser> = {
  check: propertyCheck('properties.users.create.any-client'),
  tag: 'o',
  defaultRuns: 5,
  requestsPerCase: 4,
  traffic: 'suite',
  arbitrary: () => clientUserArb(fc.constant(true)),
  async run(u, c) {
    const sent = scopeClientUser(c.prefix, u);
    const id = await createUserWithBody(c, sent.userName, clientUserBody(sent));
    const mismatches = compareClientUser(sent, await readUser(c, id), c.env.discovery);
    if (mismatches.length === 0) return;
    const d = describeStateMismatches(mismatches);
    violation(`GET /Users/{id} returns what the client sent:\n${d.expected}`, d.received);
  },
  show: (u) => `POST /Users for ${showClientUser(u)}\nGET /Users/{id}`,
};

// ---------------------------------------------------------------- lookups

type LetterCase = 'upper' | 'lower' | 'swap';
const recase = (s: string, how: LetterCase): string =>
  how === 'upper' ? s.toUpperCase() : how === 'lower' ? s.toLowerCase() : [...s].map((ch) => (ch === ch.toUpperCase() ? ch.toLowerCase() : ch.toUpperCase())).join('');

export const lookupAnyCase: PropertySpec<{ user: EntraUser; letterCase: LetterCase }> = {
  check: propertyCheck('properties.users.lookup.any-case'),
  tag: 'l',
  defaultRuns: 6,
  requestsPerCase: 3,
  traffic: 'client',
  arbitrary: () => fc.record({ user: sparseUser, letterCase: fc.constantFrom<LetterCase>('upper', 'lower', 'swap') }),
  async run({ user, letterCase }, c) {
    const state = stateOf(c.prefix, user);
    const id = await createUser(c, state);
    await expectUserFound(c, recase(state.userName, letterCase), id, state.userName, 'lookup in another case');
  },
  show: ({ user, letterCase }) => `POST /Users for ${showUser(user)}\nGET /Users?filter=userName eq <the userName in ${letterCase} case>`,
};

export const groupLookupEscaped: PropertySpec<EntraGroup> = {
  check: propertyCheck('properties.groups.lookup.escaped-name'),
  tag: 'g',
  defaultRuns: 8,
  requestsPerCase: 3,
  traffic: 'client',
  arbitrary: () => entraGroup,
  async run(g, c) {
    const displayName = c.prefix + g.displayName;
    const id = await createGroup(c, g, displayName);
    await expectGroupFound(c, displayName, id, 'lookup by displayName');
  },
  show: (g) => `POST /Groups for displayName ${q(g.displayName)}\nGET /Groups?excludedAttributes=members&filter=displayName eq ${q(g.displayName)}`,
};

// ---------------------------------------------------------------- PATCH: Add vs Replace

export interface AddReplaceCase extends SingleValuedEdit {
  user: EntraUser;
  /** Add with the first value, then Replace with the second; or the other way round. */
  addFirst: boolean;
}

export const addEqualsReplace: PropertySpec<AddReplaceCase> = {
  check: propertyCheck('properties.users.patch.add-equals-replace'),
  tag: 'a',
  defaultRuns: 5,
  requestsPerCase: 6,
  traffic: 'client',
  arbitrary: () => fc.tuple(entraUser, singleValuedEdit, fc.boolean()).map(([user, edit, addFirst]) => ({ user, ...edit, addFirst })),
  async run(k, c) {
    const attrs: Record<string, string> = { ...k.user.attrs };
    if (k.before === undefined) delete attrs[k.path];
    else attrs[k.path] = k.before;
    let state = stateOf(c.prefix, k.user, withDerived(attrs));
    const id = await createUser(c, state);
    const steps: Array<['add' | 'replace', string]> = k.addFirst ? [['add', k.first], ['replace', k.second]] : [['replace', k.first], ['add', k.second]];
    for (const [op, value] of steps) {
      // One attribute keeps its path in both profiles (R-06a); name.formatted is left as it was.
      const sent = scopedValue(c.prefix, k.path, value);
      await patch(c, 'Users', id, patchBody([{ op: opName(c.profile, op), path: k.path, value: sent }]), `${op} ${k.path}`);
      state = { ...state, attrs: { ...state.attrs, [k.path]: sent } };
      expectUser(c, await readUser(c, id, `read after ${op}`), state, `GET /Users/{id} after "${opName(c.profile, op)}" of ${k.path} reads back`);
    }
  },
  show: (k) => {
    const [op1, op2] = k.addFirst ? ['add', 'replace'] : ['replace', 'add'];
    return [
      `POST /Users for ${showUser({ ...k.user, attrs: k.before === undefined ? k.user.attrs : { ...k.user.attrs, [k.path]: k.before } })}`,
      `PATCH /Users/{id} ${op1} ${k.path} ${q(k.first)}`,
      `PATCH /Users/{id} ${op2} ${k.path} ${q(k.second)}`,
    ].join('\n');
  },
};

// ---------------------------------------------------------------- PATCH: path form vs path-less form

export interface ChangeCase {
  user: EntraUser;
  changes: Change[];
}

/** Plain attributes change often (so several fold into one path-less op); filtered paths less often. */
const foldableChanges = changesArb((s) => (s.where === 'multi' ? [1, 4] : [1, 1]));

/** What Entra sends for these changes to a user created under `prefix`, and the state after them. */
function planned(prefix: string, user: EntraUser, changes: readonly Change[]): { plan: PlannedChange[]; after: UserState } {
  const before = stateOf(prefix, user);
  const mine = scopedChanges(prefix, changes);
  return { plan: planChanges(before.attrs, withDerivedChange(before.attrs, mine)), after: { ...before, attrs: applyChanges(before.attrs, mine) } };
}

export const pathlessEqualsPath: PropertySpec<ChangeCase> = {
  check: propertyCheck('properties.users.patch.pathless-equals-path'),
  tag: 'p',
  defaultRuns: 5,
  requestsPerCase: 8,
  traffic: 'client',
  arbitrary: () => fc.record({ user: entraUser, changes: foldableChanges }),
  async run(k, c) {
    // Two users with the same values (but their own userName, mailNickname and mail).
    const [pa, pb] = [`${c.prefix}a-`, `${c.prefix}b-`];
    const idA = await createUser(c, stateOf(pa, k.user), 'userA');
    const idB = await createUser(c, stateOf(pb, k.user), 'userB');
    const a = planned(pa, k.user, k.changes);
    const b = planned(pb, k.user, k.changes);
    await patch(c, 'Users', idA, pathForm(c.profile, a.plan), 'path form');
    await patch(c, 'Users', idB, pathlessForm(c.profile, b.plan), 'path-less form');
    expectUser(c, await readUser(c, idA, 'read path form'), a.after, 'GET /Users/{id} after the PATCH in path form (one op per attribute) reads back');
    expectUser(c, await readUser(c, idB, 'read path-less form'), b.after, 'GET /Users/{id} after the same change as a path-less value object reads back, like the path form did');
  },
  show: (k) => `POST /Users twice for ${showUser(k.user)}\nPATCH one with paths, the other path-less: ${showChanges(k.changes)}`,
};

// ---------------------------------------------------------------- PATCH: retry

export const retryIdempotent: PropertySpec<ChangeCase> = {
  check: propertyCheck('properties.users.patch.retry-idempotent'),
  tag: 't',
  defaultRuns: 5,
  requestsPerCase: 6,
  traffic: 'client',
  arbitrary: () => fc.record({ user: entraUser, changes: changesArb() }),
  async run(k, c) {
    const id = await createUser(c, stateOf(c.prefix, k.user));
    const { plan, after: expected } = planned(c.prefix, k.user, k.changes);
    const body = entraUserPatch(c.profile, plan);
    await patch(c, 'Users', id, body, 'PATCH');
    expectUser(c, await readUser(c, id, 'read after PATCH'), expected, 'GET /Users/{id} after the PATCH reads back');
    await patch(c, 'Users', id, body, 'same PATCH again (retry)');
    expectUser(c, await readUser(c, id, 'read after retry'), expected, 'GET /Users/{id} after the same PATCH was sent again still reads back exactly');
  },
  show: (k) => `POST /Users for ${showUser(k.user)}\nPATCH /Users/{id} twice: ${showChanges(k.changes)}`,
};
