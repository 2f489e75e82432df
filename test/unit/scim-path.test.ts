import { getPath } from '../../src/scim/path';
import { missingFromResponse } from '../../src/scim/compare';
import { fillString, MissingVariable, resolveValue } from '../../src/sequences/template';

const user = {
  userName: 'a@b.example',
  name: { givenName: 'Alex', familyName: 'Wu' },
  emails: [
    { type: 'work', value: 'w@b.example', primary: true },
    { type: 'other', value: 'o@b.example' },
  ],
  'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { employeeNumber: '7', manager: { value: 'm1' } },
};

describe('SCIM paths', () => {
  test.each([
    ['userName', 'a@b.example'],
    ['USERNAME', 'a@b.example'],
    ['name.givenName', 'Alex'],
    ['emails[type eq "work"].value', 'w@b.example'],
    ['emails[TYPE eq "Work"].primary', true],
    ['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber', '7'],
    ['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value', 'm1'],
    ['urn:ietf:params:scim:schemas:core:2.0:User:name.familyName', 'Wu'],
  ])('%s', (path, value) => {
    expect(getPath(user, path)).toEqual({ found: true, value });
  });
  test('a whole extension object is found by its URN', () => {
    expect(getPath(user, 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User')).toEqual({ found: true, value: user['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'] });
  });
  test('a literal top-level key equal to an attribute path is not that attribute', () => {
    const literal = { 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber': '9' };
    expect(getPath(literal, 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber').found).toBe(false);
  });
  test('absent values and unmatched filters are not found', () => {
    expect(getPath(user, 'title').found).toBe(false);
    expect(getPath(user, 'emails[type eq "home"].value').found).toBe(false);
  });
  test('a filter matching several elements is ambiguous', () => {
    const twice = { emails: [{ type: 'work', value: '1' }, { type: 'work', value: '2' }] };
    expect(getPath(twice, 'emails[type eq "work"].value')).toEqual({ found: true, value: ['1', '2'], ambiguous: true });
  });
});

describe('sent values read back', () => {
  test('a faithful echo has no mismatch; extra attributes and roles: [] are fine', () => {
    const sent = { schemas: ['x'], userName: 'a', active: true, roles: [], emails: [{ primary: true, type: 'work', value: 'w' }], meta: { resourceType: 'User' } };
    const received = { id: '1', userName: 'a', active: true, emails: [{ value: 'w', type: 'work', primary: true }], meta: { created: 'x' } };
    expect(missingFromResponse(sent, received)).toEqual([]);
  });
  test('attribute names compare case-insensitively; values by caseExact (RFC 7643 defaults unless a rule is given)', () => {
    expect(missingFromResponse({ displayName: 'Ann' }, { DISPLAYNAME: 'Ann' })).toEqual([]);
    expect(missingFromResponse({ displayName: 'Ann' }, { displayName: 'ann' })).toEqual([]);
    expect(missingFromResponse({ externalId: 'Ann' }, { externalId: 'ann' })).toEqual([{ path: 'externalId', keys: ['externalId'], sent: 'Ann', received: 'ann' }]);
    expect(missingFromResponse({ displayName: 'Ann' }, { displayName: 'ann' }, () => true)).toEqual([{ path: 'displayName', keys: ['displayName'], sent: 'Ann', received: 'ann' }]);
  });
  test('a lower-cased e-mail is the same value (emails.value is not case-exact)', () => {
    const sent = { emails: [{ type: 'work', value: 'Alex.Wu@Contoso.com', primary: true }] };
    expect(missingFromResponse(sent, { emails: [{ type: 'Work', value: 'alex.wu@contoso.com', primary: true }] })).toEqual([]);
  });
  test('a string boolean sent must come back as a real boolean', () => {
    expect(missingFromResponse({ active: 'False' }, { active: false })).toEqual([]);
    expect(missingFromResponse({ active: 'False' }, { active: 'False' })).toEqual([]);
    expect(missingFromResponse({ active: false }, { active: 'False' })).toHaveLength(1);
  });
  test('missing extension and missing multi-valued elements are reported by path', () => {
    const sent = { 'urn:x:User': { department: 'D' }, phoneNumbers: [{ type: 'mobile', value: '1' }] };
    expect(missingFromResponse(sent, { phoneNumbers: [{ type: 'work', value: '1' }] }).map((m) => m.path)).toEqual(['urn:x:User', 'phoneNumbers[type eq "mobile"]']);
  });
});

describe('fixture templates', () => {
  test('fills variables with filters', () => {
    expect(fillString('userName eq {{u|upper|quote}}', { u: 'a"b' })).toBe('userName eq "A\\"B"');
  });
  test('a missing variable is reported by name', () => {
    expect(() => fillString('/Users/{{userId}}', {})).toThrow(MissingVariable);
  });
  test('resolves body references and profile choices, and drops $comment', () => {
    const bodies = { a: { $comment: 'doc', v: '{{x}}' }, b: { v: 2 } };
    const value = { byProfile: { entra: '@a', 'entra-flag': '@b' } };
    expect(resolveValue(value, { bodies, profile: 'entra', vars: { x: '1' } })).toEqual({ v: '1' });
    expect(resolveValue(value, { bodies, profile: 'entra-flag', vars: {} })).toEqual({ v: 2 });
  });
});
