// The arbitraries produce what Entra sends: bodies valid against our JSON Schemas, UPN-shaped
// userNames, the characters real tenants hold, sizes within Entra's limits.
import fc from 'fast-check';
import { applyChanges, changesArb, entraGroup, entraUser, groupName, singleValuedEdit, sparseUser, upn, withDerivedChange } from '../../src/model/arbitraries';
import { badRequest, damage, setAt } from '../../src/model/bad-requests';
import { createGroupBody } from '../../src/model/requests';
import { ATTRS, createUserBody, withDerived } from '../../src/model/user-state';
import { formatIssues, validateSchema } from '../../src/schemas';

const PREFIX = 'scimc-abc123-pre1-';
const SEED = 20261129;
const sample = <T>(arb: fc.Arbitrary<T>, numRuns = 300): T[] => fc.sample(arb, { seed: SEED, numRuns });

function expectValid(kind: 'User' | 'Group', body: unknown): void {
  const result = validateSchema(kind, body);
  if (!result.valid) throw new Error(`${JSON.stringify(body)}\n${formatIssues(result.issues)}`);
}

describe('users', () => {
  test('every generated create body is a valid SCIM User', () => {
    for (const u of sample(entraUser, 500)) expectValid('User', { ...createUserBody({ userName: PREFIX + u.userName, active: true, attrs: u.attrs }), id: 'x' });
    for (const u of sample(sparseUser)) expectValid('User', { ...createUserBody({ userName: PREFIX + u.userName, active: true, attrs: u.attrs }), id: 'x' });
  });

  test('userNames are UPNs: local@domain, local part of at most 64 characters with . _ - + \'', () => {
    const names = sample(upn, 1000);
    for (const n of names) expect(n).toMatch(/^[A-Za-z0-9][A-Za-z0-9._+'-]{0,63}@[a-z0-9.-]+\.[a-z]+$/);
    for (const ch of ['.', '_', '-', '+', "'"]) expect(names.some((n) => n.split('@')[0]!.includes(ch))).toBe(true);
    expect(names.some((n) => /[A-Z]/.test(n))).toBe(true);
  });

  test('names hold non-ASCII letters, apostrophes, quotes and spaces, often', () => {
    const users = sample(entraUser, 500);
    const values = users.flatMap((u) => [u.attrs['displayName'], u.attrs['name.givenName'], u.attrs['name.familyName']]).filter((v): v is string => v !== undefined);
    const share = (re: RegExp) => values.filter((v) => re.test(v)).length / values.length;
    expect(share(/[^\x00-\x7f]/)).toBeGreaterThan(0.4);
    expect(share(/'/)).toBeGreaterThan(0.05);
    expect(share(/ /)).toBeGreaterThan(0.2);
    expect(values.some((v) => v.includes('"'))).toBe(true);
    // Most users carry a non-ASCII value somewhere: a fault on them is found in a handful of cases.
    expect(users.filter((u) => Object.values(u.attrs).some((v) => /[^\x00-\x7f]/.test(v))).length / users.length).toBeGreaterThan(0.8);
  });

  test('values stay within what Entra sends, with no leading or trailing blanks', () => {
    const values = sample(entraUser, 500).flatMap((u) => Object.values(u.attrs));
    expect(values.filter((v) => v.length === 0 || v.length > 256 || v !== v.trim())).toEqual([]);
  });

  test('every mapped attribute is generated, and name.formatted is Join(" ", givenName, surname)', () => {
    const users = sample(entraUser, 300);
    for (const spec of ATTRS) expect(users.some((u) => u.attrs[spec.path] !== undefined)).toBe(true);
    for (const u of users) {
      const parts = [u.attrs['name.givenName'], u.attrs['name.familyName']].filter((x) => x !== undefined);
      expect(u.attrs['name.formatted']).toBe(parts.length > 0 ? parts.join(' ') : undefined);
    }
  });

  test('changes name at least one attribute and carry name.formatted along with the name parts', () => {
    for (const [u, changes] of sample(fc.tuple(entraUser, changesArb()))) {
      expect(changes.length).toBeGreaterThan(0);
      const sent = withDerivedChange(u.attrs, changes);
      expect(applyChanges(u.attrs, sent)).toEqual(applyChanges(u.attrs, changes));
    }
    for (const e of sample(singleValuedEdit)) expect(e.path).not.toContain('[');
  });

  test('withDerived drops name.formatted when there is no name part', () => {
    expect(withDerived({ 'name.formatted': 'x' })).toEqual({});
    expect(withDerived({ 'name.familyName': 'Ørsted' })).toEqual({ 'name.familyName': 'Ørsted', 'name.formatted': 'Ørsted' });
  });
});

describe('groups', () => {
  test('every generated create body is a valid SCIM Group', () => {
    for (const g of sample(entraGroup)) expectValid('Group', { ...createGroupBody(g, PREFIX + g.displayName), id: 'x' });
  });

  test('group names hold quotes and backslashes often', () => {
    const names = sample(groupName, 500);
    expect(names.filter((n) => /["\\]/.test(n)).length / names.length).toBeGreaterThan(0.3);
  });
});

describe('bad requests', () => {
  test('setAt writes one value into a copy, creating the element it needs', () => {
    const body = { userName: 'a', emails: [{ type: 'work', value: 'x' }] };
    expect(setAt(body, 'emails[0].value', 42)).toEqual({ userName: 'a', emails: [{ type: 'work', value: 42 }] });
    expect(setAt(body, 'phoneNumbers[0].value', false)).toMatchObject({ phoneNumbers: [{ type: 'work', value: false }] });
    expect(setAt(body, 'name.givenName', 1)).toMatchObject({ name: { givenName: 1 } });
    expect(setAt(body, 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User.employeeNumber', 7)).toMatchObject({ 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { employeeNumber: 7 } });
    expect(body).toEqual({ userName: 'a', emails: [{ type: 'work', value: 'x' }] });
  });

  test('damaged JSON never parses', () => {
    const json = JSON.stringify(createUserBody({ userName: 'a@contoso.com', active: true, attrs: { displayName: 'Zoë' } }));
    for (const how of ['truncated', 'trailing comma', 'single quotes', 'raw newline in a string', 'NaN'] as const) {
      for (const at of [0, 1, 17, 10_000]) expect(() => JSON.parse(damage(json, how, at))).toThrow();
    }
  });

  test('mistyped bodies are invalid against the User schema', () => {
    for (const k of sample(badRequest, 300)) {
      if (k.kind !== 'mistyped user' || k.at === 'userName' || k.at === 'schemas') continue;
      const body = setAt(createUserBody({ userName: PREFIX + k.user.userName, active: true, attrs: k.user.attrs }), k.at, k.wrong);
      expect({ at: k.at, wrong: k.wrong, valid: validateSchema('User', { ...body, id: 'x' }).valid }).toEqual({ at: k.at, wrong: k.wrong, valid: false });
    }
  });
});
