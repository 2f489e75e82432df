// Every fault switch: the same probe runs against a clean server and against a server with only that
// fault on; the misbehaviour appears only with the switch on.
import { FAULT_NAMES, FAULTS, parseFaultNames, type FaultName } from '../../src/server/faults';
import { TEST_CA_FILE } from '../../src/server/switches/tls';
import { probeTls } from '../../src/tls/probe';
import fs from 'node:fs';
import type { ReferenceServerOptions } from '../../src/server';
import { Client, ENT, GROUP_URN, q, rawRequest, SCIM_JSON, TOKEN, USER_URN, withServer } from './helpers';
import { CATALOGUE_CASES } from './catalogue-fault-cases';
import { COVERAGE_FAULT_CASES } from './coverage-cases';
import { OKTA_USERS_FAULT_CASES } from './okta-users-cases';
import { OKTA_GROUPS_FAULT_CASES } from './okta-groups-cases';

const MS_GROUP_URN = 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group';

interface FaultCase {
  /** Runs against a fresh server and returns what it observed. */
  probe(c: Client): Promise<unknown>;
  clean: unknown;
  faulty: unknown;
  /** Options of both servers, clean and faulty (the tls-* faults compare with the clean https server). */
  server?: Partial<ReferenceServerOptions>;
}

/** What the TLS probe sees, the test CA standing in for the public roots. */
async function tlsFacts(c: Client): Promise<Record<string, unknown>> {
  const p = await probeTls(c.baseUrl, { timeoutMs: 5000, publicRoots: [fs.readFileSync(TEST_CA_FILE, 'utf8')] });
  return { chain: p.publicChain?.verified, host: p.hostname?.matches, bits: p.certificate?.bits, modern: p.modern.ok, entraSuites: p.entraCiphers.ok, legacy: p.legacy.ok };
}
const CLEAN_TLS = { chain: true, host: true, bits: 2048, modern: true, entraSuites: true, legacy: false };
const tlsCase = (faulty: Partial<typeof CLEAN_TLS>): FaultCase => ({ probe: tlsFacts, clean: CLEAN_TLS, faulty: { ...CLEAN_TLS, ...faulty }, server: { https: true } });

const byUserName = (name: string): string => `/Users?filter=${q(`userName eq "${name}"`)}`;

async function userWithManager(c: Client): Promise<string> {
  const seed = await c.seedUser();
  const id = await c.createUser('emp@example.test');
  await c.patch(`/Users/${id}`, [{ op: 'Add', path: `${ENT}:manager`, value: seed.id }]);
  return id;
}

const CASES: Record<FaultName, FaultCase> = {
  // transport (TLS): the server listens with https://
  'tls-self-signed': tlsCase({ chain: false }),
  'tls-wrong-host': tlsCase({ host: false }),
  'tls-weak-key': tlsCase({ bits: 1024 }),
  // No TLS 1.2/1.3 handshake: the certificate is then read from the TLS 1.1 one.
  'tls-legacy-only': tlsCase({ modern: false, entraSuites: false, legacy: true }),
  'tls-legacy-allowed': tlsCase({ legacy: true }),
  'tls-no-entra-cipher': tlsCase({ entraSuites: false }),
  // property suites
  'user-non-ascii-500': {
    probe: async (c) => [
      (await c.post('/Users', { schemas: [USER_URN], userName: 'zoe@example.test', displayName: 'Zoë' })).status,
      (await c.post('/Users', { schemas: [USER_URN], userName: 'zoe2@example.test', displayName: 'Zoe' })).status,
    ],
    clean: [201, 201],
    faulty: [500, 201],
  },
  'filter-escapes-unsupported': {
    probe: async (c) => {
      const out: unknown[] = [];
      for (const name of ['Say "hi"', 'C:\\Share']) {
        await c.createGroup(name);
        const r = await c.get(`/Groups?filter=${q(`displayName eq ${JSON.stringify(name)}`)}`);
        out.push(r.status, r.body.totalResults);
      }
      return out;
    },
    clean: [200, 1, 200, 1],
    faulty: [500, undefined, 200, 0],
  },
  'patch-add-keeps-existing': {
    probe: async (c) => {
      const id = await c.createUser('a@example.test', { title: 'Old', name: { givenName: 'Ann' } });
      const r = await c.patch(`/Users/${id}`, [
        { op: 'Add', path: 'title', value: 'New' },
        { op: 'Add', path: 'name.givenName', value: 'Bea' },
      ]);
      return [r.body.title, r.body.name.givenName];
    },
    clean: ['New', 'Bea'],
    faulty: ['Old', 'Ann'],
  },
  'patch-pathless-urn-key-replaces-extension': {
    probe: async (c) => {
      const id = await c.createUser('a@example.test', { [ENT]: { department: 'Sales', employeeNumber: '1' } });
      return (await c.patch(`/Users/${id}`, [{ op: 'replace', value: { [`${ENT}:employeeNumber`]: '2' } }])).body[ENT];
    },
    clean: { department: 'Sales', employeeNumber: '2' },
    faulty: { employeeNumber: '2' },
  },
  'patch-value-path-add-appends': {
    probe: async (c) => {
      const id = await c.createUser('a@example.test');
      const op = { op: 'Add', path: 'phoneNumbers[type eq "mobile"].value', value: '+1 425 555 0101' };
      await c.patch(`/Users/${id}`, [op]);
      return (await c.patch(`/Users/${id}`, [op])).body.phoneNumbers.length;
    },
    clean: 1,
    faulty: 2,
  },
  'patch-multivalued-lost-update': {
    probe: async (c) => {
      const id = await c.createUser('a@example.test');
      const r = await c.patch(`/Users/${id}`, [
        { op: 'Add', path: 'phoneNumbers[type eq "work"].value', value: '+1 425 555 0100' },
        { op: 'Add', path: 'phoneNumbers[type eq "mobile"].value', value: '+1 425 555 0101' },
      ]);
      return r.body.phoneNumbers.map((p: { type: string }) => p.type);
    },
    clean: ['work', 'mobile'],
    faulty: ['mobile'],
  },
  'complex-string-type-500': {
    probe: async (c) => (await c.post('/Users', { schemas: [USER_URN], userName: 'a@example.test', name: { givenName: 42 } })).status,
    clean: 400,
    faulty: 500,
  },
  'group-rename-drops-members': {
    probe: async (c) => {
      const gid = await c.createGroup('Before', [await c.createUser('member@example.test')]);
      await c.patch(`/Groups/${gid}`, [{ op: 'Replace', path: 'displayName', value: 'After' }]);
      const g = (await c.get(`/Groups/${gid}`)).body;
      return [g.displayName, g.members?.length ?? 0];
    },
    clean: ['After', 1],
    faulty: ['After', 0],
  },
  'auth-disabled': {
    probe: async (c) => (await new Client(c.baseUrl, null).get('/Users')).status,
    clean: 401,
    faulty: 200,
  },
  '401-no-www-authenticate': {
    probe: async (c) => {
      const r = await new Client(c.baseUrl, null).get('/Users');
      return [r.status, r.headers.get('www-authenticate')?.split(' ')[0] ?? null];
    },
    clean: [401, 'Bearer'],
    faulty: [401, null],
  },
  'auth-any-token': {
    probe: async (c) => [
      (await new Client(c.baseUrl, 'wrong-token').get('/Users')).status,
      (await new Client(c.baseUrl, null).get('/Users')).status,
    ],
    clean: [401, 401],
    faulty: [200, 401],
  },
  'require-user-agent': {
    probe: async (c) => (await rawRequest(`${c.baseUrl}/Users`, 'GET', { Authorization: `Bearer ${TOKEN}` })).status,
    clean: 200,
    faulty: 403,
  },
  'require-accept-header': {
    probe: async (c) => [
      (await rawRequest(`${c.baseUrl}/Users`, 'GET', { Authorization: `Bearer ${TOKEN}` })).status,
      (await rawRequest(`${c.baseUrl}/Users`, 'GET', { Authorization: `Bearer ${TOKEN}`, Accept: 'application/scim+json' })).status,
    ],
    clean: [200, 200],
    faulty: [406, 200],
  },
  'filter-no-match-404': {
    probe: async (c) => (await c.get(byUserName('7d420df3-9995-4831-a406-ecf8166f5f6a'))).status,
    clean: 200,
    faulty: 404,
  },
  'filter-ignored': {
    probe: async (c) => (await c.get(byUserName('nobody@example.test'))).body.totalResults,
    clean: 0,
    faulty: 1,
  },
  'filter-malformed-empty-list': {
    probe: async (c) => {
      await c.createUser('malformed.filter@example.test');
      const out: unknown[] = [];
      for (const filter of ['userName eq', 'userName eq "malformed.filter@example.test"']) {
        const r = await c.get(`/Users?filter=${q(filter)}`);
        out.push(r.status, r.body.scimType ?? r.body.totalResults);
      }
      return out;
    },
    clean: [400, 'invalidFilter', 200, 1],
    faulty: [200, 0, 200, 1],
  },
  'filter-external-id-unsupported': {
    probe: async (c) => {
      await c.createUser('ext.match@example.test', { externalId: 'ext-match-1' });
      const r = await c.get(`/Users?filter=${q('externalId eq "ext-match-1"')}`);
      return [r.status, r.body.totalResults];
    },
    clean: [200, 1],
    faulty: [400, undefined],
  },
  'filter-email-value-path-unsupported': {
    probe: async (c) => {
      await c.createUser('mail.match@example.test', { emails: [{ type: 'work', value: 'mail.match@example.test', primary: true }] });
      const r = await c.get(`/Users?filter=${q('emails[type eq "work"].value eq "mail.match@example.test"')}`);
      return [r.status, r.body.totalResults];
    },
    clean: [200, 1],
    faulty: [400, undefined],
  },
  'filter-case-sensitive': {
    probe: async (c) => (await c.get(byUserName('SEED.USER@REFERENCE.TEST'))).body.totalResults,
    clean: 1,
    faulty: 0,
  },
  'list-total-results-string': {
    probe: async (c) => {
      const b = (await c.get('/Users')).body;
      return [typeof b.totalResults, typeof b.startIndex, typeof b.itemsPerPage];
    },
    clean: ['number', 'number', 'number'],
    faulty: ['string', 'string', 'string'],
  },
  'content-type-json': {
    probe: async (c) => (await c.get('/Users')).headers.get('content-type'),
    clean: SCIM_JSON,
    faulty: 'application/json; charset=utf-8',
  },
  'create-returns-200': {
    probe: async (c) => [
      (await c.post('/Users', { schemas: [USER_URN], userName: 'a@example.test' })).status,
      (await c.post('/Groups', { schemas: [GROUP_URN], displayName: 'G' })).status,
    ],
    clean: [201, 201],
    faulty: [200, 200],
  },
  'create-returns-other-id': {
    probe: async (c) => {
      const r = await c.post('/Users', { schemas: [USER_URN], userName: 'a@example.test' });
      const created = await c.findUser('a@example.test');
      return { answersItsOwnId: r.body.id === created?.id, stillCreated: created !== undefined };
    },
    clean: { answersItsOwnId: true, stillCreated: true },
    faulty: { answersItsOwnId: false, stillCreated: true },
  },
  'create-no-id': {
    probe: async (c) => {
      const r = await c.post('/Users', { schemas: [USER_URN], userName: 'a@example.test' });
      return { hasId: 'id' in r.body, stillCreated: (await c.findUser('a@example.test')) !== undefined };
    },
    clean: { hasId: true, stillCreated: true },
    faulty: { hasId: false, stillCreated: true },
  },
  'users-endpoint-404': {
    probe: async (c) => {
      const created = await c.post('/Users', { schemas: [USER_URN], userName: 'a@example.test' });
      const lower = await c.post('/users', { schemas: [USER_URN], userName: 'b@example.test' });
      return [created.status, (await c.get('/Users')).status, lower.status, (await c.get('/users')).status, (await c.get('/Groups')).status];
    },
    clean: [201, 200, 201, 200, 200],
    faulty: [404, 404, 201, 200, 200],
  },
  'create-rejects-meta': {
    probe: async (c) => {
      const r = await c.post('/Users', { schemas: [USER_URN], userName: 'a@example.test', meta: { resourceType: 'User' } });
      return [r.status, r.body.scimType];
    },
    clean: [201, undefined],
    faulty: [400, 'invalidSyntax'],
  },
  'create-drops-extension': {
    probe: async (c) => {
      const id = await c.createUser('a@example.test', { [ENT]: { employeeNumber: 'E1' } });
      return (await c.get(`/Users/${id}`)).body[ENT]?.employeeNumber;
    },
    clean: 'E1',
    faulty: undefined,
  },
  'user-emails-object': {
    probe: async (c) => Array.isArray((await c.seedUser()).emails),
    clean: true,
    faulty: false,
  },
  'patch-op-case-sensitive': {
    probe: async (c) => (await c.patch(`/Users/${(await c.seedUser()).id}`, [{ op: 'Replace', path: 'title', value: 'x' }])).status,
    clean: 200,
    faulty: 400,
  },
  'patch-pathless-unsupported': {
    probe: async (c) => {
      const r = await c.patch(`/Users/${(await c.seedUser()).id}`, [{ op: 'replace', value: { title: 'x' } }]);
      return [r.status, r.body.scimType];
    },
    clean: [200, undefined],
    faulty: [400, 'noTarget'],
  },
  'patch-pathless-dotted-keys-literal': {
    probe: async (c) => {
      const id = await c.createUser('a@example.test', { name: { givenName: 'Old' } });
      const r = await c.patch(`/Users/${id}`, [{ op: 'replace', value: { 'name.givenName': 'New' } }]);
      return { givenName: r.body.name.givenName, literal: r.body['name.givenName'] };
    },
    clean: { givenName: 'New', literal: undefined },
    faulty: { givenName: 'Old', literal: 'New' },
  },
  'patch-value-path-no-create': {
    probe: async (c) => {
      const id = await c.createUser('a@example.test');
      const r = await c.patch(`/Users/${id}`, [{ op: 'Add', path: 'emails[type eq "work"].value', value: 'w@example.test' }]);
      return [r.status, r.body.emails];
    },
    clean: [200, [{ type: 'work', value: 'w@example.test' }]],
    faulty: [200, undefined],
  },
  'active-string-rejected': {
    probe: async (c) => {
      const r = await c.patch(`/Users/${(await c.seedUser()).id}`, [{ op: 'Replace', path: 'active', value: 'False' }]);
      return [r.status, r.body.active ?? r.body.scimType];
    },
    clean: [200, false],
    faulty: [400, 'invalidValue'],
  },
  'active-string-truthy': {
    probe: async (c) => (await c.patch(`/Users/${(await c.seedUser()).id}`, [{ op: 'Replace', path: 'active', value: 'False' }])).body.active,
    clean: false,
    faulty: true,
  },
  'reactivate-ignored': {
    probe: async (c) => {
      const id = (await c.seedUser()).id;
      await c.patch(`/Users/${id}`, [{ op: 'Replace', path: 'active', value: 'False' }]);
      const r = await c.patch(`/Users/${id}`, [{ op: 'Replace', path: 'active', value: 'True' }]);
      return [r.status, (await c.get(`/Users/${id}`)).body.active];
    },
    clean: [200, true],
    faulty: [200, false],
  },
  'disabled-hidden': {
    probe: async (c) => {
      const seed = await c.seedUser();
      await c.patch(`/Users/${seed.id}`, [{ op: 'replace', path: 'active', value: false }]);
      return [(await c.get(byUserName(seed.userName))).body.totalResults, (await c.get(`/Users/${seed.id}`)).status];
    },
    clean: [1, 200],
    faulty: [0, 200],
  },
  'delete-returns-200': {
    probe: async (c) => {
      const r = await c.delete(`/Users/${await c.createUser('a@example.test')}`);
      return [r.status, r.body?.userName];
    },
    clean: [204, undefined],
    faulty: [200, 'a@example.test'],
  },
  'delete-unsupported': {
    probe: async (c) => {
      const id = await c.createUser('a@example.test');
      const r = await c.delete(`/Users/${id}`);
      const g = await c.delete(`/Groups/${await c.createGroup('G')}`);
      return [r.status, r.body?.schemas, g.status, (await c.get(`/Users/${id}`)).status];
    },
    clean: [204, undefined, 204, 404],
    faulty: [405, ['urn:ietf:params:scim:api:messages:2.0:Error'], 405, 200],
  },
  'delete-soft': {
    probe: async (c) => {
      const id = await c.createUser('a@example.test');
      const del = await c.delete(`/Users/${id}`);
      const after = await c.get(`/Users/${id}`);
      return [del.status, after.status, after.body.active];
    },
    clean: [204, 404, undefined],
    faulty: [204, 200, false],
  },
  'not-found-html': {
    probe: async (c) => {
      const r = await c.get('/Users/does-not-exist');
      return [r.status, r.headers.get('content-type')];
    },
    clean: [404, SCIM_JSON],
    faulty: [404, 'text/html; charset=utf-8'],
  },
  'group-excluded-attributes-ignored': {
    probe: async (c) => {
      const id = (await c.seedGroup()).id;
      const byId = await c.get(`/Groups/${id}?excludedAttributes=members`);
      const list = await c.get(`/Groups?excludedAttributes=members`);
      return ['members' in byId.body, 'members' in list.body.Resources[0]];
    },
    clean: [false, false],
    faulty: [true, true],
  },
  'group-filter-unsupported': {
    probe: async (c) => (await c.get(`/Groups?filter=${q('displayName eq "Seed Group"')}`)).status,
    clean: 200,
    faulty: 400,
  },
  'group-legacy-schema-rejected': {
    probe: async (c) =>
      (await c.post('/Groups', { schemas: [GROUP_URN, MS_GROUP_URN], displayName: 'G', meta: { resourceType: 'Group' } })).status,
    clean: 201,
    faulty: 400,
  },
  'group-members-add-ignored': {
    probe: async (c) => {
      const gid = await c.createGroup('G');
      const r = await c.patch(`/Groups/${gid}`, [{ op: 'Add', path: 'members', value: [{ $ref: null, value: (await c.seedUser()).id }] }]);
      return [r.status, (await c.get(`/Groups/${gid}`)).body.members?.length ?? 0];
    },
    clean: [204, 1],
    faulty: [204, 0],
  },
  'group-members-lost-concurrent': {
    // Four member PATCHes of one group at once lose all but one; one PATCH well after the burst keeps
    // what is there (a sequential client is not affected).
    probe: async (c) => {
      const gid = await c.createGroup('G');
      const ids = await Promise.all(['a', 'b', 'c', 'd'].map((n) => c.createUser(`${n}@example.test`)));
      const statuses = await Promise.all(ids.slice(0, 3).map((id) => c.patch(`/Groups/${gid}`, [{ op: 'Add', path: 'members', value: [{ $ref: null, value: id }] }]).then((r) => r.status)));
      const afterBurst = (await c.get(`/Groups/${gid}`)).body.members?.length ?? 0;
      await new Promise((r) => setTimeout(r, 60));
      await c.patch(`/Groups/${gid}`, [{ op: 'Add', path: 'members', value: [{ $ref: null, value: ids[3] }] }]);
      const afterLater = (await c.get(`/Groups/${gid}`)).body.members?.length ?? 0;
      return [statuses, afterBurst, afterLater - afterBurst];
    },
    clean: [[204, 204, 204], 3, 1],
    faulty: [[204, 204, 204], 1, 1],
  },
  'group-members-add-duplicates': {
    probe: async (c) => {
      const g = await c.seedGroup();
      await c.patch(`/Groups/${g.id}`, [{ op: 'Add', path: 'members', value: [{ value: g.members[0].value }] }]);
      return (await c.get(`/Groups/${g.id}`)).body.members.length;
    },
    clean: 1,
    faulty: 2,
  },
  'group-members-remove-all': {
    probe: async (c) => {
      const [u1, u2] = [await c.createUser('a@example.test'), await c.createUser('b@example.test')];
      const gid = await c.createGroup('G', [u1, u2]);
      await c.patch(`/Groups/${gid}`, [{ op: 'Remove', path: 'members', value: [{ value: u1 }] }]);
      return ((await c.get(`/Groups/${gid}`)).body.members ?? []).map((m: any) => m.value === u2);
    },
    clean: [true],
    faulty: [],
  },
  'group-members-remove-filter-ignored': {
    probe: async (c) => {
      const g = await c.seedGroup();
      const r = await c.patch(`/Groups/${g.id}`, [{ op: 'remove', path: `members[value eq "${g.members[0].value}"]` }]);
      return [r.status, (await c.get(`/Groups/${g.id}`)).body.members?.length ?? 0];
    },
    clean: [204, 0],
    faulty: [204, 1],
  },
  'group-duplicate-name-allowed': {
    probe: async (c) => (await c.post('/Groups', { schemas: [GROUP_URN], displayName: 'Seed Group' })).status,
    clean: 409,
    faulty: 201,
  },
  'group-rename-ignored': {
    probe: async (c) => {
      const gid = await c.createGroup('Before');
      const r = await c.patch(`/Groups/${gid}`, [{ op: 'Replace', path: 'displayName', value: 'After' }]);
      return [r.status, (await c.get(`/Groups/${gid}`)).body.displayName];
    },
    clean: [204, 'After'],
    faulty: [204, 'Before'],
  },
  'group-external-id-dropped': {
    probe: async (c) => {
      const created = await c.post('/Groups', { schemas: [GROUP_URN], displayName: 'Objects', externalId: 'obj-1' });
      const read = await c.get(`/Groups/${created.body.id}?excludedAttributes=members`);
      const found = await c.get(`/Groups?filter=${q('externalId eq "obj-1"')}`);
      return [created.body.externalId, read.body.externalId, found.body.totalResults];
    },
    clean: ['obj-1', 'obj-1', 1],
    faulty: [undefined, undefined, 1],
  },
  'patch-read-only-accepted': {
    probe: async (c) => {
      const g = await c.seedGroup();
      const id = await c.createUser('ro@example.test');
      const r = await c.patch(`/Users/${id}`, [{ op: 'add', path: 'groups', value: [{ value: g.id }] }, { op: 'add', path: 'title', value: 'Lead' }]);
      const back = await c.get(`/Users/${id}`);
      return [r.status, r.body.scimType ?? null, back.body.title ?? null, back.body.groups?.length ?? 0];
    },
    clean: [400, 'mutability', null, 0],
    faulty: [200, null, 'Lead', 0],
  },
  'create-without-username-accepted': {
    probe: async (c) => {
      const r = await c.post('/Users', { schemas: [USER_URN], displayName: 'Nameless' });
      const back = r.body.id ? await c.get(`/Users/${r.body.id}`) : undefined;
      return [r.status, r.body.scimType ?? null, 'userName' in (back?.body ?? {})];
    },
    clean: [400, 'invalidValue', false],
    faulty: [201, null, false],
  },
  'group-get-no-members': {
    probe: async (c) => {
      const g = await c.seedGroup(); // the list still has them
      return [g.members.length, 'members' in (await c.get(`/Groups/${g.id}`)).body];
    },
    clean: [1, true],
    faulty: [1, false],
  },
  'user-delete-keeps-membership': {
    probe: async (c) => {
      const g = await c.seedGroup();
      await c.delete(`/Users/${g.members[0].value}`);
      return (await c.get(`/Groups/${g.id}`)).body.members?.length ?? 0;
    },
    clean: 0,
    faulty: 1,
  },
  'error-status-number': {
    probe: async (c) => typeof (await c.get('/Users/no-such-id')).body.status,
    clean: 'string',
    faulty: 'number',
  },
  'group-members-as-strings': {
    probe: async (c) => {
      const member = await c.createUser('member@example.test');
      const id = await c.createGroup('Strings', [member]);
      return typeof (await c.get(`/Groups/${id}`)).body.members[0];
    },
    clean: 'object',
    faulty: 'string',
  },
  'group-delete-soft': {
    probe: async (c) => {
      const id = await c.createGroup('Doomed');
      return [(await c.delete(`/Groups/${id}`)).status, (await c.get(`/Groups/${id}`)).status];
    },
    clean: [204, 404],
    faulty: [204, 200],
  },
  'manager-as-string': {
    probe: async (c) => typeof (await c.get(`/Users/${await userWithManager(c)}`)).body[ENT].manager,
    clean: 'object',
    faulty: 'string',
  },
  'manager-legacy-path-ignored': {
    probe: async (c) => {
      const seed = await c.seedUser();
      const id = await c.createUser('emp@example.test');
      const r = await c.patch(`/Users/${id}`, [{ op: 'Add', path: 'manager', value: [{ $ref: `https://x.example/scim/Users/${seed.id}`, value: seed.id }] }]);
      return [r.status, r.body[ENT]?.manager?.value === seed.id];
    },
    clean: [200, true],
    faulty: [200, false],
  },
  'manager-remove-filter-ignored': {
    probe: async (c) => {
      const id = await userWithManager(c);
      const mgr = (await c.get(`/Users/${id}`)).body[ENT].manager.value;
      const r = await c.patch(`/Users/${id}`, [{ op: 'remove', path: `manager[value eq "${mgr}"]` }]);
      return [r.status, r.body[ENT]?.manager !== undefined];
    },
    clean: [200, false],
    faulty: [200, true],
  },
  'create-manager-string-rejected': {
    probe: async (c) => {
      const seed = await c.seedUser();
      const r = await c.post('/Users', { schemas: [USER_URN, ENT], userName: 'emp@example.test', [ENT]: { manager: seed.id } });
      return [r.status, r.body[ENT]?.manager?.value === seed.id];
    },
    clean: [201, true],
    faulty: [400, false],
  },
  'patch-value-path-add-keeps-existing': {
    probe: async (c) => {
      const id = await c.createUser('a@example.test', { emails: [{ type: 'work', value: 'old@example.test', primary: true }] });
      const r = await c.patch(`/Users/${id}`, [{ op: 'Add', path: 'emails[type eq "work"].value', value: 'new@example.test' }]);
      return r.body.emails.map((e: any) => e.value);
    },
    clean: ['new@example.test'],
    faulty: ['old@example.test'],
  },
  'emails-single-slot': {
    probe: async (c) => {
      const id = await c.createUser('a@example.test', { emails: [{ type: 'work', value: 'work@example.test', primary: true }] });
      const r = await c.patch(`/Users/${id}`, [{ op: 'Add', path: 'emails[type eq "other"].value', value: 'proxy@example.test' }]);
      return r.body.emails.map((e: any) => `${e.type}:${e.value}`);
    },
    clean: ['work:work@example.test', 'other:proxy@example.test'],
    faulty: ['work:proxy@example.test'],
  },
  'group-members-remove-ref-null-ignored': {
    probe: async (c) => {
      const [u1, u2] = [await c.createUser('a@example.test'), await c.createUser('b@example.test')];
      const gid = await c.createGroup('G', [u1, u2]);
      const r = await c.patch(`/Groups/${gid}`, [{ op: 'Remove', path: 'members', value: [{ $ref: null, value: u1 }] }]);
      return [r.status, ((await c.get(`/Groups/${gid}`)).body.members ?? []).map((m: any) => m.value === u1)];
    },
    clean: [204, [false]],
    faulty: [204, [true, false]],
  },
  'custom-extension-rejected': {
    probe: async (c) => {
      const CUSTOM = 'urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User';
      const created = await c.post('/Users', { schemas: [USER_URN], userName: 'a@example.test', [CUSTOM]: { costCenter: 'CC-1' } });
      const id = await c.createUser('b@example.test');
      const patched = await c.patch(`/Users/${id}`, [{ op: 'Add', path: `${CUSTOM}:costCenter`, value: 'CC-2' }]);
      return [created.status, patched.status];
    },
    clean: [201, 200],
    faulty: [400, 400],
  },
  'manager-remove-ignored': {
    probe: async (c) => {
      const id = await userWithManager(c);
      const r = await c.patch(`/Users/${id}`, [{ op: 'Remove', path: `${ENT}:manager` }]);
      return [r.status, r.body[ENT]?.manager !== undefined];
    },
    clean: [200, false],
    faulty: [200, true],
  },
  // RFC suite
  'schema-omits-mapped-attribute': {
    probe: async (c) => [((await c.get(`/Schemas/${USER_URN}`)).body.attributes as Array<{ name: string }>).some((a) => a.name === 'title')],
    clean: [true],
    faulty: [false],
  },
  'discovery-booleans-as-strings': {
    probe: async (c) => [
      typeof (await c.get('/ServiceProviderConfig')).body.patch.supported,
      typeof (await c.get('/ResourceTypes/User')).body.schemaExtensions[0].required,
      typeof (await c.get(`/Schemas/${USER_URN}`)).body.attributes[0].multiValued,
    ],
    clean: ['boolean', 'boolean', 'boolean'],
    faulty: ['string', 'string', 'string'],
  },
  'spc-understates-features': {
    probe: async (c) => {
      const spc = (await c.get('/ServiceProviderConfig')).body;
      return [spc.patch.supported, spc.filter.supported, spc.sort.supported, spc.etag.supported, (await c.get(`/Users?filter=${q('userName pr')}&sortBy=userName`)).status];
    },
    clean: [true, true, true, true, 200],
    faulty: [false, false, false, false, 200],
  },
  'spc-overstates-features': {
    probe: async (c) => {
      await c.createUser('b@x.test');
      await c.createUser('a@x.test');
      const sorted = await c.get(`/Users?filter=${q('userName ew "@x.test"')}&sortBy=userName`);
      const seed = await c.seedUser();
      const stale = await c.put(`/Users/${seed.id}`, { schemas: [USER_URN], userName: seed.userName }, { 'If-Match': 'W/"stale"' });
      return [(await c.get('/ServiceProviderConfig')).body.sort.supported, sorted.body.Resources.map((u: any) => u.userName), sorted.headers.get('etag'), stale.status];
    },
    clean: [true, ['a@x.test', 'b@x.test'], null, 412],
    faulty: [true, ['b@x.test', 'a@x.test'], null, 200],
  },
  'resource-meta-missing': {
    probe: async (c) => {
      const r = await c.post('/Users', { schemas: [USER_URN], userName: 'a@example.test' });
      return [r.status, r.headers.get('location') !== null, 'meta' in r.body, 'meta' in (await c.seedUser())];
    },
    clean: [201, true, true, true],
    faulty: [201, false, false, false],
  },
  'replace-merges': {
    probe: async (c) => {
      const id = await c.createUser('a@example.test', { nickName: 'n', emails: [{ value: 'w@example.test', type: 'work' }] });
      const put = await c.put(`/Users/${id}`, { schemas: [USER_URN], userName: 'a@example.test', emails: [{ value: 'h@example.test', type: 'home' }] });
      const patched = await c.patch(`/Users/${id}`, [{ op: 'replace', path: 'emails', value: [{ value: 'o@example.test', type: 'other' }] }]);
      return [put.body.emails.length, put.body.nickName, patched.body.emails.length];
    },
    clean: [1, undefined, 1],
    faulty: [2, 'n', 3],
  },
  'patch-not-atomic': {
    probe: async (c) => {
      const id = await c.createUser('a@example.test', { displayName: 'Before' });
      const r = await c.patch(`/Users/${id}`, [{ op: 'replace', path: 'displayName', value: 'After' }, { op: 'remove' }]);
      return [r.status, r.body.scimType, (await c.get(`/Users/${id}`)).body.displayName];
    },
    clean: [400, 'noTarget', 'Before'],
    faulty: [400, 'noTarget', 'After'],
  },
  'patch-removes-last': {
    probe: async (c) => {
      const id = await c.createUser('a@example.test', { title: 'First' });
      return (await c.patch(`/Users/${id}`, [{ op: 'remove', path: 'title' }, { op: 'add', path: 'title', value: 'Second' }])).body.title;
    },
    clean: 'Second',
    faulty: undefined,
  },
  'filter-eq-only': {
    probe: async (c) =>
      Promise.all(
        ['userName eq "seed.user@reference.test"', 'userName sw "seed."', 'UserName eq "seed.user@reference.test"', 'displayName eq "Seed \\"X\\""'].map(
          async (f) => (await c.get(`/Users?filter=${q(f)}`)).status,
        ),
      ),
    clean: [200, 200, 200, 200],
    faulty: [200, 400, 400, 400],
  },
  'start-index-ignored': {
    probe: async (c) => {
      await c.createUser('a@example.test');
      const all = (await c.get('/Users')).body.Resources.map((u: any) => u.id);
      const page = (await c.get('/Users?startIndex=2&count=1')).body;
      return [page.startIndex, page.Resources[0].id === all[1]];
    },
    clean: [2, true],
    faulty: [1, false],
  },
  'count-zero-as-default': {
    probe: async (c) => {
      const b = (await c.get('/Users?count=0')).body;
      return [b.Resources.length, b.totalResults];
    },
    clean: [0, 1],
    faulty: [1, 1],
  },
  'response-unfiltered': {
    probe: async (c) => {
      const id = await c.createUser('a@example.test', { title: 'T', password: 'Secret-1' });
      const projected = (await c.get(`/Users/${id}?attributes=userName`)).body;
      return ['title' in projected, 'password' in (await c.get(`/Users/${id}`)).body];
    },
    clean: [false, false],
    faulty: [true, true],
  },
  'error-scim-type-missing': {
    probe: async (c) => {
      const r = await c.post('/Users', { schemas: [USER_URN], userName: 'seed.user@reference.test' });
      return [r.status, r.body.scimType, r.body.status];
    },
    clean: [409, 'uniqueness', '409'],
    faulty: [409, undefined, '409'],
  },
  'malformed-body-500': {
    probe: async (c) => [(await c.post('/Users', '{"schemas":')).status, (await c.post('/Users', { schemas: [USER_URN] })).status],
    clean: [400, 400],
    faulty: [500, 400],
  },
  'unknown-id-200': {
    probe: async (c) => {
      const r = await c.get('/Users/does-not-exist');
      return [r.status, r.body, (await c.delete('/Users/does-not-exist')).status];
    },
    clean: [404, expect.objectContaining({ status: '404' }), 404],
    faulty: [200, {}, 404],
  },
  'auth-resource-by-id-unprotected': {
    probe: async (c) => {
      const id = (await c.seedUser()).id;
      const anonymous = new Client(c.baseUrl, null);
      return [(await anonymous.get(`/Users/${id}`)).status, (await anonymous.get('/Users')).status, (await anonymous.get('/Users/.search')).status];
    },
    clean: [401, 401, 401],
    faulty: [200, 401, 401],
  },
  // roles (Entra R-19) and multi-valued custom extension attributes (R-20)
  'roles-dropped': {
    probe: async (c) => {
      const id = await c.createUser('r@example.test', { roles: [{ primary: true, type: 'WindowsAzureActiveDirectoryRole', value: 'Admin' }] });
      return (await c.get(`/Users/${id}`)).body.roles?.map((r: { value: string }) => r.value);
    },
    clean: ['Admin'],
    faulty: undefined,
  },
  'roles-unknown-sub-attribute-rejected': {
    probe: async (c) => {
      const role = { primary: false, type: 'WindowsAzureActiveDirectoryRole', displayName: 'Admin', value: 'Admin' };
      const created = await c.post('/Users', { schemas: [USER_URN], userName: 'r@example.test', roles: [role] });
      const id = await c.createUser('r2@example.test');
      const patched = await c.patch(`/Users/${id}`, [{ op: 'add', path: 'roles', value: [role] }]);
      return [created.status, patched.status];
    },
    clean: [201, 200],
    faulty: [400, 400],
  },
  'roles-patch-ignored': {
    probe: async (c) => {
      const id = await c.createUser('r@example.test', { roles: [{ value: 'Admin' }] });
      const r = await c.patch(`/Users/${id}`, [{ op: 'Add', path: 'roles', value: [{ value: '{"id":"1","value":"User","displayName":"User"}' }] }]);
      return [r.status, (await c.get(`/Users/${id}`)).body.roles.length];
    },
    clean: [200, 2],
    faulty: [200, 1],
  },
  'roles-primary-string': {
    probe: async (c) => {
      const id = await c.createUser('r@example.test', { roles: [{ primary: true, value: 'Admin' }] });
      return (await c.get(`/Users/${id}`)).body.roles[0].primary;
    },
    clean: true,
    faulty: 'True',
  },
  'roles-replace-appends': {
    probe: async (c) => {
      const id = await c.createUser('r@example.test', { roles: [{ value: 'User' }, { value: 'Test' }] });
      const r = await c.patch(`/Users/${id}`, [{ op: 'replace', path: 'roles', value: [{ value: 'User' }, { value: 'Reader' }] }]);
      return r.body.roles.map((x: { value: string }) => x.value).sort();
    },
    clean: ['Reader', 'User'],
    faulty: ['Reader', 'Test', 'User'],
  },
  'custom-extension-first-value-only': {
    probe: async (c) => {
      const CUSTOM = 'urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User';
      const id = await c.createUser('r@example.test');
      await c.patch(`/Users/${id}`, [{ op: 'Add', path: `${CUSTOM}:department_ids`, value: [{ value: '1' }, { value: '2' }] }]);
      return (await c.get(`/Users/${id}`)).body[CUSTOM]?.department_ids;
    },
    clean: [{ value: '1' }, { value: '2' }],
    faulty: [{ value: '1' }],
  },
  // the resource a write answers with (RFC 7644 §3.3, §3.5.1, §3.5.2)
  'patch-returns-previous': {
    probe: async (c) => {
      const id = await c.createUser('w@example.test', { title: 'Old' });
      const r = await c.patch(`/Users/${id}`, [{ op: 'Replace', path: 'title', value: 'New' }]);
      return [r.status, r.body.title, (await c.get(`/Users/${id}`)).body.title];
    },
    clean: [200, 'New', 'New'],
    faulty: [200, 'Old', 'New'],
  },
  'put-returns-previous': {
    probe: async (c) => {
      const id = await c.createUser('w@example.test', { title: 'Old' });
      const r = await c.put(`/Users/${id}`, { schemas: [USER_URN], userName: 'w@example.test', title: 'New' });
      return [r.status, r.body.title, (await c.get(`/Users/${id}`)).body.title];
    },
    clean: [200, 'New', 'New'],
    faulty: [200, 'Old', 'New'],
  },
  'create-echoes-request': {
    probe: async (c) => {
      const r = await c.post('/Users', { schemas: [USER_URN], userName: 'w@example.test', groups: [{ value: 'not-a-group' }] });
      return [r.status, r.body.groups !== undefined, (await c.get(`/Users/${r.body.id}`)).body.groups !== undefined];
    },
    clean: [201, false, false],
    faulty: [201, true, false],
  },
  'throttles-lookups': {
    probe: async (c) => {
      const lookup = await c.get(byUserName('seed.user@reference.test'));
      return [lookup.status, lookup.headers.get('retry-after'), (await c.get('/Users')).status, (await c.get(`/Users/${await c.createUser('t@example.test')}`)).status];
    },
    clean: [200, null, 200, 200],
    faulty: [429, '0', 200, 200],
  },
  // matching precision and names freed by a delete (switches/lookup.ts)
  'filter-eq-prefix': {
    probe: async (c) => {
      for (const name of ['jo@contoso.test', 'jo@contoso.test.au', 'ajo@contoso.test']) await c.createUser(name);
      for (const name of ['Sales', 'Sales EMEA']) await c.createGroup(name);
      const users = (await c.get(byUserName('JO@contoso.test'))).body.Resources.map((u: { userName: string }) => u.userName).sort();
      const groups = (await c.get(`/Groups?filter=${q('displayName eq "Sales"')}`)).body.Resources.map((g: { displayName: string }) => g.displayName).sort();
      // Other operators and attributes keep their meaning.
      const emails = (await c.get(`/Users?filter=${q('userName co "contoso.test.au"')}`)).body.totalResults;
      return { users, groups, emails };
    },
    clean: { users: ['jo@contoso.test'], groups: ['Sales'], emails: 1 },
    faulty: { users: ['jo@contoso.test', 'jo@contoso.test.au'], groups: ['Sales', 'Sales EMEA'], emails: 1 },
  },
  'filter-eq-contains': {
    probe: async (c) => {
      for (const name of ['jo@contoso.test', 'jo@contoso.test.au', 'ajo@contoso.test']) await c.createUser(name);
      for (const name of ['Sales', 'Inside Sales']) await c.createGroup(name);
      const users = (await c.get(byUserName('JO@contoso.test'))).body.Resources.map((u: { userName: string }) => u.userName).sort();
      const groups = (await c.get(`/Groups?filter=${q('displayName eq "Sales"')}`)).body.Resources.map((g: { displayName: string }) => g.displayName).sort();
      return { users, groups };
    },
    clean: { users: ['jo@contoso.test'], groups: ['Sales'] },
    faulty: { users: ['ajo@contoso.test', 'jo@contoso.test', 'jo@contoso.test.au'], groups: ['Inside Sales', 'Sales'] },
  },
  'username-reserved-after-delete': {
    probe: async (c) => {
      const id = await c.createUser('rehire@example.test', { externalId: 'rehire' });
      const del = (await c.delete(`/Users/${id}`)).status;
      const gone = (await c.get(`/Users/${id}`)).status;
      const listed = (await c.get(byUserName('rehire@example.test'))).body.totalResults;
      const again = await c.post('/Users', { schemas: [USER_URN], userName: 'REHIRE@example.test', externalId: 'rehire', active: true });
      // Groups are not affected.
      const gid = await c.createGroup('Rehire Group');
      await c.delete(`/Groups/${gid}`);
      const group = (await c.post('/Groups', { schemas: [GROUP_URN], displayName: 'Rehire Group' })).status;
      return [del, gone, listed, again.status, again.body?.scimType, group];
    },
    clean: [204, 404, 0, 201, undefined, 201],
    faulty: [204, 404, 0, 409, 'uniqueness', 201],
  },
  'group-name-reserved-after-delete': {
    probe: async (c) => {
      const id = await c.createGroup('Support');
      const del = (await c.delete(`/Groups/${id}`)).status;
      const gone = (await c.get(`/Groups/${id}`)).status;
      const again = await c.post('/Groups', { schemas: [GROUP_URN], displayName: 'support' });
      // Users are not affected.
      const uid = await c.createUser('support@example.test');
      await c.delete(`/Users/${uid}`);
      const user = (await c.post('/Users', { schemas: [USER_URN], userName: 'support@example.test' })).status;
      return [del, gone, again.status, again.body?.scimType, user];
    },
    clean: [204, 404, 201, undefined, 201],
    faulty: [204, 404, 409, 'uniqueness', 201],
  },
  ...CATALOGUE_CASES,
  ...COVERAGE_FAULT_CASES,
  ...OKTA_USERS_FAULT_CASES,
  ...OKTA_GROUPS_FAULT_CASES,
  // what clients other than Entra send (client-input.ts)
  'create-active-false-ignored': {
    probe: async (c) => {
      const prehire = await c.post('/Users', { schemas: [USER_URN], userName: 'prehire@example.test', active: false });
      // PATCH still disables.
      const hire = await c.createUser('hire@example.test');
      await c.patch(`/Users/${hire}`, [{ op: 'Replace', path: 'active', value: false }]);
      return [prehire.status, (await c.get(`/Users/${prehire.body.id}`)).body.active, (await c.get(`/Users/${hire}`)).body.active];
    },
    clean: [201, false, false],
    faulty: [201, true, false],
  },
  'multi-valued-one-per-type': {
    probe: async (c) => {
      const emails = [{ type: 'work', value: 'a@example.test' }, { type: 'work', value: 'b@example.test' }, { type: 'home', value: 'c@example.test' }];
      const r = await c.post('/Users', { schemas: [USER_URN], userName: 'two@example.test', emails, phoneNumbers: [{ type: 'mobile', value: '1' }, { type: 'mobile', value: '2' }] });
      const got = (await c.get(`/Users/${r.body.id}`)).body;
      return [got.emails.map((e: { value: string }) => e.value), got.phoneNumbers.map((p: { value: string }) => p.value)];
    },
    clean: [['a@example.test', 'b@example.test', 'c@example.test'], ['1', '2']],
    faulty: [['b@example.test', 'c@example.test'], ['2']],
  },
  'empty-string-500': {
    probe: async (c) => [
      (await c.post('/Users', { schemas: [USER_URN], userName: 'empty@example.test', title: '' })).status,
      (await c.post('/Users', { schemas: [USER_URN], userName: 'full@example.test', title: 'T' })).status,
    ],
    clean: [201, 201],
    faulty: [500, 201],
  },
  'identifiers-non-ascii-mangled': {
    probe: async (c) => {
      const r = await c.post('/Users', { schemas: [USER_URN], userName: 'jörg@example.test', externalId: 'Müller-1', displayName: 'Jörg', emails: [{ type: 'work', value: 'jörg@example.test' }] });
      const got = (await c.get(`/Users/${r.body.id}`)).body;
      return [got.userName, got.externalId, got.displayName, got.emails[0].value];
    },
    clean: ['jörg@example.test', 'Müller-1', 'Jörg', 'jörg@example.test'],
    faulty: ['jörg@example.test', 'M?ller-1', 'Jörg', 'j?rg@example.test'],
  },
};

describe('fault switches', () => {
  test('FAULTS describes every fault in one sentence', () => {
    expect(Object.keys(FAULTS).sort()).toEqual([...FAULT_NAMES].sort());
    for (const description of Object.values(FAULTS)) expect(description).toMatch(/^[A-Z].*\.$/);
  });

  test('parseFaultNames accepts known names (trimmed, deduplicated) and lists valid names on unknown ones', () => {
    expect(parseFaultNames([' auth-disabled', 'auth-disabled', '', 'delete-soft'])).toEqual(['auth-disabled', 'delete-soft']);
    expect(() => parseFaultNames(['auth-disabled', 'bogus'])).toThrow(/bogus.*Valid names:.*auth-disabled/s);
  });

  test('the server reports its faults', async () => {
    await withServer({ faults: ['delete-soft', 'auth-any-token'] }, async (_c, s) => {
      expect([...s.faults].sort()).toEqual(['auth-any-token', 'delete-soft']);
    });
  });

  test.each(FAULT_NAMES)('%s changes behaviour only when switched on', async (fault) => {
    const { probe, clean, faulty, server } = CASES[fault];
    expect(await withServer({ ...server }, probe)).toEqual(clean);
    expect(await withServer({ ...server, faults: [fault] }, probe)).toEqual(faulty);
  });
});
