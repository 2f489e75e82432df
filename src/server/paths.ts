// Attribute paths (RFC 7644 §3.10): `[URI ":"] ATTRNAME ["." subAttr]`, names case-insensitive.
// Shared by the filter parser, the PATCH engine, attribute projection and sortBy.

import { isObject, getKeyCI } from './json';
import { KNOWN_URNS, resolveAttr, type AttrDef, type ResourceTypeDef } from './schema-defs';

export interface AttrPath {
  /** Schema URN qualifier, canonical spelling when the URN is known. */
  readonly urn?: string;
  readonly attr: string;
  readonly sub?: string;
}

// RFC 7643 §2.1 ATTRNAME = ALPHA *(nameChar); "$ref" is the one reserved name with a "$".
const NAME = /^(?:\$ref|[A-Za-z_][A-Za-z0-9_$-]*)$/;

/** Parses an attribute path; undefined when malformed (callers choose the scimType). */
export function parseAttrPath(text: string): AttrPath | undefined {
  let urn: string | undefined;
  let rest = text;
  if (/^urn:/i.test(text)) {
    const lower = text.toLowerCase();
    const known = KNOWN_URNS.find((u) => lower.startsWith(u.toLowerCase() + ':'));
    if (known !== undefined) {
      urn = known;
      rest = text.slice(known.length + 1);
    } else {
      // A URN the server has no schema for: the attribute name follows the last colon.
      const i = text.lastIndexOf(':');
      urn = text.slice(0, i);
      rest = text.slice(i + 1);
      if (!/^urn:[^:]+:./i.test(urn)) return undefined;
    }
  }
  const parts = rest.split('.');
  if (parts.length > 2 || !parts.every((p) => NAME.test(p))) return undefined;
  const [attr, sub] = parts as [string, string | undefined];
  return { ...(urn !== undefined ? { urn } : {}), attr, ...(sub !== undefined ? { sub } : {}) };
}

export function formatAttrPath(p: AttrPath): string {
  return `${p.urn !== undefined ? p.urn + ':' : ''}${p.attr}${p.sub !== undefined ? '.' + p.sub : ''}`;
}

/**
 * The value of a top-level attribute of a rendered resource, and its definition. Unknown attributes are
 * looked up by name (e.g. `schemas`) with no definition.
 */
export function topLevelValue(
  resource: unknown,
  rt: ResourceTypeDef,
  path: AttrPath,
): { value: unknown; def?: AttrDef } {
  const resolved = resolveAttr(rt, path.urn, path.attr);
  if (resolved === undefined) {
    return { value: path.urn === undefined ? getKeyCI(resource, path.attr) : undefined };
  }
  const container = resolved.extension !== undefined ? getKeyCI(resource, resolved.extension) : resource;
  const value = getKeyCI(container, resolved.def?.name ?? path.attr);
  return resolved.def ? { value, def: resolved.def } : { value };
}

/** Flattens an attribute value into the list of its values (multi-valued attributes match per element). */
export function valuesOf(v: unknown): unknown[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v.filter((x) => x !== null && x !== undefined) : [v];
}

/** The sub-attribute values of every element of a (possibly multi-valued) complex value. */
export function subValuesOf(v: unknown, sub: string): unknown[] {
  return valuesOf(v).flatMap((e) => (isObject(e) ? valuesOf(getKeyCI(e, sub)) : []));
}
