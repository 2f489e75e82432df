// The model-based run: fast-check generates sequences of the operations Entra really sends (create,
// match, update, disable, enable and delete users; create groups with members, add and remove
// members, rename and delete groups; retry the last PATCH), runs them against the endpoint and
// against a small model of the directory, and after each one reads back what the operation touched:
// the endpoint must agree with the model. Each command logs itself as an HTTP line, so a shrunk
// counterexample reads like a provisioning log.
import fc from 'fast-check';
import { isObject } from '../checks/assert';
import { declaredNeverReturned } from '../checks/declared';
import { violation } from '../checks/violation';
import { applyChanges, changesArb, entraGroup, entraUser, groupName, scopedChanges, upn, withDerivedChange, type Change, type EntraGroup, type EntraUser } from './arbitraries';
import { propertyCheck, showChanges, showUser } from './properties';
import { activePatch, addMembersPatch, entraUserPatch, opName, planChanges, removeMemberPatch, renameGroupPatch, type PlannedChange } from './requests';
import type { PropertySpec } from './runner';
import type { CaseContext } from './session';
import { createGroup, createUser, expectGroupAbsent, expectUser, expectUserAbsent, expectUserFound, patch, readGroup, readUser, remove } from './steps';
import { scoped, type UserState } from './user-state';

// ---------------------------------------------------------------- the model

export interface ModelUser {
  handle: string;
  id: string;
  state: UserState;
  deleted: boolean;
}

export interface ModelGroup {
  handle: string;
  id: string;
  displayName: string;
  externalId: string;
  /** Handles of member users. */
  members: string[];
  deleted: boolean;
}

export interface LastPatch {
  type: 'Users' | 'Groups';
  handle: string;
  body: unknown;
  line: string;
}

/** What Entra believes the directory holds. Deliberately smaller than a SCIM server: mapped values, active, membership. */
export class Directory {
  readonly users: ModelUser[] = [];
  readonly groups: ModelGroup[] = [];
  lastPatch: LastPatch | undefined;

  liveUsers(): ModelUser[] {
    return this.users.filter((u) => !u.deleted);
  }

  liveGroups(): ModelGroup[] {
    return this.groups.filter((g) => !g.deleted);
  }

  user(handle: string): ModelUser {
    const u = this.users.find((x) => x.handle === handle);
    if (!u) throw new Error(`model has no user ${handle}`);
    return u;
  }
}

export const MAX_USERS = 4;
export const MAX_GROUPS = 3;

const q = (v: string): string => JSON.stringify(v);
const pick = <T>(items: readonly T[], n: number): T => items[n % items.length]!;

/** The group read back holds Entra's displayName, externalId and exactly the model's members, once each. */
function expectGroup(c: CaseContext, resource: Record<string, unknown>, g: ModelGroup, m: Directory, context: string): void {
  const expected: string[] = [];
  const received: string[] = [];
  if (resource['displayName'] !== g.displayName) {
    expected.push(`displayName: ${q(g.displayName)}`);
    received.push(`displayName: ${JSON.stringify(resource['displayName'])}`);
  }
  if (resource['externalId'] !== g.externalId) {
    expected.push(`externalId: ${q(g.externalId)}`);
    received.push(`externalId: ${JSON.stringify(resource['externalId'])}`);
  }
  const want = g.members.map((h) => m.user(h).id).sort();
  const raw = resource['members'];
  // An endpoint that declares members "returned": "never" cannot have its membership read back; that is
  // entra.groups.members.verifiable's finding, not a disagreement with the model.
  if (raw === undefined && declaredNeverReturned(c.env.discovery, 'Group', ['members'])) {
    if (expected.length > 0) violation(`${context}:\n${expected.join('\n')}`, received.join('\n'));
    return;
  }
  const got = (Array.isArray(raw) ? raw : []).map((x) => (isObject(x) ? x['value'] : x));
  if (JSON.stringify(want) !== JSON.stringify([...got].map(String).sort())) {
    // Ids as the model's handles ({u1}), so the same counterexample reads the same in every run.
    const name = (id: unknown) => {
      const u = m.users.find((x) => x.id === id);
      return u ? `{${u.handle}}` : JSON.stringify(id);
    };
    expected.push(`members: ${g.members.length === 0 ? 'none' : g.members.map((h) => `{${h}}`).join(', ')}`);
    received.push(`members: ${got.length === 0 ? 'none' : got.map(name).join(', ')}`);
  }
  if (expected.length > 0) violation(`${context}:\n${expected.join('\n')}`, received.join('\n'));
}

// ---------------------------------------------------------------- commands

type Cmd = fc.AsyncCommand<Directory, CaseContext>;

class ProvisionUser implements Cmd {
  constructor(readonly user: EntraUser) {}
  check = (m: Directory) => m.liveUsers().length < MAX_USERS;
  async run(m: Directory, c: CaseContext): Promise<void> {
    const handle = `u${m.users.length + 1}`;
    const prefix = `${c.prefix}${handle}-`;
    const state: UserState = { userName: prefix + this.user.userName, active: true, attrs: scoped(prefix, this.user.attrs) };
    c.log.push(`GET /Users?filter=userName eq {${handle}}; POST /Users {${handle}} ${showUser(this.user)}`);
    await expectUserAbsent(c, state.userName, `match ${handle} (absent)`);
    const id = await createUser(c, state, handle);
    m.users.push({ handle, id, state, deleted: false });
    expectUser(c, await readUser(c, id, `read ${handle}`), state, `GET /Users/{${handle}} after POST reads back`);
  }
  toString = () => `POST /Users ${showUser(this.user)}`;
}

class LookupUser implements Cmd {
  constructor(readonly n: number) {}
  check = (m: Directory) => m.users.length > 0;
  async run(m: Directory, c: CaseContext): Promise<void> {
    const u = pick(m.users, this.n);
    c.log.push(`GET /Users?filter=userName eq {${u.handle}}${u.deleted ? ' (deleted)' : ''}`);
    if (u.deleted) return expectUserAbsent(c, u.state.userName, `match ${u.handle} (deleted)`);
    const found = await expectUserFound(c, u.state.userName, u.id, u.state.userName, `match ${u.handle}`);
    expectUser(c, found, u.state, `the user {${u.handle}} listed by userName eq holds`);
  }
  toString = () => `GET /Users?filter=userName eq {user #${this.n}}`;
}

class UpdateUser implements Cmd {
  constructor(
    readonly n: number,
    readonly changes: Change[],
    /** A UPN change (the user renamed in Entra): the new part after the user's prefix. */
    readonly newUserName: string | undefined,
  ) {}
  check = (m: Directory) => m.liveUsers().length > 0;
  async run(m: Directory, c: CaseContext): Promise<void> {
    const u = pick(m.liveUsers(), this.n);
    const prefix = `${c.prefix}${u.handle}-`;
    const changes = scopedChanges(prefix, this.changes);
    const plan: PlannedChange[] = planChanges(u.state.attrs, withDerivedChange(u.state.attrs, changes));
    const userName = this.newUserName === undefined ? u.state.userName : prefix + this.newUserName;
    if (userName !== u.state.userName) plan.unshift({ path: 'userName', value: userName, op: 'replace' });
    const body = entraUserPatch(c.profile, plan);
    // Logged with the values as generated (without the user's name prefix).
    const shown = (p: PlannedChange) => (p.path === 'userName' ? q(this.newUserName!) : q(p.value.startsWith(prefix) ? p.value.slice(prefix.length) : p.value));
    const line = `PATCH /Users/{${u.handle}} ${plan.map((p) => `${opName(c.profile, p.op)} ${p.path} ${shown(p)}`).join('; ')}`;
    c.log.push(line);
    await patch(c, 'Users', u.id, body, `update ${u.handle}`);
    u.state = { ...u.state, userName, attrs: applyChanges(u.state.attrs, changes) };
    m.lastPatch = { type: 'Users', handle: u.handle, body, line };
    expectUser(c, await readUser(c, u.id, `read ${u.handle}`), u.state, `GET /Users/{${u.handle}} after the PATCH reads back`);
  }
  toString = () => `PATCH /Users/{user #${this.n}} ${showChanges(this.changes)}${this.newUserName ? `, userName ${q(this.newUserName)}` : ''}`;
}

class SetActive implements Cmd {
  constructor(
    readonly n: number,
    readonly active: boolean,
  ) {}
  private candidates = (m: Directory) => m.liveUsers().filter((u) => u.state.active !== this.active);
  check = (m: Directory) => this.candidates(m).length > 0;
  async run(m: Directory, c: CaseContext): Promise<void> {
    const u = pick(this.candidates(m), this.n);
    const body = activePatch(c.profile, this.active);
    const line = `PATCH /Users/{${u.handle}} ${opName(c.profile, 'replace')} active ${JSON.stringify((body['Operations'] as Array<{ value: unknown }>)[0]!.value)}`;
    c.log.push(line);
    await patch(c, 'Users', u.id, body, `${this.active ? 'enable' : 'disable'} ${u.handle}`);
    u.state = { ...u.state, active: this.active };
    m.lastPatch = { type: 'Users', handle: u.handle, body, line };
    expectUser(c, await readUser(c, u.id, `read ${u.handle}`), u.state, `GET /Users/{${u.handle}} after ${this.active ? 'enabling' : 'disabling'} reads back`);
  }
  toString = () => `PATCH /Users/{${this.active ? 'inactive' : 'active'} user #${this.n}} active ${this.active}`;
}

class DeleteUser implements Cmd {
  constructor(readonly n: number) {}
  check = (m: Directory) => m.liveUsers().length > 0;
  async run(m: Directory, c: CaseContext): Promise<void> {
    const u = pick(m.liveUsers(), this.n);
    c.log.push(`DELETE /Users/{${u.handle}}`);
    await remove(c, 'Users', u.id, `delete ${u.handle}`);
    u.deleted = true;
    m.lastPatch = undefined;
    // A deleted user is nobody's member any more (RFC 7643 §4.2 members reference existing resources).
    for (const g of m.liveGroups().filter((x) => x.members.includes(u.handle))) {
      g.members = g.members.filter((h) => h !== u.handle);
      expectGroup(c, await readGroup(c, g.id, `read ${g.handle}`), g, m, `GET /Groups/{${g.handle}} after its member {${u.handle}} was deleted holds`);
    }
  }
  toString = () => `DELETE /Users/{user #${this.n}}`;
}

class ProvisionGroup implements Cmd {
  constructor(
    readonly group: EntraGroup,
    /** Which live users Entra adds right after creating the group (R-13 then R-15). */
    readonly memberPicks: number[],
  ) {}
  check = (m: Directory) => m.liveGroups().length < MAX_GROUPS;
  async run(m: Directory, c: CaseContext): Promise<void> {
    const handle = `g${m.groups.length + 1}`;
    const displayName = `${c.prefix}${handle}-${this.group.displayName}`;
    const live = m.liveUsers();
    const members = live.length === 0 ? [] : [...new Set(this.memberPicks.map((n) => pick(live, n).handle))];
    c.log.push(`GET /Groups?excludedAttributes=members&filter=displayName eq {${handle}}; POST /Groups {${handle}} displayName ${q(this.group.displayName)}`);
    await expectGroupAbsent(c, displayName, `match ${handle} (absent)`);
    const id = await createGroup(c, this.group, displayName, handle);
    const g: ModelGroup = { handle, id, displayName, externalId: this.group.externalId, members: [], deleted: false };
    m.groups.push(g);
    if (members.length > 0) {
      const body = addMembersPatch(c.profile, members.map((h) => m.user(h).id));
      const line = `PATCH /Groups/{${handle}} ${opName(c.profile, 'add')} members ${members.map((h) => `{${h}}`).join(', ')}`;
      c.log.push(line);
      await patch(c, 'Groups', id, body, `add members to ${handle}`);
      g.members = members;
      m.lastPatch = { type: 'Groups', handle, body, line };
    }
    expectGroup(c, await readGroup(c, id, `read ${handle}`), g, m, `GET /Groups/{${handle}} after it was provisioned holds`);
  }
  toString = () => `POST /Groups displayName ${q(this.group.displayName)}${this.memberPicks.length > 0 ? ` + members user #${this.memberPicks.join(', #')}` : ''}`;
}

class AddMember implements Cmd {
  constructor(
    readonly gn: number,
    readonly un: number,
  ) {}
  private groups = (m: Directory) => m.liveGroups().filter((g) => m.liveUsers().some((u) => !g.members.includes(u.handle)));
  check = (m: Directory) => this.groups(m).length > 0;
  async run(m: Directory, c: CaseContext): Promise<void> {
    const g = pick(this.groups(m), this.gn);
    const u = pick(m.liveUsers().filter((x) => !g.members.includes(x.handle)), this.un);
    const body = addMembersPatch(c.profile, [u.id]);
    const line = `PATCH /Groups/{${g.handle}} ${opName(c.profile, 'add')} members {${u.handle}}`;
    c.log.push(line);
    await patch(c, 'Groups', g.id, body, `add ${u.handle} to ${g.handle}`);
    g.members = [...g.members, u.handle];
    m.lastPatch = { type: 'Groups', handle: g.handle, body, line };
    expectGroup(c, await readGroup(c, g.id, `read ${g.handle}`), g, m, `GET /Groups/{${g.handle}} after adding {${u.handle}} holds`);
  }
  toString = () => `PATCH /Groups/{group #${this.gn}} add members {user #${this.un}}`;
}

class RemoveMember implements Cmd {
  constructor(
    readonly gn: number,
    readonly mn: number,
  ) {}
  private groups = (m: Directory) => m.liveGroups().filter((g) => g.members.length > 0);
  check = (m: Directory) => this.groups(m).length > 0;
  async run(m: Directory, c: CaseContext): Promise<void> {
    const g = pick(this.groups(m), this.gn);
    const member = pick(g.members, this.mn);
    const body = removeMemberPatch(c.profile, m.user(member).id);
    const line = `PATCH /Groups/{${g.handle}} ${opName(c.profile, 'remove')} ${c.profile === 'entra' ? `members {${member}}` : `members[value eq {${member}}]`}`;
    c.log.push(line);
    await patch(c, 'Groups', g.id, body, `remove ${member} from ${g.handle}`);
    g.members = g.members.filter((h) => h !== member);
    m.lastPatch = { type: 'Groups', handle: g.handle, body, line };
    expectGroup(c, await readGroup(c, g.id, `read ${g.handle}`), g, m, `GET /Groups/{${g.handle}} after removing {${member}} holds`);
  }
  toString = () => `PATCH /Groups/{group with members #${this.gn}} remove member #${this.mn}`;
}

class RenameGroup implements Cmd {
  constructor(
    readonly n: number,
    readonly name: string,
  ) {}
  check = (m: Directory) => m.liveGroups().length > 0;
  async run(m: Directory, c: CaseContext): Promise<void> {
    // Entra renames groups that are in scope, which usually have members: prefer those.
    const withMembers = m.liveGroups().filter((x) => x.members.length > 0);
    const g = pick(withMembers.length > 0 ? withMembers : m.liveGroups(), this.n);
    const displayName = `${c.prefix}${g.handle}-${this.name}`;
    const body = renameGroupPatch(c.profile, displayName);
    const line = `PATCH /Groups/{${g.handle}} ${opName(c.profile, 'replace')} displayName ${q(this.name)}`;
    c.log.push(line);
    await patch(c, 'Groups', g.id, body, `rename ${g.handle}`);
    g.displayName = displayName;
    m.lastPatch = { type: 'Groups', handle: g.handle, body, line };
    expectGroup(c, await readGroup(c, g.id, `read ${g.handle}`), g, m, `GET /Groups/{${g.handle}} after the rename holds`);
  }
  toString = () => `PATCH /Groups/{group #${this.n}} replace displayName ${q(this.name)}`;
}

class DeleteGroup implements Cmd {
  constructor(readonly n: number) {}
  check = (m: Directory) => m.liveGroups().length > 0;
  async run(m: Directory, c: CaseContext): Promise<void> {
    const g = pick(m.liveGroups(), this.n);
    c.log.push(`DELETE /Groups/{${g.handle}}`);
    await remove(c, 'Groups', g.id, `delete ${g.handle}`);
    g.deleted = true;
    m.lastPatch = undefined;
  }
  toString = () => `DELETE /Groups/{group #${this.n}}`;
}

/** Entra retries an operation whose answer it did not get: the same PATCH again must change nothing. */
class RetryLastPatch implements Cmd {
  check = (m: Directory) => m.lastPatch !== undefined;
  async run(m: Directory, c: CaseContext): Promise<void> {
    const last = m.lastPatch!;
    c.log.push(`${last.line} (sent again: retry)`);
    if (last.type === 'Users') {
      const u = m.user(last.handle);
      await patch(c, 'Users', u.id, last.body, `retry on ${u.handle}`);
      expectUser(c, await readUser(c, u.id, `read ${u.handle}`), u.state, `GET /Users/{${u.handle}} after the same PATCH was sent again still reads back`);
    } else {
      const g = m.groups.find((x) => x.handle === last.handle)!;
      await patch(c, 'Groups', g.id, last.body, `retry on ${g.handle}`);
      expectGroup(c, await readGroup(c, g.id, `read ${g.handle}`), g, m, `GET /Groups/{${g.handle}} after the same PATCH was sent again still holds`);
    }
  }
  toString = () => 'retry the last PATCH';
}

// ---------------------------------------------------------------- the property

/** Fewer attributes per update than at creation: an incremental cycle sends what changed. */
const updateChanges = changesArb(() => [1, 3]);

const n = fc.nat({ max: 7 });
const provisionGroup = fc.tuple(entraGroup, fc.array(n, { minLength: 1, maxLength: 3 })).map(([g, picks]) => new ProvisionGroup(g, picks));

/** The operations of incremental cycles; repeats weigh the ones Entra sends most. */
export function commandArbitraries(): Array<fc.Arbitrary<Cmd>> {
  const provisionUser = entraUser.map((u): Cmd => new ProvisionUser(u));
  const update = fc.tuple(n, updateChanges, fc.option(upn, { freq: 8, nil: undefined })).map(([i, ch, un]): Cmd => new UpdateUser(i, ch, un));
  const rename = fc.tuple(n, groupName).map(([i, name]): Cmd => new RenameGroup(i, name));
  return [
    provisionUser,
    n.map((i): Cmd => new LookupUser(i)),
    update,
    update,
    n.map((i): Cmd => new SetActive(i, false)),
    n.map((i): Cmd => new SetActive(i, true)),
    n.map((i): Cmd => new DeleteUser(i)),
    provisionGroup,
    fc.tuple(n, n).map(([g, u]): Cmd => new AddMember(g, u)),
    fc.tuple(n, n).map(([g, u]): Cmd => new RemoveMember(g, u)),
    rename,
    rename,
    rename,
    rename,
    n.map((i): Cmd => new DeleteGroup(i)),
    fc.constant<Cmd>(new RetryLastPatch()),
  ];
}

/** What an initial cycle provisions before the incremental ones: users first, then groups with members (§3.3, §3.8). */
export interface InitialCycle {
  users: EntraUser[];
  groups: ProvisionGroup[];
}

const initialCycle: fc.Arbitrary<InitialCycle> = fc.record({
  users: fc.array(entraUser, { minLength: 1, maxLength: 2 }),
  groups: fc.oneof({ withCrossShrink: true }, { weight: 1, arbitrary: fc.constant<ProvisionGroup[]>([]) }, { weight: 19, arbitrary: fc.array(provisionGroup, { minLength: 1, maxLength: 2 }) }),
});

export const MAX_COMMANDS = 8;

export type DirectoryCase = [InitialCycle, Iterable<Cmd>];

export const directoryAgrees: PropertySpec<DirectoryCase> = {
  check: propertyCheck('properties.directory.model-agrees'),
  tag: 'm',
  defaultRuns: 6,
  requestsPerCase: 30,
  traffic: 'client',
  // Unbiased: fast-check's bias would make the first sequences one or two commands long.
  arbitrary: (_profile, replayPath) =>
    fc.noBias(fc.tuple(initialCycle, fc.commands(commandArbitraries(), { maxCommands: MAX_COMMANDS, size: 'max', ...(replayPath !== undefined ? { replayPath } : {}) }))),
  async run([initial, cmds], c) {
    const setup = async () => {
      const model = new Directory();
      for (const u of initial.users) await new ProvisionUser(u).run(model, c);
      for (const g of initial.groups) await g.run(model, c);
      return { model, real: c };
    };
    await fc.asyncModelRun(setup, cmds);
  },
  show: (_value, c) => c.log.join('\n'),
};
