// PATCH engine (RFC 7644 §3.5.2) on stored data, with the request shapes of entra-requests.md.
import { ScimError } from '../../src/server/errors';
import type { FaultName } from '../../src/server/faults';
import type { JsonObject } from '../../src/server/json';
import { applyPatch, eqTemplate, type PatchContext } from '../../src/server/patch';
import { hooksFor } from '../../src/server/switches';
import { parseFilter } from '../../src/server/filter';
import { RESOURCE_TYPES } from '../../src/server/schema-defs';

const PATCH_URN = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const User = RESOURCE_TYPES.User;
const Group = RESOURCE_TYPES.Group;

const existing: Record<string, 'User' | 'Group'> = { u1: 'User', u2: 'User', u3: 'User', boss: 'User', g9: 'Group' };

function ctx(faults: FaultName[] = [], selfId = 'self'): PatchContext {
  return { ...hooksFor(faults), memberType: (id) => existing[id], selfId };
}

const body = (...Operations: unknown[]): JsonObject => ({ schemas: [PATCH_URN], Operations });
const patchUser = (data: JsonObject, ...ops: unknown[]): JsonObject => applyPatch(User, data, body(...ops), ctx());
const patchGroup = (data: JsonObject, ...ops: unknown[]): JsonObject => applyPatch(Group, data, body(...ops), ctx());

function user(): JsonObject {
  return {
    userName: 'Test_User_00aa00aa@testuser.com',
    externalId: '0a21f0f2',
    active: true,
    name: { formatted: 'givenName familyName', familyName: 'familyName', givenName: 'givenName' },
    emails: [{ value: 'Test_User_11bb11bb@testuser.com', type: 'work', primary: true }],
  };
}

function patchError(fn: () => unknown): ScimError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ScimError) return e;
    throw e;
  }
  throw new Error('expected the PATCH to fail');
}

describe('Entra user updates, default mode', () => {
  test('R-05: Replace through emails[type eq "work"].value and name.familyName', () => {
    const out = patchUser(
      user(),
      { op: 'Replace', path: 'emails[type eq "work"].value', value: 'updatedEmail@microsoft.com' },
      { op: 'Replace', path: 'name.familyName', value: 'updatedFamilyName' },
    );
    expect(out.emails).toEqual([{ value: 'updatedEmail@microsoft.com', type: 'work', primary: true }]);
    expect(out.name).toEqual({ formatted: 'givenName familyName', familyName: 'updatedFamilyName', givenName: 'givenName' });
  });

  test('R-06: Replace userName', () => {
    const out = patchUser(user(), { op: 'Replace', path: 'userName', value: '5b50642d@testuser.com' });
    expect(out.userName).toBe('5b50642d@testuser.com');
  });

  test('R-06a: Add a single-valued attribute', () => {
    expect(patchUser(user(), { op: 'Add', path: 'nickName', value: 'Babs' }).nickName).toBe('Babs');
  });

  test('R-06b: one Replace per attribute, including a URN-qualified extension attribute', () => {
    const out = patchUser(
      user(),
      { op: 'Replace', path: 'displayName', value: 'Pvlo' },
      { op: 'Replace', path: 'emails[type eq "work"].value', value: 'TestBcwqnm@test.microsoft.com' },
      { op: 'Replace', path: 'name.givenName', value: 'Gtfd' },
      { op: 'Replace', path: 'name.familyName', value: 'Pkqf' },
      { op: 'Replace', path: 'externalId', value: 'Eqpj' },
      { op: 'Replace', path: `${ENT}:employeeNumber`, value: 'Eqpj' },
    );
    expect(out).toMatchObject({
      displayName: 'Pvlo',
      externalId: 'Eqpj',
      name: { givenName: 'Gtfd', familyName: 'Pkqf' },
      emails: [{ value: 'TestBcwqnm@test.microsoft.com', type: 'work', primary: true }],
      [ENT]: { employeeNumber: 'Eqpj' },
    });
  });

  test('R-07: disable with the string "False"; R-08: enable with "True"', () => {
    const off = patchUser(user(), { op: 'Replace', path: 'active', value: 'False' });
    expect(off.active).toBe(false);
    expect(patchUser(off, { op: 'Replace', path: 'active', value: 'True' }).active).toBe(true);
    expect(patchUser(user(), { op: 'Replace', path: 'active', value: 'false' }).active).toBe(false);
  });

  test('R-07 tutorial variant: Operations before schemas, Pascal-case op, boolean value', () => {
    const out = applyPatch(User, user(), { Operations: [{ op: 'Replace', path: 'active', value: false }], schemas: [PATCH_URN] }, ctx());
    expect(out.active).toBe(false);
  });

  test('R-09: manager as a bare id string, Add, Operations first', () => {
    const out = applyPatch(
      User,
      user(),
      { Operations: [{ op: 'Add', path: `${ENT}:manager`, value: 'boss' }], schemas: [PATCH_URN] },
      ctx(),
    );
    expect(out[ENT]).toEqual({ manager: { value: 'boss' } });
  });

  test('R-09b: legacy manager [{"$ref", "value"}] on the unqualified path "manager"', () => {
    const out = patchUser(user(), { op: 'Add', path: 'manager', value: [{ $ref: 'http://x/Users/boss', value: 'boss' }] });
    expect(out[ENT]).toEqual({ manager: { value: 'boss' } });
  });

  test('manager change (Replace with {"value"}) and removal (with and without value, by filter, by empty replace)', () => {
    const withManager = patchUser(user(), { op: 'add', path: `${ENT}:manager`, value: 'boss' });
    expect((patchUser(withManager, { op: 'replace', path: `${ENT}:manager`, value: { value: 'u2' } })[ENT] as JsonObject).manager).toEqual({
      value: 'u2',
    });
    expect(patchUser(withManager, { op: 'Remove', path: `${ENT}:manager` })[ENT]).toBeUndefined();
    expect(patchUser(withManager, { op: 'Remove', path: `${ENT}:manager`, value: 'boss' })[ENT]).toBeUndefined();
    expect(patchUser(withManager, { op: 'remove', path: 'manager[value eq "boss"]' })[ENT]).toBeUndefined();
    expect(patchUser(withManager, { op: 'remove', path: 'manager[value eq "other"]' })[ENT]).toEqual({ manager: { value: 'boss' } });
    expect(patchUser(withManager, { op: 'replace', path: `${ENT}:manager`, value: '' })[ENT]).toBeUndefined();
  });

  test('the 2024 capture: Add on an existing work email replaces its value (no second work email)', () => {
    const out = patchUser(
      user(),
      { op: 'Replace', path: 'title', value: 'tester' },
      { op: 'Add', path: 'emails[type eq "work"].value', value: 'new@joe.com' },
    );
    expect(out.title).toBe('tester');
    expect(out.emails).toEqual([{ value: 'new@joe.com', type: 'work', primary: true }]);
  });

  test('a value path that matches nothing creates the element (phones, addresses, other emails)', () => {
    const out = patchUser(
      user(),
      { op: 'Replace', path: 'phoneNumbers[type eq "work"].value', value: '555-0100' },
      { op: 'Add', path: 'phoneNumbers[type eq "mobile"].value', value: '555-0101' },
      { op: 'Add', path: 'addresses[type eq "work"].postalCode', value: '98052' },
      { op: 'Add', path: 'addresses[type eq "work"].streetAddress', value: '1 Microsoft Way' },
      { op: 'Add', path: 'emails[type eq "other"].Value', value: 'proxy@x.com' },
    );
    expect(out.phoneNumbers).toEqual([
      { type: 'work', value: '555-0100' },
      { type: 'mobile', value: '555-0101' },
    ]);
    expect(out.addresses).toEqual([{ type: 'work', postalCode: '98052', streetAddress: '1 Microsoft Way' }]);
    expect(out.emails).toEqual([
      { value: 'Test_User_11bb11bb@testuser.com', type: 'work', primary: true },
      { type: 'other', value: 'proxy@x.com' },
    ]);
  });

  test('a created element takes coerced values from the filter (roles[primary eq "True"].value)', () => {
    const out = patchUser(user(), { op: 'Add', path: 'roles[primary eq "True"].value', value: 'Admin' });
    expect(out.roles).toEqual([{ primary: true, value: 'Admin' }]);
  });

  test('R-19: roles Add appends, replace replaces the set', () => {
    const added = patchUser(user(), {
      op: 'Add',
      path: 'roles',
      value: [{ value: '{"id":"06b0","value":"Admin","displayName":"Admin"}' }, { value: '{"id":"06b1","value":"User"}' }],
    });
    expect(added.roles).toHaveLength(2);
    const replaced = patchUser(added, {
      op: 'replace',
      path: 'roles',
      value: [{ primary: false, type: 'WindowsAzureActiveDirectoryRole', display: 'User', value: 'User' }],
    });
    expect(replaced.roles).toEqual([{ primary: false, type: 'WindowsAzureActiveDirectoryRole', display: 'User', value: 'User' }]);
  });

  test('R-20: custom multi-valued extension attribute Add appends', () => {
    const path = 'urn:ietf:params:scim:schemas:extension:greenhouse:2.0:User:department_ids';
    const once = patchUser(user(), { op: 'Add', path, value: [{ value: '1' }] });
    const twice = patchUser(once, { op: 'Add', path, value: [{ value: '2' }, { value: '1' }] });
    expect(twice['urn:ietf:params:scim:schemas:extension:greenhouse:2.0:User']).toEqual({
      department_ids: [{ value: '1' }, { value: '2' }],
    });
  });
});

describe('Entra user updates, aadOptscim062020 mode', () => {
  test('R-06b flag: path-less replace with dotted and URN-qualified keys', () => {
    const out = patchUser(
      user(),
      { op: 'replace', path: 'emails[type eq "work"].value', value: 'TestMhvaes@test.microsoft.com' },
      {
        op: 'replace',
        value: {
          displayName: 'Bjfe',
          'name.givenName': 'Kkom',
          'name.familyName': 'Unua',
          [`${ENT}:employeeNumber`]: 'Aklq',
        },
      },
    );
    expect(out).toMatchObject({
      displayName: 'Bjfe',
      name: { givenName: 'Kkom', familyName: 'Unua', formatted: 'givenName familyName' },
      emails: [{ value: 'TestMhvaes@test.microsoft.com', type: 'work', primary: true }],
      [ENT]: { employeeNumber: 'Aklq' },
    });
    expect(Object.keys(out)).not.toContain('name.givenName');
    expect(Object.keys(out)).not.toContain(`${ENT}:employeeNumber`);
  });

  test('path-less add with dotted keys (scimitar report)', () => {
    const out = patchUser(user(), {
      op: 'add',
      value: { displayName: 'Foo Bar', title: 'Bar Foo', 'name.givenName': 'Foo', 'name.familyName': 'Bar', 'name.formatted': 'Foo Bar' },
    });
    expect(out.name).toEqual({ formatted: 'Foo Bar', familyName: 'Bar', givenName: 'Foo' });
    expect(out.title).toBe('Bar Foo');
  });

  test('path-less value with the extension URN as key and a nested object', () => {
    const out = patchUser(user(), { op: 'replace', value: { [ENT]: { department: 'R&D', manager: { value: 'boss' } } } });
    expect(out[ENT]).toEqual({ department: 'R&D', manager: { value: 'boss' } });
  });

  test('R-07 flag: lower-case op and JSON boolean', () => {
    expect(patchUser(user(), { op: 'replace', path: 'active', value: false }).active).toBe(false);
  });

  test('SCIM Validator: path-less replace of userName, externalId; full-resource values ignore schemas/meta/id', () => {
    const out = patchUser(user(), {
      op: 'replace',
      value: { schemas: ['x'], id: 'self', meta: { resourceType: 'User' }, userName: 'renamed@x.com', externalId: 'ext-2' },
    });
    expect(out.userName).toBe('renamed@x.com');
    expect(out.externalId).toBe('ext-2');
  });
});

describe('Entra group updates', () => {
  const group = (): JsonObject => ({ displayName: 'Eng', members: [{ value: 'u1', type: 'User' }, { value: 'u2', type: 'User' }] });

  test('R-14: Replace displayName', () => {
    expect(patchGroup(group(), { op: 'Replace', path: 'displayName', value: 'Eng 2' }).displayName).toBe('Eng 2');
  });

  test('R-15: Add members with "$ref": null; existing members are not duplicated; type is derived', () => {
    const out = patchGroup(group(), {
      op: 'Add',
      path: 'members',
      value: [
        { $ref: null, value: 'u3' },
        { value: 'u1' },
        { value: 'g9', type: 'User' },
      ],
    });
    expect(out.members).toEqual([
      { value: 'u1', type: 'User' },
      { value: 'u2', type: 'User' },
      { value: 'u3', type: 'User' },
      { value: 'g9', type: 'Group' },
    ]);
  });

  test('R-16 default: Remove members with a value array removes only those', () => {
    const out = patchGroup(group(), { op: 'Remove', path: 'members', value: [{ $ref: null, value: 'u1' }] });
    expect(out.members).toEqual([{ value: 'u2', type: 'User' }]);
    const again = patchGroup(group(), { op: 'Remove', path: 'members', value: [{ value: 'u1' }, { value: 'u2' }] });
    expect(again.members).toBeUndefined();
  });

  test('R-16 flag: remove members[value eq "..."]', () => {
    const out = patchGroup(group(), { op: 'remove', path: 'members[value eq "u2"]' });
    expect(out.members).toEqual([{ value: 'u1', type: 'User' }]);
  });

  test('remove members without a value removes all (RFC 7644 §3.5.2.2)', () => {
    expect(patchGroup(group(), { op: 'remove', path: 'members' }).members).toBeUndefined();
  });

  test('removing a member that is not there is not an error', () => {
    expect(patchGroup(group(), { op: 'remove', path: 'members[value eq "nobody"]' }).members).toHaveLength(2);
    expect(patchGroup(group(), { op: 'Remove', path: 'members', value: [{ value: 'nobody' }] }).members).toHaveLength(2);
  });

  test('replace members replaces the whole set', () => {
    expect(patchGroup(group(), { op: 'replace', path: 'members', value: [{ value: 'u3' }] }).members).toEqual([
      { value: 'u3', type: 'User' },
    ]);
  });

  test('path-less replace of a group (SCIM Validator)', () => {
    expect(patchGroup(group(), { op: 'replace', value: { displayName: 'New', externalId: 'e' } })).toMatchObject({
      displayName: 'New',
      externalId: 'e',
    });
  });

  test('unknown member ids and self-membership are 400 invalidValue', () => {
    expect(patchError(() => patchGroup(group(), { op: 'add', path: 'members', value: [{ value: 'ghost' }] })).scimType).toBe(
      'invalidValue',
    );
    expect(patchError(() => patchGroup(group(), { op: 'add', path: 'members', value: [{ value: 'self' }] })).scimType).toBe(
      'invalidValue',
    );
  });
});

describe('RFC 7644 semantics', () => {
  test('add on a complex attribute merges sub-attributes; replace keeps unspecified ones', () => {
    const out = patchUser(user(), { op: 'add', path: 'name', value: { middleName: 'M' } });
    expect(out.name).toEqual({ formatted: 'givenName familyName', familyName: 'familyName', givenName: 'givenName', middleName: 'M' });
  });

  test('add on a multi-valued attribute appends and keeps one primary', () => {
    const out = patchUser(user(), { op: 'add', path: 'emails', value: [{ value: 'b@x.com', type: 'home', primary: true }] });
    expect(out.emails).toEqual([
      { value: 'Test_User_11bb11bb@testuser.com', type: 'work', primary: false },
      { value: 'b@x.com', type: 'home', primary: true },
    ]);
  });

  test('replace through a value filter without sub-attribute replaces the selected values', () => {
    const out = patchUser(user(), { op: 'replace', path: 'emails[type eq "work"]', value: { value: 'w@x.com' } });
    expect(out.emails).toEqual([{ type: 'work', value: 'w@x.com' }]);
  });

  test('remove a sub-attribute, a single value, and a filtered value', () => {
    expect(patchUser(user(), { op: 'remove', path: 'name.givenName' }).name).toEqual({
      formatted: 'givenName familyName',
      familyName: 'familyName',
    });
    expect(patchUser(user(), { op: 'remove', path: 'externalId' }).externalId).toBeUndefined();
    expect(patchUser(user(), { op: 'remove', path: 'emails[type eq "work"]' }).emails).toBeUndefined();
  });

  test('a replace that matches nothing, with a filter that does not describe an element, is 400 noTarget', () => {
    const e = patchError(() => patchUser(user(), { op: 'replace', path: 'emails[value co "nothing"].type', value: 'home' }));
    expect(e.status).toBe(400);
    expect(e.scimType).toBe('noTarget');
  });

  test('ops apply in order', () => {
    const out = patchUser(
      user(),
      { op: 'replace', path: 'title', value: 'one' },
      { op: 'remove', path: 'title' },
      { op: 'add', path: 'title', value: 'three' },
    );
    expect(out.title).toBe('three');
  });

  test('atomicity: a failing operation leaves the input untouched', () => {
    const data = user();
    const before = JSON.stringify(data);
    const e = patchError(() =>
      patchUser(data, { op: 'replace', path: 'title', value: 'changed' }, { op: 'replace', path: 'id', value: 'x' }),
    );
    expect(e.scimType).toBe('mutability');
    expect(e.detail).toContain('Operations[1]');
    expect(JSON.stringify(data)).toBe(before);
  });

  test.each<[string, unknown, string]>([
    ['no schemas', { Operations: [{ op: 'add', path: 'title', value: 'x' }] }, 'invalidSyntax'],
    ['wrong schema', { schemas: ['urn:x'], Operations: [{ op: 'add', path: 'title', value: 'x' }] }, 'invalidSyntax'],
    ['no Operations', { schemas: [PATCH_URN] }, 'invalidSyntax'],
    ['empty Operations', { schemas: [PATCH_URN], Operations: [] }, 'invalidSyntax'],
    ['unknown op', body({ op: 'move', path: 'title', value: 'x' }), 'invalidSyntax'],
    ['op not a string', body({ op: 1, path: 'title' }), 'invalidSyntax'],
    ['remove without path', body({ op: 'remove' }), 'noTarget'],
    ['unknown attribute', body({ op: 'add', path: 'favouriteColour', value: 'x' }), 'invalidPath'],
    ['unknown sub-attribute', body({ op: 'add', path: 'name.nickname', value: 'x' }), 'invalidPath'],
    ['malformed path', body({ op: 'add', path: 'emails[type eq', value: 'x' }), 'invalidPath'],
    ['sub-attribute of a multi-valued attribute without filter', body({ op: 'add', path: 'emails.value', value: 'x' }), 'invalidPath'],
    ['readOnly id', body({ op: 'replace', path: 'id', value: 'x' }), 'mutability'],
    ['readOnly meta', body({ op: 'replace', path: 'meta.lastModified', value: '2020-01-01T00:00:00Z' }), 'mutability'],
    ['readOnly groups', body({ op: 'add', path: 'groups', value: [{ value: 'g9' }] }), 'mutability'],
    ['readOnly manager.displayName', body({ op: 'add', path: `${ENT}:manager.displayName`, value: 'x' }), 'mutability'],
    ['add without value', body({ op: 'add', path: 'title' }), 'invalidValue'],
    ['path-less add with a non-object', body({ op: 'add', value: 'x' }), 'invalidValue'],
    ['boolean as garbage string', body({ op: 'replace', path: 'active', value: 'maybe' }), 'invalidValue'],
    ['string attribute given an object', body({ op: 'replace', path: 'title', value: { a: 1 } }), 'invalidValue'],
    ['removing the required userName', body({ op: 'remove', path: 'userName' }), 'invalidValue'],
    ['two primary values', body({ op: 'replace', path: 'emails', value: [{ value: 'a', primary: true }, { value: 'b', primary: true }] }), 'invalidValue'],
  ])('%s → 400 %s', (_name, b, scimType) => {
    const e = patchError(() => applyPatch(User, user(), b, ctx()));
    expect(e.status).toBe(400);
    expect(e.scimType).toBe(scimType);
  });

  test('eqTemplate: the element a filter describes', () => {
    expect(eqTemplate(parseFilter('type eq "work"'))).toEqual({ type: 'work' });
    expect(eqTemplate(parseFilter('type eq "work" and primary eq true'))).toEqual({ type: 'work', primary: true });
    expect(eqTemplate(parseFilter('type eq "work" or type eq "home"'))).toBeUndefined();
    expect(eqTemplate(parseFilter('value co "x"'))).toBeUndefined();
  });
});

describe('PATCH-engine fault switches', () => {
  test('patch-op-case-sensitive rejects "Replace" but accepts "replace"', () => {
    const c = ctx(['patch-op-case-sensitive']);
    expect(patchError(() => applyPatch(User, user(), body({ op: 'Replace', path: 'title', value: 'x' }), c)).scimType).toBe(
      'invalidSyntax',
    );
    expect(applyPatch(User, user(), body({ op: 'replace', path: 'title', value: 'x' }), c).title).toBe('x');
  });

  test('patch-pathless-unsupported', () => {
    const e = patchError(() => applyPatch(User, user(), body({ op: 'replace', value: { title: 'x' } }), ctx(['patch-pathless-unsupported'])));
    expect(e.scimType).toBe('noTarget');
  });

  test('patch-pathless-dotted-keys-literal stores dotted and URN-qualified keys verbatim', () => {
    const out = applyPatch(
      User,
      user(),
      body({ op: 'replace', value: { title: 'ok', 'name.givenName': 'X', [`${ENT}:employeeNumber`]: '7' } }),
      ctx(['patch-pathless-dotted-keys-literal']),
    );
    expect(out.title).toBe('ok');
    expect(out['name.givenName']).toBe('X');
    expect(out[`${ENT}:employeeNumber`]).toBe('7');
    expect((out.name as JsonObject).givenName).toBe('givenName');
  });

  test('patch-value-path-no-create ignores the unmatched value path', () => {
    const out = applyPatch(
      User,
      user(),
      body({ op: 'add', path: 'phoneNumbers[type eq "work"].value', value: '1' }),
      ctx(['patch-value-path-no-create']),
    );
    expect(out.phoneNumbers).toBeUndefined();
  });

  test('active-string-rejected / active-string-truthy only change string values of active', () => {
    const rejected = ctx(['active-string-rejected']);
    expect(patchError(() => applyPatch(User, user(), body({ op: 'Replace', path: 'active', value: 'False' }), rejected)).scimType).toBe(
      'invalidValue',
    );
    expect(applyPatch(User, user(), body({ op: 'Replace', path: 'active', value: false }), rejected).active).toBe(false);
    const truthy = ctx(['active-string-truthy']);
    expect(applyPatch(User, user(), body({ op: 'Replace', path: 'active', value: 'False' }), truthy).active).toBe(true);
  });

  test('members faults', () => {
    const g = (): JsonObject => ({ displayName: 'Eng', members: [{ value: 'u1', type: 'User' }, { value: 'u2', type: 'User' }] });
    const run = (fault: FaultName, op: unknown): unknown => applyPatch(Group, g(), body(op), ctx([fault])).members;
    expect(run('group-members-add-ignored', { op: 'Add', path: 'members', value: [{ value: 'u3' }] })).toHaveLength(2);
    expect(run('group-members-add-duplicates', { op: 'Add', path: 'members', value: [{ value: 'u1' }] })).toHaveLength(3);
    expect(run('group-members-remove-all', { op: 'Remove', path: 'members', value: [{ value: 'u1' }] })).toBeUndefined();
    expect(run('group-members-remove-filter-ignored', { op: 'remove', path: 'members[value eq "u1"]' })).toHaveLength(2);
  });

  test('manager-remove-ignored', () => {
    const withManager = { ...user(), [ENT]: { manager: { value: 'boss' } } };
    const out = applyPatch(User, withManager, body({ op: 'Remove', path: `${ENT}:manager` }), ctx(['manager-remove-ignored']));
    expect(out[ENT]).toEqual({ manager: { value: 'boss' } });
  });
});
