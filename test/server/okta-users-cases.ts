// The probes of the switches of Okta's users traffic (src/server/switches/okta-users.ts) for
// test/server/faults.test.ts and variations.test.ts: each runs against a clean server and one with only
// that switch on.
import type { OKTA_USERS_SWITCHES } from '../../src/server/switches/okta-users';
import { type Client, q, USER_URN } from './helpers';

type Switch = (typeof OKTA_USERS_SWITCHES)[number];
type Fault = Extract<Switch, { kind: 'fault' }>['name'];
type Variation = Extract<Switch, { kind: 'variation' }>['name'];

/** Okta's create body (okta-requests.md O-04). */
const oktaUser = (userName: string) => ({
  schemas: [USER_URN],
  userName,
  name: { givenName: 'Ada', familyName: 'Lovelace' },
  emails: [{ primary: true, value: userName, type: 'work' }],
  displayName: 'Ada Lovelace',
  locale: 'en-US',
  externalId: '00u1abcdefghijklmno',
  groups: [],
  password: 'tV8h2KqP',
  active: true,
});

/** Creates Okta's user, then PUTs back what a GET returned with `change` applied (Okta's update). */
async function putAsRead(c: Client, change: Record<string, unknown>): Promise<{ id: string; status: number; read: any }> {
  const id = (await c.post('/Users', oktaUser('ada@example.test'))).body.id as string;
  const got = (await c.get(`/Users/${id}`)).body;
  const status = (await c.put(`/Users/${id}`, { ...got, ...change })).status;
  return { id, status, read: (await c.get(`/Users/${id}`)).body };
}

export const OKTA_USERS_FAULT_CASES: Record<Fault, { probe(c: Client): Promise<unknown>; clean: unknown; faulty: unknown }> = {
  'create-empty-body': {
    probe: async (c) => {
      const r = await c.post('/Users', oktaUser('ada@example.test'));
      const listed = (await c.get(`/Users?filter=${q('userName eq "ada@example.test"')}`)).body.totalResults;
      return [r.status, r.text === '', r.headers.get('location') !== null, listed];
    },
    clean: [201, false, true, 1],
    faulty: [201, true, true, 1],
  },
  'create-rejects-groups': {
    probe: async (c) => {
      const okta = await c.post('/Users', oktaUser('ada@example.test'));
      const { groups: _g, ...withoutGroups } = oktaUser('bea@example.test');
      return [okta.status, okta.body.scimType, (await c.post('/Users', withoutGroups)).status];
    },
    clean: [201, undefined, 201],
    faulty: [400, 'mutability', 201],
  },
  'put-rejects-meta': {
    probe: async (c) => {
      const { id, status } = await putAsRead(c, { title: 'Engineer' });
      // Without meta the same PUT goes through; PATCH is not affected.
      const got = (await c.get(`/Users/${id}`)).body;
      const { meta: _m, ...withoutMeta } = got;
      return [status, (await c.put(`/Users/${id}`, { ...withoutMeta, title: 'Lead' })).status];
    },
    clean: [200, 200],
    faulty: [400, 200],
  },
  'put-drops-unmapped': {
    probe: async (c) => {
      const { status, read } = await putAsRead(c, { title: 'Engineer', name: { givenName: 'Ada', middleName: 'King', familyName: 'Lovelace' } });
      return [status, read.title, read.name.middleName, read.locale, read.displayName, read.name.givenName, read.emails[0].value];
    },
    clean: [200, 'Engineer', 'King', 'en-US', 'Ada Lovelace', 'Ada', 'ada@example.test'],
    faulty: [200, undefined, undefined, undefined, undefined, 'Ada', 'ada@example.test'],
  },
  'put-active-ignored': {
    probe: async (c) => {
      const { id, status, read } = await putAsRead(c, { active: false, title: 'Engineer' });
      await c.patch(`/Users/${id}`, [{ op: 'replace', value: { active: false } }]);
      return [status, read.active, read.title, (await c.get(`/Users/${id}`)).body.active];
    },
    clean: [200, false, 'Engineer', false],
    faulty: [200, true, 'Engineer', false],
  },
  'deactivated-user-hidden': {
    probe: async (c) => {
      const id = (await c.post('/Users', oktaUser('ada@example.test'))).body.id as string;
      await c.patch(`/Users/${id}`, [{ op: 'replace', value: { active: false } }]);
      const byId = await c.get(`/Users/${id}`);
      const listed = (await c.get(`/Users?filter=${q('userName eq "ada@example.test"')}`)).body.totalResults;
      return [byId.status, byId.body?.active, listed];
    },
    clean: [200, false, 1],
    faulty: [404, undefined, 0],
  },
  'put-password-refused': {
    probe: async (c) => {
      const { status } = await putAsRead(c, { password: 'Wq4m9ZrX' });
      const id = (await c.post('/Users', oktaUser('bea@example.test'))).body.id as string;
      const { meta: _m, ...got } = (await c.get(`/Users/${id}`)).body;
      return [status, (await c.put(`/Users/${id}`, { ...got, title: 'Lead' })).status];
    },
    clean: [200, 200],
    faulty: [400, 200],
  },
};

export const OKTA_USERS_VARIATION_CASES: Record<Variation, { probe(c: Client): Promise<unknown>; clean: unknown; varied: unknown }> = {
  'okta-lookup-no-match-404': {
    probe: async (c) => {
      const none = await c.get(`/Users?filter=${q('userName eq "nobody@example.test"')}&startIndex=1&count=100`);
      // Only a /Users filter with no match: a match, an unfiltered list and /Groups are unchanged.
      await c.createUser('ada@example.test');
      const one = (await c.get(`/Users?filter=${q('userName eq "ada@example.test"')}`)).body.totalResults;
      const groups = (await c.get(`/Groups?filter=${q('displayName eq "nobody"')}`)).status;
      return [none.status, none.body.schemas, none.body.detail, one, groups];
    },
    clean: [200, ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], undefined, 1, 200],
    varied: [404, ['urn:ietf:params:scim:api:messages:2.0:Error'], 'User not found', 1, 200],
  },
  'okta-content-type-text-json': {
    probe: async (c) => {
      const list = await c.get('/Users');
      const missing = await c.get('/Users/no-such-id');
      return [list.headers.get('content-type'), missing.headers.get('content-type'), Array.isArray(list.body.Resources)];
    },
    clean: ['application/scim+json; charset=utf-8', 'application/scim+json; charset=utf-8', true],
    varied: ['text/json;charset=UTF-8', 'text/json;charset=UTF-8', true],
  },
  'okta-error-status-number': {
    probe: async (c) => typeof (await c.get('/Users/no-such-id')).body.status,
    clean: 'string',
    varied: 'number',
  },
};
