import { validateSchema } from '../../src/schemas';
import {
  clone,
  ENTERPRISE_URN,
  entraCreateUserEcho,
  entraCreateUserResponse,
  entraDisableUserResponse,
  entraGetUserResponse,
  entraPatchUserNameResponse,
  entraPatchUserResponse,
  rfcEnterpriseUser,
  rfcFullUser,
  rfcMinimalUser,
} from './examples';
import { expectIssue, expectValid, issuesOf } from './helpers';

const MANAGER = `/${ENTERPRISE_URN}/manager`;

describe('User schema: accepts', () => {
  test.each([
    ['RFC 7643 §8.1 minimal User', rfcMinimalUser],
    ['RFC 7643 §8.2 full User', rfcFullUser],
    ['RFC 7643 §8.3 Enterprise User', rfcEnterpriseUser],
    ['Entra R-03 GET /Users/{id} response', entraGetUserResponse],
    ['Entra R-04 POST /Users 201 response', entraCreateUserResponse],
    ['Entra R-05 PATCH 200 response', entraPatchUserResponse],
    ['Entra R-06 PATCH userName 200 response', entraPatchUserNameResponse],
    ['Entra R-07 disable-user example response', entraDisableUserResponse],
    ['an echoed Entra create body with a custom extension object not listed in schemas', entraCreateUserEcho],
  ])('%s', (_name, body) => {
    expectValid('User', body);
  });

  test('null for optional attributes (RFC 7643 §2.5: null is the same as unassigned)', () => {
    const user = {
      ...clone(rfcMinimalUser),
      externalId: null,
      displayName: null,
      active: null,
      name: { givenName: null, familyName: 'Jensen' },
      emails: null,
      [ENTERPRISE_URN]: { manager: null, department: null },
    };
    expectValid('User', user);
  });

  test('roles and entitlements with the RFC sub-attributes (value, display, type, primary)', () => {
    const user = {
      ...clone(rfcMinimalUser),
      roles: [{ value: 'Admin', display: 'Admin', type: 'WindowsAzureActiveDirectoryRole', primary: false }],
      entitlements: [{ value: 'e1', primary: true }],
    };
    expectValid('User', user);
  });
});

describe('User schema: rejects', () => {
  test('active as the string "False"', () => {
    const user = { ...clone(entraGetUserResponse), active: 'False' };
    expectIssue(validateSchema('User', user), '/active', /JSON boolean.*string "False"/);
  });

  test('emails as an object instead of an array', () => {
    const user = { ...clone(entraGetUserResponse), emails: { value: 'a@b.c', type: 'work' } };
    expectIssue(validateSchema('User', user), '/emails', /must be array or null, not an object/);
  });

  test('primary as the string "true"', () => {
    const user = clone(entraGetUserResponse) as { emails: Array<Record<string, unknown>> };
    user.emails[0]!.primary = 'true';
    expectIssue(validateSchema('User', user), '/emails/0/primary', /JSON boolean.*string "true"/);
  });

  test('two elements with "primary": true', () => {
    const user = {
      ...clone(rfcMinimalUser),
      phoneNumbers: [
        { value: '1', type: 'work', primary: true },
        { value: '2', type: 'mobile', primary: true },
      ],
    };
    expectIssue(validateSchema('User', user), '/phoneNumbers', /at most one element may have "primary": true/);
  });

  test('an attribute stored under the literal key "name.givenName"', () => {
    const user = { ...clone(rfcMinimalUser), 'name.givenName': 'Barbara' };
    expectIssue(validateSchema('User', user), '/name.givenName', /unknown attribute "name\.givenName"/);
  });

  test('an extension attribute stored flat under "<URN>:<attribute>"', () => {
    const user = { ...clone(rfcMinimalUser), [`${ENTERPRISE_URN}:employeeNumber`]: '701984' };
    expectIssue(
      validateSchema('User', user),
      `/${ENTERPRISE_URN}:employeeNumber`,
      /must hold an object.*PATCH path/,
    );
  });

  test('missing schemas', () => {
    const user: Record<string, unknown> = clone(rfcMinimalUser);
    delete user.schemas;
    expectIssue(validateSchema('User', user), '/schemas', /required attribute "schemas" is missing/);
  });

  test('schemas without the core User URN', () => {
    const user = { ...clone(rfcMinimalUser), schemas: [ENTERPRISE_URN] };
    expectIssue(
      validateSchema('User', user),
      '/schemas',
      /must contain "urn:ietf:params:scim:schemas:core:2\.0:User"/,
    );
  });

  test('schemas as a string', () => {
    const user = { ...clone(rfcMinimalUser), schemas: 'urn:ietf:params:scim:schemas:core:2.0:User' };
    expectIssue(validateSchema('User', user), '/schemas', /must be array/);
  });

  test('an empty userName and a missing id', () => {
    const user: Record<string, unknown> = { ...clone(rfcMinimalUser), userName: '' };
    delete user.id;
    const result = validateSchema('User', user);
    expectIssue(result, '/userName', /non-empty/);
    expectIssue(result, '/id', /required attribute "id" is missing/);
  });

  test('id as a number, and the reserved id "bulkId"', () => {
    expectIssue(validateSchema('User', { ...clone(rfcMinimalUser), id: 42 }), '/id', /must be string, not number 42/);
    expectIssue(validateSchema('User', { ...clone(rfcMinimalUser), id: 'bulkId' }), '/id', /reserved keyword "bulkId"/);
  });

  test('name as a string, and a name sub-attribute that is not a string', () => {
    expectIssue(validateSchema('User', { ...clone(rfcMinimalUser), name: 'Babs' }), '/name', /must be object or null/);
    expectIssue(
      validateSchema('User', { ...clone(rfcMinimalUser), name: { givenName: ['Barbara'] } }),
      '/name/givenName',
      /must be string or null, not an array/,
    );
  });

  test('an unknown name sub-attribute', () => {
    const user = { ...clone(rfcMinimalUser), name: { firstName: 'Barbara' } };
    expectIssue(validateSchema('User', user), '/name/firstName', /unknown name sub-attribute "firstName"/);
  });

  test('a sub-attribute spelled differently from the RFC ("Value")', () => {
    const user = { ...clone(rfcMinimalUser), emails: [{ Value: 'bjensen@example.com', type: 'work' }] };
    expectIssue(validateSchema('User', user), '/emails/0/Value', /unknown sub-attribute "Value"/);
  });

  test('a multi-valued attribute whose element is a bare string', () => {
    const user = { ...clone(rfcMinimalUser), emails: ['bjensen@example.com'] };
    expectIssue(validateSchema('User', user), '/emails/0', /must be object, not string/);
  });

  test.each([
    ['phoneNumbers', { value: 5555555555 }, '/phoneNumbers/0/value'],
    ['ims', { value: 'x', type: 7 }, '/ims/0/type'],
    ['photos', { value: 'not a uri with spaces' }, '/photos/0/value'],
    ['addresses', { postalCode: 91608 }, '/addresses/0/postalCode'],
    ['groups', { value: 'g', $ref: 'http://exa mple.com/Groups/g' }, '/groups/0/$ref'],
    ['entitlements', { value: 'e', primary: 1 }, '/entitlements/0/primary'],
    ['roles', { value: 'r', display: false }, '/roles/0/display'],
    ['x509Certificates', { value: 'not base64!' }, '/x509Certificates/0/value'],
  ])('a mistyped %s sub-attribute', (attr, element, path) => {
    const user = { ...clone(rfcMinimalUser), [attr]: [element] };
    expect(issuesOf(validateSchema('User', user)).map((i) => i.path)).toContain(path);
  });

  test('an invalid meta.created and an unknown meta key', () => {
    const user = clone(rfcMinimalUser) as { meta: Record<string, unknown> };
    user.meta.created = '23/01/2010';
    user.meta.etag = 'W/"1"';
    const result = validateSchema('User', user);
    expectIssue(result, '/meta/created', /must be a valid date-time.*not string "23\/01\/2010"/);
    expectIssue(result, '/meta/etag', /unknown meta sub-attribute "etag"/);
  });

  test('a body that is not an object', () => {
    expectIssue(validateSchema('User', 'bjensen'), '', /must be object, not string "bjensen"/);
    expectIssue(validateSchema('User', null), '', /must be object, not null/);
  });
});

describe('Enterprise User extension', () => {
  test('manager as a bare string fails inside a User', () => {
    const user: Record<string, unknown> = clone(rfcEnterpriseUser);
    user[ENTERPRISE_URN] = { ...rfcEnterpriseUser[ENTERPRISE_URN], manager: '26118915-6090-4610-87e4-49d8ca9f808d' };
    expectIssue(validateSchema('User', user), MANAGER, /must be an object such as \{"value": "<manager id>"\}/);
  });

  test('manager as {"value": id}, as Entra expects it back, passes', () => {
    const user = { ...clone(rfcMinimalUser), [ENTERPRISE_URN]: { manager: { value: '271' } } };
    expectValid('User', user);
  });

  test('an enterprise attribute of the wrong type, and an unknown one', () => {
    const user = {
      ...clone(rfcMinimalUser),
      [ENTERPRISE_URN]: { employeeNumber: 701984, manager: { value: 'm', managerId: 'm' }, title: 'x' },
    };
    const result = validateSchema('User', user);
    expectIssue(result, `/${ENTERPRISE_URN}/employeeNumber`, /must be string or null, not number 701984/);
    expectIssue(result, `${MANAGER}/managerId`, /unknown manager sub-attribute "managerId"/);
    expectIssue(result, `/${ENTERPRISE_URN}/title`, /unknown Enterprise User attribute "title"/);
  });

  test('the EnterpriseUser kind validates the extension object on its own', () => {
    const ext = (rfcEnterpriseUser as Record<string, unknown>)[ENTERPRISE_URN];
    expectValid('EnterpriseUser', ext);
    expectIssue(validateSchema('EnterpriseUser', { manager: 'John Smith' }), '/manager', /must be an object/);
    expectIssue(
      validateSchema('EnterpriseUser', { manager: { value: 'm', $ref: 'not a uri' } }),
      '/manager/$ref',
      /must be a valid uri-reference/,
    );
  });
});
