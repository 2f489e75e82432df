// Query execution for GET /Users, GET /Groups and POST /.search (RFC 7644 §3.4.2, §3.4.3):
// filter, sort, paginate; and the ListResponse envelope.

import { badRequest } from './errors';
import { matchesResource, parseFilter, type EvalOptions, type FilterNode } from './filter';
import { getKeyCI, isObject, type JsonObject } from './json';
import { parseAttrPath, topLevelValue, valuesOf, type AttrPath } from './paths';
import { findSubAttr, URN, type AttrDef, type ResourceTypeDef } from './schema-defs';

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

/** The page a client asked for, as integers; count undefined when not given. */
export interface PageRequest {
  readonly startIndex: number;
  readonly count: number | undefined;
}

/** Extension points of query execution. */
export interface QueryHooks extends EvalOptions {
  /** The filter text to apply (trimmed, non-empty); undefined applies none. Throw to refuse it (400 invalidFilter). */
  filter?(text: string, rt: ResourceTypeDef): string | undefined;
  /** The resources that matched (before sorting and paging); `filter` is the filter applied, if any. */
  results?(items: JsonObject[], query: { readonly rt: ResourceTypeDef; readonly filter: string | undefined }): JsonObject[];
  /** The page to return, as the client asked for it. */
  page?(page: PageRequest): PageRequest;
}

export interface QueryOptions {
  readonly hooks: QueryHooks;
  /** Whether sortBy is honoured (ServiceProviderConfig sort.supported). */
  readonly sort: boolean;
  /** The most results one page returns (ServiceProviderConfig filter.maxResults). */
  readonly maxResults: number;
}

/** Runs a query over full (rendered, unprojected) resources in creation order. */
export function runQuery(all: JsonObject[], rt: ResourceTypeDef, params: QueryParams, opts: QueryOptions): QueryResult {
  const { hooks } = opts;
  let items = all;
  const text = params.filter?.trim();
  const filterText = text && hooks.filter ? hooks.filter(text, rt) : text || undefined;
  if (filterText !== undefined) {
    const filter: FilterNode = parseFilter(filterText);
    items = items.filter((r) => matchesResource(filter, r, rt, hooks));
  }
  if (hooks.results) items = hooks.results(items, { rt, filter: filterText });
  if (opts.sort && params.sortBy !== undefined && params.sortBy.trim() !== '') {
    items = sortResources(items, rt, params.sortBy.trim(), params.sortOrder);
  }
  // RFC 7644 §3.4.2.4: startIndex < 1 is 1; a negative count is 0; the server may cap count (maxResults).
  const asked: PageRequest = { startIndex: Math.max(1, toInt(params.startIndex) ?? 1), count: toInt(params.count) };
  const { startIndex, count: askedCount } = hooks.page ? hooks.page(asked) : asked;
  const count = Math.min(opts.maxResults, Math.max(0, askedCount ?? opts.maxResults));
  return { totalResults: items.length, startIndex, page: items.slice(startIndex - 1, startIndex - 1 + count) };
}

function toInt(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return Math.trunc(v);
  if (typeof v === 'string' && /^\s*[-+]?\d+\s*$/.test(v)) return parseInt(v, 10);
  if (v === undefined || v === null || v === '') return undefined;
  throw badRequest('invalidValue', `${JSON.stringify(v)} is not an integer`);
}

export function listResponse(totalResults: number, startIndex: number, resources: unknown[]): JsonObject {
  return { schemas: [URN.listResponse], totalResults, startIndex, itemsPerPage: resources.length, Resources: resources };
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
