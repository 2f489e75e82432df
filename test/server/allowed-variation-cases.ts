// Probes of the allowed-behaviour variations (src/server/switches/allowed-*.ts): what each one changes,
// against a clean server and a server with only that variation on. Used by variations.test.ts.
import type { VariationName } from '../../src/server/variations';
import { Client, ENT, GROUP_URN, q, USER_URN } from './helpers';

export interface VariationCase {
  probe(c: Client): Promise<unknown>;
  clean: unknown;
  varied: unknown;
}

type AllowedName = Extract<
  VariationName,
  | 'content-type-without-charset'
  | 'error-detail-omitted'
  | 'unauthorized-without-body'
  | 'put-not-implemented'
  | 'location-header-omitted'
  | 'etag-strong'
  | 'discovery-endpoints-absent'
  | 'schemas-omit-default-characteristics'
  | 'spc-without-optional-attributes'
  | 'patch-not-supported'
  | 'filter-not-supported'
  | 'meta-omitted'
  | 'timestamps-with-offset'
  | 'schemas-extension-first'
  | 'attributes-reordered'
  | 'unassigned-as-null'
  | 'manager-value-only'
  | 'members-value-only'
  | 'user-groups-not-returned'
  | 'vendor-extension-in-responses'
  | 'username-lowercased'
  | 'create-returns-minimal-body'
  | 'unknown-attributes-rejected'
  | 'ids-with-reserved-characters'
>;

const VENDOR = 'urn:acme:params:scim:schemas:extension:2.0:User';
const path = (type: 'Users' | 'Groups', id: string): string => `/${type}/${encodeURIComponent(id)}`;

export const ALLOWED_CASES: Record<AllowedName, VariationCase> = {
  'content-type-without-charset': {
    probe: async (c) => [(await c.get('/Users')).headers.get('content-type'), (await c.get('/Users/nope')).headers.get('content-type')],
    clean: ['application/scim+json; charset=utf-8', 'application/scim+json; charset=utf-8'],
    varied: ['application/scim+json', 'application/scim+json'],
  },
  'error-detail-omitted': {
    probe: async (c) => {
      const r = await c.get(`/Users?filter=${q('userName zz "x"')}`);
      return [r.status, r.body.scimType, r.body.status, 'detail' in r.body, (await c.get('/Users/nope')).body.detail === undefined];
    },
    clean: [400, 'invalidFilter', '400', true, false],
    varied: [400, 'invalidFilter', '400', false, true],
  },
  'unauthorized-without-body': {
    probe: async (c) => {
      const r = await new Client(c.baseUrl, 'wrong').get('/Users');
      const none = await new Client(c.baseUrl, null).get('/Users');
      return [r.status, r.text === '', r.headers.get('www-authenticate') !== null, none.status, none.text === '', (await c.get('/Users/nope')).status];
    },
    clean: [401, false, true, 401, false, 404],
    varied: [401, true, true, 401, true, 404],
  },
  'put-not-implemented': {
    probe: async (c) => {
      const seed = await c.seedUser();
      const r = await c.put(path('Users', seed.id), { schemas: [USER_URN], userName: seed.userName, displayName: 'Changed' });
      return [r.status, (await c.get(path('Users', seed.id))).body.displayName === 'Changed'];
    },
    clean: [200, true],
    varied: [501, false],
  },
  'location-header-omitted': {
    probe: async (c) => {
      const r = await c.post('/Users', { schemas: [USER_URN], userName: 'a@example.test' });
      return [r.status, r.headers.get('location') !== null, typeof r.body.meta.location];
    },
    clean: [201, true, 'string'],
    varied: [201, false, 'string'],
  },
  'etag-strong': {
    probe: async (c) => {
      const seed = await c.seedUser();
      const r = await c.get(path('Users', seed.id));
      const tag = r.headers.get('etag');
      const cached = await c.get(path('Users', seed.id), { 'If-None-Match': tag ?? '' });
      return [/^W\//.test(tag ?? ''), r.body.meta.version === tag, cached.status];
    },
    clean: [true, true, 304],
    varied: [false, true, 304],
  },
  'discovery-endpoints-absent': {
    probe: async (c) => [(await c.get('/ServiceProviderConfig')).status, (await c.get('/ResourceTypes')).status, (await c.get(`/Schemas/${USER_URN}`)).status, (await c.get('/Users')).status],
    clean: [200, 200, 200, 200],
    varied: [404, 404, 404, 200],
  },
  'schemas-omit-default-characteristics': {
    probe: async (c) => {
      const attrs = (await c.get(`/Schemas/${USER_URN}`)).body.attributes as any[];
      const userName = attrs.find((a) => a.name === 'userName');
      const title = attrs.find((a) => a.name === 'title');
      const givenName = attrs.find((a) => a.name === 'name').subAttributes.find((a: any) => a.name === 'givenName');
      return [userName.uniqueness, userName.required, 'caseExact' in userName, 'mutability' in title, title.type, 'returned' in givenName];
    },
    clean: ['server', true, true, true, 'string', true],
    varied: ['server', true, false, false, 'string', false],
  },
  'spc-without-optional-attributes': {
    probe: async (c) => {
      const spc = (await c.get('/ServiceProviderConfig')).body;
      return ['documentationUri' in spc, 'meta' in spc, 'specUri' in spc.authenticationSchemes[0], spc.authenticationSchemes[0].type, spc.patch.supported];
    },
    clean: [true, true, true, 'oauthbearertoken', true],
    varied: [false, false, false, 'oauthbearertoken', true],
  },
  'patch-not-supported': {
    probe: async (c) => {
      const seed = await c.seedUser();
      const r = await c.patch(path('Users', seed.id), [{ op: 'replace', path: 'displayName', value: 'P' }]);
      return [(await c.get('/ServiceProviderConfig')).body.patch.supported, r.status];
    },
    clean: [true, 200],
    varied: [false, 501],
  },
  'filter-not-supported': {
    probe: async (c) => {
      const r = await c.get(`/Users?filter=${q('userName eq "seed.user@reference.test"')}`);
      const s = await c.post('/Users/.search', { schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'], filter: 'userName pr' });
      return [(await c.get('/ServiceProviderConfig')).body.filter.supported, r.status, r.body.scimType, s.status, (await c.get('/Users')).status];
    },
    clean: [true, 200, undefined, 200, 200],
    varied: [false, 400, 'invalidFilter', 400, 200],
  },
  'meta-omitted': {
    probe: async (c) => {
      const r = await c.post('/Users', { schemas: [USER_URN], userName: 'a@example.test' });
      return ['meta' in r.body, r.headers.get('location') !== null, 'meta' in (await c.get(path('Users', r.body.id))).body];
    },
    clean: [true, true, true],
    varied: [false, true, false],
  },
  'timestamps-with-offset': {
    probe: async (c) => {
      const meta = (await c.get(path('Users', (await c.seedUser()).id))).body.meta;
      return [/Z$/.test(meta.created), /\+02:00$/.test(meta.lastModified), Date.parse(meta.created) <= Date.now()];
    },
    clean: [true, false, true],
    varied: [false, true, true],
  },
  'schemas-extension-first': {
    probe: async (c) => {
      const id = await c.createUser('a@example.test', { schemas: [USER_URN, ENT], [ENT]: { department: 'D' } });
      return (await c.get(path('Users', id))).body.schemas;
    },
    clean: [USER_URN, ENT],
    varied: [ENT, USER_URN],
  },
  'attributes-reordered': {
    probe: async (c) => {
      const body = (await c.get(path('Users', await c.createUser('a@example.test', { name: { givenName: 'G', familyName: 'F' } })))).body;
      return [Object.keys(body)[0], Object.keys(body).at(-1), Object.keys(body.name)];
    },
    clean: ['schemas', 'meta', ['givenName', 'familyName']],
    varied: ['meta', 'schemas', ['familyName', 'givenName']],
  },
  'unassigned-as-null': {
    probe: async (c) => {
      const id = await c.createUser('a@example.test', { title: 'T' });
      const full = (await c.get(path('Users', id))).body;
      const only = (await c.get(`${path('Users', id)}?attributes=userName`)).body;
      return [full.title, full.nickName, 'nickName' in full, 'nickName' in only, (await c.get(path('Groups', (await c.seedGroup()).id))).body.nickName];
    },
    clean: ['T', undefined, false, false, undefined],
    varied: ['T', null, true, false, undefined],
  },
  'manager-value-only': {
    probe: async (c) => {
      const boss = await c.createUser('boss@example.test', { displayName: 'Boss' });
      const id = await c.createUser('a@example.test', { schemas: [USER_URN, ENT], [ENT]: { manager: { value: boss } } });
      const m = (await c.get(path('Users', id))).body[ENT].manager;
      return [m.value === boss, Object.keys(m).sort()];
    },
    clean: [true, ['$ref', 'displayName', 'value']],
    varied: [true, ['value']],
  },
  'members-value-only': {
    probe: async (c) => {
      const g = await c.seedGroup();
      return [Object.keys(g.members[0]).sort(), typeof g.members[0].value];
    },
    clean: [['$ref', 'display', 'type', 'value'], 'string'],
    varied: [['value'], 'string'],
  },
  'user-groups-not-returned': {
    probe: async (c) => {
      const seed = await c.seedUser();
      const names = ((await c.get(`/Schemas/${USER_URN}`)).body.attributes as any[]).map((a) => a.name);
      return ['groups' in seed, names.includes('groups'), (await c.seedGroup()).members.length];
    },
    clean: [true, true, 1],
    varied: [false, false, 1],
  },
  'vendor-extension-in-responses': {
    probe: async (c) => {
      const seed = await c.seedUser();
      const only = (await c.get(`${path('Users', seed.id)}?attributes=userName`)).body;
      return [seed.schemas.includes(VENDOR), seed[VENDOR], VENDOR in only, VENDOR in (await c.seedGroup())];
    },
    clean: [false, undefined, false, false],
    varied: [true, { accountStatus: 'provisioned' }, false, false],
  },
  'username-lowercased': {
    probe: async (c) => {
      const id = await c.createUser('Mixed.Case@Example.test', { displayName: 'Mixed Case' });
      const found = await c.get(`/Users?filter=${q('userName eq "MIXED.case@example.test"')}`);
      const u = (await c.get(path('Users', id))).body;
      return [u.userName, u.displayName, found.body.totalResults];
    },
    clean: ['Mixed.Case@Example.test', 'Mixed Case', 1],
    varied: ['mixed.case@example.test', 'Mixed Case', 1],
  },
  'create-returns-minimal-body': {
    probe: async (c) => {
      const r = await c.post('/Users', { schemas: [USER_URN], userName: 'a@example.test', displayName: 'A' });
      return [r.status, Object.keys(r.body).sort(), (await c.get(path('Users', r.body.id))).body.displayName];
    },
    clean: [201, ['displayName', 'id', 'meta', 'schemas', 'userName'], 'A'],
    varied: [201, ['id', 'meta', 'schemas'], 'A'],
  },
  'unknown-attributes-rejected': {
    probe: async (c) => {
      const custom = await c.post('/Users', { schemas: [USER_URN], userName: 'a@example.test', 'urn:example:custom:2.0:User': { badge: '7' } });
      const extra = await c.post('/Users', { schemas: [USER_URN], userName: 'b@example.test', favouriteColour: 'red' });
      const known = await c.post('/Users', { schemas: [USER_URN, ENT], userName: 'c@example.test', meta: { resourceType: 'User' }, [ENT]: { department: 'D' }, [`${USER_URN}:title`]: 'T' });
      const group = await c.post('/Groups', { schemas: [GROUP_URN], displayName: 'G', members: [] });
      return [custom.status, custom.body.scimType, extra.status, known.status, group.status];
    },
    clean: [201, undefined, 201, 201, 201],
    varied: [400, 'invalidSyntax', 400, 201, 201],
  },
  'ids-with-reserved-characters': {
    probe: async (c) => {
      const uid = await c.createUser('a@example.test');
      const gid = await c.createGroup('G', [uid]);
      const g = (await c.get(path('Groups', gid))).body;
      const patched = await c.patch(path('Groups', gid), [{ op: 'remove', path: `members[value eq "${uid}"]` }]);
      return [/[:+@]/.test(uid), /[ #()]/.test(gid), g.id === gid, g.members[0].value === uid, patched.status, (await c.get(path('Users', uid))).status];
    },
    clean: [false, false, true, true, 204, 200],
    varied: [true, true, true, true, 204, 200],
  },
};
