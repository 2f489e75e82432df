// Clean-up of a resource whose create answered without an id in the body: the id the Location header
// named is used once a read of it shows the run's name (identity before writes), else the name lookup.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ScimClient, ScimRequest } from '../../src/http/client';
import type { Exchange } from '../../src/http/exchange';
import { deleteCreated } from '../../src/sequences/cleanup';
import { idFromLocation } from '../../src/sequences/identity';
import { Journal } from '../../src/sequences/journal';

const BASE = 'http://127.0.0.1:1/scim/v2';
let seq = 0;

function exchange(method: string, url: string, status: number, json?: unknown, headers: Record<string, string> = {}): Exchange {
  return {
    seq: ++seq,
    label: 'unit',
    startedAt: '2026-01-01T00:00:00Z',
    durationMs: 1,
    request: { method: method as Exchange['request']['method'], url, headers: {} },
    response: { status, headers, bodyText: json === undefined ? '' : JSON.stringify(json), ...(json !== undefined ? { json } : {}) },
  };
}

const created = (location: string) => exchange('POST', `${BASE}/Users`, 201, { userName: 'u' }, { Location: location });

describe('idFromLocation', () => {
  test('takes the last path segment, decoded, of an absolute or relative Location', () => {
    expect(idFromLocation(created(`${BASE}/Users/2819c223-7f76`))).toBe('2819c223-7f76');
    expect(idFromLocation(created('/scim/v2/Users/a%20b/'))).toBe('a b');
    expect(idFromLocation(created('Users/42'))).toBe('42');
  });

  test('none without a Location, or one naming the collection', () => {
    expect(idFromLocation(exchange('POST', `${BASE}/Users`, 201, {}))).toBeUndefined();
    expect(idFromLocation(created(`${BASE}/Users`))).toBeUndefined();
    expect(idFromLocation(created('  '))).toBeUndefined();
  });
});

describe('deleteCreated with an id from the Location header', () => {
  const NAME = 'scimc-abc123-x1-u@example.test';
  let journal: Journal;
  beforeEach(() => {
    journal = new Journal(fs.mkdtempSync(path.join(os.tmpdir(), 'scimc-cleanup-')));
  });

  function fakeClient(stored: Record<string, string>): { client: ScimClient; sent: string[] } {
    const sent: string[] = [];
    const client = {
      send: async (req: ScimRequest) => {
        const url = `${BASE}${req.path}`;
        sent.push(`${req.method} ${req.path}`);
        const id = decodeURIComponent(req.path.split('/')[2] ?? '');
        if (req.method === 'GET' && id !== '') return stored[id] !== undefined ? exchange('GET', url, 200, { id, userName: stored[id] }) : exchange('GET', url, 404, {});
        if (req.method === 'GET') {
          const hits = Object.entries(stored).filter(([, n]) => req.query?.[0]?.[1] === `userName eq ${JSON.stringify(n)}`);
          return exchange('GET', url, 200, { totalResults: hits.length, Resources: hits.map(([i, n]) => ({ id: i, userName: n })) });
        }
        if (req.method === 'DELETE') {
          const existed = stored[id] !== undefined;
          delete stored[id];
          return exchange('DELETE', url, existed ? 204 : 404);
        }
        throw new Error(`unexpected ${req.method} ${req.path}`);
      },
    } as unknown as ScimClient;
    return { client, sent };
  }

  test('deletes by the Location id once a read of it shows the name', async () => {
    const stored = { 'id-1': NAME };
    const { client, sent } = fakeClient(stored);
    const result = await deleteCreated(client, journal, [{ key: 'k1', type: 'Users', name: NAME, locationId: 'id-1' }]);
    expect({ deleted: result.deleted, leftovers: result.leftovers, stored }).toEqual({ deleted: 1, leftovers: [], stored: {} });
    expect(sent).toEqual(['GET /Users/id-1', 'DELETE /Users/id-1']);
  });

  test('leaves a Location id that names another resource alone and looks the name up instead', async () => {
    const stored: Record<string, string> = { 'other-1': 'someone@example.test', 'id-2': NAME };
    const { client, sent } = fakeClient(stored);
    const result = await deleteCreated(client, journal, [{ key: 'k2', type: 'Users', name: NAME, locationId: 'other-1' }]);
    expect({ deleted: result.deleted, stored }).toEqual({ deleted: 1, stored: { 'other-1': 'someone@example.test' } });
    expect(sent).toEqual(['GET /Users/other-1', 'GET /Users', 'DELETE /Users/id-2']);
  });
});
