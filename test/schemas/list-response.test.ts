import { validateList, validateSchema } from '../../src/schemas';
import {
  clone,
  entraEmptyList,
  entraGroupQueryResponse,
  entraSchemasResponse,
  entraUserQueryResponse,
  LIST_URN,
  rfcFullUser,
  rfcMinimalUser,
} from './examples';
import { expectIssue, expectValid, issuesOf } from './helpers';

describe('ListResponse schema: accepts', () => {
  test('Entra R-01: the empty ListResponse of Test Connection', () => {
    expectValid('ListResponse', entraEmptyList);
    expect(validateList('User', entraEmptyList)).toEqual({ valid: true });
  });

  test('Entra R-02: one User', () => {
    expectValid('ListResponse', entraUserQueryResponse);
    expect(validateList('User', entraUserQueryResponse)).toEqual({ valid: true });
  });

  test('Entra R-12: one Group (members excluded)', () => {
    expect(validateList('Group', entraGroupQueryResponse)).toEqual({ valid: true });
  });

  test('Entra R-18: /Schemas (Microsoft sample made valid JSON)', () => {
    expect(validateList('Schema', entraSchemasResponse)).toEqual({ valid: true });
  });

  test('totalResults 0 without Resources, and no paging attributes', () => {
    expectValid('ListResponse', { schemas: [LIST_URN], totalResults: 0 });
  });

  test('null for the members that are not required (RFC 7643 §2.5: null is unassigned), as serialisers that write every member do', () => {
    expectValid('ListResponse', { schemas: [LIST_URN], totalResults: 0, Resources: null, startIndex: null, itemsPerPage: null });
    expect(validateList('User', { schemas: [LIST_URN], totalResults: 0, Resources: null })).toEqual({ valid: true });
    expect(validateList('User', { ...clone(entraUserQueryResponse), startIndex: null, itemsPerPage: null })).toEqual({ valid: true });
  });

  test('every result in one response without startIndex and itemsPerPage (only a partial page needs them)', () => {
    expect(validateList('User', { schemas: [LIST_URN], totalResults: 2, Resources: [rfcMinimalUser, rfcFullUser] })).toEqual({ valid: true });
  });

  test('a page smaller than totalResults', () => {
    const page = { schemas: [LIST_URN], totalResults: 10, startIndex: 3, itemsPerPage: 2, Resources: [rfcMinimalUser, rfcFullUser] };
    expect(validateList('User', page)).toEqual({ valid: true });
  });
});

describe('ListResponse schema: rejects', () => {
  test('totalResults as the string "0"', () => {
    const body = { ...clone(entraEmptyList), totalResults: '0' };
    expectIssue(validateSchema('ListResponse', body), '/totalResults', /must be a JSON integer, not string "0"/);
  });

  test('totalResults missing, negative or fractional', () => {
    const body: Record<string, unknown> = clone(entraEmptyList);
    delete body.totalResults;
    expectIssue(validateSchema('ListResponse', body), '/totalResults', /required attribute "totalResults" is missing/);
    expectIssue(validateSchema('ListResponse', { ...body, totalResults: -1 }), '/totalResults', /must be >= 0/);
    expectIssue(validateSchema('ListResponse', { ...body, totalResults: 1.5 }), '/totalResults', /integer/);
  });

  test('Resources missing while totalResults is non-zero', () => {
    const body: Record<string, unknown> = clone(entraUserQueryResponse);
    delete body.Resources;
    expectIssue(validateSchema('ListResponse', body), '/Resources', /REQUIRED when totalResults is non-zero/);
  });

  test('Resources null while totalResults is non-zero', () => {
    const body = { ...clone(entraUserQueryResponse), Resources: null };
    expectIssue(validateSchema('ListResponse', body), '/Resources', /not null: Resources is REQUIRED when totalResults is non-zero/);
  });

  test('Resources spelled "resources"', () => {
    const body: Record<string, unknown> = clone(entraUserQueryResponse);
    body.resources = body.Resources;
    delete body.Resources;
    expectIssue(validateSchema('ListResponse', body), '/Resources', /required attribute "Resources" is missing/);
  });

  test('Resources as an object, or holding a non-object', () => {
    const one = { ...clone(entraUserQueryResponse), Resources: rfcMinimalUser };
    expectIssue(validateSchema('ListResponse', one), '/Resources', /must be an array of resources, not an object/);
    const str = { ...clone(entraUserQueryResponse), Resources: ['2819c223'] };
    expectIssue(validateList('User', str), '/Resources/0', /must be a resource object, not string "2819c223"/);
  });

  test('startIndex 0 and itemsPerPage as a string', () => {
    const body = { ...clone(entraEmptyList), startIndex: 0, itemsPerPage: '20' };
    const result = validateSchema('ListResponse', body);
    expectIssue(result, '/startIndex', /1-based/);
    expectIssue(result, '/itemsPerPage', /must be a JSON integer, not string "20"/);
  });

  test('missing schemas, or the wrong message URN', () => {
    const body: Record<string, unknown> = clone(entraEmptyList);
    delete body.schemas;
    expectIssue(validateSchema('ListResponse', body), '/schemas', /required attribute "schemas" is missing/);
    const wrong = { ...clone(entraEmptyList), schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'] };
    expectIssue(validateSchema('ListResponse', wrong), '/schemas', new RegExp(`must contain "${LIST_URN}"`));
  });
});

describe('validateList', () => {
  test('checks each element against the item kind and prefixes its issue paths', () => {
    const body = clone(entraUserQueryResponse) as { Resources: Array<Record<string, unknown>> };
    body.Resources.push({ ...clone(rfcMinimalUser), active: 'False', emails: { value: 'x' } });
    const result = validateList('User', body);
    expectIssue(result, '/Resources/1/active', /JSON boolean/);
    expectIssue(result, '/Resources/1/emails', /must be array or null/);
    expect(issuesOf(result).every((i) => i.path.startsWith('/Resources/1/'))).toBe(true);
  });

  test('reports envelope issues and element issues together', () => {
    const body = { ...clone(entraUserQueryResponse), totalResults: '1' } as Record<string, unknown>;
    (body.Resources as Array<Record<string, unknown>>)[0]!.userName = '';
    const result = validateList('User', body);
    expectIssue(result, '/totalResults', /JSON integer/);
    expectIssue(result, '/Resources/0/userName', /non-empty/);
  });

  test('a User list checked as Groups fails on every element', () => {
    const result = validateList('Group', entraUserQueryResponse);
    expectIssue(result, '/Resources/0/schemas', /must contain "urn:ietf:params:scim:schemas:core:2.0:Group"/);
    expectIssue(result, '/Resources/0/userName', /unknown attribute "userName"/);
  });

  test('a body that is not a ListResponse at all', () => {
    expectIssue(validateList('User', rfcMinimalUser), '/totalResults', /required attribute "totalResults" is missing/);
    expectIssue(validateList('User', 'nope'), '', /must be object/);
  });
});
