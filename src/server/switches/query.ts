// Queries: filters, the matching resources, sorting and paging (RFC 7644 §3.4.2).

import { badRequest, notFound } from '../errors';
import { parseFilter, type FilterNode } from '../filter';
import type { Reply } from '../hooks';
import { isObject, type JsonObject } from '../json';
import { resolveAttr, URN } from '../schema-defs';
import { defineSwitch } from './define';

/** True when a filter uses only `eq` comparisons joined by `and`, also inside value filters. */
function eqAndOnly(node: FilterNode): boolean {
  switch (node.kind) {
    case 'and':
      return eqAndOnly(node.left) && eqAndOnly(node.right);
    case 'compare':
      return node.op === 'eq';
    case 'valuePath':
      return eqAndOnly(node.filter);
    default:
      return false; // or, not, pr
  }
}

/** The most resources a query may match under too-many-400 (a deliberately low lookthrough limit). */
const TOO_MANY = 10;

/**
 * A ListResponse reply with the members RFC 7644 §3.4.2 does not require at the time left out or set
 * to null: Resources when totalResults is 0, startIndex and itemsPerPage when every result is there.
 */
function withUnrequiredListMembers(reply: Reply, how: 'omit' | 'null'): Reply {
  const b = reply.body;
  if (reply.status !== 200 || !isObject(b) || !Array.isArray(b['schemas']) || !b['schemas'].includes(URN.listResponse)) return reply;
  const total = b['totalResults'];
  const resources = Array.isArray(b['Resources']) ? b['Resources'] : [];
  const unrequired: string[] = [];
  if (total === 0 && resources.length === 0) unrequired.push('Resources');
  if (typeof total === 'number' && resources.length >= total) unrequired.push('startIndex', 'itemsPerPage');
  const body: JsonObject = { ...b };
  for (const key of unrequired) {
    if (how === 'omit') delete body[key];
    else body[key] = null;
  }
  return { ...reply, body };
}

export const QUERY_SWITCHES = [
  defineSwitch({
    name: 'filter-malformed-empty-list',
    kind: 'fault',
    description: 'A filter that does not parse (`userName eq` without a value, an unbalanced parenthesis) is answered 200 with an empty ListResponse instead of 400 invalidFilter.',
    // The parse error is swallowed and the query runs with a filter that matches nothing. First in the
    // registry, so that it reads the filter as sent, before any other switch's filter hook.
    filter: (text) => {
      try {
        parseFilter(text);
        return text;
      } catch {
        return 'id eq "filter-malformed-empty-list: matches nothing"';
      }
    },
  }),
  defineSwitch({
    name: 'filter-external-id-unsupported',
    kind: 'fault',
    description: 'A /Users filter on externalId (a matching attribute an admin may choose) is rejected with 400 invalidFilter.',
    filter: (text, rt) => {
      if (rt.name === 'User' && /(^|[\s(])externalId\s/i.test(text)) throw badRequest('invalidFilter', 'Filtering on externalId is not supported');
      return text;
    },
  }),
  defineSwitch({
    name: 'filter-email-value-path-unsupported',
    kind: 'fault',
    description: 'A /Users filter on a value path (emails[type eq "work"].value eq "…") is rejected with 400 invalidFilter.',
    filter: (text, rt) => {
      if (rt.name === 'User' && /^\s*emails\[/i.test(text)) throw badRequest('invalidFilter', 'Value-path filters are not supported');
      return text;
    },
  }),
  defineSwitch({
    name: 'filter-ignored',
    kind: 'fault',
    description: 'The filter parameter is ignored on /Users and /Groups: every resource is listed.',
    filter: () => undefined,
  }),
  defineSwitch({
    name: 'group-filter-unsupported',
    kind: 'fault',
    description: 'Any filter on /Groups is rejected with 400 invalidFilter.',
    filter: (text, rt) => {
      if (rt.name === 'Group') throw badRequest('invalidFilter', 'Filtering Groups is not supported');
      return text;
    },
  }),
  defineSwitch({
    name: 'filter-eq-only',
    kind: 'fault',
    description:
      'Only `attribute eq "value"` filters joined by `and`, on attribute names spelled as in the schema, without escapes, are understood; anything else is 400 invalidFilter.',
    // A regex reader instead of a parser: no escapes, no case-insensitive or URN-qualified names.
    filter: (text, rt) => {
      for (const clause of text.split(' and ')) {
        const m = /^([A-Za-z]\w*)(?:\.[A-Za-z]\w*)? eq "[^"\\]*"$/.exec(clause.trim());
        if (!m || resolveAttr(rt, undefined, m[1]!)?.def?.name !== m[1]) throw badRequest('invalidFilter', `Unsupported filter ${JSON.stringify(text)}`);
      }
      return text;
    },
  }),
  defineSwitch({
    name: 'filter-case-sensitive',
    kind: 'fault',
    description: 'String comparisons (eq, sw, co, ew) on caseExact:false attributes (userName, displayName) are case-sensitive, as on a database with a case-sensitive collation.',
    // Every string operator, so that a fault that reads eq as sw or co (lookup.ts) does not hide this one.
    filterCaseExact: (_def, op) => (['eq', 'sw', 'co', 'ew'].includes(op) ? true : undefined),
  }),
  defineSwitch({
    name: 'filter-escapes-unsupported',
    kind: 'fault',
    description:
      'Filter string literals are read up to the next double quote without decoding escapes, so a value with \\" crashes the query (500) and one with \\\\ matches nothing.',
    // A hand-written tokenizer that ends a string literal at the next quote and never decodes escapes:
    // \" leaves a dangling token (an unhandled error, 500), \\ compares raw and matches nothing.
    results: (items, q) => {
      if (q.filter === undefined || !/"(?:[^"\\]|\\.)*\\/.test(q.filter)) return items;
      if (q.filter.includes('\\"')) throw new TypeError("Cannot read properties of undefined (reading 'kind')");
      return [];
    },
  }),
  defineSwitch({
    name: 'disabled-hidden',
    kind: 'fault',
    description: 'Inactive users are left out of list/filter results (still retrievable by id).',
    results: (items, q) => (q.rt.name === 'User' ? items.filter((u) => u.active !== false) : items),
  }),
  defineSwitch({
    name: 'filter-no-match-404',
    kind: 'fault',
    description: 'A list/filter request that matches nothing answers 404 instead of an empty 200 ListResponse.',
    results: (items) => {
      if (items.length === 0) throw notFound('No resources match the query');
      return items;
    },
  }),
  defineSwitch({
    name: 'start-index-ignored',
    kind: 'fault',
    description: 'The startIndex parameter is ignored: every page starts at the first result.',
    page: (p) => ({ ...p, startIndex: 1 }),
  }),
  defineSwitch({
    name: 'count-zero-as-default',
    kind: 'fault',
    description: 'A count of 0 is taken as "no count given" and returns every result instead of none.',
    page: (p) => (p.count === 0 ? { ...p, count: undefined } : p),
  }),
  defineSwitch({
    name: 'filters-eq-and-only',
    kind: 'variation',
    scope: ['entra', 'okta', 'rfc'],
    description:
      'Filters are limited to eq comparisons joined by and (also in value filters: emails[type eq "work"].value eq "x"), with escapes, case-insensitive and URN-qualified attribute names; any other operator (ne, co, sw, ew, pr, gt, ge, lt, le, or, not) is 400 invalidFilter, as many directory back ends do; Entra only sends eq, and RFC 7644 §3.12 defines invalidFilter for "the specified attribute and filter comparison combination is not supported".',
    filter: (text) => {
      if (!eqAndOnly(parseFilter(text))) throw badRequest('invalidFilter', `Only eq comparisons joined by and are supported: ${JSON.stringify(text)}`);
      return text;
    },
  }),
  defineSwitch({
    name: 'no-sort',
    kind: 'variation',
    scope: ['entra', 'okta', 'rfc'],
    description:
      'No sorting: ServiceProviderConfig says sort.supported false and sortBy/sortOrder are ignored, as most Entra-provisioned endpoints do; RFC 7644 §3.4.2.3 says "Sort is OPTIONAL" and Entra never sorts.',
    features: { sort: false },
  }),
  defineSwitch({
    name: 'small-page-size',
    kind: 'variation',
    // Not okta: Okta pages by startIndex+100 whatever a page holds (okta-requests.md §3.2): a shorter page loses resources from Okta's import.
    scope: ['entra', 'rfc'],
    description:
      'List responses return at most 2 resources per page (ServiceProviderConfig filter.maxResults 2) whatever count asks, with totalResults still the full count, as endpoints with a fixed page size do; RFC 7644 §3.4.2.4: the service provider "MUST NOT return more results than specified, although it MAY return fewer results".',
    features: { maxResults: 2 },
  }),
  defineSwitch({
    name: 'newest-first',
    kind: 'variation',
    scope: ['entra', 'okta', 'rfc'],
    description:
      'Without sortBy, lists come newest first (reverse creation order, the same on every page), as databases that order by a descending key do; RFC 7644 §3.4.2.3 orders results only by sortBy ("Sort is OPTIONAL") and Entra only looks up single resources.',
    results: (items) => [...items].reverse(),
  }),
  defineSwitch({
    name: 'list-minimal',
    kind: 'variation',
    // Not okta: Okta's reference says itemsPerPage, startIndex and totalResults "need to be exchanged as integers" (okta-requests.md §5 rule 3).
    scope: ['entra', 'rfc'],
    description:
      'ListResponses carry only the members RFC 7644 §3.4.2 requires at the time: no Resources when totalResults is 0, and no startIndex or itemsPerPage when the response holds every result (only a truncated page has them), as endpoints that serialise just the required members do; §3.4.2 makes Resources "REQUIRED if totalResults is non-zero" and startIndex and itemsPerPage "REQUIRED when partial results are returned due to pagination", and Entra reads totalResults and Resources.',
    onReply: (reply) => withUnrequiredListMembers(reply, 'omit'),
  }),
  defineSwitch({
    name: 'list-nulls',
    kind: 'variation',
    // Not okta: Okta's reference says itemsPerPage, startIndex and totalResults "need to be exchanged as integers", and null is none (okta-requests.md §5 rule 3).
    scope: ['entra', 'rfc'],
    description:
      'ListResponses write the members RFC 7644 §3.4.2 does not require at the time as null instead of leaving them out ("Resources": null when totalResults is 0; "startIndex": null and "itemsPerPage": null when the response holds every result), as .NET endpoints whose serialiser includes null members by default do; RFC 7643 §2.5 makes "the null value" equivalent to an unassigned attribute, and §3.4.2 requires Resources only "if totalResults is non-zero" and startIndex and itemsPerPage only "when partial results are returned due to pagination".',
    onReply: (reply) => withUnrequiredListMembers(reply, 'null'),
  }),
  defineSwitch({
    name: 'too-many-400',
    kind: 'variation',
    // Not okta: Okta's import lists every user and group page by page (okta-requests.md §3.2, §3.12): a refused list fails it.
    scope: ['entra', 'rfc'],
    description: `A query (filtered or not) that matches more than ${TOO_MANY} resources is refused with 400 tooMany instead of being paged, as directory servers with a low lookthrough limit do (PingDirectory refuses searches past its lookthrough-limit this way); RFC 7644 §3.12 Table 9 defines tooMany for a filter that "yields many more results than the server is willing to calculate or process", and Entra only looks resources up by a unique attribute.`,
    results: (items) => {
      if (items.length > TOO_MANY) throw badRequest('tooMany', `The query matches ${items.length} resources, more than the ${TOO_MANY} this server processes; narrow the filter`);
      return items;
    },
  }),
] as const;
