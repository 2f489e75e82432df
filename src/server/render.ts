// Stored form -> the JSON the server returns: schemas, id, meta (RFC 7643 §3.1), computed references
// ($ref, display), and attribute projection (RFC 7644 §3.4.2.5 `attributes` / `excludedAttributes`).

import { clone, findKeyCI, getKeyCI, isEmptyValue, isObject, type JsonObject } from './json';
import { parseAttrPath } from './paths';
import { findAttr, resolveAttr, RESOURCE_TYPES, schemaById, URN, type ResourceTypeDef } from './schema-defs';
import { etagOf, type Store, type StoredResource } from './store';

export interface RenderContext {
  readonly baseUrl: string;
  readonly store: Store;
  /** Whether the server versions resources (ETags): meta.version is their ETag (RFC 7643 §3.1). */
  readonly versioned: boolean;
}

export function locationOf(rec: StoredResource, baseUrl: string): string {
  return `${baseUrl}${RESOURCE_TYPES[rec.type].endpoint}/${encodeURIComponent(rec.id)}`;
}

/** The full representation of a stored resource (before projection). */
export function renderResource(rec: StoredResource, ctx: RenderContext): JsonObject {
  const rt = RESOURCE_TYPES[rec.type];
  const coreAttrs = schemaById(rt.schema)?.attributes ?? [];
  const out: JsonObject = { schemas: [], id: rec.id };
  if (rec.data.externalId !== undefined) out.externalId = clone(rec.data.externalId);
  const extensions: string[] = [];
  for (const [k, v] of Object.entries(rec.data)) {
    if (k === 'externalId') continue;
    if (/^urn:/i.test(k) && isObject(v)) {
      extensions.push(k);
      continue;
    }
    if (findAttr(coreAttrs, k)?.returned === 'never') continue; // password (RFC 7643 §4.1.1)
    out[k] = k === 'members' && Array.isArray(v) ? v.map((m: JsonObject) => renderMember(m, ctx)) : clone(v);
  }
  if (rec.type === 'User') {
    const groups = ctx.store.groupsOf(rec.id).map((g) => ({
      value: g.id,
      $ref: locationOf(g, ctx.baseUrl),
      ...(typeof g.data.displayName === 'string' ? { display: g.data.displayName } : {}),
      type: 'direct',
    }));
    if (groups.length > 0) out.groups = groups;
  }
  // Declared extensions first, in ResourceType order, then custom ones as stored.
  extensions.sort((a, b) => extOrder(rt, a) - extOrder(rt, b));
  for (const urn of extensions) {
    const ext = clone(rec.data[urn]) as JsonObject;
    if (urn === URN.enterpriseUser && isObject(ext.manager)) ext.manager = renderManager(ext.manager, ctx);
    out[urn] = ext;
  }
  out.meta = {
    resourceType: rec.type,
    created: rec.created,
    lastModified: rec.lastModified,
    location: locationOf(rec, ctx.baseUrl),
    ...(ctx.versioned ? { version: etagOf(rec) } : {}),
  };
  out.schemas = schemasOf(rt, out);
  return out;
}

function extOrder(rt: ResourceTypeDef, urn: string): number {
  const i = rt.extensions.findIndex((e) => e.schema === urn);
  return i < 0 ? rt.extensions.length : i;
}

/** RFC 7643 §3: "schemas" lists the core schema and every extension the representation carries. */
function schemasOf(rt: ResourceTypeDef, out: JsonObject): string[] {
  return [rt.schema, ...Object.keys(out).filter((k) => /^urn:/i.test(k) && isObject(out[k]))];
}

function renderMember(m: JsonObject, ctx: RenderContext): JsonObject {
  const id = String(m.value);
  const type = m.type === 'Group' ? 'Group' : 'User';
  const target = ctx.store.get(type, id);
  const display = target ? (target.data.displayName ?? target.data.userName) : undefined;
  return {
    value: id,
    $ref: `${ctx.baseUrl}${RESOURCE_TYPES[type].endpoint}/${encodeURIComponent(id)}`,
    type,
    ...(typeof display === 'string' ? { display } : {}),
  };
}

/** Entra needs the manager back as an object (entra-requests.md R-09 response rule). */
function renderManager(m: JsonObject, ctx: RenderContext): JsonObject {
  const id = String(m.value);
  const manager = ctx.store.get('User', id);
  const displayName = manager?.data.displayName;
  return {
    ...m,
    value: id,
    $ref: `${ctx.baseUrl}/Users/${encodeURIComponent(id)}`,
    ...(typeof displayName === 'string' ? { displayName } : {}),
  };
}

// ---------------------------------------------------------------- projection (RFC 7644 §3.4.2.5)

/** Attributes returned whatever the request says. The brief keeps schemas and meta with id. */
const ALWAYS = ['schemas', 'id', 'meta'];

/** Splits a comma-separated attribute list ("userName, name.givenName"). */
export function attributeList(text: string | null | undefined): string[] | undefined {
  if (text === null || text === undefined) return undefined;
  const names = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
  return names.length > 0 ? names : undefined;
}

export function project(
  resource: JsonObject,
  rt: ResourceTypeDef,
  attributes: readonly string[] | undefined,
  excluded: readonly string[] | undefined,
): JsonObject {
  let out: JsonObject = resource;
  if (attributes !== undefined) {
    const picked: JsonObject = {};
    for (const name of attributes) copyPath(resource, picked, rt, name);
    out = {};
    for (const k of Object.keys(resource)) {
      if (ALWAYS.includes(k)) out[k] = resource[k];
      else if (k in picked) out[k] = picked[k];
    }
  } else if (excluded !== undefined) {
    out = clone(resource);
    for (const name of excluded) removePath(out, rt, name);
  }
  if (out !== resource) out.schemas = schemasOf(rt, out);
  return out;
}

/** Where an attribute name points in a rendered resource: container object and key. */
function locate(resource: JsonObject, rt: ResourceTypeDef, name: string): { containerKey?: string; key: string; sub?: string } | undefined {
  if (/^urn:/i.test(name)) {
    const whole = findKeyCI(resource, name);
    if (whole !== undefined && isObject(resource[whole])) return { key: whole };
  }
  const p = parseAttrPath(name);
  if (!p) return undefined;
  const resolved = resolveAttr(rt, p.urn, p.attr);
  if (resolved?.def?.returned === 'always' && p.sub === undefined) return undefined;
  if (resolved?.extension !== undefined) {
    const containerKey = findKeyCI(resource, resolved.extension);
    const container = containerKey !== undefined ? resource[containerKey] : undefined;
    const key = isObject(container) ? findKeyCI(container, resolved.def?.name ?? p.attr) : undefined;
    return containerKey !== undefined && key !== undefined ? { containerKey, key, ...(p.sub ? { sub: p.sub } : {}) } : undefined;
  }
  if (p.urn !== undefined && resolved === undefined) return undefined;
  const key = findKeyCI(resource, resolved?.def?.name ?? p.attr);
  return key !== undefined ? { key, ...(p.sub ? { sub: p.sub } : {}) } : undefined;
}

function copyPath(src: JsonObject, dst: JsonObject, rt: ResourceTypeDef, name: string): void {
  const loc = locate(src, rt, name);
  if (!loc) return;
  const from = loc.containerKey !== undefined ? (src[loc.containerKey] as JsonObject) : src;
  const to = loc.containerKey !== undefined ? ((dst[loc.containerKey] ??= {}) as JsonObject) : dst;
  const value = from[loc.key];
  if (loc.sub === undefined) {
    to[loc.key] = clone(value);
    return;
  }
  const sub = loc.sub;
  const pick = (e: unknown, prev: unknown): unknown => {
    const base = isObject(prev) ? prev : {};
    const sk = isObject(e) ? findKeyCI(e, sub) : undefined;
    return sk !== undefined ? { ...base, [sk]: clone((e as JsonObject)[sk]) } : base;
  };
  if (Array.isArray(value)) {
    const prev = Array.isArray(to[loc.key]) ? (to[loc.key] as unknown[]) : [];
    to[loc.key] = value.map((e, i) => pick(e, prev[i]));
  } else if (isObject(value)) {
    to[loc.key] = pick(value, to[loc.key]);
  }
  if (isEmptyValue(getKeyCI(to, loc.key))) delete to[loc.key];
}

function removePath(obj: JsonObject, rt: ResourceTypeDef, name: string): void {
  const loc = locate(obj, rt, name);
  if (!loc || (loc.containerKey === undefined && ALWAYS.includes(loc.key))) return;
  const container = loc.containerKey !== undefined ? (obj[loc.containerKey] as JsonObject) : obj;
  if (loc.sub === undefined) {
    delete container[loc.key];
  } else {
    const sub = loc.sub;
    const v = container[loc.key];
    for (const e of Array.isArray(v) ? v : [v]) {
      const sk = isObject(e) ? findKeyCI(e, sub) : undefined;
      if (sk !== undefined) delete (e as JsonObject)[sk];
    }
  }
  if (loc.containerKey !== undefined && isEmptyValue(obj[loc.containerKey])) delete obj[loc.containerKey];
}
