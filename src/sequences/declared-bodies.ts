// Fits the RFC suite's requests to what the endpoint declares in /Schemas (RFC 7643 §7). The suite's
// bodies are written from the RFC and carry optional attributes (nickName, userType, name.middleName,
// password...). RFC 7644 §3.3 lets a server "alter and/or ignore POSTed content", and RFC 7643 §2.1
// lets it define the attributes it supports, so an endpoint may refuse an attribute it does not
// declare, or drop it: a check must not fail on that. Before replaying, every attribute the endpoint
// does not declare is taken out of request bodies, PATCH operations, query parameters and the step
// expectations that read it. Without a readable /Schemas, the declared attributes are taken to be
// what RFC 7643 requires plus what Entra's default mapping sends (FALLBACK below).
//
// A step whose purpose needs an undeclared attribute is marked not applicable, with the reason: a
// PATCH none of whose operations is left, a deliberately invalid request that lost part of its body,
// a read-back none of whose expectations is left, a query that filters or sorts on one. Where the
// purpose is "some free-form string attribute" (nickName in the PATCH sequence), a declared one the
// sequence does not use otherwise stands in for it, so the behaviour stays covered.
//
// Pure: the file given is not modified.
import { declaredAttribute, pathKeys, resourcesOf } from '../checks/declared';
import type { DiscoverySnapshot } from '../runner/discovery';
import { URN } from '../scim/urns';
import type { SequenceDef, SequenceFile, StepDef } from './types';

type Json = Record<string, unknown>;
type ResourceName = 'User' | 'Group';

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
const eqi = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/** RFC 7643 §3.1: attributes of every resource, which no schema needs to list; and a fixture's comments. */
const COMMON = new Set(['schemas', 'id', 'externalid', 'meta', '$comment']);

/**
 * Without a readable /Schemas: what RFC 7643 requires (userName §4.1.1, a Group's displayName §4.2)
 * and what Entra's default mapping sends (fixtures/mappings/default-scim-app.json; entra-requests.md
 * §2.1, §2.2). An entry declares its sub-attributes too.
 */
const FALLBACK: Readonly<Record<ResourceName, readonly string[]>> = {
  User: [
    'userName',
    'active',
    'displayName',
    'title',
    'preferredLanguage',
    'name.givenName',
    'name.familyName',
    'name.formatted',
    'emails.value',
    'emails.type',
    'emails.primary',
    'addresses',
    'phoneNumbers.value',
    'phoneNumbers.type',
    URN.enterpriseUser,
    `${URN.enterpriseUser}:employeeNumber`,
    `${URN.enterpriseUser}:department`,
    `${URN.enterpriseUser}:manager`,
  ],
  Group: ['displayName', 'members'],
};

/**
 * Single-valued, free-form string attributes of a User: where a step only needs "an attribute with a
 * value" (set, then removed), one of these may stand in for another the endpoint does not declare.
 */
const STAND_INS = ['nickName', 'userType', 'title', 'displayName'];

/** Keys of a fallback entry, in the form pathKeys gives: ["name", "givenName"], [urn, "manager"]. */
function entryKeys(entry: string): string[] {
  return entry.toLowerCase() === URN.enterpriseUser.toLowerCase() ? [entry] : pathKeys(entry);
}

class Declarations {
  private readonly readable: boolean;
  constructor(private readonly discovery: DiscoverySnapshot | undefined) {
    this.readable = discovery !== undefined && resourcesOf(discovery.schemas) !== undefined;
  }

  /** Keys as pathKeys gives them; a first key that is a schema URN alone stands for the extension object. */
  declared(rt: ResourceName, keys: readonly string[]): boolean {
    if (keys.length === 0) return true;
    if (COMMON.has(keys[0]!.toLowerCase())) return true;
    if (keys[0]!.toLowerCase() === `urn:ietf:params:scim:schemas:core:2.0:${rt}`.toLowerCase()) return this.declared(rt, keys.slice(1));
    if (this.readable) {
      const d = declaredAttribute(this.discovery, rt, keys);
      return d.readable && d.attr !== undefined;
    }
    const want = keys.map((k) => k.toLowerCase());
    return FALLBACK[rt].some((entry) => {
      const have = entryKeys(entry).map((k) => k.toLowerCase());
      const n = Math.min(have.length, want.length);
      return have.slice(0, n).every((k, i) => k === want[i]);
    });
  }

  /** A declared single-valued string attribute a client may write (a stand-in candidate). */
  writableString(rt: ResourceName, name: string): boolean {
    if (!this.declared(rt, [name])) return false;
    if (!this.readable) return true;
    const d = declaredAttribute(this.discovery, rt, [name]);
    const attr = d.readable ? d.attr : undefined;
    if (!attr) return false;
    const type = attr['type'] ?? 'string';
    const mutability = attr['mutability'] ?? 'readWrite';
    return type === 'string' && attr['multiValued'] !== true && mutability === 'readWrite';
  }

  /** How reasons name what is missing. */
  because(paths: readonly string[]): string {
    const list = [...new Set(paths)].join(', ');
    return this.readable
      ? `/Schemas does not declare ${list}`
      : `/Schemas cannot be read, and ${list} is neither required by RFC 7643 nor sent by Entra's default mapping`;
  }

  /** Whether `value` is a schema URN as a whole (a PATCH path naming an extension object). */
  isSchemaUrn(value: string): boolean {
    if (!value.toLowerCase().startsWith('urn:')) return false;
    if (eqi(value, URN.enterpriseUser) || eqi(value, URN.user) || eqi(value, URN.group)) return true;
    const schemas = this.discovery ? (resourcesOf(this.discovery.schemas) ?? []) : [];
    return schemas.some((s) => typeof s['id'] === 'string' && eqi(s['id'], value));
  }
}

/** How reports name the attribute at these keys: "name.middleName", "urn:…:User:employeeNumber". */
function label(keys: readonly string[]): string {
  const [first, ...rest] = keys;
  if (first !== undefined && first.toLowerCase().startsWith('urn:')) return rest.length > 0 ? `${first}:${rest.join('.')}` : first;
  return keys.join('.');
}

/** The resource type a request path addresses. */
function resourceOf(path: string): ResourceName | undefined {
  if (/^\/Users(\/|$|\?)/i.test(path)) return 'User';
  if (/^\/Groups(\/|$|\?)/i.test(path)) return 'Group';
  return undefined;
}

// ---------------------------------------------------------------- attribute paths in filters and paths

const OPERATOR = /^(eq|ne|co|sw|ew|gt|ge|lt|le|pr)$/i;

/**
 * The attributes a filter names, as key lists: `emails[type eq "work"].value` gives ["emails","type"]
 * and ["emails","value"]; string literals and keywords are not attributes.
 */
export function filterAttributes(filter: string, base: readonly string[] = []): string[][] {
  const text = filter.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  const out: string[][] = [];
  // Value paths first: attr[...].sub, their inner names are sub-attributes of attr.
  const rest = text.replace(/([A-Za-z][\w$:.-]*)\[([^\]]*)\](?:\.([A-Za-z$][\w$]*))?/g, (_, attr: string, inner: string, sub: string | undefined) => {
    const keys = [...base, ...pathKeys(attr)];
    out.push(keys);
    for (const k of filterAttributes(inner)) out.push([...keys, ...k]);
    if (sub !== undefined) out.push([...keys, sub]);
    return ' ';
  });
  const tokens = rest.split(/[\s()]+/).filter((t) => t !== '');
  tokens.forEach((token, i) => {
    const next = tokens[i + 1];
    if (next !== undefined && OPERATOR.test(next) && !OPERATOR.test(token) && !/^(and|or|not)$/i.test(token)) out.push([...base, ...pathKeys(token)]);
  });
  return out;
}

/** The keys of a PATCH path, and those its value filter names. */
function patchPathAttributes(path: string): string[][] {
  const attr = path.replace(/\[[^\]]*\]/g, '');
  const keys = pathKeys(attr);
  const out = [keys];
  const filter = /^([^\[]*)\[([^\]]*)\]/.exec(path);
  if (filter) out.push(...filterAttributes(filter[2]!).map((k) => [...pathKeys(filter[1]!), ...k]));
  return out;
}

// ---------------------------------------------------------------- fitting values

class Fitter {
  /** Labels of what was taken out. */
  readonly removed: string[] = [];
  constructor(
    private readonly decl: Declarations,
    private readonly rt: ResourceName,
  ) {}

  private ok(keys: readonly string[]): boolean {
    if (this.decl.declared(this.rt, keys)) return true;
    this.removed.push(label(keys));
    return false;
  }

  /** A resource body (or the value of a path-less PATCH op, or a complex value under `prefix`). */
  object(value: Json, prefix: readonly string[] = []): Json {
    const out: Json = {};
    for (const [key, v] of Object.entries(value)) {
      if (prefix.length === 0 && COMMON.has(key.toLowerCase())) {
        out[key] = v;
        continue;
      }
      let keys: string[];
      if (prefix.length === 0 && key.toLowerCase().startsWith('urn:')) {
        if (this.decl.isSchemaUrn(key)) {
          if (eqi(key, `urn:ietf:params:scim:schemas:core:2.0:${this.rt}`) && isObject(v)) {
            out[key] = this.object(v);
            continue;
          }
          keys = [key];
        } else keys = pathKeys(key);
      } else keys = [...prefix, ...(prefix.length === 0 ? pathKeys(key) : [key])];
      if (!this.ok(keys)) continue;
      const fitted = this.value(v, keys);
      if (fitted !== undefined) out[key] = fitted;
    }
    // An extension taken out is no longer one of the body's schemas.
    if (prefix.length === 0 && Array.isArray(out['schemas'])) {
      out['schemas'] = out['schemas'].filter((s) => typeof s !== 'string' || !s.toLowerCase().startsWith('urn:ietf:params:scim:schemas:extension:') || this.decl.declared(this.rt, [s]));
    }
    return out;
  }

  /** A value at `keys`: complex values lose undeclared sub-attributes; one left empty is dropped (undefined). */
  value(v: unknown, keys: readonly string[]): unknown {
    if (isObject(v)) {
      const fitted = this.object(v, keys);
      return Object.keys(fitted).length === 0 && Object.keys(v).length > 0 ? undefined : fitted;
    }
    if (Array.isArray(v)) {
      const items = v.map((el) => (isObject(el) ? this.value(el, keys) : el)).filter((el) => el !== undefined);
      return items.length === 0 && v.length > 0 ? undefined : items;
    }
    return v;
  }

  /** A PatchOp body: operations on undeclared attributes go, declared ones lose undeclared sub-attributes. */
  patch(body: Json): Json {
    const ops = body['Operations'];
    if (!Array.isArray(ops)) return body;
    const kept = ops.flatMap((op): unknown[] => {
      if (!isObject(op)) return [op];
      const path = typeof op['path'] === 'string' ? op['path'].trim() : '';
      const hasValue = 'value' in op;
      if (path === '') {
        if (!isObject(op['value'])) return [op]; // a malformed op (remove without a path) stays as written
        const value = this.object(op['value']);
        return Object.keys(value).length === 0 ? [] : [{ ...op, value }];
      }
      const keys = this.decl.isSchemaUrn(path) ? [path] : pathKeys(path.replace(/\[[^\]]*\]/g, ''));
      const named = this.decl.isSchemaUrn(path) ? [keys] : patchPathAttributes(path);
      if (!named.every((k) => this.ok(k))) return [];
      if (!hasValue) return [op];
      const value = this.value(op['value'], keys);
      return value === undefined ? [] : [{ ...op, value }];
    });
    return { ...body, Operations: kept };
  }

  /** A request body of either kind; a SearchRequest (POST /.search) carries query parameters, not attributes. */
  body(v: unknown): unknown {
    if (!isObject(v)) return v;
    const schemas = v['schemas'];
    if (Array.isArray(schemas) && schemas.some((s) => typeof s === 'string' && eqi(s, URN.searchRequest))) return v;
    const isPatch = Array.isArray(schemas) && schemas.some((s) => typeof s === 'string' && eqi(s, URN.patchOp));
    return isPatch ? this.patch(v) : this.object(v);
  }

  /** Whether an attribute path of an expectation (or query parameter) is declared; recorded when not. */
  path(path: string): boolean {
    const named = this.decl.isSchemaUrn(path) ? [[path]] : patchPathAttributes(path);
    return named.every((k) => this.ok(k));
  }
}

// ---------------------------------------------------------------- stand-ins

/** Top-level attribute names a value mentions (keys of bodies, first keys of paths), lower-cased. */
function mentioned(sequence: SequenceDef, bodies: Readonly<Json>, rt: ResourceName): { names: Set<string>; queried: Set<string> } {
  const names = new Set<string>();
  const queried = new Set<string>();
  const core = `urn:ietf:params:scim:schemas:core:2.0:${rt}`.toLowerCase();
  const addKeys = (v: unknown): void => {
    if (typeof v === 'string' && v.startsWith('@')) return addKeys(bodies[v.slice(1)]);
    if (Array.isArray(v)) return v.forEach(addKeys);
    if (!isObject(v)) return;
    if (isObject(v['byProfile'])) return Object.values(v['byProfile']).forEach(addKeys);
    for (const [k, val] of Object.entries(v)) {
      if (k.toLowerCase() === core) addKeys(val);
      else names.add(k.toLowerCase());
      if (k === 'Operations' && Array.isArray(val)) for (const op of val) if (isObject(op)) addPath(op['path']), addKeys(op['value']);
    }
  };
  const addPath = (p: unknown): void => {
    if (typeof p === 'string' && p.trim() !== '') for (const keys of patchPathAttributes(p.trim())) if (keys[0]) names.add(keys[0].toLowerCase());
  };
  for (const step of sequence.steps) {
    addKeys(step.request.body);
    addKeys(step.expect?.resource);
    for (const p of [...Object.keys(step.expect?.paths ?? {}), ...(step.expect?.absent ?? []), ...Object.keys(step.expect?.counts ?? {})]) addPath(p);
    for (const [k, v] of step.request.query ?? []) {
      const keys = k === 'filter' ? filterAttributes(v) : ['sortBy', 'attributes', 'excludedAttributes'].includes(k) ? v.split(',').flatMap((p) => (p.trim() === '' ? [] : patchPathAttributes(p.trim()))) : [];
      for (const [first] of keys) if (first !== undefined) names.add(first.toLowerCase()), queried.add(first.toLowerCase());
    }
  }
  return { names, queried };
}

/** Undeclared stand-in attribute -> a declared one the sequence does not use. */
function standIns(sequence: SequenceDef, bodies: Readonly<Json>, decl: Declarations): Map<string, string> {
  const out = new Map<string, string>();
  const rt: ResourceName = 'User';
  const { names: used, queried } = mentioned(sequence, bodies, rt);
  const free = STAND_INS.filter((n) => !used.has(n.toLowerCase()) && decl.writableString(rt, n));
  for (const name of STAND_INS) {
    // Query parameters are not renamed: an attribute a query names keeps its name (and its step does not apply).
    if (!used.has(name.toLowerCase()) || queried.has(name.toLowerCase()) || decl.declared(rt, [name])) continue;
    const other = free.shift();
    if (other !== undefined) out.set(name.toLowerCase(), other);
  }
  return out;
}

/** Renames top-level attributes (body keys, PATCH paths, path-less op keys) by `names`. */
function renamed(v: unknown, names: ReadonlyMap<string, string>): unknown {
  if (names.size === 0 || !isObject(v)) return v;
  const out: Json = {};
  for (const [k, val] of Object.entries(v)) {
    if (k === 'Operations' && Array.isArray(val)) {
      out[k] = val.map((op) => (isObject(op) ? { ...op, ...(typeof op['path'] === 'string' ? { path: renamePath(op['path'], names) } : {}), ...(isObject(op['value']) && (op['path'] === undefined || op['path'] === '') ? { value: renamed(op['value'], names) } : {}) } : op));
      continue;
    }
    out[names.get(k.toLowerCase()) ?? k] = val;
  }
  return out;
}

function renamePath(path: string, names: ReadonlyMap<string, string>): string {
  const m = /^([A-Za-z][\w$-]*)(.*)$/s.exec(path.trim());
  if (!m) return path;
  const to = names.get(m[1]!.toLowerCase());
  return to !== undefined ? to + m[2] : path;
}

function renameKeys<T>(record: Readonly<Record<string, T>> | undefined, names: ReadonlyMap<string, string>): Record<string, T> | undefined {
  return record && Object.fromEntries(Object.entries(record).map(([k, v]) => [renamePath(k, names), v]));
}

// ---------------------------------------------------------------- steps and sequences

/** A step's request and expectations fitted, with why it no longer applies (if so). */
function fitStep(step: StepDef, file: { bodies: Json; catalogue: Readonly<Json> }, decl: Declarations, names: ReadonlyMap<string, string>, suffix: string): StepDef {
  const rt = resourceOf(step.request.path);
  if (rt === undefined) return step;
  const out: StepDef = clone(step);
  const body = new Fitter(decl, rt);
  const fitRef = (v: unknown): unknown => {
    if (typeof v === 'string' && v.startsWith('@')) {
      const name = v.slice(1);
      const source = file.catalogue[name];
      if (source === undefined) return v; // the replay reports an unknown body
      // A sequence with stand-ins gets its own copy of the body; fitting is deterministic, so a shared one is simply rewritten.
      const key = names.size > 0 ? `${name}~${suffix}` : name;
      file.bodies[key] = body.body(renamed(clone(source), names));
      return `@${key}`;
    }
    if (isObject(v) && isObject(v['byProfile'])) return { byProfile: Object.fromEntries(Object.entries(v['byProfile']).map(([p, c]) => [p, fitRef(c)])) };
    return body.body(renamed(v, names));
  };
  if (out.request.body !== undefined) out.request.body = fitRef(out.request.body);
  const sentRemoved = [...body.removed];

  const reasons: string[] = [];
  const isPatch = step.request.method === 'PATCH';
  if (isPatch && sentRemoved.length > 0) {
    const resolved = resolveBody(out.request.body, file.bodies);
    if (isObject(resolved) && Array.isArray(resolved['Operations']) && resolved['Operations'].length === 0) reasons.push(`every operation of the PATCH targets an attribute that ${decl.because(sentRemoved)}`);
  }
  if (step.malformed !== undefined && sentRemoved.length > 0 && reasons.length === 0) {
    reasons.push(`its deliberately invalid request carries ${sentRemoved.join(', ')}, and ${decl.because(sentRemoved)}`);
  }

  // Query parameters: a filter or sort on an undeclared attribute cannot apply; projections lose it.
  const query = new Fitter(decl, rt);
  if (out.request.query) {
    const q: Array<[string, string]> = [];
    for (const [k, v] of out.request.query) {
      if (k === 'filter' || k === 'sortBy') {
        const named = k === 'filter' ? filterAttributes(v) : [pathKeys(v)];
        const before = query.removed.length;
        for (const keys of named) if (!decl.declared(rt, keys)) query.removed.push(label(keys));
        if (query.removed.length > before) reasons.push(`its ${k} names ${query.removed.slice(before).join(', ')}, and ${decl.because(query.removed.slice(before))}`);
        q.push([k, v]);
      } else if (k === 'attributes' || k === 'excludedAttributes') {
        const kept = v.split(',').map((p) => p.trim()).filter((p) => p !== '' && query.path(p));
        if (kept.length === 0) reasons.push(`its ${k} lists only attributes that ${decl.because(query.removed)}`);
        q.push([k, kept.length > 0 ? kept.join(',') : v]);
      } else q.push([k, v]);
    }
    out.request.query = q;
  }

  // Expectations: what reads an undeclared attribute goes; a step left with nothing to read does not apply.
  if (out.expect) {
    const e = out.expect;
    const reads = new Fitter(decl, rt);
    const had = Object.keys(e.paths ?? {}).length + (e.absent?.length ?? 0) + Object.keys(e.counts ?? {}).length;
    const paths = renameKeys(e.paths, names);
    const counts = renameKeys(e.counts, names);
    if (paths) e.paths = Object.fromEntries(Object.entries(paths).filter(([p]) => reads.path(p)));
    if (e.absent) e.absent = e.absent.map((p) => renamePath(p, names)).filter((p) => reads.path(p));
    if (counts) e.counts = Object.fromEntries(Object.entries(counts).filter(([p]) => reads.path(p)));
    if (e.resource !== undefined) e.resource = fitRef(e.resource);
    const left = Object.keys(e.paths ?? {}).length + (e.absent?.length ?? 0) + Object.keys(e.counts ?? {}).length;
    const otherwise = e.resource !== undefined || e.ids !== undefined || e.total !== undefined || e.members !== undefined || e.scimType !== undefined;
    if (had > 0 && left === 0 && !otherwise && reasons.length === 0) reasons.push(`what it reads back is only ${reads.removed.join(', ')}, and ${decl.because(reads.removed)}`);
  }

  if (reasons.length > 0 && out.notApplicable === undefined) out.notApplicable = reasons[0]!;
  return out;
}

function resolveBody(v: unknown, bodies: Readonly<Json>): unknown {
  return typeof v === 'string' && v.startsWith('@') ? bodies[v.slice(1)] : v;
}

/** Steps after one that no longer applies, which need a value only it captures, do not apply either. */
function propagate(steps: StepDef[]): StepDef[] {
  const lost = new Map<string, string>();
  return steps.map((step) => {
    let out = step;
    if (out.notApplicable === undefined) {
      const text = JSON.stringify([step.request, step.expect ?? {}]);
      const needs = [...lost.keys()].find((v) => new RegExp(`\\{\\{\\s*${v}\\s*[|}]`).test(text));
      if (needs !== undefined) out = { ...step, notApplicable: `it needs "${needs}" from step "${lost.get(needs)}", which does not apply` };
    }
    if (out.notApplicable !== undefined) for (const v of Object.keys(step.capture ?? {})) lost.set(v, step.name);
    else for (const v of Object.keys(step.capture ?? {})) lost.delete(v);
    return out;
  });
}

/**
 * The file with every request built from the attributes the endpoint declares (see the top of this
 * module). `discovery` is the run's snapshot; undefined or an unreadable /Schemas uses the fallback.
 */
export function fitToDeclared(file: SequenceFile, discovery: DiscoverySnapshot | undefined): SequenceFile {
  const decl = new Declarations(discovery);
  const bodies: Json = { ...file.bodies };
  const sequences = file.sequences.map((sequence) => {
    const names = standIns(sequence, file.bodies, decl);
    const steps = sequence.steps.map((step) => fitStep(step, { bodies, catalogue: file.bodies }, decl, names, sequence.id));
    return { ...sequence, steps: propagate(steps) };
  });
  return { ...file, bodies, sequences };
}
