// The arbitraries produce what Entra sends: bodies valid against our JSON Schemas, UPN-shaped
// userNames, the characters real tenants hold, sizes within Entra's limits.
import fc from 'fast-check';
import { applyChanges, changesArb, clientUser, entraGroup, entraUser, groupName, singleValuedEdit, sparseUser, upn, withDerivedChange } from '../../src/model/arbitraries';
import { clientUserBody, compareClientUser, scopeClientUser } from '../../src/model/client-user';
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

describe('users as other clients create them', () => {
  const users = sample(clientUser, 500);
  const share = (p: (u: (typeof users)[number]) => boolean) => users.filter(p).length / users.length;
  const nonAscii = (v: string | undefined) => v !== undefined && /[^\x00-\x7f]/.test(v);

  test('every generated create body is a valid SCIM User', () => {
    for (const u of users) expectValid('User', { ...clientUserBody(scopeClientUser(PREFIX, u)), id: 'x' });
  });

  test('they are created inactive, send "", list several values of one type and hold non-ASCII identifiers, often', () => {
    expect(share((u) => !u.active)).toBeGreaterThan(0.3);
    expect(share((u) => Object.values(u.values).includes('') || Object.values(u.address ?? {}).includes(''))).toBeGreaterThan(0.5);
    const severalOfOneType = (vs: ReadonlyArray<{ type: string }>) => vs.some((v, i) => vs.findIndex((w) => w.type === v.type) !== i);
    expect(share((u) => severalOfOneType(u.emails))).toBeGreaterThan(0.2);
    expect(share((u) => severalOfOneType(u.phoneNumbers))).toBeGreaterThan(0.2);
    expect(share((u) => nonAscii(u.userName))).toBeGreaterThan(0.3);
    expect(share((u) => nonAscii(u.values['externalId']))).toBeGreaterThan(0.2);
    expect(share((u) => u.emails.some((e) => nonAscii(e.value)))).toBeGreaterThan(0.3);
    // "" only where the RFC allows an empty value: never a userName, an externalId or a value of a multi-valued attribute.
    for (const u of users) {
      expect(u.userName).not.toBe('');
      expect(u.values['externalId']).not.toBe('');
      for (const v of [...u.emails, ...u.phoneNumbers]) expect(v.value).not.toBe('');
      expect([...u.emails, ...u.phoneNumbers].filter((v) => v.primary).length).toBeLessThanOrEqual(2);
      expect(u.emails.filter((v) => v.primary).length).toBeLessThanOrEqual(1);
    }
  });

  test('the read-back takes "" back as "", null or absent, values in any case where not case-exact, and several of one type in any order', () => {
    const sent = scopeClientUser(PREFIX, {
      userName: 'jörg@contoso.com',
      active: false,
      values: { title: '', displayName: 'Jörg', 'name.givenName': '' },
      emails: [{ type: 'work', value: 'a@contoso.com', primary: true }, { type: 'work', value: 'b@contoso.com' }],
      phoneNumbers: [],
      address: { locality: 'Zürich', region: '' },
    });
    const back = { userName: sent.userName.toUpperCase(), active: false, title: null, displayName: 'Jörg', name: { givenName: '' }, emails: [{ type: 'work', value: sent.emails[1]!.value }, { type: 'WORK', value: sent.emails[0]!.value.toUpperCase() }], addresses: [{ type: 'work', locality: 'Zürich' }] };
    expect(compareClientUser(sent, back, undefined)).toEqual([]);
    const lost = { ...back, active: true, title: 'x', emails: [back.emails[0]], addresses: [{ type: 'work', locality: 'Zurich' }] };
    expect(compareClientUser(sent, lost, undefined).map((m) => m.path)).toEqual(['active', 'title', 'emails[type eq "work"]', 'addresses[type eq "work"]']);
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
