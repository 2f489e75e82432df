// The HTTP layer: gatekeeping (auth, headers), routing, request bodies, and one handler per SCIM
// operation (RFC 7644 §3). Every handler returns a Reply or throws; nothing bad input does ends in a 500.
// Switches (faults, variations) reach in only through the extension points of hooks.ts.

import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  FULL_FEATURES,
  resourceTypes,
  schemaResource,
  schemaResources,
  serviceProviderConfig,
  resourceTypeResource,
  type Features,
} from './discovery';
import { badRequest, notFound, ScimError } from './errors';
import type { DeleteContext, DiscoveryKind, Hooks, Projection, Reply, RequestInfo, ResourceOp, PatchTransaction, AuthVerdict } from './hooks';
import { getKeyCI, isObject, type JsonObject } from './json';
import { parseFilter, type FilterNode } from './filter';
import { listResponse, runQuery, type QueryParams } from './list';
import { checkRequired, normaliseResource } from './normalise';
import { applyPatch, type PatchContext } from './patch';
import { attributeList, locationOf, project, renderResource, type RenderContext } from './render';
import { RESOURCE_TYPES, SCHEMAS, URN, type ResourceTypeDef } from './schema-defs';
import { etagOf, Store, type StoredResource } from './store';

export type { Reply } from './hooks';

const MAX_BODY_BYTES = 1024 * 1024;
const JSON_MEDIA_TYPES = ['application/scim+json', 'application/json'];
const NO_PROJECTION: Projection = { attributes: undefined, excluded: undefined };

interface RequestBody {
  readonly text: string;
  readonly tooLarge: boolean;
}

export interface AppOptions {
  readonly token: string;
  /** '' or '/scim/v2' style: leading slash, no trailing slash. */
  readonly basePath: string;
  /** The composed hooks of the enabled switches; {} for the plain server. */
  readonly hooks: Hooks;
}

export class ScimApp {
  /** Absolute base URL, set once the listener knows its port. */
  baseUrl = '';
  requestCount = 0;
  readonly store: Store;
  readonly features: Features;
  private readonly hooks: Hooks;
  private readonly tokenDigest: Buffer;

  constructor(private readonly opts: AppOptions) {
    this.hooks = opts.hooks;
    this.features = { ...FULL_FEATURES, ...opts.hooks.features };
    this.store = new Store(opts.hooks);
    this.tokenDigest = digest(opts.token);
  }

  /** The node:http request listener. */
  readonly handle = (req: IncomingMessage, res: ServerResponse): void => {
    this.requestCount++;
    const info = this.requestInfo(req);
    readBody(req)
      .then((body) => this.respond(info, req, body))
      .catch((e: unknown) => this.errorReply(e))
      .then((reply) => this.send(res, this.finish(reply, info)));
  };

  private respond(info: RequestInfo, req: IncomingMessage, body: RequestBody): Reply {
    try {
      return this.dispatch(info, req, body);
    } catch (e) {
      return this.errorReply(e);
    }
  }

  private finish(reply: Reply, info: RequestInfo): Reply {
    if (!this.hooks.onReply) return reply;
    try {
      return this.hooks.onReply(reply, info);
    } catch (e) {
      return this.errorReply(e);
    }
  }

  private errorReply(e: unknown): Reply {
    if (e instanceof ScimError) return { status: e.status, body: e.toJSON() };
    // A bug, not bad input: still a SCIM Error body.
    const detail = e instanceof Error ? e.message : String(e);
    return { status: 500, body: new ScimError(500, `Internal server error: ${detail}`).toJSON() };
  }

  private send(res: ServerResponse, reply: Reply): void {
    const headers: Record<string, string | number> = { ...reply.headers };
    let payload: string | undefined;
    if (reply.html !== undefined) {
      headers['Content-Type'] = 'text/html; charset=utf-8';
      payload = reply.html;
    } else if (reply.body !== undefined) {
      // RFC 7644 §3.1 / §8.1: SCIM responses are application/scim+json.
      headers['Content-Type'] ??= 'application/scim+json; charset=utf-8';
      payload = JSON.stringify(reply.body);
    }
    if (payload !== undefined) headers['Content-Length'] = Buffer.byteLength(payload);
    else if (reply.status !== 204 && reply.status !== 304) headers['Content-Length'] = 0; // an empty body, not chunked
    res.writeHead(reply.status, headers);
    res.end(payload);
  }

  // ------------------------------------------------------------ gatekeeping and routing

  private requestInfo(req: IncomingMessage): RequestInfo {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    return {
      method: (req.method ?? 'GET').toUpperCase(),
      headers: req.headers,
      segments: this.segments(url.pathname),
      param: (name) => param(url.searchParams, name),
    };
  }

  private dispatch(info: RequestInfo, req: IncomingMessage, body: RequestBody): Reply {
    const method = info.method;
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');

    const checked = this.verdict(req);
    const verdict = this.hooks.authenticate ? this.hooks.authenticate(checked, info) : checked;
    if (typeof verdict !== 'string') return verdict;
    if (verdict !== 'valid') return unauthorized(verdict);
    this.hooks.onRequest?.(info);

    const segments = info.segments;
    if (segments === undefined || segments.length === 0) throw notFound(`No SCIM endpoint at ${url.pathname}`);
    const [head, id, ...rest] = segments as [string, ...string[]];
    const q = url.searchParams;
    const isGet = method === 'GET' || method === 'HEAD';

    switch (head.toLowerCase()) {
      case 'users':
      case 'groups': {
        const rt = RESOURCE_TYPES[head.toLowerCase() === 'users' ? 'User' : 'Group'];
        if (rest.length > 0) throw notFound(`No SCIM endpoint at ${url.pathname}`);
        if (id === undefined) {
          if (isGet) return this.list(rt, queryParamsOf(q), projectionOf(q));
          if (method === 'POST') return this.create(rt, this.json(req, body), projectionOf(q));
          return methodNotAllowed(method, 'GET, POST');
        }
        if (id === '.search') {
          if (method === 'POST') return this.search(rt, this.json(req, body));
          return methodNotAllowed(method, 'POST');
        }
        if (isGet) return this.getOne(rt, id, req, projectionOf(q));
        if (method === 'PUT') return this.replace(rt, id, req, this.json(req, body), projectionOf(q));
        if (method === 'PATCH') return this.patch(rt, id, req, this.json(req, body), projectionOf(q));
        if (method === 'DELETE') return this.remove(rt, id, req);
        return methodNotAllowed(method, 'GET, PUT, PATCH, DELETE');
      }
      case 'serviceproviderconfig':
        if (id !== undefined) throw notFound(`No SCIM endpoint at ${url.pathname}`);
        if (!isGet) return methodNotAllowed(method, 'GET');
        return { status: 200, body: this.discoveryDoc(serviceProviderConfig(this.baseUrl, this.features), 'ServiceProviderConfig') };
      case 'resourcetypes': {
        if (rest.length > 0) throw notFound(`No SCIM endpoint at ${url.pathname}`);
        if (!isGet) return methodNotAllowed(method, 'GET');
        if (id === undefined) return this.discoveryList(resourceTypes(this.baseUrl), 'ResourceType');
        const rt = Object.values(RESOURCE_TYPES).find((r) => r.name.toLowerCase() === id.toLowerCase());
        if (!rt) throw notFound(`No ResourceType ${JSON.stringify(id)}`);
        return { status: 200, body: this.discoveryDoc(resourceTypeResource(rt, this.baseUrl), 'ResourceType') };
      }
      case 'schemas': {
        if (rest.length > 0) throw notFound(`No SCIM endpoint at ${url.pathname}`);
        if (!isGet) return methodNotAllowed(method, 'GET');
        if (id === undefined) return this.discoveryList(schemaResources(this.baseUrl), 'Schema');
        const schema = SCHEMAS.find((s) => s.id.toLowerCase() === id.toLowerCase());
        if (!schema) throw notFound(`No Schema ${JSON.stringify(id)}`);
        return { status: 200, body: this.discoveryDoc(schemaResource(schema, this.baseUrl), 'Schema') };
      }
      case 'me':
      case 'bulk':
        // RFC 7644 §3.11 (/Me) and §3.7 (/Bulk, advertised as unsupported in ServiceProviderConfig).
        throw new ScimError(501, `/${head} is not implemented by this service provider`);
      default:
        throw notFound(`No SCIM endpoint at ${url.pathname}`);
    }
  }

  /** Path segments below the base path; a doubled slash (`//Users`) is tolerated. */
  private segments(pathname: string): string[] | undefined {
    let p = pathname.replace(/\/{2,}/g, '/');
    const base = this.opts.basePath;
    if (base !== '') {
      if (p !== base && !p.startsWith(base + '/')) return undefined;
      p = p.slice(base.length);
    }
    return p
      .split('/')
      .filter((s) => s !== '')
      .map((s) => {
        try {
          return decodeURIComponent(s);
        } catch {
          return s;
        }
      });
  }

  /** RFC 6750 §2.1: `Authorization: Bearer <token>`; the scheme name is case-insensitive (RFC 7235 §2.1). */
  private verdict(req: IncomingMessage): AuthVerdict {
    const header = req.headers.authorization;
    if (!header) return 'missing';
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header.trim());
    if (!m) return 'not-bearer';
    return timingSafeEqual(digest(m[1]!), this.tokenDigest) ? 'valid' : 'invalid';
  }

  /** Parses a JSON request body. Content-Type, when sent, must be a JSON media type (RFC 7644 §3.1). */
  private json(req: IncomingMessage, body: RequestBody): unknown {
    if (body.tooLarge) throw new ScimError(413, `The request body exceeds ${MAX_BODY_BYTES} bytes`);
    const ct = req.headers['content-type'];
    if (ct !== undefined) {
      const media = ct.split(';')[0]!.trim().toLowerCase();
      if (!JSON_MEDIA_TYPES.includes(media)) {
        throw new ScimError(415, `Unsupported Content-Type ${JSON.stringify(ct)}; use application/scim+json`);
      }
    }
    if (body.text.trim() === '') throw badRequest('invalidSyntax', 'A JSON request body is required');
    return this.hooks.parseBody ? this.hooks.parseBody(body.text, parseJson) : parseJson(body.text);
  }

  // ------------------------------------------------------------ helpers shared by the handlers

  private get renderCtx(): RenderContext {
    return { baseUrl: this.baseUrl, store: this.store, versioned: this.features.etag };
  }

  private normaliseCtx(selfId?: string): PatchContext {
    return {
      ...this.hooks,
      memberType: (id) => this.store.typeOf(id),
      ...(selfId !== undefined ? { selfId } : {}),
    };
  }

  render(rec: StoredResource): JsonObject {
    return renderResource(rec, this.renderCtx);
  }

  /** A resource as it goes into a response: projected, then through the onResource hook. */
  private output(rt: ResourceTypeDef, rec: StoredResource, p: Projection, op: ResourceOp, full = this.render(rec)): JsonObject {
    const out = project(full, rt, p.attributes, p.excluded);
    if (!this.hooks.onResource) return out;
    return this.hooks.onResource(out, { rt, rec, op, projection: p, full: () => this.render(rec), ids: () => this.store.list(rt.name).map((r) => r.id) });
  }

  private single(status: number, rec: StoredResource, body: JsonObject): Reply {
    const headers: Record<string, string> = { Location: locationOf(rec, this.baseUrl) };
    if (this.features.etag) headers.ETag = etagOf(rec);
    return { status, body, headers };
  }

  private find(rt: ResourceTypeDef, id: string): StoredResource {
    const rec = this.store.get(rt.name, id);
    if (rec) return rec;
    // RFC 7644 §3.12: 404 for a resource that does not exist (or no longer exists).
    throw notFound(`${rt.name} ${JSON.stringify(id)} not found`);
  }

  /** RFC 7644 §3.14 / RFC 7232 §3.1: a mismatching If-Match fails with 412. */
  private checkIfMatch(req: IncomingMessage, rec: StoredResource): void {
    const h = req.headers['if-match'];
    if (this.features.etag && h !== undefined && !etagMatches(h, etagOf(rec))) {
      throw new ScimError(412, `If-Match ${h} does not match the current version ${etagOf(rec)}`);
    }
  }

  private discoveryDoc(doc: JsonObject, kind: DiscoveryKind): JsonObject {
    return this.hooks.discovery ? this.hooks.discovery(doc, kind) : doc;
  }

  private discoveryList(items: JsonObject[], kind: DiscoveryKind): Reply {
    return { status: 200, body: listResponse(items.length, 1, items.map((d) => this.discoveryDoc(d, kind))) };
  }

  /** The attributes an operation stores: through the onWrite hook, then RFC 7643 §2.2 "required". */
  private prepare(rt: ResourceTypeDef, op: 'create' | 'replace' | 'patch', data: JsonObject, stored?: StoredResource): JsonObject {
    const out = this.hooks.onWrite ? this.hooks.onWrite(data, { rt, op, stored: stored?.data }) : data;
    checkRequired(rt, out);
    return out;
  }

  // ------------------------------------------------------------ handlers

  private list(rt: ResourceTypeDef, params: QueryParams, p: Projection): Reply {
    const recs = this.lookupCandidates(rt, params.filter) ?? this.store.list(rt.name);
    const byId = new Map(recs.map((r) => [r.id, r]));
    const all = recs.map((r) => this.render(r));
    const { totalResults, startIndex, page } = runQuery(all, rt, params, {
      hooks: this.hooks,
      sort: this.features.sort,
      maxResults: this.features.maxResults,
    });
    const resources = page.map((r) => this.output(rt, byId.get(r.id as string)!, p, 'list', r));
    // Always 200 with a ListResponse, also for zero results (entra-requests.md R-01, §5 rule 3).
    return { status: 200, body: listResponse(totalResults, startIndex, resources) };
  }

  /**
   * The only resources Entra's matching lookup (`userName eq "x"`, `displayName eq "x"`) can match:
   * those whose stored name equals x ignoring case, a superset of the filter's matches (which the
   * query still applies), so a lookup renders one resource instead of every one (scale runs make
   * thousands of them). Undefined, meaning every resource, for any other filter, or when a switch
   * changes how filters are read or matched.
   */
  private lookupCandidates(rt: ResourceTypeDef, filter: string | undefined): StoredResource[] | undefined {
    const h = this.hooks;
    if (filter === undefined || h.filter || h.results || h.filterCaseExact) return undefined;
    let node: FilterNode;
    try {
      node = parseFilter(filter.trim());
    } catch {
      return undefined; // the query reports the error
    }
    const attr = rt.name === 'User' ? 'userName' : 'displayName';
    if (node.kind !== 'compare' || node.op !== 'eq' || typeof node.value !== 'string' || node.path.sub !== undefined) return undefined;
    if (node.path.attr.toLowerCase() !== attr.toLowerCase() || (node.path.urn !== undefined && node.path.urn !== rt.schema)) return undefined;
    const want = node.value.toLowerCase();
    return this.store.list(rt.name).filter((r) => typeof r.data[attr] === 'string' && (r.data[attr] as string).toLowerCase() === want);
  }

  /** POST /{type}/.search (RFC 7644 §3.4.3): the query parameters in a SearchRequest body. */
  private search(rt: ResourceTypeDef, body: unknown): Reply {
    if (!isObject(body)) throw badRequest('invalidSyntax', 'The SearchRequest body must be a JSON object');
    const schemas = getKeyCI(body, 'schemas');
    if (schemas !== undefined && !(Array.isArray(schemas) && schemas.some((s) => s === URN.searchRequest))) {
      throw badRequest('invalidSyntax', `"schemas" must contain ${URN.searchRequest}`);
    }
    const str = (k: string): string | undefined => {
      const v = getKeyCI(body, k);
      if (v === undefined || v === null) return undefined;
      if (typeof v !== 'string') throw badRequest('invalidValue', `"${k}" must be a string`);
      return v;
    };
    const names = (k: string): string[] | undefined => {
      const v = getKeyCI(body, k);
      if (Array.isArray(v) && v.every((s) => typeof s === 'string')) return attributeList(v.join(','));
      if (typeof v === 'string') return attributeList(v);
      if (v === undefined || v === null) return undefined;
      throw badRequest('invalidValue', `"${k}" must be an array of attribute names`);
    };
    return this.list(
      rt,
      {
        filter: str('filter'),
        sortBy: str('sortBy'),
        sortOrder: str('sortOrder'),
        startIndex: getKeyCI(body, 'startIndex'),
        count: getKeyCI(body, 'count'),
      },
      { attributes: names('attributes'), excluded: names('excludedAttributes') },
    );
  }

  private getOne(rt: ResourceTypeDef, id: string, req: IncomingMessage, p: Projection): Reply {
    const rec = this.find(rt, id);
    const ifNoneMatch = this.features.etag ? req.headers['if-none-match'] : undefined;
    if (ifNoneMatch !== undefined && etagMatches(ifNoneMatch, etagOf(rec))) {
      return { status: 304, headers: { ETag: etagOf(rec) } };
    }
    return this.single(200, rec, this.output(rt, rec, p, 'get'));
  }

  private create(rt: ResourceTypeDef, body: unknown, p: Projection): Reply {
    if (!isObject(body)) throw badRequest('invalidSyntax', 'The request body must be a JSON object');
    const input = this.hooks.createBody ? this.hooks.createBody(body, rt, this.store) : body;
    const data = this.prepare(rt, 'create', normaliseResource(rt, input, this.normaliseCtx()));
    const rec = this.store.create(rt.name, data);
    // RFC 7644 §3.3: 201 Created with the resource, its Location and ETag.
    return this.single(201, rec, this.output(rt, rec, p, 'create'));
  }

  /** PUT (RFC 7644 §3.5.1): replaces every mutable attribute; omitted ones are cleared. */
  private replace(rt: ResourceTypeDef, id: string, req: IncomingMessage, body: unknown, p: Projection): Reply {
    const rec = this.find(rt, id);
    this.checkIfMatch(req, rec);
    const data = this.prepare(rt, 'replace', normaliseResource(rt, body, this.normaliseCtx(rec.id)), rec);
    this.store.update(rec, data);
    return this.single(200, rec, this.output(rt, rec, p, 'replace'));
  }

  private patch(rt: ResourceTypeDef, id: string, req: IncomingMessage, body: unknown, p: Projection): Reply {
    const rec = this.find(rt, id);
    this.checkIfMatch(req, rec);
    const tx: PatchTransaction = {
      rt,
      body,
      stored: () => rec.data,
      apply: (b) => applyPatch(rt, rec.data, b, this.normaliseCtx(rec.id)),
      commit: (d) => void this.store.update(rec, d),
    };
    const patched = this.hooks.patchTransaction ? this.hooks.patchTransaction(tx, () => tx.apply(body)) : tx.apply(body);
    this.store.update(rec, this.prepare(rt, 'patch', patched, rec));
    // Entra advises 204 for group PATCH: returning all members is costly (entra-requests.md R-14..R-16);
    // RFC 7644 §3.5.2 allows 204 unless attributes were requested.
    if (rt.name === 'Group' && p.attributes === undefined && p.excluded === undefined) {
      return { status: 204, headers: this.features.etag ? { ETag: etagOf(rec) } : {} };
    }
    return this.single(200, rec, this.output(rt, rec, p, 'patch'));
  }

  private remove(rt: ResourceTypeDef, id: string, req: IncomingMessage): Reply {
    const rec = this.find(rt, id);
    this.checkIfMatch(req, rec);
    const d: DeleteContext = { rt, rec, store: this.store, output: () => this.output(rt, rec, NO_PROJECTION, 'delete') };
    const next = (): Reply => {
      this.store.delete(rt.name, rec.id);
      return { status: 204 }; // RFC 7644 §3.6
    };
    return this.hooks.deleteResource ? this.hooks.deleteResource(d, next) : next();
  }
}

// ------------------------------------------------------------ module helpers

/** The server's JSON parser: bad JSON is 400 invalidSyntax (RFC 7644 §3.12). */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw badRequest('invalidSyntax', `The request body is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function readBody(req: IncomingMessage): Promise<RequestBody> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY_BYTES) chunks.push(c);
    });
    req.on('end', () => resolve({ text: Buffer.concat(chunks).toString('utf8'), tooLarge: size > MAX_BODY_BYTES }));
    req.on('error', reject);
  });
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s, 'utf8').digest();
}

const UNAUTHORIZED: Record<Exclude<AuthVerdict, 'valid'>, string> = {
  missing: 'An Authorization: Bearer <token> header is required',
  'not-bearer': 'Only Bearer authentication is supported',
  invalid: 'The bearer token is not valid',
};

function unauthorized(verdict: Exclude<AuthVerdict, 'valid'>): Reply {
  // RFC 6750 §3: a 401 carries a Bearer challenge, with error="invalid_token" when a credential was sent.
  const challenge = verdict === 'missing' ? 'Bearer realm="scim"' : 'Bearer realm="scim", error="invalid_token"';
  return { status: 401, body: new ScimError(401, UNAUTHORIZED[verdict]).toJSON(), headers: { 'WWW-Authenticate': challenge } };
}

function methodNotAllowed(method: string, allow: string): Reply {
  return {
    status: 405,
    body: new ScimError(405, `Method ${method} is not allowed here; allowed: ${allow}`).toJSON(),
    headers: { Allow: allow },
  };
}

/** Weak comparison (RFC 7232 §2.3.2) of an If-Match / If-None-Match list against an ETag. */
function etagMatches(header: string, etag: string): boolean {
  const strip = (t: string): string => t.trim().replace(/^W\//, '');
  return header.split(',').some((t) => t.trim() === '*' || strip(t) === strip(etag));
}

/** Query parameter names are matched case-insensitively (`startindex` works like `startIndex`). */
function param(q: URLSearchParams, name: string): string | undefined {
  const exact = q.get(name);
  if (exact !== null) return exact;
  for (const [k, v] of q) if (k.toLowerCase() === name.toLowerCase()) return v;
  return undefined;
}

function queryParamsOf(q: URLSearchParams): QueryParams {
  const get = (k: string): string | undefined => param(q, k);
  return {
    filter: get('filter'),
    startIndex: get('startIndex'),
    count: get('count'),
    sortBy: get('sortBy'),
    sortOrder: get('sortOrder'),
  };
}

function projectionOf(q: URLSearchParams): Projection {
  return { attributes: attributeList(param(q, 'attributes')), excluded: attributeList(param(q, 'excludedAttributes')) };
}
