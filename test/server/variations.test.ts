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
import { variationConflicts, type Verdict } from '../../src/server/switches';
import { ALLOWED_CASES, type VariationCase } from './allowed-variation-cases';
import { COVERAGE_VARIATION_CASES } from './coverage-cases';
import { OKTA_USERS_VARIATION_CASES } from './okta-users-cases';
import { OKTA_GROUPS_VARIATION_CASES } from './okta-groups-cases';
import { Client, ENT, GROUP_URN, q, USER_URN, withServer } from './helpers';

const USER_URN_SCHEMA = `/Schemas/${USER_URN}`;
const GROUP_URN_SCHEMA = `/Schemas/${GROUP_URN}`;
const status = async (r: Promise<{ status: number }>): Promise<number> => (await r).status;

/** The conditional ListResponse members (RFC 7644 §3.4.2) of a few queries: '-' absent, [n] n resources. */
async function listMembersProbe(c: Client): Promise<string[]> {
  const show = (v: unknown): string => (v === undefined ? '-' : Array.isArray(v) ? `[${v.length}]` : JSON.stringify(v));
  const members = (b: any): string => `total ${b.totalResults}, Resources ${show(b.Resources)}, startIndex ${show(b.startIndex)}, itemsPerPage ${show(b.itemsPerPage)}`;
  await c.createUser('a@x.test');
  await c.createUser('b@x.test');
  const xUsers = `/Users?filter=${q('userName ew "@x.test"')}`;
  const search = await c.post('/Users/.search', { schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'], filter: 'userName eq "nobody@x.test"' });
  return [
    members((await c.get(`/Users?filter=${q('userName eq "nobody@x.test"')}`)).body),
    members((await c.get(xUsers)).body),
    members((await c.get(`${xUsers}&startIndex=1&count=10`)).body),
    members((await c.get(`${xUsers}&startIndex=2&count=1`)).body),
    members((await c.get(`${xUsers}&count=0`)).body),
    members(search.body),
    `Schemas: startIndex ${show((await c.get('/Schemas')).body.startIndex)}`,
  ];
}

const LIST_MEMBERS_CLEAN = [
  'total 0, Resources [0], startIndex 1, itemsPerPage 0',
  'total 2, Resources [2], startIndex 1, itemsPerPage 2',
  'total 2, Resources [2], startIndex 1, itemsPerPage 2',
  'total 2, Resources [1], startIndex 2, itemsPerPage 1',
  'total 2, Resources [0], startIndex 1, itemsPerPage 0',
  'total 0, Resources [0], startIndex 1, itemsPerPage 0',
  'Schemas: startIndex 1',
];

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
  'delete-200-with-body': {
    probe: async (c) => {
      const r = await c.delete(`/Users/${await c.createUser('a@example.test')}`);
      const g = await c.delete(`/Groups/${await c.createGroup('G')}`);
      return [r.status, r.body?.userName, g.status, g.body?.displayName, (await c.get(`/Users/${await c.createUser('b@example.test')}`)).status];
    },
    clean: [204, undefined, 204, undefined, 200],
    varied: [200, 'a@example.test', 200, 'G', 200],
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
  'list-minimal': {
    probe: (c) => listMembersProbe(c),
    clean: LIST_MEMBERS_CLEAN,
    varied: ['total 0, Resources -, startIndex -, itemsPerPage -', 'total 2, Resources [2], startIndex -, itemsPerPage -', 'total 2, Resources [2], startIndex -, itemsPerPage -', 'total 2, Resources [1], startIndex 2, itemsPerPage 1', 'total 2, Resources [0], startIndex 1, itemsPerPage 0', 'total 0, Resources -, startIndex -, itemsPerPage -', 'Schemas: startIndex -'],
  },
  'list-nulls': {
    probe: (c) => listMembersProbe(c),
    clean: LIST_MEMBERS_CLEAN,
    varied: ['total 0, Resources null, startIndex null, itemsPerPage null', 'total 2, Resources [2], startIndex null, itemsPerPage null', 'total 2, Resources [2], startIndex null, itemsPerPage null', 'total 2, Resources [1], startIndex 2, itemsPerPage 1', 'total 2, Resources [0], startIndex 1, itemsPerPage 0', 'total 0, Resources null, startIndex null, itemsPerPage null', 'Schemas: startIndex null'],
  },
  'too-many-400': {
    probe: async (c) => {
      const before = await c.get('/Users');
      for (let i = 0; i < 10; i++) await c.createUser(`u${i}@many.test`);
      const answer = (r: { status: number; body: any }): unknown => (r.status === 200 ? r.body.totalResults : `${r.status} ${r.body.scimType}`);
      return [
        answer(before),
        answer(await c.get('/Users')),
        answer(await c.get('/Users?count=1')),
        answer(await c.get(`/Users?filter=${q('userName ew "@many.test"')}`)),
        answer(await c.get(`/Users?filter=${q('userName eq "u3@many.test"')}`)),
      ];
    },
    clean: [1, 11, 11, 10, 1],
    varied: [1, '400 tooMany', '400 tooMany', 10, 1],
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
  'undeclared-attributes-refused': {
    probe: async (c) => {
      const created = await c.post('/Users', { schemas: [USER_URN], userName: 'a@example.test', nickName: 'n', title: 'T', name: { givenName: 'A', formatted: 'A' } });
      const id = created.body.id;
      const post = await c.post('/Users', { schemas: [USER_URN], userName: 'b@example.test', userType: 'Contractor' });
      const put = await c.put(`/Users/${id}`, { schemas: [USER_URN], userName: 'a@example.test', name: { givenName: 'A', middleName: 'Q' } });
      const patch = await c.patch(`/Users/${id}`, [{ op: 'add', path: 'locale', value: 'en-US' }]);
      const pathless = await c.patch(`/Users/${id}`, [{ op: 'replace', value: { timezone: 'Europe/Oslo' } }]);
      const fine = await c.patch(`/Users/${id}`, [{ op: 'replace', path: 'title', value: 'U' }]);
      const schema = (await c.get(USER_URN_SCHEMA)).body;
      const names = (schema.attributes as any[]).map((a) => a.name);
      const nameParts = (schema.attributes as any[]).find((a) => a.name === 'name').subAttributes.map((a: any) => a.name);
      return [
        created.status,
        [post.status, post.body.scimType],
        [put.status, put.body.scimType],
        [patch.status, patch.body.scimType],
        [pathless.status, pathless.body.scimType],
        fine.status,
        ['userType', 'locale', 'password', 'nickName', 'title', 'addresses', 'roles'].filter((n) => names.includes(n)),
        nameParts.sort(),
      ];
    },
    clean: [201, [201, undefined], [200, undefined], [200, undefined], [200, undefined], 200, ['userType', 'locale', 'password', 'nickName', 'title', 'addresses', 'roles'], ['familyName', 'formatted', 'givenName', 'honorificPrefix', 'honorificSuffix', 'middleName']],
    varied: [201, [400, 'invalidValue'], [400, 'invalidValue'], [400, 'invalidValue'], [400, 'invalidValue'], 200, ['nickName', 'title', 'addresses', 'roles'], ['familyName', 'formatted', 'givenName']],
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
  'app-roles-unsupported': {
    probe: async (c) => {
      const role = { primary: true, type: 'WindowsAzureActiveDirectoryRole', value: 'Admin' };
      const withRole = await c.post('/Users', { schemas: [USER_URN], userName: 'role@x.test', roles: [role] });
      const noRole = await c.post('/Users', { schemas: [USER_URN], userName: 'norole@x.test', roles: [] });
      const patch = await c.patch(`/Users/${noRole.body.id}`, [{ op: 'Add', path: 'roles', value: [role] }]);
      return [withRole.status, noRole.status, patch.status];
    },
    clean: [201, 201, 200],
    varied: [400, 201, 400],
  },
  'custom-extensions-unsupported': {
    probe: async (c) => {
      const ext = 'urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User';
      const withExt = await c.post('/Users', { schemas: [USER_URN], userName: 'ext@x.test', [ext]: { costCenter: '1' } });
      const plain = await c.post('/Users', { schemas: [USER_URN, ENT], userName: 'plain@x.test', [ENT]: { department: 'R&D' } });
      const patch = await c.patch(`/Users/${plain.body.id}`, [{ op: 'Add', path: `${ext}:costCenter`, value: '2' }]);
      return [withExt.status, plain.status, patch.status];
    },
    clean: [201, 201, 200],
    varied: [400, 201, 400],
  },
  'empty-string-kept': {
    probe: async (c) => {
      const r = await c.post('/Users', { schemas: [USER_URN], userName: 'empty@x.test', title: '', name: { givenName: '', familyName: 'Ørsted' } });
      const got = (await c.get(`/Users/${r.body.id}`)).body;
      // A required attribute is refused empty all the same.
      const unnamed = await c.post('/Users', { schemas: [USER_URN], userName: '' });
      return [got.title, got.name, unnamed.status];
    },
    clean: [undefined, { familyName: 'Ørsted' }, 400],
    varied: ['', { givenName: '', familyName: 'Ørsted' }, 400],
  },
  ...ALLOWED_CASES,
  ...COVERAGE_VARIATION_CASES,
  ...OKTA_USERS_VARIATION_CASES,
  ...OKTA_GROUPS_VARIATION_CASES,
};

describe('variation switches', () => {
  test('VARIATIONS describes every variation: what endpoints do it and why it is allowed, citing the RFC', () => {
    expect(Object.keys(VARIATIONS).sort()).toEqual([...VARIATION_NAMES].sort());
    for (const description of Object.values(VARIATIONS)) expect(description).toMatch(/^[A-Z].*RFC 76(43|44) §[\d.]+.*\.$/);
  });

  test("each variation has a scope: the verdicts that allow it, in the order entra, okta, rfc; one that leaves Entra's or the RFC's out names the verdicts that must stay clean", () => {
    const ORDER: Verdict[] = ['entra', 'okta', 'rfc'];
    const NAME: Record<Verdict, string> = { entra: 'Entra', okta: 'Okta', rfc: 'RFC' };
    expect(Object.keys(VARIATION_SCOPE).sort()).toEqual([...VARIATION_NAMES].sort());
    for (const name of VARIATION_NAMES) {
      const scope = VARIATION_SCOPE[name];
      expect(scope.length).toBeGreaterThan(0);
      expect(scope).toEqual(ORDER.filter((v) => scope.includes(v)));
      // Okta's absence is explained at the switch (a comment); Entra's or the RFC's in the description.
      if (!scope.includes('entra') || !scope.includes('rfc')) expect(VARIATIONS[name]).toMatch(new RegExp(`only the ${scope.map((v) => NAME[v]).join(' and ')} verdicts? must stay clean`));
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
