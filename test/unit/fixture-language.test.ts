// What the fixture language gained for a second client (fixtures/sequence-file.schema.json): a body
// built from an earlier response (`asRead`, Okta's GET-then-PUT), steps and sequences for some profiles
// only (`profiles`), the `oktaid` filter, and each client's way of writing a space in a query.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ScimClient } from '../../src/http/client';
import { formQuery } from '../../src/http/encode';
import { Redactor } from '../../src/http/redact';
import { Journal } from '../../src/sequences/journal';
import { SequenceRun } from '../../src/sequences/replay';
import { fillString, MissingResponse, resolveValue } from '../../src/sequences/template';
import { sequenceFor, type SequenceDef, type SequenceFile } from '../../src/sequences/types';
import { startReferenceServer, type ReferenceServer } from '../../src/server';

const EXT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

describe('asRead: the body an earlier response carried, with SCIM paths set', () => {
  const read = { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', EXT], id: 'u1', userName: 'ada', name: { givenName: 'Ada' }, meta: { resourceType: 'User' }, [EXT]: { department: 'R&D' } };
  const ctx = { bodies: {}, profile: 'okta-aiw' as const, vars: { title: 'Countess' }, responses: { read } };

  test('keeps everything read (id and meta included) and sets plain, dotted and extension paths', () => {
    const body = resolveValue({ asRead: { step: 'read', set: { active: false, 'name.middleName': 'King', title: '{{title}}', [`${EXT}.department`]: 'Maths' } } }, ctx);
    expect(body).toEqual({ ...read, active: false, name: { givenName: 'Ada', middleName: 'King' }, title: 'Countess', [EXT]: { department: 'Maths' } });
  });
  test('never changes the response it read', () => {
    resolveValue({ asRead: { step: 'read', set: { 'name.givenName': 'Augusta' } } }, ctx);
    expect(read.name.givenName).toBe('Ada');
  });
  test('a step that gave no resource cannot be built from', () => {
    expect(() => resolveValue({ asRead: { step: 'missing' } }, ctx)).toThrow(MissingResponse);
  });
});

test('profiles: a sequence or a step replayed only by the profiles it names', () => {
  const step = (name: string, profiles?: Array<'okta-aiw' | 'okta-oin'>) => ({ name, request: { method: 'GET' as const, path: '/Users' }, response: 'User' as const, checks: [], ...(profiles ? { profiles } : {}) });
  const sequence: SequenceDef = { id: 'okta.x', title: 'x', steps: [step('read'), step('put', ['okta-aiw']), step('patch', ['okta-oin'])] };
  expect(sequenceFor(sequence, 'okta-aiw')!.steps.map((s) => s.name)).toEqual(['read', 'put']);
  expect(sequenceFor(sequence, 'okta-oin')!.steps.map((s) => s.name)).toEqual(['read', 'patch']);
  expect(sequenceFor({ ...sequence, profiles: ['okta-oin'] }, 'okta-aiw')).toBeUndefined();
});

test("oktaid: an Okta user id's shape (00u and 17 letters and digits), the same for the same value", () => {
  const a = fillString('{{p|oktaid}}', { p: 'scimc-abc123-ua1-' });
  expect(a).toMatch(/^00u[a-z0-9]{17}$/);
  expect(fillString('{{p|oktaid}}', { p: 'scimc-abc123-ua1-' })).toBe(a);
  expect(fillString('{{p|oktaid}}', { p: 'scimc-abc123-ua2-' })).not.toBe(a);
});

test("a space in a query: '+' as Entra writes it, '%20' as Okta's current documentation prints it", () => {
  const pairs = [['filter', 'userName eq "a b@c"'], ['startIndex', '1'], ['count', '100']] as const;
  expect(formQuery(pairs)).toBe('filter=userName+eq+%22a+b%40c%22&startIndex=1&count=100');
  expect(formQuery(pairs, '%20')).toBe('filter=userName%20eq%20%22a%20b%40c%22&startIndex=1&count=100');
});

describe('a replayed GET-then-PUT against the reference server', () => {
  const TOKEN = 'unit-Secret-asread-5d1f';
  let server: ReferenceServer;
  let dir: string;
  beforeAll(async () => {
    server = await startReferenceServer({ token: TOKEN });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scimc-asread-'));
  });
  afterAll(async () => {
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const file: SequenceFile = { bodies: {}, sequences: [] };
  const sequence = (readPath: string): SequenceDef => ({
    id: 'okta.unit',
    title: 'unit',
    steps: [
      { name: 'create', request: { method: 'POST', path: '/Users', body: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: '{{prefix}}ada' } }, response: 'User', checks: [], capture: { userId: 'id' }, creates: { type: 'Users', idVar: 'userId', name: '{{prefix}}ada' } },
      { name: 'read', request: { method: 'GET', path: readPath }, response: 'User', checks: [] },
      { name: 'deactivate', request: { method: 'PUT', path: '/Users/{{userId}}', body: { asRead: { step: 'read', set: { active: false } } } }, response: 'User', checks: [] },
    ],
  });
  const run = (readPath: string) => {
    const client = new ScimClient({ baseUrl: server.baseUrl, token: TOKEN, timeoutMs: 10_000, redactor: new Redactor([TOKEN]) });
    return new SequenceRun(file, sequence(readPath), 'okta-aiw', { client, journal: new Journal(dir), prefix: `scimc-unit-${readPath.length}-`, wrongToken: 'wrong', clientHeaders: { 'User-Agent': 'Okta SCIM Client 1.0.0' }, querySpace: '%20' });
  };

  test('the PUT carries what the GET returned, with active false, and the client headers', async () => {
    const replay = run('/Users/{{userId}}');
    const put = await replay.step(2);
    await replay.cleanup();
    if (put.status !== 'done') throw new Error(put.status);
    const sent = JSON.parse(put.exchange.request.body!) as Record<string, unknown>;
    expect(sent).toMatchObject({ id: replay.vars['userId'], userName: `${replay.vars['prefix']}ada`, active: false, meta: { resourceType: 'User' } });
    expect(put.exchange.request.headers['User-Agent']).toBe('Okta SCIM Client 1.0.0');
    expect(put.exchange.response?.status).toBe(200);
  });
  test('when the GET gave no resource, the PUT is not sent: it is blocked by the GET', async () => {
    const replay = run('/Users/no-such-id');
    const put = await replay.step(2);
    await replay.cleanup();
    expect(put).toMatchObject({ status: 'blocked', cause: { sequence: 'okta.unit', step: 'read' } });
    expect(replay.history.map((h) => h.exchange.request.method)).toEqual(['POST', 'GET']);
  });
});
