// Reads values out of SCIM resources by attribute path, for judging what an endpoint returned.
// Supports what Entra writes (entra-requests.md §4 ): `attr`, `attr.sub`, URN-qualified
// names, and value filters with `eq` such as `emails[type eq "work"].value`. Attribute names are
// case-insensitive (RFC 7643 §2.1).

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface PathLookup {
  found: boolean;
  value?: unknown;
  /** Set when a value filter matched more than one element. */
  ambiguous?: boolean;
}

interface Segment {
  name: string;
  filter?: { attr: string; value: unknown };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function getKeyInsensitive(obj: Record<string, unknown>, key: string): { found: boolean; key?: string; value?: unknown } {
  if (key in obj) return { found: true, key, value: obj[key] };
  const lower = key.toLowerCase();
  for (const k of Object.keys(obj)) if (k.toLowerCase() === lower) return { found: true, key: k, value: obj[k] };
  return { found: false };
}

/**
 * Splits an URN-qualified path into the extension object it names and the attribute path inside
 * it. A top-level key that merely equals the whole path (an endpoint that stored
 * "urn:...:User:employeeNumber" literally) is not that attribute.
 */
function splitUrn(resource: Record<string, unknown>, path: string): { container: unknown; rest: string } | { whole: unknown } {
  const lower = path.toLowerCase();
  const keys = Object.keys(resource).filter((k) => k.toLowerCase().startsWith('urn:'));
  const exact = keys.find((k) => k.toLowerCase() === lower);
  if (exact !== undefined && isObject(resource[exact])) return { whole: resource[exact] };
  keys.sort((a, b) => b.length - a.length);
  for (const k of keys) {
    if (lower.startsWith(k.toLowerCase() + ':')) return { container: resource[k], rest: path.slice(k.length + 1) };
  }
  // A core-schema prefix addresses the resource itself (RFC 7644 §3.10).
  const core = /^urn:ietf:params:scim:schemas:core:2\.0:(User|Group):/i.exec(path);
  if (core) return { container: resource, rest: path.slice(core[0].length) };
  return { container: undefined, rest: path };
}

const SEGMENT = /^([A-Za-z$][\w$-]*)(?:\[\s*([A-Za-z$][\w$-]*)\s+eq\s+("(?:[^"\\]|\\.)*"|true|false|null|-?\d+(?:\.\d+)?)\s*\])?$/i;

function parseSegments(path: string): Segment[] {
  // Split on dots outside brackets and quotes.
  const parts: string[] = [];
  let cur = '';
  let depth = 0;
  let inString = false;
  for (let i = 0; i < path.length; i++) {
    const c = path[i];
    if (inString) {
      cur += c;
      if (c === '\\') cur += path[++i] ?? '';
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    if (c === '[') depth++;
    if (c === ']') depth--;
    if (c === '.' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += c;
  }
  parts.push(cur);
  return parts.map((p) => {
    const m = SEGMENT.exec(p.trim());
    if (!m) throw new Error(`unsupported SCIM path segment "${p}" in "${path}"`);
    return m[2] ? { name: m[1], filter: { attr: m[2], value: JSON.parse(m[3]) as unknown } } : { name: m[1] };
  });
}

function matchesFilter(element: unknown, filter: { attr: string; value: unknown }): boolean {
  if (!isObject(element)) return false;
  const got = getKeyInsensitive(element, filter.attr);
  if (!got.found) return false;
  if (typeof got.value === 'string' && typeof filter.value === 'string') return got.value.toLowerCase() === filter.value.toLowerCase();
  return got.value === filter.value;
}

export function getPath(resource: unknown, path: string): PathLookup {
  if (!isObject(resource)) return { found: false };
  let container: unknown = resource;
  let rest = path;
  if (/^urn:/i.test(path)) {
    const split = splitUrn(resource, path);
    if ('whole' in split) return { found: true, value: split.whole };
    ({ container, rest } = split);
  }
  if (container === undefined) return { found: false };
  let current: unknown[] = [container];
  let ambiguous = false;
  for (const seg of parseSegments(rest)) {
    const next: unknown[] = [];
    for (const node of current) {
      if (!isObject(node)) continue;
      const got = getKeyInsensitive(node, seg.name);
      if (!got.found || got.value === undefined) continue;
      if (seg.filter) {
        if (!Array.isArray(got.value)) continue;
        const hits = got.value.filter((el) => matchesFilter(el, seg.filter!));
        if (hits.length > 1) ambiguous = true;
        next.push(...hits);
      } else next.push(got.value);
    }
    current = next;
    if (current.length === 0) return { found: false };
  }
  return { found: true, value: current.length === 1 ? current[0] : current, ...(ambiguous ? { ambiguous } : {}) };
}
