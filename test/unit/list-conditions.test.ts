// The conditional members of a ListResponse (RFC 7644 §3.4.2): Resources is "REQUIRED if totalResults
// is non-zero", startIndex and itemsPerPage "REQUIRED when partial results are returned due to
// pagination". Every check and helper that reads a ListResponse must accept them left out (or null,
// RFC 7643 §2.5) where the RFC does not require them, and still fail where it does.
import { getCheck } from '../../src/checks/registry';
import { NOT_APPLICABLE, type CheckContext, type StepExpectations } from '../../src/checks/types';
import { Violation } from '../../src/checks/violation';
import type { ScimClient } from '../../src/http/client';
import type { Exchange } from '../../src/http/exchange';
import type { DiscoverySnapshot } from '../../src/runner/discovery';
import { sweepRun } from '../../src/sequences/sweep';

const BASE = 'http://127.0.0.1:1/scim/v2';
const LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const NO_DISCOVERY: DiscoverySnapshot = {
  serviceProviderConfig: { request: 'GET /ServiceProviderConfig -> 404', status: 404 },
  resourceTypes: { request: 'GET /ResourceTypes -> 404', status: 404 },
  schemas: { request: 'GET /Schemas -> 404', status: 404 },
};

let seq = 0;
function listExchange(query: string, json: unknown): Exchange {
  const bodyText = JSON.stringify(json);
  return {
    seq: ++seq,
    label: 'unit',
    startedAt: '2026-01-01T00:00:00Z',
    durationMs: 1,
    request: { method: 'GET', url: `${BASE}/Users${query}`, headers: {} },
    response: { status: 200, headers: { 'content-type': 'application/scim+json' }, bodyText, json },
  };
}

/** 'passed', 'not-applicable', or the Received line of the violation. */
function judge(checkId: string, exchange: Exchange, expect: StepExpectations = {}): string {
  const ctx: CheckContext = { exchange, responseKind: 'UserList', profile: 'entra', vars: {}, expect, earlier: [], discovery: NO_DISCOVERY };
  try {
    return getCheck(checkId).verify!(ctx) === NOT_APPLICABLE ? 'not-applicable' : 'passed';
  } catch (e) {
    if (e instanceof Violation) return e.received;
    throw e;
  }
}

const user = (id: string) => ({ schemas: [USER], id, userName: `${id}@example.test` });
const EMPTY_MINIMAL = { schemas: [LIST], totalResults: 0 };
const EMPTY_NULLS = { schemas: [LIST], totalResults: 0, Resources: null, startIndex: null, itemsPerPage: null };

describe('a ListResponse with zero results and nothing but schemas and totalResults', () => {
  test.each([
    'rfc7644.schema.list-response',
    'entra.test-connection.empty-list',
    'entra.users.lookup.no-match',
    'entra.groups.lookup.no-match',
    'rfc7644.query.no-match-200',
    'entra.groups.excluded-members',
  ])('passes %s, members left out or null', (id) => {
    expect(judge(id, listExchange('?filter=userName%20eq%20%22x%22', EMPTY_MINIMAL))).toBe('passed');
    expect(judge(id, listExchange('?filter=userName%20eq%20%22x%22', EMPTY_NULLS))).toBe('passed');
  });

  test('a filter check expecting no ids passes it', () => {
    expect(judge('rfc7644.filter.operators', listExchange('?filter=x', EMPTY_MINIMAL), { ids: [] })).toBe('passed');
  });

  test('a projection check reads it as an empty list, not as a resource without an id', () => {
    expect(judge('rfc7644.projection.excluded-attributes', listExchange('?filter=x&excludedAttributes=emails', EMPTY_MINIMAL), { absent: ['emails'] })).toBe(
      'an empty ListResponse',
    );
  });

  test('Resources null or missing with totalResults non-zero still fails the schema check', () => {
    expect(judge('rfc7644.schema.list-response', listExchange('', { schemas: [LIST], totalResults: 1 }))).toMatch(/"Resources" is missing/);
    expect(judge('rfc7644.schema.list-response', listExchange('', { schemas: [LIST], totalResults: 1, Resources: null }))).toMatch(/REQUIRED when totalResults is non-zero/);
  });
});

describe('startIndex and itemsPerPage', () => {
  const all = { schemas: [LIST], totalResults: 2, Resources: [user('a'), user('b')] };

  test('may be left out of a response holding every result, asked for a page or not', () => {
    expect(judge('rfc7644.schema.list-response', listExchange('?filter=x', all))).toBe('passed');
    expect(judge('rfc7644.pagination.start-index', listExchange('?startIndex=1&count=5', all), { total: 2 })).toBe('passed');
    expect(judge('rfc7644.pagination.count', listExchange('?startIndex=1&count=5', all), { total: 2 })).toBe('passed');
    expect(judge('rfc7644.pagination.walk', listExchange('?startIndex=1&count=5', all), { ids: ['a', 'b'], pages: [] })).toBe('passed');
  });

  test('startIndex is required in a partial page: missing, null or wrong fails rfc7644.pagination.start-index', () => {
    const page = { schemas: [LIST], totalResults: 2, Resources: [user('a')] };
    expect(judge('rfc7644.pagination.start-index', listExchange('?startIndex=1&count=1', page), { total: 2 })).toMatch(/no "startIndex", 1 resource\(s\)/);
    expect(judge('rfc7644.pagination.start-index', listExchange('?startIndex=1&count=1', { ...page, startIndex: null }), { total: 2 })).toMatch(/no "startIndex"/);
    expect(judge('rfc7644.pagination.start-index', listExchange('?startIndex=2&count=1', { ...page, Resources: [user('b')], startIndex: 2 }), { total: 2 })).toBe('passed');
    expect(judge('rfc7644.pagination.start-index', listExchange('?startIndex=2&count=1', { ...page, Resources: [user('b')], startIndex: 1 }), { total: 2 })).toBe('"startIndex": 1');
  });

  test('a page asked to start later that leaves startIndex out fails, even when it lists everything (startIndex ignored)', () => {
    expect(judge('rfc7644.pagination.start-index', listExchange('?startIndex=2&count=5', all), { total: 2 })).toMatch(/no "startIndex", 2 resource\(s\)/);
  });
});

describe('sweep', () => {
  test('a listing with zero results and no Resources is an empty listing, not a failure to list', async () => {
    const sent: string[] = [];
    const client = {
      send: async (req: { method: string; path: string }) => {
        sent.push(`${req.method} ${req.path}`);
        return listExchange('', EMPTY_MINIMAL);
      },
    } as unknown as ScimClient;
    const result = await sweepRun(client, 'abcd1234');
    expect(result.leftovers).toEqual([]);
    expect(sent).toEqual(['GET /Groups', 'GET /Users']);
  });
});
