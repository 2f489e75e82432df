// RFC suite steps built from the endpoint's discovery documents (src/sequences/discovery-steps.ts):
// one read by id per listed ResourceType and Schema, and bodies with a value for every attribute
// /Schemas declares writable (src/sequences/declared-values.ts).
import type { DiscoverySnapshot } from '../../src/runner/discovery';
import { fitToDeclared } from '../../src/sequences/declared-bodies';
import { declaredWritable } from '../../src/sequences/declared-values';
import { expandFromDiscovery, pathSegment } from '../../src/sequences/discovery-steps';
import { loadSequenceFiles } from '../../src/sequences/fixtures';
import type { SequenceFile, StepDef } from '../../src/sequences/types';
import { resourceTypes, schemaResources } from '../../src/server/discovery';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

type Docs = { resourceTypes: Array<Record<string, unknown>>; schemas: Array<Record<string, unknown>> };

/** The reference server's discovery documents (every attribute of RFC 7643), changed by `edit`. */
function snapshot(edit: (d: Docs) => void = () => undefined): DiscoverySnapshot {
  const d = JSON.parse(JSON.stringify({ resourceTypes: resourceTypes('http://x'), schemas: schemaResources('http://x') })) as Docs;
  edit(d);
  return {
    serviceProviderConfig: { request: 'GET /ServiceProviderConfig -> 200', status: 200, body: { patch: { supported: true } } },
    resourceTypes: { request: 'GET /ResourceTypes -> 200', status: 200, body: { Resources: d.resourceTypes } },
    schemas: { request: 'GET /Schemas -> 200', status: 200, body: { Resources: d.schemas } },
  };
}
const UNREADABLE: DiscoverySnapshot = {
  serviceProviderConfig: { request: 'GET /ServiceProviderConfig -> 404', status: 404 },
  resourceTypes: { request: 'GET /ResourceTypes -> 404', status: 404 },
  schemas: { request: 'GET /Schemas -> 404', status: 404 },
};

const file = (steps: StepDef[]): SequenceFile => ({ bodies: {}, profileIndependent: true, sequences: [{ id: 's', title: 's', steps }] });
const stepsOf = (f: SequenceFile): StepDef[] => f.sequences[0]!.steps;

const listed = (path: string): StepDef => ({ name: 'by-id', eachListedId: true, request: { method: 'GET', path }, response: path === '/Schemas' ? 'Schema' : 'ResourceType', checks: [] });

const createUser = (n: number): StepDef => ({
  name: `create-referenced-${n}`,
  request: { method: 'POST', path: '/Users', body: { schemas: [USER], userName: `r${n}` } },
  response: 'User',
  capture: { [`ref${n}`]: 'id' },
  creates: { type: 'Users', idVar: `ref${n}`, name: `r${n}` },
  checks: [],
});
const roundTrip = (type: 'Users' | 'Groups'): StepDef[] => {
  const [urn, name] = type === 'Users' ? [USER, 'userName'] : [GROUP, 'displayName'];
  const seed = { schemas: [urn], [name]: 'me' };
  return [
    createUser(1),
    createUser(2),
    { name: 'create', declaredValues: true, request: { method: 'POST', path: `/${type}`, body: seed }, response: 'User', capture: { id: 'id' }, creates: { type, idVar: 'id', name: 'me' }, checks: [] },
    { name: 'replace', declaredValues: true, request: { method: 'PUT', path: `/${type}/{{id}}`, body: seed }, response: 'User', checks: [] },
    { name: 'patch', declaredValues: true, request: { method: 'PATCH', path: `/${type}/{{id}}`, body: { schemas: [PATCH], Operations: [{ op: 'replace', path: name, value: 'me' }] } }, response: 'User', checks: [] },
  ];
};
const bodyOf = (f: SequenceFile, step: string): Record<string, any> => stepsOf(f).find((s) => s.name === step)!.request.body as Record<string, any>;

describe('eachListedId', () => {
  test('reads every listed Schema by its URI, ":" kept in the path, expect.id the URI', () => {
    const steps = stepsOf(expandFromDiscovery(file([listed('/Schemas')]), snapshot()));
    expect(steps.map((s) => [s.name, s.request.path, s.expect?.id, s.eachListedId])).toEqual([
      ['by-id-urn-ietf-params-scim-schemas-core-2-0-user', `/Schemas/${USER}`, USER, undefined],
      ['by-id-urn-ietf-params-scim-schemas-extension-enterprise-2-0-user', `/Schemas/${ENT}`, ENT, undefined],
      ['by-id-urn-ietf-params-scim-schemas-core-2-0-group', `/Schemas/${GROUP}`, GROUP, undefined],
    ]);
  });

  test('reads a ResourceType by its id, or by its name when it has none (RFC 7643 §6)', () => {
    const s = snapshot((d) => {
      d.resourceTypes[0]!['id'] = 'user-accounts';
      delete d.resourceTypes[1]!['id'];
    });
    expect(stepsOf(expandFromDiscovery(file([listed('/ResourceTypes')]), s)).map((st) => [st.name, st.request.path, st.expect?.id])).toEqual([
      ['by-id-user-accounts', '/ResourceTypes/user-accounts', 'user-accounts'],
      ['by-id-group', '/ResourceTypes/Group', 'Group'],
    ]);
  });

  test('an id is one path segment: what would split or end it is percent-encoded', () => {
    expect(pathSegment('urn:acme:2.0:User@x')).toBe('urn:acme:2.0:User@x');
    expect(pathSegment('a/b?c#d e%')).toBe('a%2Fb%3Fc%23d%20e%25');
  });

  test('an unreadable or empty list leaves one step, not applicable, with the reason', () => {
    const [unreadable] = stepsOf(expandFromDiscovery(file([listed('/Schemas')]), UNREADABLE));
    expect(unreadable!.notApplicable).toMatch(/^\/Schemas cannot be read \(GET \/Schemas -> 404\)/);
    const [empty] = stepsOf(expandFromDiscovery(file([listed('/ResourceTypes')]), snapshot((d) => d.resourceTypes.splice(0))));
    expect(empty!.notApplicable).toBe('/ResourceTypes lists nothing to read by id');
  });

  test('a step whose path is no discovery list is a fixture error', () => {
    expect(() => expandFromDiscovery(file([listed('/Users')]), snapshot())).toThrow(/fixture error/);
  });
});

describe('declaredValues', () => {
  const expanded = expandFromDiscovery(file(roundTrip('Users')), snapshot());

  test('the POST writes every writable User attribute the reference server declares, the extension listed in schemas', () => {
    const body = bodyOf(expanded, 'create');
    expect(Object.keys(body).sort()).toEqual(
      ['schemas', 'userName', 'name', 'displayName', 'nickName', 'profileUrl', 'title', 'userType', 'preferredLanguage', 'locale', 'timezone', 'active', 'password', 'emails', 'phoneNumbers', 'ims', 'photos', 'addresses', 'entitlements', 'roles', 'x509Certificates', ENT].sort(),
    );
    expect(body['schemas']).toEqual([USER, ENT]);
    expect(Object.keys(body[ENT]).sort()).toEqual(['costCenter', 'department', 'division', 'employeeNumber', 'manager', 'organization']);
    // The fixture's name is kept; readOnly groups never written; a reference names the first user created.
    expect(body['userName']).toBe('me');
    expect(body[ENT].manager).toEqual({ value: '{{ref1}}' });
    expect(body['emails']).toEqual([{ value: '{{prefix}}mail-1@example.test', display: '{{prefix}}emails.display 1 R&D', type: 'work', primary: true }]);
    expect(body['x509Certificates'][0].value).toMatch(/^MII[A-Za-z0-9+/=]+$/);
  });

  test('the PUT changes every value the POST wrote; the PATCH replaces each attribute by its path', () => {
    const post = bodyOf(expanded, 'create');
    const put = bodyOf(expanded, 'replace');
    for (const key of Object.keys(post).filter((k) => !['schemas', 'userName'].includes(k))) expect({ key, same: JSON.stringify(put[key]) === JSON.stringify(post[key]) }).toEqual({ key, same: false });
    expect(put[ENT].manager).toEqual({ value: '{{ref2}}' });
    const patch = bodyOf(expanded, 'patch');
    expect(patch['Operations'][0]).toEqual({ op: 'replace', path: 'userName', value: 'me' });
    const paths = patch['Operations'].slice(1).map((op: { path: string }) => op.path);
    expect(paths).toContain(`${ENT}:department`);
    expect(paths).toContain('x509Certificates');
    expect(patch['Operations'].every((op: { op: string }) => op.op === 'replace')).toBe(true);
    expect(patch['Operations'].find((op: { path: string }) => op.path === `${ENT}:manager`).value).toEqual({ value: '{{ref1}}' });
  });

  test('group members name the users created first; nothing else of a Group is writable but its name', () => {
    const groups = expandFromDiscovery(file(roundTrip('Groups')), snapshot());
    expect(bodyOf(groups, 'create')).toEqual({ schemas: [GROUP], displayName: 'me', members: [{ value: '{{ref1}}' }] });
    expect(bodyOf(groups, 'replace')['members']).toEqual([{ value: '{{ref2}}' }]);
  });

  test('immutable attributes: the POST writes one, the PUT repeats it unchanged (RFC 7644 §3.5.1), no PATCH touches it', () => {
    const s = snapshot((d) => {
      const user = d.schemas.find((x) => x['id'] === USER)!;
      (user['attributes'] as Array<Record<string, unknown>>).find((a) => a['name'] === 'nickName')!['mutability'] = 'immutable';
    });
    const f = expandFromDiscovery(file(roundTrip('Users')), s);
    expect(bodyOf(f, 'replace')['nickName']).toBe(bodyOf(f, 'create')['nickName']);
    expect(bodyOf(f, 'patch')['Operations'].map((op: { path: string }) => op.path)).not.toContain('nickName');
  });

  test('what /Schemas does not declare is not written; characteristics left out take their RFC 7643 §2.2 defaults', () => {
    const s = snapshot((d) => {
      const user = d.schemas.find((x) => x['id'] === USER)!;
      user['attributes'] = (user['attributes'] as Array<Record<string, unknown>>).filter((a) => ['userName', 'title', 'active'].includes(a['name'] as string)).map((a) => ({ name: a['name'], type: a['type'], multiValued: false }));
      d.resourceTypes[0]!['schemaExtensions'] = [];
    });
    expect(bodyOf(expandFromDiscovery(file(roundTrip('Users')), s), 'create')).toEqual({ schemas: [USER], userName: 'me', title: '{{prefix}}title 1 R&D', active: false });
  });

  test('without a readable /Schemas, or with nothing writable, the writes are not applicable, with the reason', () => {
    const none = stepsOf(expandFromDiscovery(file(roundTrip('Users')), UNREADABLE)).filter((s) => s.notApplicable !== undefined);
    expect(none.map((s) => s.name)).toEqual(['create', 'replace', 'patch']);
    expect(none[0]!.notApplicable).toBe('the round trip writes what /Schemas declares, and /Schemas cannot be read (GET /Schemas -> 404)');
    const nameOnly = snapshot((d) => {
      const group = d.schemas.find((x) => x['id'] === GROUP)!;
      group['attributes'] = (group['attributes'] as Array<Record<string, unknown>>).filter((a) => a['name'] === 'displayName');
    });
    expect(stepsOf(expandFromDiscovery(file(roundTrip('Groups')), nameOnly)).find((st) => st.name === 'create')!.notApplicable).toMatch(/^\/Schemas declares no Group attribute besides displayName that a POST writes/);
  });

  test('references are left out when the sequence creates no user before its writes', () => {
    const noUsers = roundTrip('Groups').slice(2);
    expect(stepsOf(expandFromDiscovery(file(noUsers), snapshot())).find((s) => s.name === 'create')!.notApplicable).toMatch(/no Group attribute besides displayName/);
  });

  test('declared attributes it cannot write are listed with the reason', () => {
    const s = snapshot((d) => {
      const user = d.schemas.find((x) => x['id'] === USER)!;
      (user['attributes'] as unknown[]).push({ name: 'badge', type: 'picture', multiValued: false }, { name: 'team', type: 'complex', multiValued: false, subAttributes: [{ name: 'value', type: 'string' }, { name: '$ref', type: 'reference', referenceTypes: ['Group'] }] });
    });
    const declared = declaredWritable(s, 'User');
    if (typeof declared === 'string') throw new Error(declared);
    expect(declared.skipped).toEqual(['badge: type "picture" is none of RFC 7643 §7\'s', 'team: refers to resources other than Users, which the round trip does not create']);
  });

  test('building is done once: building the result again changes nothing', () => {
    expect(expandFromDiscovery(expanded, snapshot())).toEqual(expanded);
  });
});

test('the RFC fixtures build for the reference server, and a file without such steps is returned as it is', () => {
  for (const { file: f } of loadSequenceFiles('rfc')) {
    const built = expandFromDiscovery(f, snapshot());
    if (!f.sequences.some((s) => s.steps.some((st) => st.eachListedId || st.declaredValues))) expect(built).toBe(f);
    else expect(built.sequences.flatMap((s) => s.steps).filter((st) => st.notApplicable !== undefined)).toEqual([]);
  }
});

test('fitting bodies to /Schemas leaves a SearchRequest (POST /.search) as it is: its filter is no attribute', () => {
  const search: StepDef = { name: 'search', request: { method: 'POST', path: '/Users/.search', body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'], filter: 'userName eq "a"', count: 5 } }, response: 'UserList', checks: [] };
  const onlyUserName = snapshot((d) => {
    const user = d.schemas.find((x) => x['id'] === USER)!;
    user['attributes'] = [{ name: 'userName', type: 'string', multiValued: false }];
  });
  expect(stepsOf(fitToDeclared(file([search]), onlyUserName))[0]).toEqual(search);
});
