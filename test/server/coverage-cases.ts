// Probes of the switches of src/server/switches/coverage.ts (unknown URLs, discovery by id, group PUT,
// declared attributes, POST /.search): what each changes, against a clean server and a server with
// only that switch on. Used by faults.test.ts and variations.test.ts.
import type { FaultName } from '../../src/server/faults';
import type { VariationName } from '../../src/server/variations';
import { Client, ENT, GROUP_URN, q, USER_URN } from './helpers';

const ERROR_URN = 'urn:ietf:params:scim:api:messages:2.0:Error';
const SEARCH_URN = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';
const UNKNOWN = '3f0c2b1e-6a5d-4c1f-9e8b-7a6d5c4b3a29';

type CoverageFault = Extract<
  FaultName,
  | 'unknown-path-200'
  | 'unknown-path-html-404'
  | 'unknown-path-404-no-body'
  | 'resource-type-by-id-404'
  | 'schema-by-id-404'
  | 'group-put-ignored'
  | 'group-put-drops-members'
  | 'declared-attribute-dropped'
  | 'declared-attribute-500'
  | 'declared-values-html-escaped'
  | 'search-ignores-filter'
>;
type CoverageVariation = Extract<VariationName, 'search-endpoint-absent' | 'resource-types-without-id' | 'ims-and-urls-canonicalised'>;

/** Status, whether the body is a SCIM Error, and whether it is empty: of the unknown URLs, then of an unknown user id. */
async function unknownUrls(c: Client): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const path of [`/${UNKNOWN}`, `/ResourceTypes/${UNKNOWN}`, `/Schemas/${UNKNOWN}`, `/Users/${UNKNOWN}`]) {
    const r = await c.get(path);
    out.push([r.status, r.body?.schemas?.[0] === ERROR_URN, r.text === '']);
  }
  return out;
}
const SCIM_404 = [404, true, false];

/** A group of user a, PUT to displayName G2 with user b: the status, and what a GET shows. */
async function groupPut(c: Client): Promise<unknown[]> {
  const a = await c.createUser('a@example.test');
  const b = await c.createUser('b@example.test');
  const id = await c.createGroup('G', [a]);
  const put = await c.put(`/Groups/${id}`, { schemas: [GROUP_URN], displayName: 'G2', members: [{ value: b }] });
  const got = (await c.get(`/Groups/${id}`)).body;
  const who = (m: { value: string }) => (m.value === a ? 'a' : m.value === b ? 'b' : m.value);
  return [put.status, got.displayName, (got.members ?? []).map(who)];
}

export const COVERAGE_FAULT_CASES: Record<CoverageFault, { probe(c: Client): Promise<unknown>; clean: unknown; faulty: unknown }> = {
  'unknown-path-200': {
    probe: unknownUrls,
    clean: [SCIM_404, SCIM_404, SCIM_404, SCIM_404],
    faulty: [[200, false, false], [200, false, false], [200, false, false], SCIM_404],
  },
  'unknown-path-html-404': {
    probe: unknownUrls,
    clean: [SCIM_404, SCIM_404, SCIM_404, SCIM_404],
    faulty: [[404, false, false], [404, false, false], [404, false, false], SCIM_404],
  },
  'unknown-path-404-no-body': {
    probe: unknownUrls,
    clean: [SCIM_404, SCIM_404, SCIM_404, SCIM_404],
    faulty: [[404, false, true], [404, false, true], [404, false, true], SCIM_404],
  },
  'resource-type-by-id-404': {
    probe: async (c) => [(await c.get('/ResourceTypes/User')).status, (await c.get('/ResourceTypes/Group')).status],
    clean: [200, 200],
    faulty: [200, 404],
  },
  'schema-by-id-404': {
    probe: async (c) => [(await c.get(`/Schemas/${USER_URN}`)).status, (await c.get(`/Schemas/${ENT}`)).status, (await c.get(`/Schemas/${GROUP_URN}`)).status],
    clean: [200, 200, 200],
    faulty: [200, 404, 200],
  },
  'group-put-ignored': {
    probe: groupPut,
    clean: [200, 'G2', ['b']],
    faulty: [200, 'G', ['a']],
  },
  'group-put-drops-members': {
    probe: groupPut,
    clean: [200, 'G2', ['b']],
    faulty: [200, 'G2', []],
  },
  'declared-attribute-dropped': {
    probe: async (c) => {
      const id = await c.createUser('im@example.test', { nickName: 'n', ims: [{ value: 'im@chat.example.test', type: 'xmpp' }] });
      const got = (await c.get(`/Users/${id}`)).body;
      const declared = (await c.get(`/Schemas/${USER_URN}`)).body.attributes.some((a: { name: string }) => a.name === 'ims');
      return [got.nickName, got.ims?.[0]?.value, declared];
    },
    clean: ['n', 'im@chat.example.test', true],
    faulty: ['n', undefined, true],
  },
  'declared-attribute-500': {
    probe: async (c) => [
      (await c.post('/Users', { schemas: [USER_URN], userName: 'x509@example.test', x509Certificates: [{ value: 'AAEC' }] })).status,
      (await c.post('/Users', { schemas: [USER_URN], userName: 'plain@example.test' })).status,
    ],
    clean: [201, 201],
    faulty: [500, 201],
  },
  'declared-values-html-escaped': {
    probe: async (c) => (await c.get(`/Users/${await c.createUser('esc@example.test', { title: "R&D <Ops> O'Neil" })}`)).body.title,
    clean: "R&D <Ops> O'Neil",
    faulty: 'R&amp;D &lt;Ops&gt; O&#39;Neil',
  },
  'search-ignores-filter': {
    probe: async (c) => {
      await c.createUser('s1@example.test');
      await c.createUser('s2@example.test');
      const search = await c.post('/Users/.search', { schemas: [SEARCH_URN], filter: 'userName eq "s1@example.test"' });
      const get = await c.get(`/Users?filter=${q('userName eq "s1@example.test"')}`);
      return [search.status, search.body.totalResults, get.body.totalResults];
    },
    clean: [200, 1, 1],
    // The seeded user, s1 and s2.
    faulty: [200, 3, 1],
  },
};

export const COVERAGE_VARIATION_CASES: Record<CoverageVariation, { probe(c: Client): Promise<unknown>; clean: unknown; varied: unknown }> = {
  'search-endpoint-absent': {
    probe: async (c) => [
      (await c.post('/Users/.search', { schemas: [SEARCH_URN], filter: 'userName pr' })).status,
      (await c.post('/Groups/.search', { schemas: [SEARCH_URN] })).status,
      (await c.get(`/Users?filter=${q('userName pr')}`)).status,
    ],
    clean: [200, 200, 200],
    varied: [404, 404, 200],
  },
  'resource-types-without-id': {
    probe: async (c) => [
      (await c.get('/ResourceTypes')).body.Resources.map((r: Record<string, unknown>) => ['id' in r, r['name']]),
      (await c.get('/ResourceTypes/Group')).body.id,
      (await c.get('/ResourceTypes/Group')).status,
    ],
    clean: [[[true, 'User'], [true, 'Group']], 'Group', 200],
    varied: [[[false, 'User'], [false, 'Group']], undefined, 200],
  },
  'ims-and-urls-canonicalised': {
    probe: async (c) => {
      const id = await c.createUser('canon@example.test', {
        ims: [{ value: 'Chat 1@IM.Example.test', type: 'xmpp' }],
        profileUrl: 'https://Profiles.Example.test/Kim',
        photos: [{ value: 'HTTPS://Photos.Example.test/a/../kim.jpg', type: 'photo' }],
      });
      const got = (await c.get(`/Users/${id}`)).body;
      return [got.ims[0].value, got.profileUrl, got.photos[0].value];
    },
    clean: ['Chat 1@IM.Example.test', 'https://Profiles.Example.test/Kim', 'HTTPS://Photos.Example.test/a/../kim.jpg'],
    varied: ['chat1@im.example.test', 'https://profiles.example.test/Kim', 'https://photos.example.test/kim.jpg'],
  },
};
