import { validateSchema } from '../../src/schemas';
import { clone, rfcGroupSchema, rfcResourceTypes, rfcServiceProviderConfig } from './examples';
import { expectIssue, expectValid } from './helpers';

describe('ServiceProviderConfig schema (RFC 7643 §5)', () => {
  test('accepts the RFC 7643 §8.5 example', () => {
    expectValid('ServiceProviderConfig', rfcServiceProviderConfig);
  });

  test('rejects "supported" as a string, and a missing capability', () => {
    const spc: Record<string, unknown> = { ...clone(rfcServiceProviderConfig), patch: { supported: 'true' } };
    delete spc.bulk;
    const result = validateSchema('ServiceProviderConfig', spc);
    expectIssue(result, '/patch/supported', /JSON boolean.*not string "true"/);
    expectIssue(result, '/bulk', /required attribute "bulk" is missing/);
  });

  test('rejects a missing filter.maxResults and a string maxOperations', () => {
    const spc = {
      ...clone(rfcServiceProviderConfig),
      filter: { supported: false },
      bulk: { supported: false, maxOperations: '0', maxPayloadSize: 0 },
    };
    const result = validateSchema('ServiceProviderConfig', spc);
    expectIssue(result, '/filter/maxResults', /required attribute "maxResults"/);
    expectIssue(result, '/bulk/maxOperations', /JSON integer, not string "0"/);
  });

  test('rejects an authentication scheme without name/description, and two primary schemes', () => {
    const spc = clone(rfcServiceProviderConfig) as { authenticationSchemes: Array<Record<string, unknown>> };
    delete spc.authenticationSchemes[1]!.name;
    spc.authenticationSchemes[1]!.primary = true;
    const result = validateSchema('ServiceProviderConfig', spc);
    expectIssue(result, '/authenticationSchemes/1/name', /required attribute "name"/);
    expectIssue(result, '/authenticationSchemes', /at most one element may have "primary": true/);
  });

  test('rejects missing schemas', () => {
    const spc: Record<string, unknown> = clone(rfcServiceProviderConfig);
    delete spc.schemas;
    expectIssue(validateSchema('ServiceProviderConfig', spc), '/schemas', /required attribute "schemas"/);
  });
});

describe('ResourceType schema (RFC 7643 §6)', () => {
  test.each(rfcResourceTypes.map((rt) => [rt.name, rt] as const))('accepts the RFC 7643 §8.6 %s resource type', (_n, rt) => {
    expectValid('ResourceType', rt);
  });

  test('rejects a missing endpoint, a non-URI schema and a string "required"', () => {
    const rt: Record<string, unknown> = {
      ...clone(rfcResourceTypes[0]!),
      schema: 'User schema',
      schemaExtensions: [{ schema: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User', required: 'true' }],
    };
    delete rt.endpoint;
    const result = validateSchema('ResourceType', rt);
    expectIssue(result, '/endpoint', /required attribute "endpoint"/);
    expectIssue(result, '/schema', /must be a valid uri/);
    expectIssue(result, '/schemaExtensions/0/required', /JSON boolean/);
  });

  test('rejects the wrong resource schema URN', () => {
    const rt = { ...clone(rfcResourceTypes[1]!), schemas: ['urn:ietf:params:scim:schemas:core:2.0:Schema'] };
    expectIssue(validateSchema('ResourceType', rt), '/schemas', /must contain "urn:ietf:params:scim:schemas:core:2\.0:ResourceType"/);
  });
});

describe('Schema schema (RFC 7643 §7)', () => {
  test('accepts the RFC 7643 §8.7.1 Group schema (with "schemas" added)', () => {
    expectValid('Schema', rfcGroupSchema);
  });

  test('rejects the §8.7.1 listing as printed, which has no "schemas" attribute', () => {
    const printed: Record<string, unknown> = clone(rfcGroupSchema);
    delete printed.schemas;
    expectIssue(validateSchema('Schema', printed), '/schemas', /required attribute "schemas"/);
  });

  test('rejects an unknown attribute type and characteristic values, listing the allowed values', () => {
    const schema = clone(rfcGroupSchema) as { attributes: Array<Record<string, unknown>> };
    schema.attributes[0]!.type = 'text';
    schema.attributes[0]!.mutability = 'readwrite';
    schema.attributes[0]!.returned = 'sometimes';
    schema.attributes[0]!.uniqueness = 'tenant';
    const result = validateSchema('Schema', schema);
    expectIssue(
      result,
      '/attributes/0/type',
      /must be one of "string", "boolean", "decimal", "integer", "dateTime", "binary", "reference", "complex", not string "text"/,
    );
    expectIssue(result, '/attributes/0/mutability', /"readOnly", "readWrite", "immutable", "writeOnly"/);
    expectIssue(result, '/attributes/0/returned', /"always", "never", "default", "request"/);
    expectIssue(result, '/attributes/0/uniqueness', /"none", "server", "global"/);
  });

  test('checks subAttributes recursively', () => {
    const schema = clone(rfcGroupSchema) as { attributes: Array<{ subAttributes?: Array<Record<string, unknown>> }> };
    const sub = schema.attributes[1]!.subAttributes!;
    sub[0]!.multiValued = 'false';
    delete sub[1]!.name;
    const result = validateSchema('Schema', schema);
    expectIssue(result, '/attributes/1/subAttributes/0/multiValued', /JSON boolean.*not string "false"/);
    expectIssue(result, '/attributes/1/subAttributes/1/name', /required attribute "name"/);
  });

  test('rejects a missing id or attributes, and an id that is not a URI', () => {
    const schema: Record<string, unknown> = { ...clone(rfcGroupSchema), id: 'Group' };
    delete schema.attributes;
    const result = validateSchema('Schema', schema);
    expectIssue(result, '/id', /must be a valid uri/);
    expectIssue(result, '/attributes', /required attribute "attributes"/);
  });
});
