// Entra's request shapes per profile (entra-requests.md R-05..R-08, R-13..R-16), built from model values.
import fc from 'fast-check';
import { changesArb, entraUser, withDerivedChange } from '../../src/model/arbitraries';
import { activePatch, addMembersPatch, entraUserPatch, pathForm, pathlessForm, planChanges, removeMemberPatch, renameGroupPatch } from '../../src/model/requests';
import { ENTERPRISE, createUserBody } from '../../src/model/user-state';
import { PROFILES } from '../../src/profiles';
import { formatIssues, validateSchema } from '../../src/schemas';

const ops = (body: Record<string, unknown>) => body['Operations'] as Array<Record<string, unknown>>;

describe('PATCH shapes', () => {
  const plan = planChanges({ title: 'Old' }, [
    { path: 'title', value: 'VP, R&D' },
    { path: 'name.givenName', value: 'Zoë' },
    { path: 'phoneNumbers[type eq "mobile"].value', value: '+1 425 555 0101' },
    { path: `${ENTERPRISE}:employeeNumber`, value: 'E-1' },
  ]);

  test('Entra picks Replace for a set attribute and Add for an unset one', () => {
    expect(plan.map((c) => c.op)).toEqual(['replace', 'add', 'add', 'add']);
  });

  test('default profile: one Pascal-case op with a path per attribute', () => {
    expect(entraUserPatch('entra', plan)).toEqual(pathForm('entra', plan));
    expect(ops(pathForm('entra', plan))).toEqual([
      { op: 'Replace', path: 'title', value: 'VP, R&D' },
      { op: 'Add', path: 'name.givenName', value: 'Zoë' },
      { op: 'Add', path: 'phoneNumbers[type eq "mobile"].value', value: '+1 425 555 0101' },
      { op: 'Add', path: `${ENTERPRISE}:employeeNumber`, value: 'E-1' },
    ]);
  });

  test('flag profile: filtered paths stay ops, the rest folds into path-less ops keyed by path (R-06b)', () => {
    expect(entraUserPatch('entra-flag', plan)).toEqual(pathlessForm('entra-flag', plan));
    expect(ops(pathlessForm('entra-flag', plan))).toEqual([
      { op: 'add', path: 'phoneNumbers[type eq "mobile"].value', value: '+1 425 555 0101' },
      { op: 'replace', value: { title: 'VP, R&D' } },
      { op: 'add', value: { 'name.givenName': 'Zoë', [`${ENTERPRISE}:employeeNumber`]: 'E-1' } },
    ]);
  });

  test('flag profile: a single plain attribute keeps its path (R-06a)', () => {
    const one = planChanges({}, [{ path: 'nickName', value: 'Babs' }]);
    expect(ops(entraUserPatch('entra-flag', one))).toEqual([{ op: 'add', path: 'nickName', value: 'Babs' }]);
  });

  test('disable and enable: "False"/"True" strings by default, booleans with the flag', () => {
    expect(ops(activePatch('entra', false))).toEqual([{ op: 'Replace', path: 'active', value: 'False' }]);
    expect(ops(activePatch('entra', true))).toEqual([{ op: 'Replace', path: 'active', value: 'True' }]);
    expect(ops(activePatch('entra-flag', false))).toEqual([{ op: 'replace', path: 'active', value: false }]);
  });

  test('members: Add with "$ref": null; Remove with a value array by default, a value filter with the flag', () => {
    expect(ops(addMembersPatch('entra', ['u1', 'u2']))).toEqual([{ op: 'Add', path: 'members', value: [{ $ref: null, value: 'u1' }, { $ref: null, value: 'u2' }] }]);
    expect(ops(removeMemberPatch('entra', 'u1'))).toEqual([{ op: 'Remove', path: 'members', value: [{ value: 'u1' }] }]);
    expect(ops(removeMemberPatch('entra-flag', 'u1'))).toEqual([{ op: 'remove', path: 'members[value eq "u1"]' }]);
    expect(ops(renameGroupPatch('entra', 'Sales "EMEA"'))).toEqual([{ op: 'Replace', path: 'displayName', value: 'Sales "EMEA"' }]);
  });

  test.each(PROFILES)('every generated PATCH is a valid PatchOp in profile %s', (profile) => {
    const cases = fc.sample(fc.tuple(entraUser, changesArb()), { seed: 7, numRuns: 200 });
    for (const [u, changes] of cases) {
      const p = planChanges(u.attrs, withDerivedChange(u.attrs, changes));
      for (const body of [pathForm(profile, p), pathlessForm(profile, p), entraUserPatch(profile, p), activePatch(profile, false), addMembersPatch(profile, ['x']), removeMemberPatch(profile, 'x')]) {
        const result = validateSchema('PatchOp', body);
        if (!result.valid) throw new Error(`${JSON.stringify(body)}\n${formatIssues(result.issues)}`);
      }
    }
  });
});

describe('create body', () => {
  test('keys in Entra order (§1.4): schemas, externalId, userName, then core attributes alphabetically, extensions last', () => {
    const body = createUserBody({
      userName: 'a@contoso.com',
      active: true,
      attrs: { externalId: 'a', title: 'T', displayName: 'D', 'name.givenName': 'G', 'name.formatted': 'G', 'addresses[type eq "work"].locality': 'Zürich', [`${ENTERPRISE}:department`]: 'R&D', 'phoneNumbers[type eq "fax"].value': '1', 'phoneNumbers[type eq "work"].value': '2' },
    });
    expect(Object.keys(body)).toEqual(['schemas', 'externalId', 'userName', 'active', 'addresses', 'displayName', 'meta', 'name', 'phoneNumbers', 'roles', 'title', ENTERPRISE]);
    expect(body['phoneNumbers']).toEqual([{ type: 'work', value: '2' }, { type: 'fax', value: '1' }]);
    expect(body['addresses']).toEqual([{ locality: 'Zürich', type: 'work' }]);
  });
});
