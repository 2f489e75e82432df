// The `requires` of fixture sequences and steps, judged against discovery documents (RFC 7644 §4).
import { parseRequirement, unmetRequirement } from '../../src/sequences/capabilities';
import type { DiscoverySnapshot } from '../../src/runner/discovery';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

function snapshot(spc: unknown, extra: Partial<DiscoverySnapshot> = {}): DiscoverySnapshot {
  return {
    serviceProviderConfig: { request: 'GET /ServiceProviderConfig -> 200', status: 200, body: spc },
    resourceTypes: {
      request: 'GET /ResourceTypes -> 200',
      status: 200,
      body: { Resources: [{ name: 'User', endpoint: '/Users', schema: USER, schemaExtensions: [{ schema: ENT, required: false }] }] },
    },
    schemas: {
      request: 'GET /Schemas -> 200',
      status: 200,
      body: {
        Resources: [
          {
            id: USER,
            attributes: [
              { name: 'userName', type: 'string', multiValued: false, caseExact: false, uniqueness: 'server' },
              { name: 'password', type: 'string', multiValued: false, returned: 'never', mutability: 'writeOnly' },
              { name: 'name', type: 'complex', multiValued: false, subAttributes: [{ name: 'givenName', type: 'string', multiValued: false }] },
              { name: 'emails', type: 'complex', multiValued: true, caseExact: 'false' },
            ],
          },
          { id: ENT, attributes: [{ name: 'employeeNumber', type: 'string', multiValued: false, caseExact: true }] },
        ],
      },
    },
    ...extra,
  };
}

const spc = { patch: { supported: true }, sort: { supported: false }, etag: { supported: 'true' } };

describe('ServiceProviderConfig features', () => {
  test('a feature declared supported is met', () => expect(unmetRequirement(['patch'], snapshot(spc))).toBeUndefined());
  test('a feature declared unsupported is not, with the reason', () => {
    expect(unmetRequirement(['patch', 'sort'], snapshot(spc))).toBe('ServiceProviderConfig declares sort unsupported');
  });
  test('only a JSON true counts as supported', () => {
    expect(unmetRequirement(['etag'], snapshot(spc))).toBe('ServiceProviderConfig does not declare etag supported ("etag": {"supported":"true"})');
    expect(unmetRequirement(['filter'], snapshot(spc))).toBe('ServiceProviderConfig does not declare filter supported ("filter": absent)');
  });
  test('without a ServiceProviderConfig no optional feature is assumed', () => {
    const missing = snapshot(spc, { serviceProviderConfig: { request: 'GET /ServiceProviderConfig -> 404', status: 404 } });
    expect(unmetRequirement(['patch'], missing)).toBe('no patch support can be read: /ServiceProviderConfig is not available (GET /ServiceProviderConfig -> 404)');
  });
  test('no requirements: always met', () => expect(unmetRequirement(undefined, snapshot(spc))).toBeUndefined());
});

describe('attribute characteristics from /Schemas', () => {
  const d = snapshot(spc);
  test('declared values, sub-attributes and extension attributes are found', () => {
    expect(unmetRequirement(['User.password mutability=writeOnly', 'User.emails multiValued=true'], d)).toBeUndefined();
    expect(unmetRequirement(['User.employeeNumber caseExact=true'], d)).toBeUndefined();
    expect(unmetRequirement(['User.name.givenName caseExact=false'], d)).toBeUndefined(); // RFC 7643 §2.2 default
  });
  test('a different declaration is unmet, quoting what was declared', () => {
    expect(unmetRequirement(['User.employeeNumber caseExact=false'], d)).toBe('/Schemas declares User employeeNumber "caseExact": true');
    expect(unmetRequirement(['User.emails caseExact=false'], d)).toBe('/Schemas declares User emails "caseExact": "false"');
    expect(unmetRequirement(['User.emails multiValued=false'], d)).toBe('/Schemas declares User emails "multiValued": true');
  });
  test('an attribute the endpoint does not declare is unmet', () => {
    expect(unmetRequirement(['User.groups mutability=readOnly'], d)).toBe('/Schemas does not declare the attribute User groups');
  });
  test('without /Schemas the characteristics cannot be read', () => {
    const missing = snapshot(spc, { schemas: { request: 'GET /Schemas -> 401', status: 401 } });
    expect(unmetRequirement(['User.name.givenName caseExact=false'], missing)).toBe('the characteristics of User name.givenName cannot be read: /Schemas is not available (GET /Schemas -> 401)');
  });
  test('without /ResourceTypes the core schema of RFC 7643 is assumed', () => {
    const noTypes = snapshot(spc, { resourceTypes: { request: 'GET /ResourceTypes -> 404', status: 404 } });
    expect(unmetRequirement(['User.name.givenName caseExact=false'], noTypes)).toBeUndefined();
  });
});

test('a requirement that is neither form is refused', () => {
  expect(() => parseRequirement('bulk')).not.toThrow();
  expect(() => parseRequirement('sorting')).toThrow(/neither a ServiceProviderConfig feature/);
  expect(() => parseRequirement('User.userName caseExact')).toThrow();
});

test('a characteristic RFC 7643 fixes for every endpoint cannot be required', () => {
  for (const r of ['User.userName caseExact=false', 'User.userName uniqueness!=none', 'user.USERNAME uniqueness=server', 'User.password returned=never', 'User.id mutability=readOnly', 'Group.id mutability=readOnly']) {
    expect(() => parseRequirement(r)).toThrow(/RFC 7643 applies to every endpoint/);
  }
});
