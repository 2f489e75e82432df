// PATCH engine (RFC 7644 §3.5.2) with the request shapes Entra really sends (entra-requests.md R-05..R-09,
// R-14..R-16, R-19/R-20). Operations are applied in order to a copy of the resource; any failure throws
// and the caller keeps the original, so a PATCH is atomic (RFC 7644 §3.5.2: "all or nothing").

import { badRequest, ScimError } from './errors';
import { matchesElement, parsePatchPath, type FilterNode, type Literal } from './filter';
import { clone, eqi, findKeyCI, getKeyCI, isEmptyValue, isObject, type JsonObject } from './json';
import {
  checkRequired,
  normaliseElement,
  normaliseOpaque,
  normaliseValue,
  sameElement,
  type NormaliseContext,
} from './normalise';
import { parseAttrPath, valuesOf } from './paths';
import { findSubAttr, resolveAttr, URN, type AttrDef, type ResourceTypeDef } from './schema-defs';

export type PatchOpName = 'add' | 'replace' | 'remove';

/** One operation of a PatchOp request, as read (op validated and lower-cased). */
export interface PatchOperation {
  readonly op: PatchOpName;
  /** The op as the client spelled it ("Replace"). */
  readonly opText: string;
  /** The path as sent, trimmed; undefined or '' for a path-less operation. */
  readonly path: string | undefined;
  readonly hasValue: boolean;
  readonly value: unknown;
}

/**
 * One attribute-level change an operation makes. A path-less operation makes one per key of its value
 * ('value-key'), a schema URN with an object value one per attribute in it ('schema-object').
 */
export interface PatchAction {
  readonly op: PatchOpName;
  /** The attribute path it applies to: `title`, `emails[type eq "work"].value`, `urn:...:User:manager`. */
  readonly label: string;
  readonly hasValue: boolean;
  readonly value: unknown;
  readonly source: 'path' | 'value-key' | 'schema-object';
}

/** Extension points of the PATCH engine. */
export interface PatchHooks {
  /** The operations in the order they are applied (default: request order, RFC 7644 §3.5.2). */
  patchOperations?(ops: unknown[]): unknown[];
  /** Called for each operation once its op is read; throw to refuse it. */
  patchOperation?(op: PatchOperation): void;
  /**
   * Wraps each attribute-level change: `next(action, data)` applies it (to `data` or any other copy);
   * not calling it skips the change. `before` is the resource as it was before the PATCH.
   */
  patchAction?(
    action: PatchAction,
    data: JsonObject,
    next: (action: PatchAction, data: JsonObject) => void,
    c: { readonly rt: ResourceTypeDef; readonly before: JsonObject },
  ): void;
}

export interface PatchContext extends NormaliseContext, PatchHooks {}

/** Applies a PatchOp request body to a copy of `current` and returns the patched copy. */
export function applyPatch(rt: ResourceTypeDef, current: JsonObject, body: unknown, ctx: PatchContext): JsonObject {
  const read = readOperations(body);
  const ops = ctx.patchOperations ? ctx.patchOperations(read) : read;
  const data = clone(current);
  ops.forEach((raw, i) => {
    try {
      applyOperation(rt, data, raw, ctx, current);
    } catch (e) {
      if (e instanceof ScimError) throw new ScimError(e.status, `Operations[${i}]: ${e.detail}`, e.scimType);
      throw e;
    }
  });
  prune(data);
  checkRequired(rt, data);
  return data;
}

function readOperations(body: unknown): unknown[] {
  if (!isObject(body)) throw badRequest('invalidSyntax', 'The PATCH body must be a JSON object');
  // Key order does not matter: Entra sends "Operations" first in some requests (entra-requests.md §1.4).
  const schemas = getKeyCI(body, 'schemas');
  if (!Array.isArray(schemas) || !schemas.some((s) => typeof s === 'string' && eqi(s, URN.patchOp))) {
    throw badRequest('invalidSyntax', `"schemas" must contain ${URN.patchOp}`);
  }
  const ops = getKeyCI(body, 'Operations');
  if (!Array.isArray(ops) || ops.length === 0) {
    throw badRequest('invalidSyntax', '"Operations" must be an array of one or more operations');
  }
  return ops;
}

function parseOp(raw: string): PatchOpName {
  // Entra sends "Add", "Replace", "Remove" (entra-requests.md §5 rule 6).
  const op = raw.toLowerCase();
  if (op === 'add' || op === 'replace' || op === 'remove') return op;
  throw badRequest('invalidSyntax', `Unknown op ${JSON.stringify(raw)}; expected add, replace or remove`);
}

/** Applies one attribute-level change, through the patchAction extension point when there is one. */
type Act = (action: PatchAction) => void;

function applyOperation(rt: ResourceTypeDef, data: JsonObject, raw: unknown, ctx: PatchContext, before: JsonObject): void {
  if (!isObject(raw)) throw badRequest('invalidSyntax', 'Each operation must be a JSON object');
  const opRaw = getKeyCI(raw, 'op');
  if (typeof opRaw !== 'string') throw badRequest('invalidSyntax', 'Each operation needs an "op"');
  const op = parseOp(opRaw);
  const pathRaw = getKeyCI(raw, 'path');
  if (pathRaw !== undefined && pathRaw !== null && typeof pathRaw !== 'string') {
    throw badRequest('invalidPath', '"path" must be a string');
  }
  const hasValue = findKeyCI(raw, 'value') !== undefined;
  const value = getKeyCI(raw, 'value');
  const pathText = typeof pathRaw === 'string' ? pathRaw.trim() : '';
  ctx.patchOperation?.({ op, opText: opRaw, path: typeof pathRaw === 'string' ? pathText : undefined, hasValue, value });

  const base = (a: PatchAction, d: JsonObject): void => applyAt(rt, d, a, ctx);
  const act: Act = ctx.patchAction ? (a) => ctx.patchAction!(a, data, base, { rt, before }) : (a) => base(a, data);

  if (pathText === '') {
    // RFC 7644 §3.5.2.2: remove without a path fails with noTarget.
    if (op === 'remove') throw badRequest('noTarget', '"remove" requires a "path"');
    if (!isObject(value)) throw badRequest('invalidValue', `A path-less "${op}" needs an object of attributes as "value"`);
    applyPathless(rt, data, op, value, ctx, act);
    return;
  }

  // A schema URN as the path addresses that extension as a whole.
  const urnKey = schemaUrnKey(rt, data, pathText, value);
  if (urnKey !== undefined) {
    if (urnKey === rt.schema) throw badRequest('invalidPath', 'The core schema URN is not an attribute path');
    if (op === 'remove') {
      delete data[findKeyCI(data, urnKey) ?? urnKey];
      return;
    }
    if (!isObject(value)) throw badRequest('invalidValue', `The value for "${urnKey}" must be an object`);
    applyObject(op, urnKey, value, act);
    return;
  }
  act({ op, label: pathText, hasValue, value, source: 'path' });
}

/**
 * A path-less add/replace: each key of the value is applied as if it were the path (RFC 7644 §3.5.2.1,
 * §3.5.2.3). Entra's aadOptscim062020 mode uses dotted ("name.givenName") and URN-qualified keys
 * (entra-requests.md R-06b); a schema URN key with an object value holds that extension's attributes.
 */
function applyPathless(rt: ResourceTypeDef, data: JsonObject, op: PatchOpName, value: JsonObject, ctx: NormaliseContext, act: Act): void {
  for (const [key, v] of Object.entries(value)) {
    // A whole resource may be sent back as the value: its readOnly parts are not modifications.
    if (eqi(key, 'schemas') || eqi(key, 'meta') || (eqi(key, 'id') && v === ctx.selfId)) continue;
    const urnKey = schemaUrnKey(rt, data, key, v);
    if (urnKey !== undefined) {
      if (!isObject(v)) throw badRequest('invalidValue', `The value for "${urnKey}" must be an object`);
      applyObject(op, urnKey, v, act);
      continue;
    }
    act({ op, label: key, hasValue: true, value: v, source: 'value-key' });
  }
}

/** Applies each attribute of an extension (or core) object under its schema URN. */
function applyObject(op: PatchOpName, urn: string, obj: JsonObject, act: Act): void {
  for (const [k, v] of Object.entries(obj)) act({ op, label: `${urn}:${k}`, hasValue: true, value: v, source: 'schema-object' });
}

/**
 * The canonical schema URN when `key` names a schema rather than an attribute: the core or a declared
 * extension URN, or an unknown URN that is already an extension object of the resource or ends in the
 * resource type name (urn:...:custom:2.0:User).
 */
function schemaUrnKey(rt: ResourceTypeDef, data: JsonObject, key: string, value: unknown): string | undefined {
  if (!/^urn:/i.test(key)) return undefined;
  if (eqi(key, rt.schema)) return rt.schema;
  const ext = rt.extensions.find((e) => eqi(e.schema, key));
  if (ext) return ext.schema;
  const path = parseAttrPath(key);
  if (path?.urn !== undefined && resolveAttr(rt, path.urn, path.attr)?.def) return undefined; // a known attribute
  const existing = findKeyCI(data, key);
  if (existing !== undefined && isObject(data[existing])) return existing;
  const last = key.slice(key.lastIndexOf(':') + 1);
  return eqi(last, rt.name) && (isObject(value) || value === undefined) ? key : undefined;
}

function applyAt(rt: ResourceTypeDef, data: JsonObject, action: PatchAction, ctx: NormaliseContext): void {
  const { op, label, hasValue, value } = action;
  const path = parsePatchPath(label);
  const resolved = resolveAttr(rt, path.urn, path.attr);
  if (resolved === undefined) throw badRequest('invalidPath', `Unknown attribute "${label}"`);
  const def = resolved.def;
  if (def?.mutability === 'readOnly') throw badRequest('mutability', `"${label}" is readOnly`);
  const subDef = path.sub !== undefined ? findSubAttr(def, path.sub) : undefined;
  if (def && path.sub !== undefined) {
    if (!subDef) throw badRequest('invalidPath', `"${path.sub}" is not a sub-attribute of "${def.name}"`);
    if (subDef.mutability === 'readOnly') throw badRequest('mutability', `"${label}" is readOnly`);
  }

  // The container is the resource itself or its extension object (created on demand).
  let container = data;
  if (resolved.extension !== undefined) {
    const k = findKeyCI(data, resolved.extension) ?? resolved.extension;
    if (!isObject(data[k])) {
      if (op === 'remove') return;
      data[k] = {};
    }
    container = data[k] as JsonObject;
  }
  const target: Target = {
    container,
    key: def?.name ?? findKeyCI(container, path.attr) ?? path.attr,
    def,
    subKey: subDef?.name ?? path.sub,
    subDef,
    label,
  };

  if (op === 'remove') {
    remove(target, path.filter, hasValue, value);
    return;
  }
  if (!hasValue) throw badRequest('invalidValue', `"${op}" requires a "value"`);
  if (path.filter) setFiltered(op, target, path.filter, value, ctx);
  else if (target.subKey !== undefined) setSub(target, value, ctx);
  else setWhole(op, target, value, ctx);
}

interface Target {
  readonly container: JsonObject;
  readonly key: string;
  /** undefined for attributes of custom extensions the server has no schema for. */
  readonly def: AttrDef | undefined;
  readonly subKey: string | undefined;
  readonly subDef: AttrDef | undefined;
  readonly label: string;
}

function isMulti(t: Target, value: unknown): boolean {
  return t.def ? t.def.multiValued : Array.isArray(value) || Array.isArray(t.container[t.key]);
}

function normaliseSubValue(t: Target, value: unknown, ctx: NormaliseContext): unknown {
  return t.subDef ? normaliseElement(t.subDef, value, ctx, t.label) : normaliseOpaque(value);
}

/** add/replace on a whole attribute. */
function setWhole(op: PatchOpName, t: Target, value: unknown, ctx: NormaliseContext): void {
  const { container, key, def } = t;
  if (isMulti(t, value)) {
    const items = valuesOf(normaliseValue(def, value, ctx, t.label));
    if (op === 'add') {
      addElements(t, items);
    } else if (items.length > 0) {
      // RFC 7644 §3.5.2.3: without a filter the whole set is replaced.
      container[key] = items;
    } else {
      delete container[key];
    }
    return;
  }
  const nv = normaliseValue(def, value, ctx, t.label);
  if (nv === undefined) {
    // Replacing with an empty value unassigns the attribute (the gallery validation removes the
    // manager this way, entra-requests.md R-09); an empty add changes nothing.
    if (op === 'replace') delete container[key];
    return;
  }
  const cur = container[key];
  // RFC 7644 §3.5.2.1/§3.5.2.3: on a complex attribute, sub-attributes not given are left unchanged.
  container[key] = def?.type === 'complex' && isObject(cur) && isObject(nv) ? { ...cur, ...nv } : nv;
}

/** add on a multi-valued attribute appends the values that are not already present (RFC 7644 §3.5.2.1). */
function addElements(t: Target, items: unknown[]): void {
  const cur = t.container[t.key];
  const arr: unknown[] = Array.isArray(cur) ? cur : cur === undefined ? [] : [cur];
  for (const item of items) {
    const present = arr.some((e) => sameElement(t.def, e, item));
    if (present) continue;
    arr.push(item);
    clearOtherPrimaries(arr, item);
  }
  t.container[t.key] = arr;
}

/** RFC 7644 §3.5.2: setting primary on one value sets it to false on the others. */
function clearOtherPrimaries(arr: unknown[], keep: unknown): void {
  if (!isObject(keep) || keep.primary !== true) return;
  for (const e of arr) if (e !== keep && isObject(e) && e.primary === true) e.primary = false;
}

/** add/replace on a sub-attribute of a single-valued complex attribute (name.givenName). */
function setSub(t: Target, value: unknown, ctx: NormaliseContext): void {
  const { container, key, def, subKey } = t;
  if (def && (def.multiValued || def.type !== 'complex')) {
    throw badRequest(
      'invalidPath',
      def.multiValued
        ? `"${t.label}": select the values with a filter, e.g. ${def.name}[type eq "work"].${subKey}`
        : `"${def.name}" has no sub-attributes`,
    );
  }
  const nv = normaliseSubValue(t, value, ctx);
  const obj = isObject(container[key]) ? (container[key] as JsonObject) : {};
  if (nv === undefined) delete obj[subKey!];
  else obj[subKey!] = nv;
  container[key] = obj;
}

/** add/replace through a value filter: `emails[type eq "work"].value`, `addresses[type eq "work"]`. */
function setFiltered(op: PatchOpName, t: Target, filter: FilterNode, value: unknown, ctx: NormaliseContext): void {
  const { container, key, def, subKey } = t;
  if (def && !def.multiValued) throw badRequest('invalidPath', `"${def.name}" is not multi-valued; a value filter cannot select`);
  const arr: unknown[] = Array.isArray(container[key]) ? (container[key] as unknown[]) : [];
  const matches = arr.filter((e) => matchesElement(filter, e, def));
  const template = eqTemplate(filter);

  if (matches.length > 0) {
    for (const m of matches) {
      if (!isObject(m)) throw badRequest('invalidPath', `"${t.label}" selects simple values`);
      if (subKey !== undefined) {
        const nv = normaliseSubValue(t, value, ctx);
        if (nv === undefined) delete m[subKey];
        else m[subKey] = nv;
        clearOtherPrimaries(arr, m);
      } else {
        const nv = def ? normaliseElement(def, value, ctx, t.label) : normaliseOpaque(value);
        if (!isObject(nv)) throw badRequest('invalidValue', `The value for "${t.label}" must be an object`);
        // add merges into the selected values; replace replaces them (RFC 7644 §3.5.2.3), keeping the
        // attributes the filter selected them by, so the value stays addressable by the same path.
        const next = op === 'add' ? { ...m, ...nv } : { ...(template ?? {}), ...nv };
        arr[arr.indexOf(m)] = next;
        clearOtherPrimaries(arr, next);
      }
    }
    container[key] = arr;
    return;
  }

  // RFC 7644 §3.5.2.3 says noTarget when no value matches, but Entra writes e.g.
  // emails[type eq "work"].value or addresses[type eq "work"].postalCode on a user that has no work
  // email/address yet and expects it to be created (entra-requests.md R-05). Do that when the filter
  // fully describes the new element (eq on sub-attributes, joined by and).
  if (template === undefined) throw badRequest('noTarget', `No value of "${t.label}" matches the filter`);
  if (subKey !== undefined && normaliseSubValue(t, value, ctx) === undefined) return;
  if (subKey === undefined && !isObject(value)) throw badRequest('invalidValue', `The value for "${t.label}" must be an object`);
  const raw = subKey !== undefined ? { ...template, [subKey]: value } : { ...template, ...(value as JsonObject) };
  const el = def ? normaliseElement(def, raw, ctx, t.label) : normaliseOpaque(raw);
  if (el === undefined) return;
  arr.push(el);
  clearOtherPrimaries(arr, el);
  container[key] = arr;
}

/** The element a filter describes, when it is `a eq v [and b eq w ...]` on plain sub-attributes. */
export function eqTemplate(node: FilterNode): Record<string, Literal> | undefined {
  if (node.kind === 'compare') {
    const simple = node.op === 'eq' && node.value !== null && node.path.urn === undefined && node.path.sub === undefined;
    return simple ? { [node.path.attr]: node.value } : undefined;
  }
  if (node.kind === 'and') {
    const l = eqTemplate(node.left);
    const r = eqTemplate(node.right);
    return l && r ? { ...l, ...r } : undefined;
  }
  return undefined;
}

function remove(t: Target, filter: FilterNode | undefined, hasValue: boolean, value: unknown): void {
  const { container, key, def, subKey } = t;
  const cur = container[key];
  if (cur === undefined) return; // removing what is not there changes nothing

  if (filter) {
    if (!Array.isArray(cur)) {
      // A single complex value, e.g. manager[value eq "id"] (entra-requests.md R-09c).
      if (!matchesElement(filter, cur, def)) return;
      if (subKey !== undefined && isObject(cur)) delete cur[subKey];
      else delete container[key];
      return;
    }
    if (subKey !== undefined) {
      for (const e of cur) if (isObject(e) && matchesElement(filter, e, def)) delete e[subKey];
    } else {
      container[key] = cur.filter((e) => !matchesElement(filter, e, def));
    }
    return;
  }

  if (subKey !== undefined) {
    for (const e of valuesOf(cur)) if (isObject(e)) delete e[subKey];
    return;
  }

  if (Array.isArray(cur) && hasValue && value !== null && value !== undefined) {
    // Entra's default remove-member shape names the members in "value" (entra-requests.md R-16): only
    // those are removed. Reading RFC 7644 §3.5.2.2 literally (no filter = all values) wipes the group.
    const targets = Array.isArray(value) ? value : [value];
    container[key] = cur.filter((e) => !targets.some((v) => sameTarget(e, v)));
    return;
  }
  delete container[key];
}

/** Whether a stored element is the one a remove "value" item names (by its "value", else by equality). */
function sameTarget(element: unknown, item: unknown): boolean {
  const wanted = isObject(item) ? getKeyCI(item, 'value') : item;
  const have = isObject(element) ? element.value : element;
  if (wanted !== undefined) return have === wanted;
  return JSON.stringify(element) === JSON.stringify(item);
}

/** Drops attributes left empty by the operations (RFC 7643 §2.5: unassigned). */
function prune(obj: JsonObject): void {
  for (const [k, v] of Object.entries(obj)) {
    if (isObject(v)) prune(v);
    else if (Array.isArray(v)) {
      for (const e of v) if (isObject(e)) prune(e);
      obj[k] = v.filter((e) => !isEmptyValue(e));
    }
    if (isEmptyValue(obj[k])) delete obj[k];
  }
}
