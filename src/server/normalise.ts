// Client input (POST/PUT bodies, PATCH values) -> stored form. Driven by schema-defs: canonical
// attribute names, type checks, boolean coercion, readOnly attributes dropped (RFC 7644 §3.3: "SHALL be
// ignored"), empty values treated as unassigned (RFC 7643 §2.5), references normalised.

import { badRequest } from './errors';
import { clone, deepEqual, eqi, findKeyCI, isEmptyValue, isObject, type JsonObject } from './json';
import { parseAttrPath } from './paths';
import {
  findSubAttr,
  resolveAttr,
  schemaById,
  type AttrDef,
  type ResourceTypeDef,
  type ResourceTypeName,
} from './schema-defs';

/** Extension points of input normalisation. */
export interface NormaliseHooks {
  /**
   * A client-sent value (not null) about to be normalised for `def`; `parent` is set for sub-attributes
   * of a complex value in a resource body. Returns the value to normalise; may throw.
   */
  inputValue?(value: unknown, def: AttrDef, parent: AttrDef | undefined, label: string): unknown;
}

export interface NormaliseContext extends NormaliseHooks {
  /** The type of an existing resource with this id (to validate group members), if any. */
  memberType(id: string): ResourceTypeName | undefined;
  /** The id of the resource being modified (a group cannot contain itself). */
  readonly selfId?: string;
}

/** Normalises a full resource body (POST, PUT). Unknown core attributes are ignored. */
export function normaliseResource(rt: ResourceTypeDef, body: unknown, ctx: NormaliseContext): JsonObject {
  if (!isObject(body)) throw badRequest('invalidSyntax', 'The request body must be a JSON object');
  const schemas = body[findKeyCI(body, 'schemas') ?? 'schemas'];
  if (schemas !== undefined && !(Array.isArray(schemas) && schemas.every((s) => typeof s === 'string'))) {
    throw badRequest('invalidSyntax', '"schemas" must be an array of URI strings');
  }
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(body)) {
    const lower = key.toLowerCase();
    // RFC 7643 §3.1: id and meta are readOnly; RFC 7644 §3.3 says such values SHALL be ignored
    // (Entra sends meta: {resourceType} on create, entra-requests.md R-04).
    if (lower === 'schemas' || lower === 'id' || lower === 'meta') continue;
    if (lower.startsWith('urn:')) {
      normaliseUrnKey(rt, key, value, out, ctx);
      continue;
    }
    const resolved = resolveAttr(rt, undefined, key);
    if (!resolved?.def || resolved.extension !== undefined) continue; // unknown core attribute: ignored
    setNormalised(out, resolved.def, value, ctx, key);
  }
  return out;
}

function normaliseUrnKey(rt: ResourceTypeDef, key: string, value: unknown, out: JsonObject, ctx: NormaliseContext): void {
  if (eqi(key, rt.schema) && isObject(value)) {
    // Core attributes nested under the core URN: the same as top-level ones.
    Object.assign(out, normaliseResource(rt, value, ctx));
    return;
  }
  const ext = rt.extensions.find((e) => eqi(e.schema, key));
  if (ext) {
    if (value === null) return;
    if (!isObject(value)) throw badRequest('invalidValue', `"${ext.schema}" must be an object`);
    const extOut: JsonObject = {};
    for (const [k, v] of Object.entries(value)) {
      const def = findAttrIn(ext.schema, k);
      if (def) setNormalised(extOut, def, v, ctx, `${ext.schema}:${k}`);
    }
    if (Object.keys(extOut).length > 0) out[ext.schema] = extOut;
    return;
  }
  // A URN-qualified attribute written at top level ("urn:...:enterprise:2.0:User:employeeNumber": "x").
  const path = parseAttrPath(key);
  const resolved = path && path.sub === undefined ? resolveAttr(rt, path.urn, path.attr) : undefined;
  if (resolved?.def && !isObject(value)) {
    const container = resolved.extension !== undefined ? ((out[resolved.extension] ??= {}) as JsonObject) : out;
    setNormalised(container, resolved.def, value, ctx, key);
    return;
  }
  // A custom extension the server has no schema for (Entra sends these without listing the URN in
  // schemas, entra-requests.md §1.4): kept as sent, minus empty values.
  const opaque = normaliseOpaque(value);
  if (opaque !== undefined) out[key] = opaque;
}

function findAttrIn(schemaUrn: string, name: string): AttrDef | undefined {
  return schemaById(schemaUrn)?.attributes.find((a) => eqi(a.name, name));
}

function setNormalised(container: JsonObject, def: AttrDef, value: unknown, ctx: NormaliseContext, label: string): void {
  if (def.mutability === 'readOnly') return; // ignored, RFC 7644 §3.3
  const v = normaliseValue(def, value, ctx, label);
  if (v === undefined) delete container[def.name];
  else container[def.name] = v;
}

/** Normalises a whole attribute value (an array for multi-valued attributes); undefined = unassigned. */
export function normaliseValue(def: AttrDef | undefined, value: unknown, ctx: NormaliseContext, label: string): unknown {
  if (def === undefined) return normaliseOpaque(value);
  if (value === null || value === undefined) return undefined;
  if (def.multiValued) {
    // A single value for a multi-valued attribute is taken as a one-element list.
    const items = (Array.isArray(value) ? value : [value])
      .map((v, i) => normaliseElement(def, v, ctx, `${label}[${i}]`))
      .filter((v) => v !== undefined);
    const unique = items.filter((v, i) => items.findIndex((w) => sameElement(def, w, v)) === i);
    if (unique.filter((v) => isObject(v) && v.primary === true).length > 1) {
      throw badRequest('invalidValue', `"${label}": "primary": true may appear on one value only (RFC 7643 §2.4)`);
    }
    return unique.length > 0 ? unique : undefined;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return undefined;
    // Legacy Entra manager shape: [{"value": id, "$ref": ...}] (entra-requests.md R-09b).
    if (def.type === 'complex' && value.length === 1) return normaliseElement(def, value[0], ctx, label);
    throw badRequest('invalidValue', `"${label}" is single-valued but an array was given`);
  }
  return normaliseElement(def, value, ctx, label);
}

/** Normalises one value: a single-valued attribute's value, or one element of a multi-valued one. */
export function normaliseElement(def: AttrDef, value: unknown, ctx: NormaliseContext, label: string, parent?: AttrDef): unknown {
  if (value === null || value === undefined) return undefined;
  if (ctx.inputValue) value = ctx.inputValue(value, def, parent, label);
  switch (def.type) {
    case 'complex':
      return normaliseComplex(def, value, ctx, label);
    case 'boolean':
      return coerceBoolean(value, label);
    case 'integer':
      if (typeof value === 'number' && Number.isInteger(value)) return value;
      throw badRequest('invalidValue', `"${label}" must be an integer`);
    case 'decimal':
      if (typeof value === 'number') return value;
      throw badRequest('invalidValue', `"${label}" must be a number`);
    case 'dateTime':
      if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return value;
      throw badRequest('invalidValue', `"${label}" must be an xsd:dateTime string`);
    default:
      // string, reference, binary. Stored exactly as sent (entra-requests.md §5 rule 15).
      if (typeof value === 'string') return value === '' ? undefined : value;
      throw badRequest('invalidValue', `"${label}" must be a string`);
  }
}

/** Booleans arrive as JSON booleans or, from Entra's default mode, as "True"/"False" (entra-requests.md R-07). */
function coerceBoolean(value: unknown, label: string): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    if (/^true$/i.test(value)) return true;
    if (/^false$/i.test(value)) return false;
  }
  throw badRequest('invalidValue', `"${label}" must be a boolean`);
}

function normaliseComplex(def: AttrDef, value: unknown, ctx: NormaliseContext, label: string): JsonObject | undefined {
  const refSub = findSubAttr(def, '$ref');
  // Entra sends the manager as a bare id string (entra-requests.md R-09); any single-valued complex
  // attribute with a "value" sub-attribute accepts that shorthand.
  if (typeof value === 'string' && !def.multiValued && findSubAttr(def, 'value')) value = { value };
  if (!isObject(value)) throw badRequest('invalidValue', `"${label}" must be an object`);
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(value)) {
    const sub = findSubAttr(def, k);
    // Sub-attributes the schema does not define are ignored, like unknown attributes (Entra's role
    // entries carry "displayName" next to the RFC's "display", entra-requests.md R-19b).
    if (sub === undefined) continue;
    // readOnly sub-attributes are ignored; "$ref" of server-side references is computed on output.
    if (sub.mutability === 'readOnly' || (refSub !== undefined && sub === refSub)) continue;
    const n = normaliseElement(sub, v, ctx, `${label}.${sub.name}`, def);
    if (n !== undefined) out[sub.name] = n;
  }
  if (refSub?.referenceTypes?.includes('Group') && refSub.mutability !== 'readOnly') return normaliseMember(out, ctx, label);
  return Object.keys(out).length > 0 ? out : undefined;
}

/** A group member must reference an existing User or Group; its type is derived, not trusted. */
function normaliseMember(m: JsonObject, ctx: NormaliseContext, label: string): JsonObject {
  const id = m.value;
  if (typeof id !== 'string') throw badRequest('invalidValue', `"${label}.value" (the member id) is required`);
  if (id === ctx.selfId) throw badRequest('invalidValue', `"${label}": a group cannot be a member of itself`);
  const type = ctx.memberType(id);
  if (type === undefined) throw badRequest('invalidValue', `"${label}": no User or Group with id ${JSON.stringify(id)}`);
  return { value: id, type };
}

/** Values of attributes the server has no schema for: kept as sent, without nulls and empty values. */
export function normaliseOpaque(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(normaliseOpaque).filter((v) => v !== undefined);
    return items.length > 0 ? items : undefined;
  }
  if (isObject(value)) {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(value)) {
      const n = normaliseOpaque(v);
      if (n !== undefined) out[k] = n;
    }
    return Object.keys(out).length > 0 ? out : undefined;
  }
  return isEmptyValue(value) ? undefined : clone(value);
}

/** Two elements of a multi-valued attribute are the same value: members by id, others by deep equality. */
export function sameElement(def: AttrDef | undefined, a: unknown, b: unknown): boolean {
  if (def?.name === 'members' && isObject(a) && isObject(b)) return a.value === b.value;
  return deepEqual(a, b);
}

/** RFC 7643 §2.2 "required": checked after every create, replace and patch. */
export function checkRequired(rt: ResourceTypeDef, data: JsonObject): void {
  const core = schemaById(rt.schema);
  for (const def of core?.attributes ?? []) {
    if (def.required && isEmptyValue(data[def.name])) {
      throw badRequest('invalidValue', `"${def.name}" is required`);
    }
  }
}
