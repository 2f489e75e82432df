import { validateSchema } from '../../src/schemas';
import { clone, entraNotFoundError, ERROR_URN } from './examples';
import { expectIssue, expectValid } from './helpers';

describe('Error schema', () => {
  test('accepts Entra R-03 404 body', () => {
    expectValid('Error', entraNotFoundError);
  });

  test.each([
    ['status only', { schemas: [ERROR_URN], status: '401' }],
    ['409 uniqueness', { schemas: [ERROR_URN], scimType: 'uniqueness', detail: 'userName is taken', status: '409' }],
    ['400 invalidFilter', { schemas: [ERROR_URN], scimType: 'invalidFilter', status: '400' }],
    ['400 invalidVers', { schemas: [ERROR_URN], scimType: 'invalidVers', status: '400' }],
    ['307 redirect (RFC 7644 §3.12 lists 307/308)', { schemas: [ERROR_URN], status: '307' }],
    ['scimType and detail null (RFC 7643 §2.5: null is unassigned)', { schemas: [ERROR_URN], status: '404', scimType: null, detail: null }],
  ])('accepts %s', (_name, body) => {
    expectValid('Error', body);
  });

  test('rejects status as a number', () => {
    const body = { ...clone(entraNotFoundError), status: 404 };
    expectIssue(validateSchema('Error', body), '/status', /HTTP status code as a JSON string.*not number 404/);
  });

  test('rejects status that is not a 3-digit code', () => {
    expectIssue(validateSchema('Error', { ...clone(entraNotFoundError), status: '404 Not Found' }), '/status', /3-digit/);
    expectIssue(validateSchema('Error', { ...clone(entraNotFoundError), status: '' }), '/status', /3-digit/);
  });

  test('rejects missing status and missing schemas', () => {
    const body: Record<string, unknown> = clone(entraNotFoundError);
    delete body.status;
    delete body.schemas;
    const result = validateSchema('Error', body);
    expectIssue(result, '/status', /required attribute "status" is missing/);
    expectIssue(result, '/schemas', /required attribute "schemas" is missing/);
  });

  test('rejects an unknown scimType and lists the allowed values', () => {
    const body = { ...clone(entraNotFoundError), scimType: 'notFound' };
    expectIssue(
      validateSchema('Error', body),
      '/scimType',
      /must be one of "invalidFilter", "tooMany", "uniqueness", "mutability", "invalidSyntax", "invalidPath", "noTarget", "invalidValue", "invalidVers", "sensitive", not string "notFound"/,
    );
  });

  test('rejects detail that is not a string, and the wrong message URN', () => {
    expectIssue(validateSchema('Error', { ...clone(entraNotFoundError), detail: { text: 'x' } }), '/detail', /must be string/);
    expectIssue(
      validateSchema('Error', { ...clone(entraNotFoundError), schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'] }),
      '/schemas',
      /must contain "urn:ietf:params:scim:api:messages:2\.0:Error"/,
    );
  });
});
