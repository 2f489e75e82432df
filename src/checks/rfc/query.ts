// RFC 7644 §3.4.2 queries: filters (§3.4.2.2), sorting (§3.4.2.3), pagination (§3.4.2.4) and attribute
// projection (§3.4.2.5). Every query of the suite is confined to the run's own resources by a
// `name.familyName eq "<run tag>"` clause (eq only, so no check depends on an operator it does not
// test); when that narrowing does not work the checks are blocked with the reason, and when the
// endpoint refuses it (400 invalidFilter) or does not declare the attribute they are skipped. A filter the endpoint refuses
// with 400 invalidFilter is unsupported ("the specified attribute and filter comparison combination is
// not supported", RFC 7644 §3.12 Table 9): rfc7644.filter.supported reports it, the result checks do not.
import { describeResponse, idOf, expectEmptyList, isObject, listOf, responseOf, snippet } from '../assert';
import { defineCheck, NOT_APPLICABLE, type CheckContext, type CheckDefinition, type Requirement, type Level } from '../types';
import type { FaultName } from '../../server/faults';
import type { RecordedResponse } from '../../http/exchange';
import { isJudged } from '../readback';
import { precondition, unsupported, violation } from '../violation';
import { expectedIds, expectListIds, expectResource, requestParam, resourceOf, rfc7643, rfc7644 } from './common';

/**
 * Blocks the check unless the step that proves the run's narrowing filter listed exactly the run's
 * resources (a first page of them counts: RFC 7644 §3.4.2.4 lets a provider return fewer results
 * than match, with totalResults counting them all). Skips it when the endpoint cannot narrow that way.
 */
export function expectNarrowed(ctx: CheckContext): void {
  const narrow = ctx.expect.narrowedBy;
  if (!narrow) return;
  const hit = ctx.earlier?.find((e) => e.step === narrow.step);
  if (!hit) throw new Error(`fixture error: no earlier step "${narrow.step}" narrows this query`);
  const filter = new URL(hit.exchange.request.url).searchParams.get('filter') ?? '';
  const res = hit.exchange.response;
  const what = `the filter of step "${narrow.step}" (${filter}) that confines the query to this run's ${narrow.total} users`;
  if (res && isInvalidFilter(res)) unsupported(what, `it answered ${describeResponse(res)}`);
  const attribute = /^\s*([\w.:]+)\s+eq\s/i.exec(filter)?.[1];
  if (attribute && !isJudged(attribute, { discovery: ctx.discovery, resourceType: 'User' })) unsupported(what, `/Schemas does not declare ${attribute}`);
  const body = res?.json;
  const resources = isObject(body) && Array.isArray(body['Resources']) ? body['Resources'] : undefined;
  const page = resources !== undefined && resources.length > 0 && resources.length <= narrow.total;
  if (!res || res.status !== 200 || !isObject(body) || body['totalResults'] !== narrow.total || !page) {
    precondition(`${what} to list them`, res ? describeResponse(res) : 'no response', narrow.step);
  }
}

function isInvalidFilter(res: RecordedResponse): boolean {
  return res.status === 400 && isObject(res.json) && res.json['scimType'] === 'invalidFilter';
}

/** The endpoint refused the step's filter as unsupported: 400 with scimType invalidFilter. */
function refusedAsUnsupported(ctx: CheckContext): boolean {
  return ctx.exchange.response !== undefined && isInvalidFilter(ctx.exchange.response);
}

/** A query check's own filter (narrowing plus what it tests) must have been answered to judge the feature. */
function expectAnswered(ctx: CheckContext): void {
  expectNarrowed(ctx);
  if (refusedAsUnsupported(ctx)) precondition('the query\'s filter answered (it only narrows to the run\'s users)', describeResponse(responseOf(ctx.exchange)));
}

/**
 * A filter check: the step's filter must select exactly the expected resources. A refusal with 400
 * invalidFilter means "not supported" and is not judged here, unless `refusalFails`: what the RFC makes
 * every filter honour (case-insensitive names, URN-qualified names), and MAY-level features, whose
 * failures never gate and are worth reporting as "not supported".
 */
function filterCheck(def: { id: string; title: string; requirement?: Requirement; level?: Level; quote: string; provenBy: FaultName[]; refusalFails?: boolean }): CheckDefinition {
  const { refusalFails, ...rest } = def;
  return defineCheck({
    suite: def.id.startsWith('rfc7643.') ? 'rfc7643' : 'rfc7644',
    requirement: rfc7644('3.4.2.2'),
    level: 'MUST',
    needs: ['ids'],
    verify: (ctx) => {
      expectNarrowed(ctx);
      if (!refusalFails && refusedAsUnsupported(ctx)) return NOT_APPLICABLE; // rfc7644.filter.supported's finding
      expectListIds(ctx);
    },
    ...rest,
  });
}

function intParam(ctx: CheckContext, name: string): number | undefined {
  const raw = requestParam(ctx, name);
  return raw === undefined ? undefined : Number.parseInt(raw, 10);
}

/** The resources a projection step judges: the one returned by id, or every one of a list. */
function projected(ctx: CheckContext): Record<string, unknown>[] {
  const body = resourceOf(ctx);
  // A ListResponse may leave Resources out when totalResults is 0 (RFC 7644 §3.4.2).
  if (!('Resources' in body) && !('totalResults' in body)) return [body];
  const list = listOf(ctx.exchange);
  if (list.resources.length === 0) violation('at least one resource to judge', 'an empty ListResponse');
  return list.resources.filter(isObject);
}

function expectProjection(ctx: CheckContext): void {
  expectAnswered(ctx);
  for (const resource of projected(ctx)) {
    // "id" is returned "always" (RFC 7643 §3.1), whatever the parameters say.
    if (typeof resource['id'] !== 'string') violation('"id" in every resource (returned "always")', snippet(JSON.stringify(resource)));
    expectResource(ctx, resource);
  }
}

export const rfcQueryChecks = [
  defineCheck({
    id: 'rfc7644.filter.supported',
    title: 'Each filter operator and logical operator of RFC 7644 is supported, not refused with 400 invalidFilter',
    suite: 'rfc7644',
    requirement: rfc7644('3.4.2.2'),
    level: 'SHOULD',
    quote: 'invalidFilter: The specified filter syntax was invalid (does not comply with Figure 1), or the specified attribute and filter comparison combination is not supported (Table 9). Refusing an operator is allowed; supporting those of Table 3 is what clients expect.',
    provenBy: ['filter-eq-only'],
    verify: (ctx) => {
      expectNarrowed(ctx);
      if (refusedAsUnsupported(ctx)) violation('the filter evaluated (HTTP 200)', describeResponse(responseOf(ctx.exchange)));
    },
  }),
  filterCheck({
    id: 'rfc7644.filter.operators',
    title: 'Filters with eq, ne, co, sw, ew, pr, gt, ge, lt and le return exactly the matching resources',
    quote: 'When specified, only those resources matching the filter expression SHALL be returned. (Attribute operators: eq, ne, co, sw, ew, pr, gt, ge, lt, le.)',
    provenBy: ['filter-ignored'],
  }),
  filterCheck({
    id: 'rfc7644.filter.logical',
    title: 'Filters combined with and, or, not and grouped with parentheses return exactly the matching resources',
    level: 'MAY',
    quote: 'Multiple expressions MAY be combined using logical operators (and, or, not). Expressions MAY be grouped together using round brackets "(" and ")".',
    provenBy: ['filter-eq-only'],
    refusalFails: true,
  }),
  filterCheck({
    id: 'rfc7644.filter.value-path',
    title: 'A complex attribute filter (emails[type eq "work" and value co "@"]) applies to one value of the attribute',
    level: 'MAY',
    quote: 'Service providers MAY support complex filters where expressions MUST be applied to the same value of a parent attribute specified immediately before the left square bracket ("[").',
    provenBy: ['filter-eq-only', 'filter-value-path-any-value'],
    refusalFails: true,
  }),
  filterCheck({
    id: 'rfc7644.filter.urn-attributes',
    title: 'URN-qualified attribute names (core and extension) are understood in filters',
    requirement: rfc7644('3.10'),
    quote: 'Clients MAY omit core schema attribute URN prefixes, although they MUST fully qualify extended attributes with the associated schema extension URN to avoid naming conflicts.',
    provenBy: ['filter-eq-only'],
    refusalFails: true,
  }),
  filterCheck({
    id: 'rfc7644.filter.escaped-quotes',
    title: 'String values in filters are JSON strings: an escaped quote (\\") matches a literal quote',
    quote: 'compValue = false / null / true / number / string ; rules from JSON Data Interchange format ECMA-404 (Figure 1).',
    provenBy: ['filter-escapes-unsupported'],
  }),
  filterCheck({
    id: 'rfc7644.filter.case-insensitive-names',
    title: 'Attribute names and operators in filters are matched case-insensitively',
    quote: 'Attribute names and attribute operators used in filters are case insensitive.',
    provenBy: ['filter-eq-only'],
    refusalFails: true,
  }),
  filterCheck({
    id: 'rfc7643.attributes.case-exact-filter',
    title: 'A filter on an attribute declared "caseExact": false matches values in any letter case',
    requirement: rfc7643('7'),
    quote: 'caseExact: A Boolean value that specifies whether or not a string attribute is case sensitive. The server SHALL use case sensitivity when evaluating filters.',
    provenBy: ['filter-case-sensitive'],
  }),
  defineCheck({
    id: 'rfc7644.query.no-match-200',
    title: 'A query that matches nothing answers 200 with an empty ListResponse, not 404',
    suite: 'rfc7644',
    requirement: rfc7644('3.4.2'),
    level: 'MUST',
    quote: 'totalResults: The total number of results returned by the list or query operation. REQUIRED. (A 404 means "Specified resource (e.g., User) or endpoint does not exist", §3.12.)',
    provenBy: ['filter-no-match-404'],
    verify: (ctx) => expectEmptyList(ctx.exchange),
  }),
  defineCheck({
    id: 'rfc7644.sort.sort-by',
    title: 'sortBy and sortOrder order the results',
    suite: 'rfc7644',
    requirement: rfc7644('3.4.2.3'),
    level: 'MUST',
    quote: 'The "sortBy" parameter specifies the attribute whose value SHALL be used to order the returned responses. ... "sortOrder": the order in which the "sortBy" parameter is applied. Allowed values are "ascending" and "descending".',
    provenBy: ['spc-overstates-features', 'sort-default-descending'],
    needs: ['ids'],
    verify: (ctx) => {
      expectAnswered(ctx);
      expectListIds(ctx);
    },
  }),
  defineCheck({
    id: 'rfc7644.pagination.count',
    title: 'A page never holds more than count resources (count=0: none), and totalResults counts them all',
    suite: 'rfc7644',
    requirement: rfc7644('3.4.2.4'),
    level: 'MUST',
    quote: 'count: ... A value of "0" indicates that no resource results are to be returned except for "totalResults". When specified, the service provider MUST NOT return more results than specified, although it MAY return fewer results.',
    provenBy: ['count-zero-as-default'],
    needs: ['total'],
    verify: (ctx) => {
      const count = intParam(ctx, 'count');
      if (count === undefined) throw new Error('fixture error: this check judges a request with a count parameter');
      expectAnswered(ctx);
      const list = listOf(ctx.exchange);
      if (list.resources.length > count || list.totalResults !== ctx.expect.total) {
        violation(`at most ${count} resource(s), "totalResults": ${ctx.expect.total}`, `${list.resources.length} resource(s), "totalResults": ${JSON.stringify(list.totalResults)}`);
      }
    },
  }),
  defineCheck({
    id: 'rfc7644.pagination.start-index',
    title: 'A page starts at the 1-based startIndex asked for; beyond the end it is empty',
    suite: 'rfc7644',
    requirement: rfc7644('3.4.2.4'),
    level: 'MUST',
    quote: 'startIndex: The 1-based index of the first query result. ... startIndex (in the ListResponse): The 1-based index of the first result in the current set of list results.',
    provenBy: ['start-index-ignored'],
    needs: ['total'],
    verify: (ctx) => {
      const asked = intParam(ctx, 'startIndex');
      if (asked === undefined) throw new Error('fixture error: this check judges a request with a startIndex parameter');
      expectAnswered(ctx);
      const total = ctx.expect.total!;
      const body = resourceOf(ctx);
      const list = listOf(ctx.exchange);
      if (asked > total) {
        // Beyond the end: an empty page that still counts every match.
        if (list.resources.length > 0 || list.totalResults !== total) {
          violation(`no resources, "totalResults": ${total}`, `${list.resources.length} resource(s), "totalResults": ${JSON.stringify(list.totalResults)}`);
        }
      } else if (body['startIndex'] === undefined || body['startIndex'] === null) {
        // startIndex is "REQUIRED when partial results are returned due to pagination" (§3.4.2): a
        // response holding every result from the first on may leave it out.
        if (asked === 1 && list.resources.length >= total) return;
        violation(
          `"startIndex": ${asked} (REQUIRED in a page holding fewer than totalResults results)`,
          `no "startIndex", ${list.resources.length} resource(s), "totalResults": ${JSON.stringify(list.totalResults)}`,
        );
      } else if (body['startIndex'] !== asked) {
        violation(`"startIndex": ${asked}`, `"startIndex": ${JSON.stringify(body['startIndex'])}`);
      }
    },
  }),
  defineCheck({
    id: 'rfc7644.pagination.walk',
    title: 'Walking the pages lists every match exactly once, with a stable totalResults',
    suite: 'rfc7644',
    requirement: rfc7644('3.4.2.4'),
    level: 'MUST',
    quote: 'Pagination parameters can be used together to "page through" large numbers of resources ... startIndex: The 1-based index of the first query result. count: Non-negative integer. Specifies the desired maximum number of query results per page.',
    provenBy: ['start-index-ignored'],
    needs: ['ids', 'pages'],
    verify: (ctx) => {
      expectAnswered(ctx);
      const want = expectedIds(ctx);
      const names = ctx.expect.pages ?? [];
      const pages = names.map((name) => {
        const hit = ctx.earlier?.find((e) => e.step === name);
        if (!hit) throw new Error(`fixture error: no earlier step "${name}" to read a page from`);
        return hit.exchange;
      });
      const seen: unknown[] = [];
      const totals: unknown[] = [];
      for (const exchange of [...pages, ctx.exchange]) {
        const list = listOf(exchange);
        seen.push(...list.resources.map(idOf));
        totals.push(list.totalResults);
      }
      const duplicates = seen.filter((id, i) => seen.indexOf(id) !== i);
      const missing = want.filter((id) => !seen.includes(id));
      const stray = seen.filter((id) => !want.includes(id as string));
      if (duplicates.length + missing.length + stray.length > 0 || totals.some((t) => t !== want.length)) {
        violation(
          `pages holding ${JSON.stringify(want)} once each, "totalResults": ${want.length} on every page`,
          `ids page by page ${JSON.stringify(seen)} (duplicates ${JSON.stringify(duplicates)}, missing ${JSON.stringify(missing)}), "totalResults" ${JSON.stringify(totals)}`,
        );
      }
    },
  }),
  defineCheck({
    id: 'rfc7644.projection.attributes',
    title: 'attributes=… returns only the attributes asked for (and those always returned)',
    suite: 'rfc7644',
    requirement: rfc7644('3.4.2.5'),
    level: 'MUST',
    quote: 'attributes: A multi-valued list of strings indicating the names of resource attributes to return in the response, overriding the set of attributes that would be returned by default.',
    provenBy: ['response-unfiltered', 'projection-drops-always-returned'],
    verify: expectProjection,
  }),
  defineCheck({
    id: 'rfc7644.projection.excluded-attributes',
    title: 'excludedAttributes=… leaves the named attributes out of the default set',
    suite: 'rfc7644',
    requirement: rfc7644('3.4.2.5'),
    level: 'MUST',
    quote: 'excludedAttributes: A multi-valued list of strings indicating the names of resource attributes to be removed from the default set of attributes to return.',
    provenBy: ['response-unfiltered'],
    verify: expectProjection,
  }),
] satisfies CheckDefinition[];
