import { validateSchema } from '../../src/schemas';
import {
  clone,
  entraCreateGroupEcho,
  entraCreateGroupResponse,
  entraGetGroupResponse,
  GROUP_URN,
  rfcGroup,
} from './examples';
import { expectIssue, expectValid } from './helpers';

describe('Group schema: accepts', () => {
  test.each([
    ['RFC 7643 §8.4 Group', rfcGroup],
    ['Entra R-11 GET /Groups/{id} response (members excluded)', entraGetGroupResponse],
    ['Entra R-13 POST /Groups 201 response (empty members)', entraCreateGroupResponse],
    ['Entra R-13 create body echoed with an id (extra Microsoft schema URI in schemas)', entraCreateGroupEcho],
  ])('%s', (_name, body) => {
    expectValid('Group', body);
  });

  test('members with type and a null $ref (RFC 7643 §2.5)', () => {
    const group = { ...clone(rfcGroup), members: [{ value: 'u1', type: 'User', $ref: null }, { value: 'g1', type: 'Group' }] };
    expectValid('Group', group);
  });

  test('an extension object under a URN key', () => {
    const group = { ...clone(rfcGroup), 'urn:example:params:scim:schemas:extension:acme:2.0:Group': { costCenter: '1' } };
    expectValid('Group', group);
  });
});

describe('Group schema: rejects', () => {
  test('members as an object', () => {
    const group = { ...clone(rfcGroup), members: { value: 'u1' } };
    expectIssue(validateSchema('Group', group), '/members', /must be array or null, not an object/);
  });

  test('a member given as a bare id string', () => {
    const group = { ...clone(rfcGroup), members: ['2819c223-7f76-453a-919d-413861904646'] };
    expectIssue(validateSchema('Group', group), '/members/0', /must be object, not string/);
  });

  test('an unknown member sub-attribute, and a member value that is not a string', () => {
    const group = { ...clone(rfcGroup), members: [{ value: 42, id: 'u1' }] };
    const result = validateSchema('Group', group);
    expectIssue(result, '/members/0/value', /must be string or null, not number 42/);
    expectIssue(result, '/members/0/id', /unknown members sub-attribute "id"/);
  });

  test('missing displayName, missing schemas, wrong schema URN', () => {
    const group: Record<string, unknown> = clone(entraGetGroupResponse);
    delete group.displayName;
    expectIssue(validateSchema('Group', group), '/displayName', /required attribute "displayName" is missing/);
    delete group.schemas;
    expectIssue(validateSchema('Group', group), '/schemas', /required attribute "schemas" is missing/);
    const asUser = { ...clone(entraGetGroupResponse), schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'] };
    expectIssue(validateSchema('Group', asUser), '/schemas', new RegExp(`must contain "${GROUP_URN}"`));
  });

  test('an unknown top-level key and a literal dotted key', () => {
    const group = { ...clone(rfcGroup), name: 'Tour Guides', 'members.value': 'u1' };
    const result = validateSchema('Group', group);
    expectIssue(result, '/name', /unknown attribute "name": not a core Group attribute/);
    expectIssue(result, '/members.value', /unknown attribute "members\.value"/);
  });

  test('displayName that is not a string', () => {
    expectIssue(validateSchema('Group', { ...clone(rfcGroup), displayName: 7 }), '/displayName', /must be string, not number 7/);
  });
});
