// Small helpers for JSON values. SCIM attribute names are case-insensitive (RFC 7643 §2.1), so
// lookups into client-sent objects go through getKeyCI/findKeyCI.

export type JsonObject = Record<string, unknown>;

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function clone<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

/** The actual key of `obj` that equals `key` case-insensitively (an exact match wins). */
export function findKeyCI(obj: JsonObject, key: string): string | undefined {
  if (Object.prototype.hasOwnProperty.call(obj, key)) return key;
  const lower = key.toLowerCase();
  return Object.keys(obj).find((k) => k.toLowerCase() === lower);
}

export function getKeyCI(obj: unknown, key: string): unknown {
  if (!isObject(obj)) return undefined;
  const k = findKeyCI(obj, key);
  return k === undefined ? undefined : obj[k];
}

export function eqi(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** SCIM has no nulls on output and treats "" / [] / {} as unassigned (RFC 7643 §2.5). */
export function isEmptyValue(v: unknown): boolean {
  if (v === undefined || v === null || v === '') return true;
  if (Array.isArray(v)) return v.length === 0;
  if (isObject(v)) return Object.keys(v).length === 0;
  return false;
}
