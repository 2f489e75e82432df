// The HTTP layer: gatekeeping (auth, headers), routing, request bodies, and one handler per SCIM
// operation (RFC 7644 §3). Every handler returns a Reply or throws; nothing bad input does ends in a 500.

import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { resourceTypes, schemaResource, schemaResources, serviceProviderConfig, resourceTypeResource } from './discovery';
import { badRequest, ERROR_URN, notFound, ScimError } from './errors';
import type { FaultName } from './faults';
import { findKeyCI, getKeyCI, isObject, type JsonObject } from './json';
import { listResponse, runQuery, type QueryParams } from './list';
import { checkRequired, normaliseResource, type NormaliseContext } from './normalise';
import { applyPatch } from './patch';
import { applyUserOutputFaults, attributeList, locationOf, project, renderResource, type RenderContext } from './render';
import { RESOURCE_TYPES, SCHEMAS, URN, type ResourceTypeDef } from './schema-defs';
import { etagOf, Store, type StoredResource } from './store';

export interface Reply {
  readonly status: number;
  readonly body?: unknown;
  readonly html?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

function isErrorBody(body: unknown): body is JsonObject {
  return isObject(body) && Array.isArray(body['schemas']) && body['schemas'].includes(ERROR_URN);
}

/** Thrown to answer at once with a prepared reply (401 with its header, the HTML 404 fault). */
class ReplyNow extends Error {
  constructor(readonly reply: Reply) {
    super(`reply ${reply.status}`);
  }
}

const MAX_BODY_BYTES = 1024 * 1024;
const JSON_MEDIA_TYPES = ['application/scim+json', 'application/json'];
const HTML_404 = '<!DOCTYPE html><html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>';

interface RequestBody {
  readonly text: string;
  readonly tooLarge: boolean;
}

interface Projection {
  readonly attributes: string[] | undefined;
  readonly excluded: string[] | undefined;
}

export interface AppOptions {
  readonly token: string;
  readonly faults: ReadonlySet<FaultName>;
  /** '' or '/scim/v2' style: leading slash, no trailing slash. */
  readonly basePath: string;
}

export class ScimApp {
  /** Absolute base URL, set once the listener knows its port. */
  baseUrl = '';
  requestCount = 0;
  readonly store: Store;
  readonly faults: ReadonlySet<FaultName>;
  private readonly tokenDigest: Buffer;

  constructor(private readonly opts: AppOptions) {
    this.faults = opts.faults;
    this.store = new Store(opts.faults);
    this.tokenDigest = digest(opts.token);
  }

  /** The node:http request listener. */
  readonly handle = (req: IncomingMessage, res: ServerResponse): void => {
    this.requestCount++;
    readBody(req)
      .then((body) => this.send(res, this.respond(req, body)))
      .catch((e: unknown) => this.send(res, this.errorReply(e)));
  };

  private respond(req: IncomingMessage, body: RequestBody): Reply {
    try {
      return this.dispatch(req, body);
    } catch (e) {
      return this.errorReply(e);
    }
  }

  private errorReply(e: unknown): Reply {
    if (e instanceof ReplyNow) return e.reply;
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
      headers['Content-Type'] = this.faults.has('content-type-json')
        ? 'application/json; charset=utf-8'
        : 'application/scim+json; charset=utf-8';
      const body = this.faults.has('error-status-number') && isErrorBody(reply.body) ? { ...reply.body, status: Number(reply.body['status']) } : reply.body;
      payload = JSON.stringify(this.faults.has('error-scim-type-missing') && isErrorBody(body) ? { ...body, scimType: undefined } : body);
    }
    if (payload !== undefined) headers['Content-Length'] = Buffer.byteLength(payload);
    res.writeHead(reply.status, headers);
    res.end(payload);
  }

  // ------------------------------------------------------------ gatekeeping and routing

  private dispatch(req: IncomingMessage, body: RequestBody): Reply {
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');

    // A CDN/WAF in front of the app would reject before authentication.
    if (this.faults.has('require-user-agent') && !req.headers['user-agent']) {
      throw new ScimError(403, 'Requests without a User-Agent header are forbidden');
    }
    if (!(this.faults.has('auth-resource-by-id-unprotected') && this.isResourceById(url.pathname))) this.authenticate(req);
    if (this.faults.has('require-accept-header') && !/application\/(scim\+)?json/i.test(req.headers.accept ?? '')) {
      throw new ScimError(406, 'The Accept header must include application/scim+json or application/json');
    }

    const segments = this.segments(url.pathname);
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
        return { status: 200, body: this.discoveryDoc(this.declaredFeatures(serviceProviderConfig(this.baseUrl))) };
      case 'resourcetypes': {
        if (rest.length > 0) throw notFound(`No SCIM endpoint at ${url.pathname}`);
        if (!isGet) return methodNotAllowed(method, 'GET');
        if (id === undefined) return this.discoveryList(resourceTypes(this.baseUrl));
        const rt = Object.values(RESOURCE_TYPES).find((r) => r.name.toLowerCase() === id.toLowerCase());
        if (!rt) throw notFound(`No ResourceType ${JSON.stringify(id)}`);
        return { status: 200, body: this.discoveryDoc(resourceTypeResource(rt, this.baseUrl)) };
      }
      case 'schemas': {
        if (rest.length > 0) throw notFound(`No SCIM endpoint at ${url.pathname}`);
        if (!isGet) return methodNotAllowed(method, 'GET');
        if (id === undefined) return this.discoveryList(schemaResources(this.baseUrl));
        const schema = SCHEMAS.find((s) => s.id.toLowerCase() === id.toLowerCase());
        if (!schema) throw notFound(`No Schema ${JSON.stringify(id)}`);
        return { status: 200, body: this.discoveryDoc(schemaResource(schema, this.baseUrl)) };
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

  private authenticate(req: IncomingMessage): void {
    if (this.faults.has('auth-disabled')) return;
    const header = req.headers.authorization;
    if (!header) throw unauthorized('An Authorization: Bearer <token> header is required', false);
    // RFC 6750 §2.1; the scheme name is case-insensitive (RFC 7235 §2.1).
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header.trim());
    if (!m) throw unauthorized('Only Bearer authentication is supported', true);
    if (this.faults.has('auth-any-token')) return;
    if (!timingSafeEqual(digest(m[1]!), this.tokenDigest)) throw unauthorized('The bearer token is not valid', true);
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
    try {
      return JSON.parse(body.text) as unknown;
    } catch (e) {
      if (this.faults.has('malformed-body-500')) throw e; // RFC suite: the parser's exception escapes (500)
      throw badRequest('invalidSyntax', `The request body is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  // ------------------------------------------------------------ helpers shared by the handlers

  private get renderCtx(): RenderContext {
    return { baseUrl: this.baseUrl, store: this.store };
  }

  private normaliseCtx(selfId?: string): NormaliseContext {
    return {
      faults: this.faults,
      memberType: (id) => this.store.typeOf(id),
      ...(selfId !== undefined ? { selfId } : {}),
    };
  }

  render(rec: StoredResource): JsonObject {
    const out = renderResource(rec, this.renderCtx);
    // RFC suite: the stored password goes out too (it is "returned": "never", RFC 7643 §4.1.1).
    if (this.faults.has('response-unfiltered') && rec.data.password !== undefined) out.password = rec.data.password;
    return out;
  }

  /** Projection and output faults: what a rendered resource looks like on the wire. */
  private output(rt: ResourceTypeDef, resource: JsonObject, p: Projection): JsonObject {
    const excluded = rt.name === 'Group' && this.faults.has('group-excluded-attributes-ignored') ? undefined : p.excluded;
    const unshaped = rt.name === 'User' && this.faults.has('response-unfiltered'); // RFC suite
    const out = unshaped ? resource : project(resource, rt, p.attributes, excluded);
    if (this.faults.has('resource-meta-missing')) delete out.meta; // RFC suite
    return rt.name === 'User' ? applyUserOutputFaults(out, this.faults) : out;
  }

  private single(status: number, rec: StoredResource, body: JsonObject): Reply {
    const headers: Record<string, string> = { Location: locationOf(rec, this.baseUrl), ETag: etagOf(rec) };
    if (this.faults.has('resource-meta-missing')) delete headers.Location; // RFC suite
    if (this.faults.has('spc-overstates-features')) delete headers.ETag; // RFC suite
    return { status, body, headers };
  }

  private find(rt: ResourceTypeDef, id: string): StoredResource {
    const rec = this.store.get(rt.name, id);
    if (rec) return rec;
    if (this.faults.has('not-found-html')) throw new ReplyNow({ status: 404, html: HTML_404 });
    // RFC 7644 §3.12: 404 for a resource that does not exist (or no longer exists).
    throw notFound(`${rt.name} ${JSON.stringify(id)} not found`);
  }

  /** RFC 7644 §3.14 / RFC 7232 §3.1: a mismatching If-Match fails with 412. */
  private checkIfMatch(req: IncomingMessage, rec: StoredResource): void {
    const h = req.headers['if-match'];
    if (h !== undefined && !etagMatches(h, etagOf(rec)) && !this.faults.has('spc-overstates-features')) {
      throw new ScimError(412, `If-Match ${h} does not match the current version ${etagOf(rec)}`);
    }
  }

  private discoveryList(items: JsonObject[]): Reply {
    return { status: 200, body: listResponse(items.length, 1, items.map((d) => this.discoveryDoc(d)), this.faults) };
  }

  // ------------------------------------------------------------ handlers

  private list(rt: ResourceTypeDef, params: QueryParams, p: Projection): Reply {
    const all = this.store.list(rt.name).map((r) => this.render(r));
    const { totalResults, startIndex, page } = runQuery(all, rt, params, this.faults);
    const resources = page.map((r) => this.output(rt, r, p));
    // Always 200 with a ListResponse, also for zero results (entra-requests.md R-01, §5 rule 3).
    return { status: 200, body: listResponse(totalResults, startIndex, resources, this.faults) };
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
    if (this.faults.has('unknown-id-200') && !this.store.get(rt.name, id)) return { status: 200, body: {} }; // RFC suite
    const rec = this.find(rt, id);
    const ifNoneMatch = this.faults.has('spc-overstates-features') ? undefined : req.headers['if-none-match'];
    if (ifNoneMatch !== undefined && etagMatches(ifNoneMatch, etagOf(rec))) {
      return { status: 304, headers: { ETag: etagOf(rec) } };
    }
    const out = this.output(rt, this.render(rec), p);
    if (rt.name === 'Group' && this.faults.has('group-get-no-members')) delete out.members;
    if (rt.name === 'Group' && this.faults.has('group-members-as-strings') && Array.isArray(out.members)) {
      out.members = out.members.map((m) => (isObject(m) ? m['value'] ?? null : m));
    }
    return this.single(200, rec, out);
  }

  private create(rt: ResourceTypeDef, body: unknown, p: Projection): Reply {
    if (!isObject(body)) throw badRequest('invalidSyntax', 'The request body must be a JSON object');
    if (this.faults.has('create-rejects-meta') && findKeyCI(body, 'meta') !== undefined) {
      throw badRequest('invalidSyntax', 'meta is readOnly');
    }
    if (rt.name === 'Group' && this.faults.has('group-legacy-schema-rejected')) {
      const schemas = getKeyCI(body, 'schemas');
      if (Array.isArray(schemas) && schemas.some((s) => s !== URN.group)) {
        throw badRequest('invalidValue', `Unsupported schema in ${JSON.stringify(schemas)}`);
      }
    }
    let input = body;
    if (rt.name === 'User' && this.faults.has('create-drops-extension')) {
      input = { ...body };
      delete input[findKeyCI(input, URN.enterpriseUser) ?? URN.enterpriseUser];
    }
    const data = normaliseResource(rt, input, this.normaliseCtx());
    checkRequired(rt, data);
    const rec = this.store.create(rt.name, data);
    const out = this.output(rt, this.render(rec), p);
    if (rt.name === 'User' && this.faults.has('create-no-id')) delete out.id;
    // RFC 7644 §3.3: 201 Created with the resource, its Location and ETag.
    return this.single(this.faults.has('create-returns-200') ? 200 : 201, rec, out);
  }

  /** PUT (RFC 7644 §3.5.1): replaces every mutable attribute; omitted ones are cleared. */
  private replace(rt: ResourceTypeDef, id: string, req: IncomingMessage, body: unknown, p: Projection): Reply {
    const rec = this.find(rt, id);
    this.checkIfMatch(req, rec);
    let data = normaliseResource(rt, body, this.normaliseCtx(rec.id));
    if (this.faults.has('replace-merges')) data = mergeInto(rec.data, data); // RFC suite
    checkRequired(rt, data);
    if (rt.name === 'User') data = this.keepInactive(rec, data);
    this.store.update(rec, data);
    return this.single(200, rec, this.output(rt, this.render(rec), p));
  }

  private patch(rt: ResourceTypeDef, id: string, req: IncomingMessage, body: unknown, p: Projection): Reply {
    const rec = this.find(rt, id);
    this.checkIfMatch(req, rec);
    let data = this.faults.has('patch-not-atomic') ? this.patchEachCommitted(rt, rec, body) : applyPatch(rt, rec.data, body, this.normaliseCtx(rec.id));
    if (rt.name === 'User') data = this.keepInactive(rec, data);
    if (rt.name === 'Group' && this.faults.has('group-rename-ignored')) {
      data = { ...data, displayName: rec.data.displayName };
    }
    if (rt.name === 'Group' && this.faults.has('group-rename-drops-members') && data.displayName !== rec.data.displayName) {
      data = { ...data }; // property suites: the rename rewrites the group row without its members
      delete data.members;
    }
    this.store.update(rec, data);
    // Entra advises 204 for group PATCH: returning all members is costly (entra-requests.md R-14..R-16);
    // RFC 7644 §3.5.2 allows 204 unless attributes were requested.
    if (rt.name === 'Group' && p.attributes === undefined && p.excluded === undefined) {
      return { status: 204, headers: this.faults.has('spc-overstates-features') ? {} : { ETag: etagOf(rec) } };
    }
    return this.single(200, rec, this.output(rt, this.render(rec), p));
  }

  // ------------------------------------------------------------ RFC suite fault switches

  /** /Users/{id} or /Groups/{id} (not .search): what 'auth-resource-by-id-unprotected' leaves open. */
  private isResourceById(pathname: string): boolean {
    const [head, id] = this.segments(pathname) ?? [];
    return (head?.toLowerCase() === 'users' || head?.toLowerCase() === 'groups') && id !== undefined && id !== '.search';
  }

  /** A discovery document as served: 'discovery-booleans-as-strings' writes its Booleans as strings. */
  private discoveryDoc(doc: JsonObject): JsonObject {
    if (!this.faults.has('discovery-booleans-as-strings')) return doc;
    const stringify = (v: unknown): unknown =>
      typeof v === 'boolean' ? String(v) : Array.isArray(v) ? v.map(stringify) : isObject(v) ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, stringify(x)])) : v;
    return stringify(doc) as JsonObject;
  }

  /** ServiceProviderConfig as declared: 'spc-understates-features' denies features the server has. */
  private declaredFeatures(spc: JsonObject): JsonObject {
    if (!this.faults.has('spc-understates-features')) return spc;
    return { ...spc, patch: { supported: false }, filter: { supported: false, maxResults: 0 }, sort: { supported: false }, etag: { supported: false } };
  }

  /** 'patch-not-atomic': each operation is applied and stored on its own, so a failure keeps the earlier ones. */
  private patchEachCommitted(rt: ResourceTypeDef, rec: StoredResource, body: unknown): JsonObject {
    const key = isObject(body) ? findKeyCI(body, 'Operations') : undefined;
    const ops = key !== undefined && isObject(body) && Array.isArray(body[key]) ? (body[key] as unknown[]) : undefined;
    if (!ops || !isObject(body)) return applyPatch(rt, rec.data, body, this.normaliseCtx(rec.id));
    for (const op of ops) this.store.update(rec, applyPatch(rt, rec.data, { ...body, [key!]: [op] }, this.normaliseCtx(rec.id)));
    return rec.data;
  }

  private keepInactive(rec: StoredResource, data: JsonObject): JsonObject {
    if (this.faults.has('reactivate-ignored') && rec.data.active === false && data.active === true) {
      return { ...data, active: false };
    }
    return data;
  }

  private remove(rt: ResourceTypeDef, id: string, req: IncomingMessage): Reply {
    const rec = this.find(rt, id);
    this.checkIfMatch(req, rec);
    if (rt.name === 'User' && this.faults.has('delete-soft')) {
      this.store.update(rec, { ...rec.data, active: false });
      return { status: 204 };
    }
    if (rt.name === 'Group' && this.faults.has('group-delete-soft')) return { status: 204 };
    if (this.faults.has('delete-returns-200')) {
      const out = this.output(rt, this.render(rec), { attributes: undefined, excluded: undefined });
      this.store.delete(rt.name, rec.id);
      return { status: 200, body: out };
    }
    this.store.delete(rt.name, rec.id);
    return { status: 204 }; // RFC 7644 §3.6
  }
}

// ------------------------------------------------------------ module helpers

/** 'replace-merges' (RFC suite): incoming values merged into the stored ones, arrays appended to. */
function mergeInto(stored: JsonObject, incoming: JsonObject): JsonObject {
  const out: JsonObject = { ...stored };
  for (const [k, v] of Object.entries(incoming)) {
    const old = out[k];
    out[k] = Array.isArray(old) && Array.isArray(v) ? [...old, ...v] : isObject(old) && isObject(v) ? mergeInto(old, v) : v;
  }
  return out;
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

function unauthorized(detail: string, invalidToken: boolean): ReplyNow {
  // RFC 6750 §3: a 401 carries a Bearer challenge.
  const challenge = invalidToken ? 'Bearer realm="scim", error="invalid_token"' : 'Bearer realm="scim"';
  return new ReplyNow({ status: 401, body: new ScimError(401, detail).toJSON(), headers: { 'WWW-Authenticate': challenge } });
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
