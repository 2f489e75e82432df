// Query execution for GET /Users, GET /Groups and POST /.search (RFC 7644 §3.4.2, §3.4.3):
// filter, sort, paginate; and the ListResponse envelope.

import { MAX_RESULTS } from './discovery';
import { badRequest, notFound } from './errors';
import type { FaultName } from './faults';
import { matchesResource, parseFilter, type FilterNode } from './filter';
import { getKeyCI, isObject, type JsonObject } from './json';
import { parseAttrPath, topLevelValue, valuesOf, type AttrPath } from './paths';
import { findSubAttr, resolveAttr, URN, type AttrDef, type ResourceTypeDef } from './schema-defs';

export interface QueryParams {
  readonly filter?: string | undefined;
  readonly startIndex?: unknown;
  readonly count?: unknown;
  readonly sortBy?: string | undefined;
  readonly sortOrder?: string | undefined;
}

export interface QueryResult {
  readonly totalResults: number;
  readonly startIndex: number;
  readonly page: JsonObject[];
}

/** Runs a query over full (rendered, unprojected) resources in creation order. */
export function runQuery(
  all: JsonObject[],
  rt: ResourceTypeDef,
  params: QueryParams,
  faults: ReadonlySet<FaultName>,
): QueryResult {
  let items = all;
  const filterText = params.filter?.trim();
  if (filterText && !faults.has('filter-ignored')) {
    if (rt.name === 'Group' && faults.has('group-filter-unsupported')) {
      throw badRequest('invalidFilter', 'Filtering Groups is not supported');
    }
    if (faults.has('filter-eq-only')) minimalFilter(filterText, rt); // RFC suite
    const filter: FilterNode = parseFilter(filterText);
    const opts = { caseSensitiveEq: faults.has('filter-case-sensitive') };
    items = items.filter((r) => matchesResource(filter, r, rt, opts));
    // property suites: a hand-written tokenizer that ends a string literal at the next quote and
    // never decodes escapes: \" leaves a dangling token (an unhandled error, 500), \\ compares raw.
    if (faults.has('filter-escapes-unsupported') && /"(?:[^"\\]|\\.)*\\/.test(filterText)) {
      if (filterText.includes('\\"')) throw new TypeError("Cannot read properties of undefined (reading 'kind')");
      items = [];
    }
  }
  if (rt.name === 'User' && faults.has('disabled-hidden')) {
    items = items.filter((u) => u.active !== false);
  }
  if (params.sortBy !== undefined && params.sortBy.trim() !== '' && !faults.has('spc-overstates-features')) {
    items = sortResources(items, rt, params.sortBy.trim(), params.sortOrder);
  }
  if (items.length === 0 && faults.has('filter-no-match-404')) {
    throw notFound('No resources match the query');
  }
  // RFC 7644 §3.4.2.4: startIndex < 1 is 1; a negative count is 0; the server may cap count (maxResults).
  const startIndex = faults.has('start-index-ignored') ? 1 : Math.max(1, toInt(params.startIndex) ?? 1);
  const askedCount = faults.has('count-zero-as-default') ? toInt(params.count) || undefined : toInt(params.count); // RFC suite faults
  const count = Math.min(MAX_RESULTS, Math.max(0, askedCount ?? MAX_RESULTS));
  return { totalResults: items.length, startIndex, page: items.slice(startIndex - 1, startIndex - 1 + count) };
}

/** RFC suite: 'filter-eq-only', a regex reader for `attr eq "value"` clauses joined by `and`, names as the schema spells them. */
function minimalFilter(text: string, rt: ResourceTypeDef): void {
  for (const clause of text.split(' and ')) {
    const m = /^([A-Za-z]\w*)(?:\.[A-Za-z]\w*)? eq "[^"\\]*"$/.exec(clause.trim());
    if (!m || resolveAttr(rt, undefined, m[1]!)?.def?.name !== m[1]) throw badRequest('invalidFilter', `Unsupported filter ${JSON.stringify(text)}`);
  }
}

function toInt(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return Math.trunc(v);
  if (typeof v === 'string' && /^\s*[-+]?\d+\s*$/.test(v)) return parseInt(v, 10);
  if (v === undefined || v === null || v === '') return undefined;
  throw badRequest('invalidValue', `${JSON.stringify(v)} is not an integer`);
}

export function listResponse(totalResults: number, startIndex: number, resources: unknown[], faults: ReadonlySet<FaultName>): JsonObject {
  const num = (n: number): number | string => (faults.has('list-total-results-string') ? String(n) : n);
  return {
    schemas: [URN.listResponse],
    totalResults: num(totalResults),
    startIndex: num(startIndex),
    itemsPerPage: num(resources.length),
    Resources: resources,
  };
}

// ---------------------------------------------------------------- sorting (RFC 7644 §3.4.2.3)

function sortResources(items: JsonObject[], rt: ResourceTypeDef, sortBy: string, sortOrder: string | undefined): JsonObject[] {
  const path = parseAttrPath(sortBy);
  if (!path) throw badRequest('invalidValue', `Invalid sortBy attribute ${JSON.stringify(sortBy)}`);
  const descending = sortOrder !== undefined && sortOrder.trim().toLowerCase() === 'descending';
  const keyed = items.map((r, i) => ({ r, i, key: sortKey(r, rt, path) }));
  keyed.sort((a, b) => {
    // Resources without a value sort last in either order.
    if (a.key === undefined || b.key === undefined) {
      return a.key === b.key ? a.i - b.i : a.key === undefined ? 1 : -1;
    }
    const c = a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
    return (descending ? -c : c) || a.i - b.i;
  });
  return keyed.map((k) => k.r);
}

/** Multi-valued attributes sort by their primary value, else the first (RFC 7644 §3.4.2.3). */
function sortKey(r: JsonObject, rt: ResourceTypeDef, path: AttrPath): string | number | undefined {
  const { value, def } = topLevelValue(r, rt, path);
  const values = valuesOf(value);
  let v: unknown = values.find((e) => isObject(e) && e.primary === true) ?? values[0];
  let leaf: AttrDef | undefined = def;
  const sub = path.sub ?? (isObject(v) ? 'value' : undefined);
  if (sub !== undefined) {
    v = getKeyCI(v, sub);
    leaf = findSubAttr(def, sub);
  }
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v !== 'string') return undefined;
  if (leaf?.type === 'dateTime') return Date.parse(v);
  return leaf?.caseExact ? v : v.toLowerCase();
}
