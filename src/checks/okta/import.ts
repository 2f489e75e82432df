// Okta interoperability checks for imports (okta-requests.md §3.2, §3.12; O-06, O-18): Okta reads /Users
// and /Groups page by page with count=100, from startIndex 1 on by steps of 100, and expects integer
// paging fields and the same order whatever count and startIndex are.
//
// The endpoint may hold other resources than the run's, which other clients (and the run's own other
// sequences) create and delete meanwhile: only the run's own resources are judged, each page on its own
// or from one response, since writes between two pages shift resources across page boundaries. The
// stable-order check pages through the run's own resources (a filter confines the list to them), so
// nobody else's writes move them between pages.
import { isDeepStrictEqual } from 'node:util';
import type { Exchange } from '../../http/exchange';
import { expectStatus, idOf, jsonObjectOf, listOf, snippet } from '../assert';
import { DOCS } from '../references';
import { expectedIds } from '../rfc/common';
import { expectNarrowed } from '../rfc/query';
import { defineCheck, NOT_APPLICABLE, type CheckContext, type CheckDefinition } from '../types';
import { precondition, violation } from '../violation';

const paging = { ref: 'Okta: Import users and groups page by page (O-06, O-18)', url: DOCS.oktaScim20 };

/** Okta's page size (okta-requests.md §3.2). */
const OKTA_PAGE = 100;

const IMPORT_QUOTE =
  'When importing User objects from the SCIM server, Okta accesses the /Users endpoint and processes them page by page, using startIndex, count, and totalResults as pagination references. Similarly, when returning large lists of resources, your SCIM implementation must support pagination. ... Okta uses count=100 as the pagination reference to return up to 100 elements. If the value of totalResults is higher than 100, then after Okta finishes retrieving the first 100 resources, the startIndex becomes startIndex+100 ... This pagination operation repeats until all pages are viewed. (The same for /Groups; okta-requests.md §3.2, §3.12.)';

/** The earlier steps `expect.pages` names, in order, then this step: the exchanges of one walk. */
function walkOf(ctx: CheckContext): Exchange[] {
  const names = ctx.expect.pages;
  if (!names) throw new Error('fixture error: this check needs expect.pages');
  const pages = names.map((name) => {
    const hit = ctx.earlier?.find((e) => e.step === name);
    if (!hit) throw new Error(`fixture error: no earlier step "${name}" to read a page from`);
    return hit.exchange;
  });
  return [...pages, ctx.exchange];
}

/** A paging field read as Okta would need it: an integer, or a string of one (the integers check judges the type). */
function intOf(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^\s*\d+\s*$/.test(value)) return Number.parseInt(value, 10);
  return undefined;
}

function askedStartIndex(exchange: Exchange): number {
  return Number.parseInt(new URL(exchange.request.url).searchParams.get('startIndex') ?? '1', 10);
}

/** The run's ids in the order one page lists them (other resources left out). */
function runIdsOf(exchange: Exchange, runIds: readonly string[]): string[] {
  return listOf(exchange).resources.map(idOf).filter((id): id is string => typeof id === 'string' && runIds.includes(id));
}

export const oktaImportChecks = [
  defineCheck({
    id: 'okta.import.integers',
    title: 'Import pages carry totalResults, startIndex and itemsPerPage as integers, not strings',
    suite: 'okta',
    requirement: paging,
    level: 'MUST',
    quote: `${IMPORT_QUOTE} Note: The itemsPerPage, startIndex, and totalResults values need to be exchanged as integers, not as strings.`,
    provenBy: ['list-total-results-string'],
    verify: (ctx) => {
      const body = jsonObjectOf(expectStatus(ctx.exchange, [200]));
      // totalResults is what Okta pages by; the other two may be left out or null where RFC 7644 §3.4.2 does not require them.
      const wrong = (['totalResults', 'startIndex', 'itemsPerPage'] as const).filter((key) => {
        const value = body[key];
        if (key !== 'totalResults' && (value === undefined || value === null)) return false;
        return typeof value !== 'number' || !Number.isInteger(value);
      });
      if (wrong.length > 0) violation('"totalResults" (and "startIndex", "itemsPerPage" when present) as JSON integers', wrong.map((k) => `"${k}": ${JSON.stringify(body[k]) ?? '(absent)'}`).join(', '));
    },
  }),
  defineCheck({
    id: 'okta.import.page-start',
    title: 'Each import page starts at the startIndex Okta asked for; a page past the end is empty',
    suite: 'okta',
    requirement: paging,
    level: 'MUST',
    quote: `${IMPORT_QUOTE} Using a limit of count results and an offset of startIndex returns smaller groupings of resources in a request.`,
    provenBy: ['start-index-ignored'],
    // Judged on each response alone, so that others' writes between two pages cannot make it fail.
    verify: (ctx) => {
      const body = jsonObjectOf(expectStatus(ctx.exchange, [200]));
      const asked = askedStartIndex(ctx.exchange);
      const answered = body['startIndex'];
      const total = intOf(body['totalResults']);
      const held = listOf(ctx.exchange).resources.length;
      if (answered !== undefined && answered !== null && intOf(answered) !== asked) violation(`"startIndex": ${asked} (the page Okta asked for)`, `"startIndex": ${JSON.stringify(answered)}, ${held} resource(s), "totalResults": ${JSON.stringify(body['totalResults'])}`);
      if (total !== undefined && asked > total && held > 0) violation(`no resources: startIndex=${asked} is past the ${total} results`, `${held} resource(s): ${snippet(JSON.stringify(listOf(ctx.exchange).resources.map(idOf)))}`);
    },
  }),
  defineCheck({
    id: 'okta.import.walk',
    title: "Okta's import pages (count=100 from startIndex 1, 101, 201) list each of the run's resources exactly once",
    suite: 'okta',
    requirement: paging,
    level: 'MUST',
    quote: `${IMPORT_QUOTE} The response to this request is a JSON list of all the resources found in the SCIM application.`,
    provenBy: ['list-unfiltered-empty'],
    needs: ['ids', 'pages'],
    verify: (ctx) => {
      const want = expectedIds(ctx);
      const pages = walkOf(ctx).map((exchange) => ({ total: intOf(jsonObjectOf(expectStatus(exchange, [200]))['totalResults']), ids: runIdsOf(exchange, want) }));
      const first = pages[0]!;
      // Up to 100 resources, Okta reads one page: one response, which nobody's writes can split.
      const judged = first.total !== undefined && first.total <= OKTA_PAGE ? [first] : pages;
      const seen = judged.flatMap((p) => p.ids);
      const duplicates = [...new Set(seen.filter((id, i) => seen.indexOf(id) !== i))];
      const missing = want.filter((id) => !seen.includes(id));
      if (duplicates.length + missing.length === 0) return;
      // Over several pages, resources others create or delete between two requests shift the run's across
      // page boundaries: a miss or a repeat there is not the endpoint's (okta.import.page-start and
      // okta.import.stable-order judge the paging itself).
      if (judged.length > 1) return NOT_APPLICABLE;
      violation(
        `each of ${JSON.stringify(want)} exactly once on the first page ("totalResults": ${JSON.stringify(first.total)}, at most ${OKTA_PAGE}: one page holds them all)`,
        `the run's ids on it ${JSON.stringify(first.ids)} (duplicates ${JSON.stringify(duplicates)}, missing ${JSON.stringify(missing)})`,
      );
    },
  }),
  defineCheck({
    id: 'okta.import.stable-order',
    title: "Paging with another count and startIndex lists the run's resources in the same order as a count=100 page",
    suite: 'okta',
    requirement: paging,
    level: 'MUST',
    quote:
      'The SCIM server must consistently return the same ordering of results for the requests, regardless of which values are provided for the count and startIndex pagination references (okta-requests.md §5 rule 3). Judged on the run\'s own resources, confined by a filter that others\' writes cannot move them in: a count=100 page, then pages of 2.',
    provenBy: ['list-order-depends-on-count', 'start-index-ignored'],
    needs: ['ids', 'pages', 'narrowedBy'],
    verify: (ctx) => {
      expectNarrowed(ctx);
      const want = expectedIds(ctx);
      const narrow = ctx.earlier!.find((e) => e.step === ctx.expect.narrowedBy!.step)!;
      const order = runIdsOf(narrow.exchange, want);
      if (order.length !== want.length || new Set(order).size !== order.length) {
        precondition(`the count=100 page of step "${ctx.expect.narrowedBy!.step}" listing each of the run's ${want.length} resources once`, `ids ${JSON.stringify(order)}`, ctx.expect.narrowedBy!.step);
      }
      const walk = walkOf(ctx);
      const pages = walk.map((exchange) => runIdsOf(exchange, want));
      if (!isDeepStrictEqual(pages.flat(), order)) {
        const asked = walk.map((e) => {
          const q = new URL(e.request.url).searchParams;
          return `startIndex=${q.get('startIndex')}&count=${q.get('count')}`;
        });
        violation(`pages listing ${JSON.stringify(order)} in this order (the order of the count=100 page), each once`, pages.map((ids, i) => `${asked[i]}: ${snippet(JSON.stringify(ids))}`).join('; '));
      }
    },
  }),
] satisfies CheckDefinition[];

