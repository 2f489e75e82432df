// Okta's import checks (src/checks/okta/import.ts) on hand-made pages: what each judges, and that what
// others' writes between two pages can explain is never the endpoint's failure.
import { getCheck } from '../../src/checks/registry';
import { NOT_APPLICABLE, type CheckContext, type StepExpectations } from '../../src/checks/types';
import { PreconditionUnmet, Violation } from '../../src/checks/violation';
import type { Exchange } from '../../src/http/exchange';
import type { DiscoverySnapshot } from '../../src/runner/discovery';

const BASE = 'http://127.0.0.1:1/scim/v2';
const LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
const NO_SCHEMAS: DiscoverySnapshot = {
  serviceProviderConfig: { request: 'GET /ServiceProviderConfig -> 404', status: 404 },
  resourceTypes: { request: 'GET /ResourceTypes -> 404', status: 404 },
  schemas: { request: 'GET /Schemas -> 404', status: 404 },
};

let seq = 0;
/** A page of /Users as asked (query) and answered: the ids it holds, the totalResults and startIndex it reports. */
function page(query: string, ids: string[], totalResults: unknown, startIndex: unknown = Number(new URLSearchParams(query).get('startIndex') ?? 1)): Exchange {
  const json = { schemas: [LIST], totalResults, startIndex, itemsPerPage: ids.length, Resources: ids.map((id) => ({ id, userName: `${id}@example.test` })) };
  return {
    seq: ++seq,
    label: 'unit',
    startedAt: '2026-01-01T00:00:00Z',
    durationMs: 1,
    request: { method: 'GET', url: `${BASE}/Users?${query}`, headers: {} },
    response: { status: 200, headers: {}, bodyText: JSON.stringify(json), json },
  };
}

/** The check's outcome on `exchange`, the earlier steps named as in the fixture. */
function judge(checkId: string, exchange: Exchange, expect: StepExpectations = {}, earlier: Record<string, Exchange> = {}): string {
  const ctx: CheckContext = { exchange, responseKind: 'UserList', profile: 'okta-aiw', vars: {}, expect, earlier: Object.entries(earlier).map(([step, e]) => ({ step, exchange: e })), discovery: NO_SCHEMAS };
  try {
    return getCheck(checkId).verify!(ctx) === NOT_APPLICABLE ? 'not-applicable' : 'passed';
  } catch (e) {
    if (e instanceof Violation) return `failed: ${e.received}`;
    if (e instanceof PreconditionUnmet) return e.unsupported ? 'skipped' : 'blocked';
    throw e;
  }
}

const RUN = ['r1', 'r2', 'r3'];
const others = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `o${from + i}`);

describe('okta.import.integers', () => {
  test('integers pass; strings fail; startIndex and itemsPerPage may be left out', () => {
    expect(judge('okta.import.integers', page('startIndex=1&count=100', RUN, 3))).toBe('passed');
    expect(judge('okta.import.integers', page('startIndex=1&count=100', RUN, '3'))).toMatch(/^failed: "totalResults": "3"/);
    expect(judge('okta.import.integers', page('startIndex=1&count=100', RUN, 3, null))).toBe('passed');
  });
});

describe('okta.import.page-start', () => {
  test('a page answering the startIndex asked passes; one answering another fails; past the end it must be empty', () => {
    expect(judge('okta.import.page-start', page('startIndex=101&count=100', [], 30))).toBe('passed');
    expect(judge('okta.import.page-start', page('startIndex=101&count=100', RUN, 30, 1))).toMatch(/^failed: "startIndex": 1/);
    expect(judge('okta.import.page-start', page('startIndex=101&count=100', RUN, 30, 101))).toMatch(/^failed: 3 resource\(s\)/);
  });
});

describe('okta.import.walk', () => {
  const expect3 = { ids: RUN, pages: ['page-1', 'page-2'] };
  const beyond = (total: number) => ({ 'page-1': page('startIndex=1&count=100', [...others(5), ...RUN], total), 'page-2': page('startIndex=101&count=100', [], total) });

  test('one page holding the whole list must hold each of the run\'s resources once', () => {
    expect(judge('okta.import.walk', page('startIndex=201&count=100', [], 8), expect3, beyond(8))).toBe('passed');
    const missing = { ...beyond(8), 'page-1': page('startIndex=1&count=100', others(8), 8) };
    expect(judge('okta.import.walk', page('startIndex=201&count=100', [], 8), expect3, missing)).toMatch(/^failed: .*missing \["r1","r2","r3"\]/);
  });

  test('over several pages, a walk that sees each once passes, and a miss others\' writes can explain is not judged', () => {
    const spread = { 'page-1': page('startIndex=1&count=100', [...others(98), 'r1', 'r2'], 130), 'page-2': page('startIndex=101&count=100', [...others(29, 98), 'r3'], 130) };
    expect(judge('okta.import.walk', page('startIndex=201&count=100', [], 130), expect3, spread)).toBe('passed');
    // Deletions before r3 between the first and the second page moved it onto the first page, already read.
    const shifted = { 'page-1': page('startIndex=1&count=100', [...others(98), 'r1', 'r2'], 130), 'page-2': page('startIndex=101&count=100', others(12, 98), 113) };
    expect(judge('okta.import.walk', page('startIndex=201&count=100', [], 102), expect3, shifted)).toBe('not-applicable');
  });
});

describe('okta.import.stable-order', () => {
  const expect3 = { ids: RUN, pages: ['order-count-2-page-1'], narrowedBy: { step: 'order-count-100', total: 3 } };
  const filter = `filter=${encodeURIComponent('name.familyName eq "tag"')}`;
  const base = page(`${filter}&startIndex=1&count=100`, ['r3', 'r1', 'r2'], 3);

  test('small pages in the order of the count=100 page pass; another order or a repeat fails', () => {
    expect(judge('okta.import.stable-order', page(`${filter}&startIndex=3&count=2`, ['r2'], 3), expect3, { 'order-count-100': base, 'order-count-2-page-1': page(`${filter}&startIndex=1&count=2`, ['r3', 'r1'], 3) })).toBe('passed');
    expect(judge('okta.import.stable-order', page(`${filter}&startIndex=3&count=2`, ['r3'], 3), expect3, { 'order-count-100': base, 'order-count-2-page-1': page(`${filter}&startIndex=1&count=2`, ['r1', 'r2'], 3) })).toMatch(/^failed: startIndex=1&count=2: \["r1","r2"\]/);
    expect(judge('okta.import.stable-order', page(`${filter}&startIndex=3&count=2`, ['r3', 'r1'], 3, 1), expect3, { 'order-count-100': base, 'order-count-2-page-1': page(`${filter}&startIndex=1&count=2`, ['r3', 'r1'], 3) })).toMatch(/^failed: /);
  });

  test('a count=100 page that does not list the run\'s resources blocks the check', () => {
    const partial = page(`${filter}&startIndex=1&count=100`, ['r3', 'r1'], 3);
    expect(judge('okta.import.stable-order', page(`${filter}&startIndex=3&count=2`, ['r2'], 3), expect3, { 'order-count-100': partial, 'order-count-2-page-1': page(`${filter}&startIndex=1&count=2`, ['r3', 'r1'], 3) })).toBe('blocked');
  });
});
