// Every variation switch: the same probe runs against a clean server and against a server with only
// that variation on; the allowed behaviour appears only with the switch on.
import { FAULTS } from '../../src/server/faults';
import {
  isVariationName,
  parseVariationNames,
  VARIATION_NAMES,
  VARIATION_SCOPE,
  VARIATIONS,
  type VariationName,
} from '../../src/server/variations';
import { variationConflicts } from '../../src/server/switches';
import { ALLOWED_CASES, type VariationCase } from './allowed-variation-cases';
import { Client, ENT, GROUP_URN, q, USER_URN, withServer } from './helpers';

const USER_URN_SCHEMA = `/Schemas/${USER_URN}`;
const GROUP_URN_SCHEMA = `/Schemas/${GROUP_URN}`;
const status = async (r: Promise<{ status: number }>): Promise<number> => (await r).status;

const CASES: Record<VariationName, VariationCase> = {
  'wrong-token-403': {
    probe: async (c) => [
      await status(new Client(c.baseUrl, 'wrong-token').get('/Users')),
      await status(new Client(c.baseUrl, null).get('/Users')),
      await status(c.get('/Users')),
    ],
    clean: [401, 401, 200],
    varied: [403, 401, 200],
  },
  'patch-204': {
    probe: async (c) => {
      const id = await c.createUser('a@example.test');
      const plain = await c.patch(`/Users/${id}`, [{ op: 'Replace', path: 'displayName', value: 'A' }]);
      const projected = await c.patch(`/Users/${id}?attributes=displayName`, [{ op: 'Replace', path: 'displayName', value: 'B' }]);
      return [plain.status, plain.text, plain.headers.get('etag') !== null, projected.status, projected.body.displayName, (await c.get(`/Users/${id}`)).body.displayName];
    },
    clean: [200, expect.stringContaining('"displayName":"A"'), true, 200, 'B', 'B'],
    varied: [204, '', true, 200, 'B', 'B'],
  },
  'delete-200-no-body': {
    probe: async (c) => {
      const r = await c.delete(`/Users/${await c.createUser('a@example.test')}`);
      const g = await c.delete(`/Groups/${await c.createGroup('G')}`);
      return [r.status, r.text, g.status, (await c.get(`/Users/${await c.createUser('b@example.test')}`)).status];
    },
    clean: [204, '', 204, 200],
    varied: [200, '', 200, 200],
  },
  'filters-eq-and-only': {
    probe: async (c) =>
      Promise.all(
        [
          'userName eq "SEED.USER@reference.test"',
          'USERNAME eq "seed.user@reference.test" and active eq true',
          `${USER_URN}:userName eq "seed.user@reference.test"`,
          'displayName eq "Seed \\"X\\""',
          'emails[type eq "work" and value eq "seed.user@reference.test"]',
          'userName sw "seed."',
          'userName pr',
          'userName eq "x" or userName eq "y"',
          'not (userName eq "x")',
          'meta.lastModified gt "2000-01-01T00:00:00Z"',
        ].map(async (f) => {
          const r = await c.get(`/Users?filter=${q(f)}`);
          return r.status === 200 ? r.body.totalResults : `${r.status} ${r.body.scimType}`;
        }),
      ),
    clean: [1, 1, 1, 0, 1, 1, 1, 0, 1, 1],
    varied: [1, 1, 1, 0, 1, '400 invalidFilter', '400 invalidFilter', '400 invalidFilter', '400 invalidFilter', '400 invalidFilter'],
  },
  'no-sort': {
    probe: async (c) => {
      await c.createUser('b@x.test');
      await c.createUser('a@x.test');
      const sorted = await c.get(`/Users?filter=${q('userName ew "@x.test"')}&sortBy=userName`);
      return [(await c.get('/ServiceProviderConfig')).body.sort.supported, sorted.status, sorted.body.Resources.map((u: any) => u.userName)];
    },
    clean: [true, 200, ['a@x.test', 'b@x.test']],
    varied: [false, 200, ['b@x.test', 'a@x.test']],
  },
  'small-page-size': {
    probe: async (c) => {
      for (const n of ['a', 'b', 'c']) await c.createUser(`${n}@example.test`);
      const all = (await c.get('/Users')).body;
      const asked = (await c.get('/Users?startIndex=3&count=10')).body;
      return [
        (await c.get('/ServiceProviderConfig')).body.filter.maxResults,
        all.totalResults,
        all.itemsPerPage,
        all.Resources.length,
        asked.startIndex,
        asked.Resources.length,
        (await c.get('/Users?count=0')).body.Resources.length,
      ];
    },
    clean: [200, 4, 4, 4, 3, 2, 0],
    varied: [2, 4, 2, 2, 3, 2, 0],
  },
  'newest-first': {
    probe: async (c) => {
      await c.createUser('a@example.test');
      await c.createUser('b@example.test');
      const names = (r: any): string[] => r.body.Resources.map((u: any) => u.userName);
      return [names(await c.get('/Users')), names(await c.get('/Users?startIndex=2&count=1')), names(await c.get('/Users?sortBy=userName'))];
    },
    clean: [
      ['seed.user@reference.test', 'a@example.test', 'b@example.test'],
      ['a@example.test'],
      ['a@example.test', 'b@example.test', 'seed.user@reference.test'],
    ],
    varied: [
      ['b@example.test', 'a@example.test', 'seed.user@reference.test'],
      ['a@example.test'],
      ['a@example.test', 'b@example.test', 'seed.user@reference.test'],
    ],
  },
  'emails-lowercased': {
    probe: async (c) => {
      const id = await c.createUser('Mixed.Case@Example.test', { emails: [{ value: 'Mixed.Case@Example.test', type: 'work', primary: true }] });
      const byEmail = await c.get(`/Users?filter=${q('emails.value eq "MIXED.case@example.TEST"')}`);
      return [(await c.get(`/Users/${id}`)).body.emails[0].value, (await c.get(`/Users/${id}`)).body.userName, byEmail.body.totalResults];
    },
    clean: ['Mixed.Case@Example.test', 'Mixed.Case@Example.test', 1],
    varied: ['mixed.case@example.test', 'Mixed.Case@Example.test', 1],
  },
  'minimal-user-schema': {
    probe: async (c) => {
      const r = await c.post('/Users', {
        schemas: [USER_URN, ENT],
        userName: 'a@example.test',
        displayName: 'A',
        title: 'Boss',
        nickName: 'n',
        addresses: [{ type: 'work', locality: 'Oslo' }],
        phoneNumbers: [{ type: 'work', value: '+47 1' }],
        [ENT]: { department: 'Sales' },
        'urn:ietf:params:scim:schemas:extension:custom:2.0:User': { badge: '7' },
      });
      const patched = await c.patch(`/Users/${r.body.id}`, [{ op: 'Replace', path: 'title', value: 'Chief' }]);
      const names = ((await c.get(USER_URN_SCHEMA)).body.attributes as any[]).map((a) => a.name);
      return [
        r.status,
        Object.keys(r.body).filter((k) => k !== 'meta' && k !== 'id').sort(),
        patched.status,
        patched.body.title,
        ['title', 'addresses', 'nickName', 'userName', 'emails', 'phoneNumbers', 'groups'].filter((n) => names.includes(n)),
      ];
    },
    clean: [
      201,
      ['addresses', 'displayName', 'nickName', 'phoneNumbers', 'schemas', 'title', 'urn:ietf:params:scim:schemas:extension:custom:2.0:User', ENT, 'userName'].sort(),
      200,
      'Chief',
      ['title', 'addresses', 'nickName', 'userName', 'emails', 'phoneNumbers', 'groups'],
    ],
    varied: [201, ['displayName', 'phoneNumbers', 'schemas', ENT, 'userName'].sort(), 200, undefined, ['userName', 'emails', 'phoneNumbers', 'groups']],
  },
  'opaque-ids': {
    probe: async (c) => {
      const uid = await c.createUser('a@example.test');
      const gid = await c.createGroup('G', [uid]);
      const g = (await c.get(`/Groups/${gid}`)).body;
      const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
      return [uuid.test(uid), /^usr_\d{6}$/.test(uid), /^\d+$/.test(gid), g.members[0].value === uid, (await c.get(`/Users/${uid}`)).status];
    },
    clean: [true, false, false, true, 200],
    varied: [false, true, true, true, 200],
  },
  'group-members-never-returned': {
    probe: async (c) => {
      const g = await c.seedGroup();
      const byId = await c.get(`/Groups/${g.id}`);
      const asked = await c.get(`/Groups/${g.id}?attributes=members`);
      const created = await c.post('/Groups', { schemas: [GROUP_URN], displayName: 'New', members: [{ value: g.members?.[0]?.value ?? (await c.seedUser()).id }] });
      const members = ((await c.get(GROUP_URN_SCHEMA)).body.attributes as any[]).find((a) => a.name === 'members');
      const seedUser = (await c.get(`/Users/${(await c.seedUser()).id}`)).body;
      // Membership is still stored: the user's groups attribute lists both groups.
      return ['members' in g, 'members' in byId.body, 'members' in asked.body, 'members' in created.body, members.returned, seedUser.groups.length];
    },
    clean: [true, true, true, true, 'default', 2],
    varied: [false, false, false, false, 'never', 2],
  },
  'empty-members-as-empty-array': {
    probe: async (c) => {
      const id = await c.createGroup('Empty');
      const seed = await c.seedGroup();
      return [
        (await c.get(`/Groups/${id}`)).body.members,
        'members' in (await c.get(`/Groups/${id}?excludedAttributes=members`)).body,
        (await c.get(`/Groups/${id}?attributes=members`)).body.members,
        'members' in (await c.get(`/Groups/${id}?attributes=displayName`)).body,
        seed.members.length,
      ];
    },
    clean: [undefined, false, undefined, false, 1],
    varied: [[], false, [], false, 1],
  },
  'no-etag': {
    probe: async (c) => {
      const seed = await c.seedUser();
      const r = await c.get(`/Users/${seed.id}`);
      const stale = await c.put(`/Users/${seed.id}`, { schemas: [USER_URN], userName: seed.userName }, { 'If-Match': 'W/"stale"' });
      const cached = await c.get(`/Users/${seed.id}`, { 'If-None-Match': '*' });
      return [(await c.get('/ServiceProviderConfig')).body.etag.supported, r.headers.get('etag') !== null, 'version' in r.body.meta, stale.status, cached.status];
    },
    clean: [true, true, true, 412, 304],
    varied: [false, false, false, 200, 200],
  },
  ...ALLOWED_CASES,
};

describe('variation switches', () => {
  test('VARIATIONS describes every variation: what endpoints do it and why it is allowed, citing the RFC', () => {
    expect(Object.keys(VARIATIONS).sort()).toEqual([...VARIATION_NAMES].sort());
    for (const description of Object.values(VARIATIONS)) expect(description).toMatch(/^[A-Z].*RFC 76(43|44) §[\d.]+.*\.$/);
  });

  test('each variation has a scope: both verdicts, Entra only where the RFC forbids the behaviour, RFC only where Entra cannot work with it or its tolerance is unverified', () => {
    expect(Object.keys(VARIATION_SCOPE).sort()).toEqual([...VARIATION_NAMES].sort());
    for (const name of VARIATION_NAMES) {
      const scope = VARIATION_SCOPE[name];
      expect([['entra', 'rfc'], ['entra'], ['rfc']]).toContainEqual(scope);
      if (scope.length === 1) expect(VARIATIONS[name]).toMatch(scope[0] === 'entra' ? /only the Entra verdict/ : /only the RFC verdict/);
    }
  });

  test('conflicts are symmetric, name variations, and never a variation itself', () => {
    const conflicts = variationConflicts();
    expect(Object.keys(conflicts).sort()).toEqual([...VARIATION_NAMES].sort());
    for (const [name, others] of Object.entries(conflicts) as Array<[VariationName, VariationName[]]>) {
      expect(others).not.toContain(name);
      for (const o of others) expect(conflicts[o]).toContain(name);
    }
    expect(conflicts['group-members-never-returned']).toContain('empty-members-as-empty-array');
    expect(conflicts['opaque-ids']).toContain('ids-with-reserved-characters');
  });

  test('variation and fault names do not overlap', () => {
    for (const name of VARIATION_NAMES) expect(Object.keys(FAULTS)).not.toContain(name);
    expect(isVariationName('no-etag')).toBe(true);
    expect(isVariationName('auth-disabled')).toBe(false);
  });

  test('parseVariationNames accepts known names (trimmed, deduplicated) and lists valid names on unknown ones', () => {
    expect(parseVariationNames([' no-etag', 'no-etag', '', 'no-sort'])).toEqual(['no-etag', 'no-sort']);
    expect(() => parseVariationNames(['no-etag', 'bogus'])).toThrow(/Unknown variation name\(s\): bogus.*Valid names:.*no-etag/s);
  });

  test('the server reports its variations, validates them, and combines them with faults', async () => {
    await withServer({ variations: ['no-etag', 'patch-204'], faults: ['auth-any-token'] }, async (c, s) => {
      expect([...s.variations].sort()).toEqual(['no-etag', 'patch-204']);
      expect([...s.faults]).toEqual(['auth-any-token']);
      expect((await new Client(c.baseUrl, 'wrong').get('/ServiceProviderConfig')).body.etag.supported).toBe(false);
    });
    await expect(withServer({ variations: ['no-such-variation' as never] }, async () => undefined)).rejects.toThrow(/no-such-variation/);
  });

  test.each(VARIATION_NAMES)('%s changes behaviour only when switched on', async (variation) => {
    const { probe, clean, varied } = CASES[variation];
    expect(await withServer({}, probe)).toEqual(clean);
    expect(await withServer({ variations: [variation] }, probe)).toEqual(varied);
  });
});
