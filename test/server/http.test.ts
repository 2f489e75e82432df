// HTTP-level behaviour of the clean reference server, with fetch (and node:http where exact headers matter).
import http from 'node:http';
import { startReferenceServer, type ReferenceServer } from '../../src/server';
import { Client, ENT, GROUP_URN, q, rawRequest, SCIM_JSON, TOKEN, USER_URN, withServer } from './helpers';

const LIST_URN = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
const ERROR_URN = 'urn:ietf:params:scim:api:messages:2.0:Error';
const MS_GROUP_URN = 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group';

let server: ReferenceServer;
let c: Client;

beforeAll(async () => {
  server = await startReferenceServer({ token: TOKEN });
  c = new Client(server.baseUrl);
});
afterAll(() => server.close());

let n = 0;
const unique = (prefix: string): string => `${prefix}-${++n}-${Date.now()}@example.test`;

function expectScimError(r: { status: number; body: any; headers: Headers }, status: number, scimType?: string): void {
  expect(r.status).toBe(status);
  expect(r.headers.get('content-type')).toBe(SCIM_JSON);
  expect(r.body.schemas).toEqual([ERROR_URN]);
  expect(r.body.status).toBe(String(status));
  if (scimType !== undefined) expect(r.body.scimType).toBe(scimType);
  expect(typeof r.body.detail).toBe('string');
}

describe('listener', () => {
  test('baseUrl is 127.0.0.1 with the default base path and no trailing slash', () => {
    expect(server.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/scim\/v2$/);
    expect(server.faults.size).toBe(0);
  });

  test('custom and empty base paths', async () => {
    await withServer({ basePath: '/api/scim/' }, async (cl, s) => {
      expect(s.baseUrl).toMatch(/\/api\/scim$/);
      expect((await cl.get('/Users')).status).toBe(200);
    });
    await withServer({ basePath: '' }, async (cl, s) => {
      expect(s.baseUrl).toMatch(/:\d+$/);
      expect((await cl.get('/Groups')).status).toBe(200);
    });
  });

  test('requestCount counts every request, rejected ones included', async () => {
    await withServer({}, async (cl, s) => {
      await cl.get('/Users');
      await new Client(s.baseUrl, null).get('/Users');
      expect(s.requestCount).toBe(2);
    });
  });

  test('close() is prompt with an open keep-alive connection and idempotent', async () => {
    const s = await startReferenceServer({ token: TOKEN });
    const agent = new http.Agent({ keepAlive: true });
    await new Promise<void>((resolve, reject) => {
      http
        .get(`${s.baseUrl}/Users`, { agent, headers: { Authorization: `Bearer ${TOKEN}` } }, (res) => {
          res.resume();
          res.on('end', resolve);
        })
        .on('error', reject);
    });
    const started = Date.now();
    await Promise.all([s.close(), s.close()]);
    expect(Date.now() - started).toBeLessThan(1000);
    agent.destroy();
  });

  test('port option and invalid options', async () => {
    await expect(startReferenceServer({ token: '' })).rejects.toThrow(/token/);
    await expect(startReferenceServer({ token: 't', faults: ['no-such-fault' as never] })).rejects.toThrow(/no-such-fault/);
  });
});

describe('seed data and snapshot', () => {
  test('a seed user and a seed group containing it', async () => {
    const u = await c.seedUser();
    expect(u).toMatchObject({ userName: 'seed.user@reference.test', externalId: 'seed-user', displayName: 'Seed User' });
    const g = await c.seedGroup();
    expect(g.members).toEqual([{ value: u.id, $ref: `${server.baseUrl}/Users/${u.id}`, type: 'User', display: 'Seed User' }]);
  });

  test('snapshot() returns deep copies as GET renders them', async () => {
    await withServer({}, async (cl, s) => {
      const snap = s.snapshot();
      expect(snap.users).toHaveLength(1);
      expect(snap.groups).toHaveLength(1);
      (snap.users[0] as any).userName = 'mutated';
      expect((s.snapshot().users[0] as any).userName).toBe('seed.user@reference.test');
      const viaHttp = await cl.get(`/Users/${(s.snapshot().users[0] as any).id}`);
      expect(s.snapshot().users[0]).toEqual(viaHttp.body);
    });
  });

  test('seed: false starts empty', async () => {
    await withServer({ seed: false }, async (cl, s) => {
      expect(s.snapshot()).toEqual({ users: [], groups: [] });
      expect((await cl.get('/Users')).body.totalResults).toBe(0);
    });
  });
});

describe('authentication', () => {
  test.each([
    ['no Authorization header', {}],
    ['a wrong token', { Authorization: 'Bearer nope' }],
    ['Basic auth', { Authorization: 'Basic dXNlcjpwYXNz' }],
    ['an empty bearer', { Authorization: 'Bearer ' }],
  ])('%s → 401 SCIM Error with a Bearer challenge', async (_name, headers) => {
    const r = await new Client(server.baseUrl, null).get('/Users', headers);
    expectScimError(r, 401);
    expect(r.headers.get('www-authenticate')).toMatch(/^Bearer\b/);
  });

  test.each(['/ServiceProviderConfig', '/ResourceTypes', '/Schemas', '/Groups', '/nowhere'])('%s requires the token too', async (path) => {
    expect((await new Client(server.baseUrl, null).get(path)).status).toBe(401);
  });

  test('the scheme name is case-insensitive', async () => {
    expect((await c.get('/Users', { Authorization: `bearer ${TOKEN}` })).status).toBe(200);
  });

  test("Entra's Test Connection: no Accept, no User-Agent, no Content-Type, form-encoded filter", async () => {
    const r = await rawRequest(`${server.baseUrl}/Users?filter=userName+eq+%227d420df3-9995-4831-a406-ecf8166f5f6a%22`, 'GET', {
      Authorization: `Bearer ${TOKEN}`,
    });
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe(SCIM_JSON);
    expect(JSON.parse(r.text)).toEqual({ schemas: [LIST_URN], totalResults: 0, startIndex: 1, itemsPerPage: 0, Resources: [] });
  });
});

describe('routing and errors', () => {
  test('unknown paths are 404 SCIM Errors', async () => {
    expectScimError(await c.get('/Nope'), 404);
    expectScimError(await c.get('/Users/a/b'), 404);
    expectScimError(await c.get(''), 404);
    const outside = await rawRequest(server.baseUrl.replace('/scim/v2', '/other/Users'), 'GET', { Authorization: `Bearer ${TOKEN}` });
    expect(outside.status).toBe(404);
  });

  test.each([
    ['DELETE', '/Users', 'GET, POST'],
    ['PUT', '/Groups', 'GET, POST'],
    ['POST', '/Users/abc', 'GET, PUT, PATCH, DELETE'],
    ['GET', '/Users/.search', 'POST'],
    ['POST', '/ServiceProviderConfig', 'GET'],
    ['PATCH', '/Schemas', 'GET'],
    ['DELETE', '/ResourceTypes/User', 'GET'],
  ])('%s %s → 405 with Allow', async (method, path, allow) => {
    const r = await c.req(method, path, method === 'GET' || method === 'DELETE' ? undefined : {});
    expectScimError(r, 405);
    expect(r.headers.get('allow')).toBe(allow);
  });

  test('/Me and /Bulk are 501', async () => {
    expectScimError(await c.get('/Me'), 501);
    expectScimError(await c.post('/Bulk', {}), 501);
  });

  test('a doubled or trailing slash and a tenant-URL flag in the query are tolerated', async () => {
    expect((await c.get('//Users')).status).toBe(200);
    expect((await c.get('/Users/')).status).toBe(200);
    expect((await c.get('/Users?aadOptscim062020')).status).toBe(200);
  });

  test('malformed JSON → 400 invalidSyntax; non-object bodies too', async () => {
    expectScimError(await c.post('/Users', '{"userName":'), 400, 'invalidSyntax');
    expectScimError(await c.post('/Users', '[1,2]'), 400, 'invalidSyntax');
    expectScimError(await c.post('/Users', ''), 400, 'invalidSyntax');
    expectScimError(await c.req('PATCH', '/Users/x', 'nope'), 400, 'invalidSyntax');
  });

  test('request Content-Type: scim+json or json, with or without charset; others are 415', async () => {
    for (const ct of ['application/scim+json', 'application/json', 'application/json; charset=utf-8', 'Application/SCIM+JSON;charset=UTF-8']) {
      const r = await c.post('/Users', { schemas: [USER_URN], userName: unique('ct') }, { 'Content-Type': ct });
      expect(r.status).toBe(201);
    }
    expectScimError(await c.post('/Users', { userName: unique('ct') }, { 'Content-Type': 'text/plain' }), 415);
  });

  test('bad input never produces a 500', async () => {
    const id = (await c.seedUser()).id;
    const probes: Array<Promise<{ status: number }>> = [
      c.post('/Users', { userName: 42 }),
      c.post('/Users', { userName: 'x', emails: 'nope' }),
      c.post('/Users', { userName: 'x', name: 'nope' }),
      c.post('/Users', { userName: 'x', [ENT]: 'nope' }),
      c.post('/Users', { schemas: 'x', userName: 'x' }),
      c.post('/Groups', { displayName: 'x', members: [{}] }),
      c.post('/Groups', { displayName: 'x', members: [{ value: 5 }] }),
      c.req('PATCH', `/Users/${id}`, { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [null, 1] }),
      c.req('PATCH', `/Users/${id}`, { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'add', path: 5 }] }),
      c.get(`/Users?filter=${q('(((')}`),
      c.get('/Users?startIndex=abc'),
      c.get('/Users?sortBy=1x'),
      c.get(`/Users/${encodeURIComponent('%E0%A4%A')}`),
      c.post('/Users/.search', { filter: 5 }),
      c.get(`/Users?filter=${q('meta.created gt "not a date"')}`),
    ];
    for (const r of await Promise.all(probes)) {
      expect(r.status).toBeGreaterThanOrEqual(400);
      expect(r.status).toBeLessThan(500);
    }
  });
});

describe('Users: create and read', () => {
  test('R-04: Entra create body → 201 with id, meta, Location, ETag; readOnly and empty values dropped', async () => {
    const userName = unique('Test_User');
    const r = await c.post('/Users', {
      schemas: [USER_URN, ENT],
      externalId: '0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef',
      userName,
      active: true,
      emails: [{ primary: true, type: 'work', value: 'Test_User_11bb11bb@testuser.com' }],
      meta: { resourceType: 'User' },
      id: 'client-chosen',
      name: { formatted: 'givenName familyName', familyName: 'familyName', givenName: 'givenName' },
      roles: [],
      password: 'Secret!1',
    });
    expect(r.status).toBe(201);
    expect(r.headers.get('content-type')).toBe(SCIM_JSON);
    const u = r.body;
    expect(u.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(u.schemas).toEqual([USER_URN]);
    expect(u.password).toBeUndefined();
    expect(u.roles).toBeUndefined();
    expect(u.meta).toEqual({
      resourceType: 'User',
      created: expect.any(String),
      lastModified: u.meta.created,
      location: `${server.baseUrl}/Users/${u.id}`,
      version: 'W/"1"',
    });
    expect(r.headers.get('location')).toBe(u.meta.location);
    expect(r.headers.get('etag')).toBe(u.meta.version);
    expect(r.text).not.toMatch(/\n/); // compact JSON
    const got = await c.get(`/Users/${u.id}`);
    expect(got.status).toBe(200);
    expect(got.body).toEqual(u);
    expect(got.headers.get('etag')).toBe('W/"1"');
  });

  test('the 2024 capture: custom extension not listed in schemas is stored; enterprise URN listed when present', async () => {
    const r = await c.post('/Users', {
      schemas: [USER_URN, ENT],
      userName: unique('ext'),
      active: true,
      title: 'scim tester',
      [ENT]: { employeeNumber: '42', department: 'R&D' },
      'urn:ietf:params:scim:schemas:extension:custom:2.0:User': { employeeNumber: '99887766', worksiteId: '180' },
    });
    expect(r.status).toBe(201);
    expect(r.body.schemas).toEqual([USER_URN, ENT, 'urn:ietf:params:scim:schemas:extension:custom:2.0:User']);
    expect(r.body[ENT]).toEqual({ employeeNumber: '42', department: 'R&D' });
    expect(r.body['urn:ietf:params:scim:schemas:extension:custom:2.0:User']).toEqual({ employeeNumber: '99887766', worksiteId: '180' });
  });

  test('string booleans become booleans (active, primary); attribute names are case-insensitive', async () => {
    const r = await c.post('/Users', {
      UserName: unique('bool'),
      Active: 'False',
      emails: [{ Value: 'a@b.c', Type: 'work', Primary: 'True' }],
    });
    expect(r.status).toBe(201);
    expect(r.body.active).toBe(false);
    expect(r.body.emails).toEqual([{ value: 'a@b.c', type: 'work', primary: true }]);
  });

  test('manager accepted as string, {value}, or legacy [{value,$ref}]; returned as {value,$ref,displayName}', async () => {
    const bossId = await c.createUser(unique('boss'), { displayName: 'The Boss' });
    for (const manager of [bossId, { value: bossId }, [{ value: bossId, $ref: 'whatever' }]]) {
      const r = await c.post('/Users', { userName: unique('emp'), [ENT]: { manager } });
      expect(r.status).toBe(201);
      expect(r.body[ENT].manager).toEqual({ value: bossId, $ref: `${server.baseUrl}/Users/${bossId}`, displayName: 'The Boss' });
    }
  });

  test('userName is required and unique case-insensitively', async () => {
    expectScimError(await c.post('/Users', { schemas: [USER_URN], displayName: 'no name' }), 400, 'invalidValue');
    const name = unique('Dup');
    expect((await c.post('/Users', { userName: name })).status).toBe(201);
    expectScimError(await c.post('/Users', { userName: name.toUpperCase() }), 409, 'uniqueness');
  });

  test('type errors are 400 invalidValue', async () => {
    expectScimError(await c.post('/Users', { userName: unique('t'), active: 'maybe' }), 400, 'invalidValue');
    expectScimError(await c.post('/Users', { userName: unique('t'), title: 5 }), 400, 'invalidValue');
    expectScimError(await c.post('/Users', { userName: unique('t'), name: [{ a: 1 }, { b: 2 }] }), 400, 'invalidValue');
  });

  test('GET by id: attributes / excludedAttributes (case-insensitive, URN-qualified, sub-attributes)', async () => {
    const id = await c.createUser(unique('proj'), {
      displayName: 'Pro J',
      name: { givenName: 'Pro', familyName: 'J' },
      emails: [{ value: 'p@j.x', type: 'work' }],
      [ENT]: { employeeNumber: '7', department: 'D' },
    });
    const a = (await c.get(`/Users/${id}?attributes=USERNAME,name.givenName,emails.value,${ENT}:employeeNumber`)).body;
    expect(Object.keys(a).sort()).toEqual(['emails', 'id', 'meta', 'name', 'schemas', 'userName', ENT].sort());
    expect(a.name).toEqual({ givenName: 'Pro' });
    expect(a.emails).toEqual([{ value: 'p@j.x' }]);
    expect(a[ENT]).toEqual({ employeeNumber: '7' });
    const e = (await c.get(`/Users/${id}?excludedAttributes=emails,name.familyName,${ENT},id,meta`)).body;
    expect(e.emails).toBeUndefined();
    expect(e.name).toEqual({ givenName: 'Pro' });
    expect(e[ENT]).toBeUndefined();
    expect(e.schemas).toEqual([USER_URN]);
    expect(e.id).toBe(id);
    expect(e.meta).toBeDefined();
    const pw = (await c.get(`/Users/${id}?attributes=password`)).body;
    expect(pw.password).toBeUndefined();
  });

  test('ETags: If-None-Match → 304, If-Match mismatch → 412', async () => {
    const id = await c.createUser(unique('etag'));
    expect((await c.get(`/Users/${id}`, { 'If-None-Match': 'W/"1"' })).status).toBe(304);
    expect((await c.get(`/Users/${id}`, { 'If-None-Match': 'W/"9"' })).status).toBe(200);
    const ops = [{ op: 'replace', path: 'title', value: 'x' }];
    expectScimError(await c.patch(`/Users/${id}`, ops, { 'If-Match': 'W/"7"' }), 412);
    const ok = await c.patch(`/Users/${id}`, ops, { 'If-Match': 'W/"1"' });
    expect(ok.status).toBe(200);
    expect(ok.body.meta.version).toBe('W/"2"');
    expect(ok.headers.get('etag')).toBe('W/"2"');
    expectScimError(await c.delete(`/Users/${id}`, { 'If-Match': 'W/"1"' }), 412);
  });
});

describe('Users: list and query', () => {
  let listServer: ReferenceServer;
  let lc: Client;
  const names = ['carol', 'alice', 'Bob', 'dave', 'erin'];
  beforeAll(async () => {
    listServer = await startReferenceServer({ token: TOKEN, seed: false });
    lc = new Client(listServer.baseUrl);
    for (const [i, name] of names.entries()) {
      await lc.createUser(`${name}@example.com`, {
        displayName: name.toUpperCase(),
        active: i % 2 === 0,
        emails: [{ value: `${name}@work.example`, type: 'work', primary: true }],
        [ENT]: { employeeNumber: String(100 - i) },
      });
    }
  });
  afterAll(() => listServer.close());

  const userNames = (body: any): string[] => body.Resources.map((u: any) => u.userName.split('@')[0]);

  test('unfiltered list: creation order, ListResponse envelope', async () => {
    const r = await lc.get('/Users');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ schemas: [LIST_URN], totalResults: 5, startIndex: 1, itemsPerPage: 5 });
    expect(userNames(r.body)).toEqual(names);
  });

  test('pagination: startIndex (1-based, <1 is 1), count (0, negative, capped)', async () => {
    const page = async (query: string): Promise<any> => (await lc.get(`/Users?${query}`)).body;
    expect(userNames(await page('startIndex=2&count=2'))).toEqual(['alice', 'Bob']);
    expect(await page('startIndex=5&count=5')).toMatchObject({ totalResults: 5, startIndex: 5, itemsPerPage: 1 });
    expect(await page('startIndex=9')).toMatchObject({ totalResults: 5, startIndex: 9, itemsPerPage: 0, Resources: [] });
    expect(await page('startIndex=0&count=1')).toMatchObject({ startIndex: 1, itemsPerPage: 1 });
    expect(await page('count=0')).toMatchObject({ totalResults: 5, itemsPerPage: 0, Resources: [] });
    expect(await page('count=-3')).toMatchObject({ totalResults: 5, itemsPerPage: 0 });
    expect(await page('count=100000')).toMatchObject({ totalResults: 5, itemsPerPage: 5 });
  });

  test('count is capped at maxResults (200)', async () => {
    await withServer({ seed: false }, async (cl) => {
      for (let i = 0; i < 205; i++) await cl.createUser(`bulk${i}@example.com`);
      const r = await cl.get('/Users?count=500');
      expect(r.body).toMatchObject({ totalResults: 205, itemsPerPage: 200 });
      expect((await cl.get('/Users')).body.itemsPerPage).toBe(200);
      expect((await cl.get('/Users?startIndex=201')).body.itemsPerPage).toBe(5);
    });
  }, 30_000);

  test('sortBy / sortOrder, case-insensitive for caseExact:false attributes', async () => {
    expect(userNames((await lc.get('/Users?sortBy=userName')).body)).toEqual(['alice', 'Bob', 'carol', 'dave', 'erin']);
    expect(userNames((await lc.get('/Users?sortBy=userName&sortOrder=descending')).body)).toEqual(['erin', 'dave', 'carol', 'Bob', 'alice']);
    // employeeNumber is a string: "100" sorts before "96" (lexicographic, RFC 7644 §3.4.2.3).
    expect(userNames((await lc.get(`/Users?sortBy=${ENT}:employeeNumber`)).body)).toEqual(['carol', 'erin', 'dave', 'Bob', 'alice']);
    expect(userNames((await lc.get('/Users?sortBy=emails&count=2')).body)).toEqual(['alice', 'Bob']);
    expect(userNames((await lc.get('/Users?sortBy=nickName')).body)).toEqual(names); // no values: stable
  });

  test('filters over HTTP, including the ones Entra sends', async () => {
    const total = async (filter: string): Promise<number> => (await lc.get(`/Users?filter=${q(filter)}`)).body.totalResults;
    expect(await total('userName eq "ALICE@example.com"')).toBe(1);
    expect(await total('emails[type eq "work"].value eq "bob@work.example"')).toBe(1);
    expect(await total('active eq false')).toBe(2);
    expect(await total('userName sw "a" or userName sw "b"')).toBe(2);
    expect(await total(`${ENT}:employeeNumber ge "98"`)).toBe(2); // "98", "99" (strings: "100" < "98")
    expect(await total('meta.created gt "2000-01-01T00:00:00Z" and not (displayName eq "DAVE")')).toBe(4);
    expect(await total('externalId eq "nope"')).toBe(0);
  });

  test('form-encoded filter (+ for space) as Entra sends it', async () => {
    const r = await rawRequest(`${listServer.baseUrl}/Users?filter=userName+eq+%22carol%40example.com%22`, 'GET', {
      Authorization: `Bearer ${TOKEN}`,
    });
    expect(JSON.parse(r.text).totalResults).toBe(1);
  });

  test('an invalid filter is 400 invalidFilter', async () => {
    expectScimError(await lc.get(`/Users?filter=${q('userName eq')}`), 400, 'invalidFilter');
    expectScimError(await lc.get(`/Users?filter=${q('active lt true')}`), 400, 'invalidFilter');
  });

  test('attributes and excludedAttributes on lists', async () => {
    const r = (await lc.get('/Users?attributes=userName&count=1')).body.Resources[0];
    expect(Object.keys(r).sort()).toEqual(['id', 'meta', 'schemas', 'userName']);
    const e = (await lc.get('/Users?excludedAttributes=emails,displayName&count=1')).body.Resources[0];
    expect(e.emails).toBeUndefined();
    expect(e.displayName).toBeUndefined();
    expect(e.userName).toBeDefined();
  });

  test('POST /.search (RFC 7644 §3.4.3)', async () => {
    const r = await lc.post('/Users/.search', {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'],
      filter: 'userName sw "a" or userName sw "c"',
      attributes: ['userName'],
      sortBy: 'userName',
      sortOrder: 'descending',
      startIndex: 1,
      count: 10,
    });
    expect(r.status).toBe(200);
    expect(userNames(r.body)).toEqual(['carol', 'alice']);
    expect(Object.keys(r.body.Resources[0]).sort()).toEqual(['id', 'meta', 'schemas', 'userName']);
    expectScimError(await lc.post('/Users/.search', { schemas: ['urn:x'] }), 400, 'invalidSyntax');
  });
});

describe('Users: PATCH, PUT, DELETE', () => {
  test('PATCH returns 200 with the full resource and bumps version/lastModified', async () => {
    const id = await c.createUser(unique('p'));
    const before = (await c.get(`/Users/${id}`)).body;
    await new Promise((r) => setTimeout(r, 5));
    const r = await c.patch(`/Users/${id}`, [
      { op: 'Replace', path: 'emails[type eq "work"].value', value: 'w@x.com' },
      { op: 'Add', path: `${ENT}:manager`, value: (await c.seedUser()).id },
    ]);
    expect(r.status).toBe(200);
    expect(r.body.emails).toEqual([{ type: 'work', value: 'w@x.com' }]);
    expect(r.body[ENT].manager.value).toBe((await c.seedUser()).id);
    expect(r.body.meta.version).toBe('W/"2"');
    expect(r.body.meta.lastModified > before.meta.lastModified).toBe(true);
    expect(r.headers.get('location')).toBe(before.meta.location);
  });

  test('lastModified strictly increases on every change, so meta.lastModified filters see it', async () => {
    const id = await c.createUser(unique('lm'));
    const created = (await c.get(`/Users/${id}`)).body.meta.lastModified;
    const a = (await c.patch(`/Users/${id}`, [{ op: 'add', path: 'title', value: 'a' }])).body.meta.lastModified;
    const b = (await c.patch(`/Users/${id}`, [{ op: 'add', path: 'title', value: 'b' }])).body.meta.lastModified;
    expect(Date.parse(a)).toBeGreaterThan(Date.parse(created));
    expect(Date.parse(b)).toBeGreaterThan(Date.parse(a));
    const r = await c.get(`/Users?filter=${q(`meta.lastModified gt "${a}" and id eq "${id}"`)}`);
    expect(r.body.totalResults).toBe(1);
  });

  test('a PATCH that changes nothing keeps the version', async () => {
    const id = await c.createUser(unique('same'), { title: 't' });
    const r = await c.patch(`/Users/${id}`, [{ op: 'replace', path: 'title', value: 't' }]);
    expect(r.body.meta.version).toBe('W/"1"');
  });

  test('PATCH is atomic over HTTP', async () => {
    const id = await c.createUser(unique('atomic'), { title: 'orig' });
    const r = await c.patch(`/Users/${id}`, [
      { op: 'replace', path: 'title', value: 'changed' },
      { op: 'replace', path: 'meta.created', value: '2020-01-01T00:00:00Z' },
    ]);
    expectScimError(r, 400, 'mutability');
    const after = (await c.get(`/Users/${id}`)).body;
    expect(after.title).toBe('orig');
    expect(after.meta.version).toBe('W/"1"');
  });

  test('PATCH userName to an existing one → 409 uniqueness', async () => {
    const taken = unique('taken');
    await c.createUser(taken);
    const id = await c.createUser(unique('other'));
    expectScimError(await c.patch(`/Users/${id}`, [{ op: 'Replace', path: 'userName', value: taken.toUpperCase() }]), 409, 'uniqueness');
  });

  test('PATCH with attributes returns the projection', async () => {
    const id = await c.createUser(unique('pa'));
    const r = await c.patch(`/Users/${id}?attributes=title`, [{ op: 'add', path: 'title', value: 'T' }]);
    expect(Object.keys(r.body).sort()).toEqual(['id', 'meta', 'schemas', 'title']);
  });

  test('PUT replaces all mutable attributes; id and created unchanged; omitted ones cleared', async () => {
    const id = await c.createUser(unique('put'), { title: 'gone', displayName: 'Old', [ENT]: { department: 'X' } });
    const before = (await c.get(`/Users/${id}`)).body;
    const newName = unique('put-renamed');
    const r = await c.put(`/Users/${id}`, { schemas: [USER_URN], id: 'ignored', userName: newName, displayName: 'New', active: 'False' });
    expect(r.status).toBe(200);
    expect(r.body.id).toBe(id);
    expect(r.body.userName).toBe(newName);
    expect(r.body.displayName).toBe('New');
    expect(r.body.active).toBe(false);
    expect(r.body.title).toBeUndefined();
    expect(r.body[ENT]).toBeUndefined();
    expect(r.body.meta.created).toBe(before.meta.created);
    expect(r.body.meta.version).toBe('W/"2"');
  });

  test('PUT enforces required userName and uniqueness', async () => {
    const taken = unique('put-taken');
    await c.createUser(taken);
    const id = await c.createUser(unique('put2'));
    expectScimError(await c.put(`/Users/${id}`, { displayName: 'x' }), 400, 'invalidValue');
    expectScimError(await c.put(`/Users/${id}`, { userName: taken }), 409, 'uniqueness');
  });

  test('DELETE → 204 without body; afterwards every operation on the id is 404', async () => {
    const id = await c.createUser(unique('del'));
    const r = await c.delete(`/Users/${id}`);
    expect(r.status).toBe(204);
    expect(r.text).toBe('');
    expectScimError(await c.get(`/Users/${id}`), 404);
    expectScimError(await c.patch(`/Users/${id}`, [{ op: 'add', path: 'title', value: 'x' }]), 404);
    expectScimError(await c.put(`/Users/${id}`, { userName: 'x@y.z' }), 404);
    expectScimError(await c.delete(`/Users/${id}`), 404);
    expect((await c.get(`/Users?filter=${q(`id eq "${id}"`)}`)).body.totalResults).toBe(0);
  });

  test('a disabled user is still returned by GET and filter', async () => {
    const name = unique('disabled');
    const id = await c.createUser(name);
    await c.patch(`/Users/${id}`, [{ op: 'Replace', path: 'active', value: 'False' }]);
    expect((await c.get(`/Users/${id}`)).body.active).toBe(false);
    expect((await c.get(`/Users?filter=${q(`userName eq "${name}"`)}`)).body.Resources[0].active).toBe(false);
  });
});

describe('Groups', () => {
  test('R-13: create with the Microsoft schema URN and meta → 201, members empty, schemas core only', async () => {
    const r = await c.post('/Groups', {
      schemas: [GROUP_URN, MS_GROUP_URN],
      externalId: '8aa1a0c0',
      displayName: unique('Group'),
      meta: { resourceType: 'Group' },
    });
    expect(r.status).toBe(201);
    expect(r.body.schemas).toEqual([GROUP_URN]);
    expect(r.body.members).toBeUndefined();
    expect(r.body.meta.resourceType).toBe('Group');
    expect(r.headers.get('location')).toBe(`${server.baseUrl}/Groups/${r.body.id}`);
  });

  test('displayName is required and unique case-insensitively', async () => {
    expectScimError(await c.post('/Groups', { schemas: [GROUP_URN] }), 400, 'invalidValue');
    expectScimError(await c.post('/Groups', { displayName: 'SEED GROUP' }), 409, 'uniqueness');
  });

  test('members must exist; output {value,$ref,type,display}; no duplicates; nested groups', async () => {
    expectScimError(await c.post('/Groups', { displayName: unique('G'), members: [{ value: 'ghost' }] }), 400, 'invalidValue');
    const uid = await c.createUser(unique('member'), { displayName: 'Mem Ber' });
    const inner = await c.createGroup(unique('Inner'));
    const r = await c.post('/Groups', { displayName: unique('Outer'), members: [{ value: uid, $ref: null }, { value: uid }, { value: inner }] });
    expect(r.status).toBe(201);
    expect(r.body.members).toEqual([
      { value: uid, $ref: `${server.baseUrl}/Users/${uid}`, type: 'User', display: 'Mem Ber' },
      { value: inner, $ref: `${server.baseUrl}/Groups/${inner}`, type: 'Group', display: expect.stringMatching(/^Inner/) },
    ]);
    const u = (await c.get(`/Users/${uid}`)).body;
    expect(u.groups).toEqual([{ value: r.body.id, $ref: `${server.baseUrl}/Groups/${r.body.id}`, display: r.body.displayName, type: 'direct' }]);
  });

  test('R-11 / R-12: excludedAttributes=members by id and with a displayName filter', async () => {
    const seed = await c.seedGroup();
    const byId = await c.get(`/Groups/${seed.id}?excludedAttributes=members`);
    expect(byId.body.members).toBeUndefined();
    expect(byId.body.displayName).toBe('Seed Group');
    const list = await c.get(`/Groups?excludedAttributes=members&filter=${q('displayName eq "seed group"')}`);
    expect(list.body.totalResults).toBe(1);
    expect(list.body.Resources[0].members).toBeUndefined();
    expect((await c.get(`/Groups/${seed.id}`)).body.members).toHaveLength(1);
  });

  test('R-14..R-16: PATCH answers 204; add, remove by value array, remove by filter, rename', async () => {
    const [u1, u2, u3] = await Promise.all([c.createUser(unique('g1')), c.createUser(unique('g2')), c.createUser(unique('g3'))]);
    const gid = await c.createGroup(unique('Team'));
    const add = await c.patch(`/Groups/${gid}`, [{ op: 'Add', path: 'members', value: [{ $ref: null, value: u1 }, { value: u2 }, { value: u3 }] }]);
    expect(add.status).toBe(204);
    expect(add.text).toBe('');
    expect((await c.patch(`/Groups/${gid}`, [{ op: 'Remove', path: 'members', value: [{ $ref: null, value: u1 }] }])).status).toBe(204);
    expect((await c.patch(`/Groups/${gid}`, [{ op: 'remove', path: `members[value eq "${u2}"]` }])).status).toBe(204);
    const newName = unique('Renamed');
    expect((await c.patch(`/Groups/${gid}`, [{ op: 'Replace', path: 'displayName', value: newName }])).status).toBe(204);
    const g = (await c.get(`/Groups/${gid}`)).body;
    expect(g.members.map((m: any) => m.value)).toEqual([u3]);
    expect(g.displayName).toBe(newName);
    expect(g.meta.version).toBe('W/"5"');
  });

  test('PATCH with attributes or excludedAttributes answers 200 with the group', async () => {
    const gid = await c.createGroup(unique('Attr'));
    const r = await c.patch(`/Groups/${gid}?excludedAttributes=members`, [{ op: 'replace', path: 'externalId', value: 'e1' }]);
    expect(r.status).toBe(200);
    expect(r.body.externalId).toBe('e1');
  });

  test('renaming a group to an existing name is 409', async () => {
    const gid = await c.createGroup(unique('Clash'));
    expectScimError(await c.patch(`/Groups/${gid}`, [{ op: 'replace', path: 'displayName', value: 'seed group' }]), 409, 'uniqueness');
  });

  test('deleting a user removes it from every group; deleting a group removes it from parents', async () => {
    const uid = await c.createUser(unique('leaver'));
    const child = await c.createGroup(unique('Child'), [uid]);
    const parent = await c.createGroup(unique('Parent'), [uid, child]);
    expect((await c.delete(`/Users/${uid}`)).status).toBe(204);
    expect((await c.get(`/Groups/${child}`)).body.members).toBeUndefined();
    expect((await c.get(`/Groups/${parent}`)).body.members.map((m: any) => m.value)).toEqual([child]);
    expect((await c.delete(`/Groups/${child}`)).status).toBe(204);
    expect((await c.get(`/Groups/${parent}`)).body.members).toBeUndefined();
    expectScimError(await c.get(`/Groups/${child}`), 404);
  });

  test('PUT replaces a group', async () => {
    const uid = await c.createUser(unique('putm'));
    const gid = await c.createGroup(unique('PutG'), [uid]);
    const r = await c.put(`/Groups/${gid}`, { schemas: [GROUP_URN], displayName: unique('PutG2') });
    expect(r.status).toBe(200);
    expect(r.body.members).toBeUndefined();
  });
});

describe('discovery', () => {
  test('ServiceProviderConfig', async () => {
    const r = await c.get('/ServiceProviderConfig');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
      patch: { supported: true },
      bulk: { supported: false },
      filter: { supported: true, maxResults: 200 },
      changePassword: { supported: false },
      sort: { supported: true },
      etag: { supported: true },
      authenticationSchemes: [expect.objectContaining({ type: 'oauthbearertoken' })],
    });
  });

  test('ResourceTypes list and by id', async () => {
    const r = await c.get('/ResourceTypes');
    expect(r.body).toMatchObject({ schemas: [LIST_URN], totalResults: 2 });
    const user = (await c.get('/ResourceTypes/User')).body;
    expect(user).toMatchObject({
      id: 'User',
      endpoint: '/Users',
      schema: USER_URN,
      schemaExtensions: [{ schema: ENT, required: false }],
    });
    expect((await c.get('/ResourceTypes/Group')).body.schema).toBe(GROUP_URN);
    expectScimError(await c.get('/ResourceTypes/Device'), 404);
  });

  test('Schemas list and by id, with attribute characteristics from schema-defs', async () => {
    const r = await c.get('/Schemas');
    expect(r.body.totalResults).toBe(3);
    expect(r.body.Resources.map((s: any) => s.id)).toEqual([USER_URN, ENT, GROUP_URN]);
    const user = (await c.get(`/Schemas/${USER_URN}`)).body;
    const userName = user.attributes.find((a: any) => a.name === 'userName');
    expect(userName).toMatchObject({ type: 'string', multiValued: false, required: true, caseExact: false, mutability: 'readWrite', returned: 'default', uniqueness: 'server' });
    expect(user.attributes.find((a: any) => a.name === 'password')).toMatchObject({ mutability: 'writeOnly', returned: 'never' });
    const emails = user.attributes.find((a: any) => a.name === 'emails');
    expect(emails.subAttributes.map((s: any) => s.name)).toEqual(['value', 'display', 'type', 'primary']);
    const group = (await c.get(`/Schemas/${GROUP_URN}`)).body;
    expect(group.attributes.map((a: any) => a.name)).toEqual(['displayName', 'members']);
    expect(user.meta.location).toBe(`${server.baseUrl}/Schemas/${USER_URN}`);
    expectScimError(await c.get('/Schemas/urn:nope'), 404);
  });
});
