// The probes of the fault-catalogue faults (src/server/switches/catalogue.ts) for test/server/faults.test.ts:
// each runs against a clean server and one with only that fault on.
import type { CATALOGUE_SWITCHES } from '../../src/server/switches/catalogue';
import { type Client, ENT, q, USER_URN } from './helpers';

type CatalogueFault = (typeof CATALOGUE_SWITCHES)[number]['name'];

interface Case {
  probe(c: Client): Promise<unknown>;
  clean: unknown;
  faulty: unknown;
}

const ZONED = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;

export const CATALOGUE_CASES: Record<CatalogueFault, Case> = {
  'meta-dates-sql-format': {
    probe: async (c) => {
      const meta = (await c.get(`/Users/${await c.createUser('a@example.test')}`)).body.meta;
      return [ZONED.test(meta.created), ZONED.test(meta.lastModified), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/.test(meta.created)];
    },
    clean: [true, true, false],
    faulty: [false, false, true],
  },
  'emails-primary-repeated': {
    probe: async (c) => {
      const id = await c.createUser('a@example.test', { emails: [{ value: 'w@example.test', type: 'work', primary: true }, { value: 'h@example.test', type: 'home' }] });
      return (await c.get(`/Users/${id}`)).body.emails.map((e: { primary?: boolean }) => e.primary);
    },
    clean: [true, undefined],
    faulty: [true, true],
  },
  'resource-schemas-missing': {
    probe: async (c) => {
      const id = await c.createUser('a@example.test');
      const group = await c.createGroup('G');
      return ['schemas' in (await c.get(`/Users/${id}`)).body, 'schemas' in (await c.get(`/Groups/${group}`)).body];
    },
    clean: [true, true],
    faulty: [false, false],
  },
  'schemas-extension-repeated': {
    probe: async (c) => {
      const id = await c.createUser('a@example.test');
      const put = await c.put(`/Users/${id}`, { schemas: [USER_URN], userName: 'a@example.test' });
      return [put.body.schemas, (await c.get(`/Users/${id}`)).body.schemas];
    },
    clean: [[USER_URN], [USER_URN]],
    faulty: [[USER_URN, USER_URN], [USER_URN]],
  },
  'meta-resource-type-plural': {
    probe: async (c) => [(await c.get(`/Users/${await c.createUser('a@example.test')}`)).body.meta.resourceType, (await c.get(`/Groups/${await c.createGroup('G')}`)).body.meta.resourceType],
    clean: ['User', 'Group'],
    faulty: ['Users', 'Groups'],
  },
  'projection-drops-always-returned': {
    probe: async (c) => {
      const id = await c.createUser('a@example.test', { displayName: 'A' });
      const projected = (await c.get(`/Users/${id}?attributes=userName`)).body;
      const excluded = (await c.get(`/Users/${id}?excludedAttributes=displayName`)).body;
      return [Object.keys(projected).filter((k) => k !== 'meta').sort(), typeof excluded.id];
    },
    clean: [['id', 'schemas', 'userName'], 'string'],
    faulty: [['userName'], 'string'],
  },
  'list-response-wrong-urn': {
    probe: async (c) => (await c.get('/Users')).body.schemas,
    clean: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
    faulty: ['urn:ietf:params:scim:schemas:core:2.0:ListResponse'],
  },
  'discovery-lists-as-arrays': {
    probe: async (c) => [Array.isArray((await c.get('/Schemas')).body), Array.isArray((await c.get('/ResourceTypes')).body), Array.isArray((await c.get('/Users')).body.Resources)],
    clean: [false, false, true],
    faulty: [true, true, true],
  },
  'spc-minimal': {
    probe: async (c) => {
      const spc = (await c.get('/ServiceProviderConfig')).body;
      return ['bulk', 'changePassword', 'authenticationSchemes', 'patch', 'sort', 'etag'].filter((k) => k in spc).concat(Object.keys(spc.filter).sort());
    },
    clean: ['bulk', 'changePassword', 'authenticationSchemes', 'patch', 'sort', 'etag', 'maxResults', 'supported'],
    faulty: ['patch', 'sort', 'etag', 'supported'],
  },
  'spc-authentication-scheme-incomplete': {
    probe: async (c) => Object.keys((await c.get('/ServiceProviderConfig')).body.authenticationSchemes[0]).filter((k) => ['type', 'name', 'description'].includes(k)).sort(),
    clean: ['description', 'name', 'type'],
    faulty: ['type'],
  },
  'resource-type-extension-required-missing': {
    probe: async (c) => Object.keys((await c.get('/ResourceTypes/User')).body.schemaExtensions[0]).sort(),
    clean: ['required', 'schema'],
    faulty: ['schema'],
  },
  'put-405': {
    probe: async (c) => {
      const id = await c.createUser('a@example.test');
      return [(await c.put(`/Users/${id}`, { schemas: [USER_URN], userName: 'a@example.test' })).status, (await c.put('/Users/nope', { schemas: [USER_URN], userName: 'b@example.test' })).status];
    },
    clean: [200, 404],
    faulty: [405, 405],
  },
  'put-unknown-id-creates': {
    probe: async (c) => {
      const id = await c.createUser('a@example.test');
      return [(await c.put('/Users/nope', { schemas: [USER_URN], userName: 'b@example.test' })).status, (await c.put(`/Users/${id}`, { schemas: [USER_URN], userName: 'a@example.test' })).status];
    },
    clean: [404, 200],
    faulty: [201, 200],
  },
  'put-reassigns-id': {
    probe: async (c) => {
      const id = await c.createUser('a@example.test');
      const put = await c.put(`/Users/${id}`, { schemas: [USER_URN], userName: 'a@example.test' });
      return [put.body.id === id, (await c.get(`/Users/${id}`)).body.id === id];
    },
    clean: [true, true],
    faulty: [false, true],
  },
  'user-duplicate-username-allowed': {
    probe: async (c) => {
      await c.createUser('a@example.test');
      await c.createGroup('G');
      return [(await c.post('/Users', { schemas: [USER_URN], userName: 'a@example.test' })).status, (await c.post('/Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'G' })).status];
    },
    clean: [409, 409],
    faulty: [201, 409],
  },
  'filter-value-path-any-value': {
    probe: async (c) => {
      // Work e-mail elsewhere, home e-mail at @work.: only a per-value filter leaves the user out.
      await c.createUser('bob@example.test', { emails: [{ value: 'bob@home.test', type: 'work' }, { value: 'bob@work.test', type: 'home' }] });
      const path = (await c.get(`/Users?filter=${q('emails[type eq "work" and value co "@work."]')}`)).body.totalResults;
      const entra = (await c.get(`/Users?filter=${q('emails[type eq "work"].value eq "bob@home.test"')}`)).body.totalResults;
      return [path, entra];
    },
    clean: [0, 1],
    faulty: [1, 1],
  },
  'filter-boolean-ordered': {
    probe: async (c) => {
      await c.createUser('a@example.test', { active: true });
      await c.createUser('b@example.test', { active: false });
      const out: unknown[] = [];
      for (const f of ['active gt false', 'active ge true', 'active lt true', 'active le false']) {
        const r = await c.get(`/Users?filter=${q(`userName ew "@example.test" and ${f}`)}`);
        out.push(r.status === 200 ? r.body.Resources.map((u: { userName: string }) => u.userName) : `${r.status} ${r.body.scimType}`);
      }
      return out;
    },
    clean: ['400 invalidFilter', '400 invalidFilter', '400 invalidFilter', '400 invalidFilter'],
    faulty: [['a@example.test'], ['a@example.test'], ['b@example.test'], ['b@example.test']],
  },
  'sort-default-descending': {
    probe: async (c) => {
      for (const n of ['b@x.test', 'a@x.test', 'c@x.test']) await c.createUser(n);
      const names = async (query: string) => (await c.get(`/Users?filter=${q('userName ew "@x.test"')}${query}`)).body.Resources.map((u: { userName: string }) => u.userName);
      return [await names('&sortBy=userName'), await names('&sortBy=userName&sortOrder=ascending')];
    },
    clean: [
      ['a@x.test', 'b@x.test', 'c@x.test'],
      ['a@x.test', 'b@x.test', 'c@x.test'],
    ],
    faulty: [
      ['c@x.test', 'b@x.test', 'a@x.test'],
      ['a@x.test', 'b@x.test', 'c@x.test'],
    ],
  },
  'pagination-out-of-range-refused': {
    probe: async (c) => {
      await c.createUser('a@example.test');
      const zero = await c.get('/Users?startIndex=0&count=5');
      const negative = await c.get('/Users?count=-1');
      return [zero.status, zero.body.startIndex, negative.status, negative.body.Resources?.length ?? 0, (await c.get('/Users?startIndex=1&count=1')).status];
    },
    clean: [200, 1, 200, 0, 200],
    faulty: [400, undefined, 400, 0, 200],
  },
  'create-extension-422': {
    probe: async (c) => [
      (await c.post('/Users', { schemas: [USER_URN, ENT], userName: 'a@example.test', [ENT]: { department: 'Sales' } })).status,
      (await c.post('/Users', { schemas: [USER_URN], userName: 'b@example.test' })).status,
    ],
    clean: [201, 201],
    faulty: [422, 201],
  },
  'group-patch-501': {
    probe: async (c) => {
      const group = await c.createGroup('G');
      const user = await c.createUser('a@example.test');
      return [(await c.patch(`/Groups/${group}`, [{ op: 'replace', path: 'displayName', value: 'H' }])).status, (await c.patch(`/Users/${user}`, [{ op: 'replace', path: 'title', value: 'T' }])).status];
    },
    clean: [204, 200],
    faulty: [501, 200],
  },
};
