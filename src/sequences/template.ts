// Fills fixture templates: '@body' references, byProfile choices and {{var|filter}} placeholders.
import { createHash, randomUUID } from 'node:crypto';
import type { Profile } from '../profiles';

export class MissingVariable extends Error {
  constructor(readonly variable: string) {
    super(`template variable "${variable}" is not set`);
  }
}

const FILTERS: Record<string, (v: string) => string> = {
  upper: (v) => v.toUpperCase(),
  lower: (v) => v.toLowerCase(),
  // A SCIM filter string literal (RFC 7644 §3.4.2.2 uses JSON string syntax).
  quote: (v) => JSON.stringify(v),
  // An Okta user id as Okta sends it in externalId: "00u" and 17 letters and digits (okta-requests.md §0.3),
  // derived from the value, so the same run prefix gives the same id.
  oktaid: (v) => `00u${BigInt(`0x${createHash('sha256').update(v).digest('hex')}`).toString(36).slice(0, 17).padStart(17, '0')}`,
};

const PLACEHOLDER = /\{\{\s*([^}]+?)\s*\}\}/g;

/** A body built from an earlier step's response (`asRead`) when that step has no 2xx JSON response. */
export class MissingResponse extends Error {
  constructor(readonly step: string) {
    super(`the body is built from the response of step "${step}", which did not return a resource`);
  }
}

export function fillString(template: string, vars: Readonly<Record<string, string>>, encode: (v: string) => string = (v) => v): string {
  return template.replace(PLACEHOLDER, (_, expr: string) => {
    const [name, ...filters] = expr.split('|').map((s) => s.trim());
    let value: string | undefined = name === 'uuid' ? randomUUID() : vars[name];
    if (value === undefined) throw new MissingVariable(name);
    for (const f of filters) {
      const fn = FILTERS[f];
      if (!fn) throw new Error(`unknown template filter "${f}" in {{${expr}}}`);
      value = fn(value);
    }
    return encode(value);
  });
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export interface ResolveContext {
  bodies: Record<string, unknown>;
  profile: Profile;
  vars: Readonly<Record<string, string>>;
  /** The JSON bodies of the sequence's earlier 2xx responses, by step name (for `asRead`). */
  responses?: Readonly<Record<string, unknown>>;
}

/** Resolves a fixture value for one profile: references, profile choices, earlier responses, comments, placeholders. */
export function resolveValue(value: unknown, ctx: ResolveContext): unknown {
  if (typeof value === 'string') {
    if (value.startsWith('@')) {
      const body = ctx.bodies[value.slice(1)];
      if (body === undefined) throw new Error(`fixture refers to unknown body "${value}"`);
      return resolveValue(body, ctx);
    }
    return fillString(value, ctx.vars);
  }
  if (Array.isArray(value)) return value.map((v) => resolveValue(v, ctx));
  if (isPlainObject(value)) {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === 'asRead') return asRead(value['asRead'] as { step: string; set?: Record<string, unknown> }, ctx);
    if (keys.length === 1 && keys[0] === 'byProfile') {
      const choices = value['byProfile'] as Record<string, unknown>;
      if (!(ctx.profile in choices)) throw new Error(`fixture byProfile has no entry for profile "${ctx.profile}"`);
      return resolveValue(choices[ctx.profile], ctx);
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (k === '$comment') continue; // documentation in fixtures, never sent
      out[fillString(k, ctx.vars)] = resolveValue(v, ctx);
    }
    return out;
  }
  return value;
}

/** An earlier response's resource with `set`'s SCIM paths (dotted) set: the body Okta PUTs after its GET. */
function asRead(spec: { step: string; set?: Record<string, unknown> }, ctx: ResolveContext): unknown {
  const read = ctx.responses?.[spec.step];
  if (!isPlainObject(read)) throw new MissingResponse(spec.step);
  const body = structuredClone(read);
  for (const [path, raw] of Object.entries(spec.set ?? {})) {
    const keys = pathKeys(fillString(path, ctx.vars));
    let node: Record<string, unknown> = body;
    for (const key of keys.slice(0, -1)) {
      if (!isPlainObject(node[key])) node[key] = {};
      node = node[key] as Record<string, unknown>;
    }
    node[keys[keys.length - 1]!] = resolveValue(raw, ctx);
  }
  return body;
}

/** "name.givenName" -> [name, givenName]; an extension URN stays one key ("urn:…:2.0:User.department" -> [urn:…:2.0:User, department]). */
function pathKeys(path: string): string[] {
  if (!path.startsWith('urn:')) return path.split('.');
  const lastColon = path.lastIndexOf(':');
  const dot = path.indexOf('.', lastColon);
  return dot < 0 ? [path] : [path.slice(0, dot), ...path.slice(dot + 1).split('.')];
}
