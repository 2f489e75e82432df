// Target attribute paths of an Entra attribute mapping (the SCIM side of an attributeMapping's
// targetAttributeName) and how a create body carries them. The forms Entra writes (entra-requests.md
// §2.1, R-05): `attr`, `attr.sub`, `attr[type eq "x"].sub`, and URN-qualified `urn:…:2.0:User:attr`.
// Names compare case-insensitively (RFC 7643 §2.1).
import { URN } from '../scim/urns';

export type TargetPath =
  /** `userName`, `name.givenName`, `emails[type eq "work"].value`. */
  | { kind: 'core'; attr: string; sub?: string; type?: string }
  /** `urn:…:enterprise:2.0:User:department`, or a custom extension's attribute. */
  | { kind: 'extension'; urn: string; attr: string; sub?: string };

export class PathError extends Error {}

const NAME = '[A-Za-z$][\\w$-]*';
const CORE = new RegExp(`^(${NAME})(?:\\[\\s*type\\s+eq\\s+"([^"]*)"\\s*\\])?(?:\\.(${NAME}))?$`, 'i');
const EXTENSION = new RegExp(`^(urn:[^\\s\\[\\]"]+):(${NAME})(?:\\.(${NAME}))?$`, 'i');
const CORE_USER_PREFIX = `${URN.user}:`;

/** Parses a target path the harness can write into a body; anything else is a PathError. */
export function parseTargetPath(raw: string): TargetPath {
  let text = raw.trim();
  // A core attribute may be written URN-qualified (RFC 7644 §3.10): it is the plain attribute.
  if (text.toLowerCase().startsWith(CORE_USER_PREFIX.toLowerCase())) text = text.slice(CORE_USER_PREFIX.length);
  if (text.toLowerCase().startsWith('urn:')) {
    const m = EXTENSION.exec(text);
    if (!m) throw new PathError(`"${raw}" is not an extension attribute path like urn:ietf:params:scim:schemas:extension:<name>:2.0:User:<attribute>`);
    return { kind: 'extension', urn: m[1]!, attr: m[2]!, ...(m[3] ? { sub: m[3] } : {}) };
  }
  const m = CORE.exec(text);
  if (!m) throw new PathError(`"${raw}" is not a SCIM attribute path the harness can write (forms: attr, attr.sub, attr[type eq "x"].sub, urn:…:attr)`);
  if (m[2] !== undefined && m[3] === undefined) throw new PathError(`"${raw}" filters a multi-valued attribute but names no sub-attribute (like .value)`);
  return { kind: 'core', attr: m[1]!, ...(m[3] ? { sub: m[3] } : {}), ...(m[2] !== undefined ? { type: m[2] } : {}) };
}

/** The path as Entra writes it (the form of a PATCH path and a filter). */
export function formatPath(p: TargetPath): string {
  const sub = p.sub ? `.${p.sub}` : '';
  if (p.kind === 'extension') return `${p.urn}:${p.attr}${sub}`;
  return `${p.attr}${p.type !== undefined ? `[type eq ${JSON.stringify(p.type)}]` : ''}${sub}`;
}

/** A case-insensitive key: two spellings of one attribute give the same key. */
export function pathKey(p: TargetPath): string {
  return formatPath(p).toLowerCase();
}

/** The key of the attribute as a whole (extension attribute or top-level core attribute with its element filter). */
export function attributeKey(p: TargetPath): string {
  return (p.kind === 'extension' ? `${p.urn}:${p.attr}` : `${p.attr}${p.type !== undefined ? `[type eq "${p.type}"]` : ''}`).toLowerCase();
}

export function isEnterpriseManager(p: TargetPath): boolean {
  return p.kind === 'extension' && p.urn.toLowerCase() === URN.enterpriseUser.toLowerCase() && p.attr.toLowerCase() === 'manager';
}

/** Extension URNs Entra lists in `schemas` of a create body; a custom extension's URN it leaves out (R-04). */
export function isListedExtension(urn: string): boolean {
  return urn.toLowerCase() === URN.enterpriseUser.toLowerCase();
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function keyOf(obj: Record<string, unknown>, name: string): string | undefined {
  const lower = name.toLowerCase();
  return Object.keys(obj).find((k) => k.toLowerCase() === lower);
}

/** Keys of a create body that are not mapped attributes: the message's own fields. */
const NOT_ATTRIBUTES = new Set(['schemas', 'meta', 'roles', '$comment']);
/** Keys of a multi-valued element that qualify it rather than carry a mapped value. */
const QUALIFIERS = new Set(['type', 'primary', 'display', '$comment']);

/** Every mapped attribute a create body carries, as target paths. */
export function bodyPaths(body: Record<string, unknown>): TargetPath[] {
  const out: TargetPath[] = [];
  for (const [key, value] of Object.entries(body)) {
    if (NOT_ATTRIBUTES.has(key)) continue;
    if (key.toLowerCase().startsWith('urn:') && isObject(value)) {
      for (const attr of Object.keys(value)) if (attr !== '$comment') out.push({ kind: 'extension', urn: key, attr });
    } else if (Array.isArray(value) && value.every((e) => isObject(e) && typeof e['type'] === 'string')) {
      for (const element of value as Array<Record<string, unknown>>) {
        for (const sub of Object.keys(element)) if (!QUALIFIERS.has(sub)) out.push({ kind: 'core', attr: key, type: element['type'] as string, sub });
      }
    } else if (isObject(value)) {
      for (const sub of Object.keys(value)) if (sub !== '$comment') out.push({ kind: 'core', attr: key, sub });
    } else out.push({ kind: 'core', attr: key });
  }
  return out;
}

function findElement(list: unknown[], type: string): Record<string, unknown> | undefined {
  return list.find((e): e is Record<string, unknown> => isObject(e) && typeof e['type'] === 'string' && e['type'].toLowerCase() === type.toLowerCase());
}

/** The value a body carries at a path, or undefined. */
export function valueAt(body: Record<string, unknown>, p: TargetPath): unknown {
  if (p.kind === 'extension') {
    const urnKey = keyOf(body, p.urn);
    const ext = urnKey !== undefined ? body[urnKey] : undefined;
    if (!isObject(ext)) return undefined;
    const k = keyOf(ext, p.attr);
    const v = k !== undefined ? ext[k] : undefined;
    if (p.sub === undefined) return v;
    const sk = isObject(v) ? keyOf(v, p.sub) : undefined;
    return sk !== undefined ? (v as Record<string, unknown>)[sk] : undefined;
  }
  const k = keyOf(body, p.attr);
  let node: unknown = k !== undefined ? body[k] : undefined;
  if (p.type !== undefined) node = Array.isArray(node) ? findElement(node, p.type) : undefined;
  if (p.sub === undefined) return node;
  const sk = isObject(node) ? keyOf(node, p.sub) : undefined;
  return sk !== undefined ? (node as Record<string, unknown>)[sk] : undefined;
}

/** Sets a value at a path, creating the containers (an extension object, an element of the given type). */
export function setValueAt(body: Record<string, unknown>, p: TargetPath, value: unknown): void {
  if (p.kind === 'extension') {
    const urnKey = keyOf(body, p.urn) ?? p.urn;
    const ext = isObject(body[urnKey]) ? (body[urnKey] as Record<string, unknown>) : (body[urnKey] = {});
    if (p.sub === undefined) ext[keyOf(ext, p.attr) ?? p.attr] = value;
    else {
      const ak = keyOf(ext, p.attr) ?? p.attr;
      const inner = isObject(ext[ak]) ? (ext[ak] as Record<string, unknown>) : (ext[ak] = {});
      inner[keyOf(inner, p.sub) ?? p.sub] = value;
    }
    return;
  }
  const k = keyOf(body, p.attr) ?? p.attr;
  if (p.sub === undefined) {
    body[k] = value;
    return;
  }
  let container: Record<string, unknown>;
  if (p.type !== undefined) {
    const list = Array.isArray(body[k]) ? (body[k] as unknown[]) : (body[k] = []);
    container = findElement(list, p.type) ?? (list.push({ type: p.type }), list[list.length - 1] as Record<string, unknown>);
  } else container = isObject(body[k]) ? (body[k] as Record<string, unknown>) : (body[k] = {});
  container[keyOf(container, p.sub) ?? p.sub] = value;
}

/** Removes the value at a path; a container left with nothing but qualifiers goes too. */
export function removeValueAt(body: Record<string, unknown>, p: TargetPath): void {
  if (p.kind === 'extension') {
    const urnKey = keyOf(body, p.urn);
    const ext = urnKey !== undefined ? body[urnKey] : undefined;
    if (!isObject(ext)) return;
    const ak = keyOf(ext, p.attr);
    if (ak === undefined) return;
    if (p.sub === undefined) delete ext[ak];
    else if (isObject(ext[ak])) {
      const sk = keyOf(ext[ak] as Record<string, unknown>, p.sub);
      if (sk !== undefined) delete (ext[ak] as Record<string, unknown>)[sk];
      if (Object.keys(ext[ak] as object).length === 0) delete ext[ak];
    }
    if (Object.keys(ext).filter((x) => x !== '$comment').length === 0) delete body[urnKey!];
    return;
  }
  const k = keyOf(body, p.attr);
  if (k === undefined) return;
  if (p.sub === undefined) {
    delete body[k];
    return;
  }
  const node = body[k];
  if (p.type !== undefined && Array.isArray(node)) {
    const element = findElement(node, p.type);
    if (!element) return;
    const sk = keyOf(element, p.sub);
    if (sk !== undefined) delete element[sk];
    if (Object.keys(element).every((x) => QUALIFIERS.has(x))) node.splice(node.indexOf(element), 1);
    if (node.length === 0) delete body[k];
  } else if (isObject(node)) {
    const sk = keyOf(node, p.sub);
    if (sk !== undefined) delete node[sk];
    if (Object.keys(node).filter((x) => x !== '$comment').length === 0) delete body[k];
  }
}

/**
 * Orders a user create body the way Entra's do (entra-requests.md §1.4): schemas, externalId, userName,
 * the other core attributes alphabetically, then extension objects (the enterprise one first). Keys
 * inside objects keep their order (Entra's `name` is formatted, familyName, givenName: not sorted).
 */
export function orderCreateBody(body: Record<string, unknown>): Record<string, unknown> {
  const keys = Object.keys(body);
  const rank = (k: string): number => {
    const l = k.toLowerCase();
    if (l === '$comment') return 0;
    if (l === 'schemas') return 1;
    if (l === 'externalid') return 2;
    if (l === 'username') return 3;
    if (l === URN.enterpriseUser.toLowerCase()) return 5;
    if (l.startsWith('urn:')) return 6;
    return 4;
  };
  const ordered = [...keys].sort((a, b) => rank(a) - rank(b) || (rank(a) === 4 ? byName(a, b) : keys.indexOf(a) - keys.indexOf(b)));
  const out: Record<string, unknown> = {};
  for (const k of ordered) out[k] = body[k];
  return out;
}

function byName(a: string, b: string): number {
  if (a === '$comment') return -1;
  if (b === '$comment') return 1;
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}
