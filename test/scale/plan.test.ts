// The scale scenario as data: counts, seeded choices, and Entra's bodies per profile.
import { loadBodies } from '../../src/sequences/fixtures';
import * as plan from '../../src/scale/plan';
import { applicableThresholds, defaultThresholds, holds, parseThreshold, ThresholdError, thresholdOrigin } from '../../src/scale/thresholds';

const bodies = loadBodies('entra');
const options = (over: Partial<plan.EntraScaleOptions> = {}): plan.EntraScaleOptions => ({ ...plan.SCALE_DEFAULTS, users: 100, groups: 10, membersPerGroup: 12, runId: 'abcd1234', seed: 7, ...over });

describe('scale plan', () => {
  test('planned counts follow the sizes, the batch size and the wave fractions', () => {
    const c = plan.plannedCounts(options());
    expect(c).toMatchObject({ probe: 2, 'user.lookup': 100, 'user.create': 100, 'group.lookup': 10, 'group.create': 10, 'group.add-members': 30, 'verify.identity': 110, 'verify.user': 100, 'verify.group': 10 });
    expect(c['user.update']).toBe(10);
    expect(c['user.read-before-update']).toBe(10);
    expect(c['user.disable']).toBe(5);
    expect(c['user.delete']).toBe(5);
    expect(c['group.delete']).toBe(1);
    expect(c['cleanup.user']).toBe(95);
    expect(c['cleanup.group']).toBe(9);
    expect(plan.totalPlanned(options())).toBe(Object.values(c).reduce((a, b) => a + b, 0));
  });

  test('the waves are disjoint, seeded and replayable', () => {
    const w = plan.planWaves(options());
    const all = [...w.updated, ...w.disabled, ...w.deletedUsers];
    expect(new Set(all).size).toBe(all.length);
    expect(plan.planWaves(options())).toEqual(w);
    expect(plan.planWaves(options({ seed: 8 }))).not.toEqual(w);
  });

  test('every group gets K distinct members in batches of the batch size', () => {
    const o = options({ memberBatch: 5 });
    for (let g = 0; g < o.groups; g++) {
      const members = plan.groupMembers(o, g);
      expect(new Set(members).size).toBe(12);
      expect(plan.memberBatches(o, g).map((b) => b.length)).toEqual([5, 5, 2]);
    }
  });

  test('names carry the run prefix the sweep finds', () => {
    expect(plan.userName(options(), 3)).toBe('scimc-abcd1234-su000003@example.com');
    expect(plan.groupName(options(), 3)).toBe('scimc-abcd1234-sg000003');
  });

  test("bodies are the Entra suites' bodies for each profile", () => {
    const create = plan.userCreateRequest(options(), 1, bodies).body as Record<string, unknown>;
    expect(create).toMatchObject({ userName: 'scimc-abcd1234-su000001@example.com', externalId: 'scimc-abcd1234-su000001', active: true });
    expect(create).not.toHaveProperty('$comment');
    const add = plan.addMembersRequest(options(), 'g1', ['a', 'b'], bodies);
    expect(add).toMatchObject({ method: 'PATCH', path: '/Groups/g1', body: { Operations: [{ op: 'Add', path: 'members', value: [{ $ref: null, value: 'a' }, { $ref: null, value: 'b' }] }] } });
    expect(plan.addMembersRequest(options({ profile: 'entra-flag' }), 'g1', ['a'], bodies).body).toMatchObject({ Operations: [{ op: 'add' }] });
    expect(plan.userDisableRequest(options(), 'u', bodies).body).toMatchObject({ Operations: [{ op: 'Replace', path: 'active', value: 'False' }] });
    expect(plan.userDisableRequest(options({ profile: 'entra-flag' }), 'u', bodies).body).toMatchObject({ Operations: [{ op: 'replace', path: 'active', value: false }] });
    expect(plan.userUpdateRequest(options({ profile: 'entra-flag' }), 1, 'u/1', bodies)).toMatchObject({ path: '/Users/u%2F1', body: { Operations: [{ op: 'replace' }] } });
    expect(plan.groupLookupRequest(options(), 2).query).toEqual([
      ['excludedAttributes', 'members'],
      ['filter', 'displayName eq "scimc-abcd1234-sg000002"'],
    ]);
  });

  test("Okta's plan: the push, the import pages, no user delete; okta-aiw reads and PUTs each group, okta-oin PATCHes batches", () => {
    const aiw = plan.plannedCounts({ ...options(), profile: 'okta-aiw' });
    const w = plan.planWaves(options());
    const deactivated = plan.oktaDeactivated(w).length;
    expect(deactivated).toBe(w.disabled.length + w.deletedUsers.length);
    expect(aiw).toMatchObject({ probe: 1, 'user.lookup': 100, 'user.create': 100, 'group.read-before-push': 10, 'group.add-members': 10, 'user.import': 1, 'group.import': 1, 'user.read-before-update': 10 + deactivated, 'user.update': 10, 'user.disable': deactivated, 'user.delete': 0, 'cleanup.user': 100 });
    const oin = plan.plannedCounts({ ...options({ users: 250 }), profile: 'okta-oin' });
    expect(oin).toMatchObject({ 'group.read-before-push': 0, 'group.add-members': 30, 'user.import': 3, 'user.read-before-update': 25, 'user.delete': 0, 'cleanup.user': 250 });
    // An empty group is still PUT by okta-aiw ("members": []), never PATCHed by okta-oin.
    expect(plan.plannedCounts({ ...options({ membersPerGroup: 0 }), profile: 'okta-aiw' })['group.add-members']).toBe(10);
    expect(plan.plannedCounts({ ...options({ membersPerGroup: 0 }), profile: 'okta-oin' })['group.add-members']).toBe(0);
    expect(plan.KIND_CATALOGUE['okta-aiw']).toMatchObject({ 'group.add-members': 'O-20', 'user.disable': 'O-09', 'user.import': 'O-06' });
    expect(plan.KIND_CATALOGUE['okta-oin']).toMatchObject({ 'group.add-members': 'O-21', 'user.disable': 'O-10' });
    expect(plan.KIND_CATALOGUE['okta-oin']['user.delete']).toBeUndefined();
  });

  test("Okta's bodies: the create in Okta's key order with a seeded externalId and password; lookups and pages in Okta's parameter order", () => {
    const o = { ...options(), profile: 'okta-oin' as const };
    const create = plan.oktaUserCreateRequest(o, 1).body as Record<string, unknown>;
    expect(Object.keys(create)).toEqual(['schemas', 'userName', 'name', 'emails', 'displayName', 'locale', 'externalId', 'groups', 'password', 'active']);
    expect(create).toMatchObject({ userName: 'scimc-abcd1234-su000001@example.com', groups: [], active: true, locale: 'en-US' });
    expect(create['externalId']).toMatch(/^00u000001[0-9A-Za-z]{11}$/);
    expect(create['password']).toMatch(/^[0-9A-Za-z]{8}$/);
    expect(plan.oktaUserCreateRequest(o, 1)).toEqual(plan.oktaUserCreateRequest(o, 1));
    expect(plan.oktaUserCreateRequest({ ...o, seed: 8 }, 1).body).not.toEqual(create);
    expect(plan.oktaUserCreateRequest(o, 2).body).not.toMatchObject({ externalId: create['externalId'] });
    expect(plan.oktaUserLookupRequest(o, 1).query).toEqual([
      ['filter', 'userName eq "scimc-abcd1234-su000001@example.com"'],
      ['startIndex', '1'],
      ['count', '100'],
    ]);
    expect(plan.oktaImportPageRequest('Groups', 101)).toEqual({ kind: 'group.import', method: 'GET', path: '/Groups', query: [['startIndex', '101'], ['count', '100']] });
    expect(plan.oktaGroupCreateRequest(o, 2).body).toEqual({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'scimc-abcd1234-sg000002', members: [] });
    // The PUT is the resource as read, with Okta's changes; the read is not altered.
    const read = { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], id: 'u/1', userName: 'x', name: { givenName: 'T' }, active: true, meta: { version: 'W/"1"' } };
    const put = plan.oktaUserReplaceRequest('user.update', o, 'u/1', read, plan.OKTA_UPDATE);
    expect(put).toEqual({ kind: 'user.update', method: 'PUT', path: '/Users/u%2F1', body: { ...read, name: { givenName: 'T', middleName: 'Quinn' } } });
    expect(plan.oktaUserReplaceRequest('user.disable', o, 'u/1', read, { active: false }).body).toEqual({ ...read, active: false });
    expect(read.active).toBe(true);
    expect(plan.oktaDeactivateRequest('u1').body).toEqual({ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', value: { active: false } }] });
  });

  test('bad options are refused with sentences', () => {
    expect(plan.validateScaleOptions(options({ membersPerGroup: 101 }))).toEqual([expect.stringMatching(/cannot exceed the number of users/)]);
    expect(plan.validateScaleOptions(options({ updateFraction: 0.9, deleteFraction: 0.2 }))).toEqual([expect.stringMatching(/cannot exceed 1/)]);
    expect(plan.validateScaleOptions(options({ runId: 'x-y' }))).toHaveLength(1);
  });
});

describe('thresholds', () => {
  test('k6-style expressions, overall and per kind', () => {
    expect(parseThreshold('p95<500ms')).toMatchObject({ metric: 'p95', op: '<', value: 500 });
    expect(parseThreshold('p99<=1.5s')).toMatchObject({ metric: 'p99', op: '<=', value: 1500 });
    expect(parseThreshold('errors<0.1%')).toMatchObject({ metric: 'errors', value: 0.001 });
    expect(parseThreshold('rps>=25')).toMatchObject({ metric: 'rps', op: '>=', value: 25 });
    expect(parseThreshold('user.create:p95<800ms')).toMatchObject({ kind: 'user.create', metric: 'p95', value: 800 });
    expect(holds(parseThreshold('rps>=25'), 25)).toBe(true);
    expect(holds(parseThreshold('p95<500ms'), 500)).toBe(false);
  });

  test('nonsense is refused with the syntax', () => {
    expect(() => parseThreshold('p95 below 5')).toThrow(ThresholdError);
    expect(() => parseThreshold('bogus.kind:p95<1ms')).toThrow(/unknown request kind/);
    expect(() => parseThreshold('p95<5%')).toThrow(/latency/);
    expect(() => parseThreshold('errors<5ms')).toThrow(/rate/);
  });

  test("Okta's defaults come from Okta's documentation, without a rate", () => {
    expect(defaultThresholds(undefined, 'okta').map((t) => t.text)).toEqual(['errors<0.1%', 'max<60s']);
    for (const t of defaultThresholds(undefined, 'okta')) expect(t.source).toMatch(/okta-requests\.md §/);
  });

  test('the defaults name their sources; a paced run below 25 rps drops the rate default', () => {
    expect(defaultThresholds(undefined).map((t) => t.text)).toEqual(['errors<0.1%', 'max<60s', 'rps>=25']);
    for (const t of defaultThresholds(undefined)) expect(t.source).toMatch(/entra-requests\.md §/);
    expect(defaultThresholds(10).map((t) => t.text)).not.toContain('rps>=25');
  });

  test('a --threshold adds to the defaults; one on the same metric without a kind replaces that default only', () => {
    const applied = (...given: string[]) => applicableThresholds(given.map(parseThreshold), undefined).map((t) => `${t.text} (${thresholdOrigin(t)})`);
    // A latency criterion leaves errors<0.1% in force: a run whose disables are all refused still fails.
    expect(applied('p95<500ms')).toEqual(['p95<500ms (--threshold)', 'errors<0.1% (default)', 'max<60s (default)', 'rps>=25 (default)']);
    expect(applied('errors<1%', 'user.create:errors<5%', 'user.create:max<2s')).toEqual([
      'errors<1% (--threshold, replacing the default errors<0.1%)',
      'user.create:errors<5% (--threshold)',
      'user.create:max<2s (--threshold)',
      'max<60s (default)',
      'rps>=25 (default)',
    ]);
    expect(applied()).toEqual(['errors<0.1% (default)', 'max<60s (default)', 'rps>=25 (default)']);
    expect(applicableThresholds([parseThreshold('p95<1s')], 10).map((t) => t.text)).toEqual(['p95<1s', 'errors<0.1%', 'max<60s']);
  });
});
