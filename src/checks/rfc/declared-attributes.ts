// Attributes /Schemas declares writable, written and read back (fixtures/rfc/round-trip.json, and the
// group PUT of fixtures/rfc/group-put.json). A read is judged against the last write to the same
// resource before it (its request body as sent), and the write before that (what must be gone).
//
// Which differences are failures, and at which level:
//  - a POST may store less or other than it was sent: RFC 7644 §3.3, "the server is free to alter
//    and/or ignore POSTed content". A value a POST dropped or altered is a SHOULD-level note
//    (rfc7643.attributes.declared-values-kept): /Schemas said the attribute is supported and writable;
//  - a PUT "SHALL replace the existing attribute values" with the values provided (§3.5.1), and a
//    PATCH replace, once answered with success, has been applied (§3.5.2: otherwise "a failure status
//    SHALL be returned"). A value a PUT or PATCH wrote that is then absent, or the value it replaced
//    still there, breaks that: MUST (rfc7644.replace.declared-attributes, rfc7644.patch.declared-attributes);
//  - a value present but in another form is a canonical form when RFC 7643 names one: any letter case
//    where caseExact is false (§2.2), e-mail addresses (§4.1.2, RFC 5321), phone numbers in another
//    RFC 3966 spelling (the same digits), instant-messaging addresses without whitespace in lower
//    case (§4.1.2), URIs normalised (RFC 3986 §6.2), the same instant in another dateTime notation, the
//    same bytes in another base64 layout, the same number. Anything else is a note at SHOULD level
//    (declared-values-kept): the replacement happened, the server changed the value on the way.
// Judged are attributes /Schemas declares (all, when /Schemas cannot be read, as readback.ts does),
// except writeOnly ones ("Attribute values SHALL NOT be returned", RFC 7643 §2.2) and those declared
// "returned": "never" or "request", which a plain GET does not return.
import { header, type Exchange } from '../../http/exchange';
import type { DiscoverySnapshot } from '../../runner/discovery';
import { getKeyInsensitive } from '../../scim/path';
import { URN } from '../../scim/urns';
import { describeResponse, expectCreatedId, isObject, responseOf, snippet } from '../assert';
import { CHARACTERISTIC_DEFAULTS, declaredAttribute, pathKeys, resourcesOf } from '../declared';
import { defineCheck, NOT_APPLICABLE, type CheckContext, type CheckDefinition } from '../types';
import { precondition, violation } from '../violation';
import { resourceOf, rfc7643, rfc7644 } from './common';

type Json = Record<string, unknown>;
type WriteMethod = 'POST' | 'PUT' | 'PATCH';
type ResourceName = 'User' | 'Group';

interface Write {
  method: WriteMethod;
  exchange: Exchange;
  /** The resource it wrote: the path's id, or for a POST the id the response gave. */
  id: string | undefined;
}

/** One attribute (or sub-attribute) value a write sent: keys as pathKeys gives them, an extension URN first. */
export interface Written {
  label: string;
  keys: string[];
  value: unknown;
}

export type Outcome = 'kept' | 'dropped' | 'stale' | 'altered';

export interface Judged {
  label: string;
  outcome: Outcome;
  sent: unknown;
  got: unknown;
}

const eqi = (a: unknown, b: string): boolean => typeof a === 'string' && a.toLowerCase() === b.toLowerCase();
const lastSegment = (url: string): string | undefined => {
  const seg = new URL(url).pathname.replace(/\/+$/, '').split('/').pop();
  if (seg === undefined || seg === '') return undefined;
  try {
    return decodeURIComponent(seg);
  } catch {
    return seg;
  }
};

function parsed(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

const succeeded = (ex: Exchange): boolean => ex.response !== undefined && ex.response.status >= 200 && ex.response.status < 300;

/** Every write of the exchanges, in order, with the resource it wrote. */
function writesOf(earlier: ReadonlyArray<{ exchange: Exchange }>): Write[] {
  return earlier.flatMap(({ exchange }) => {
    const method = exchange.request.method;
    if (method !== 'POST' && method !== 'PUT' && method !== 'PATCH') return [];
    if (/\/\.search$/.test(new URL(exchange.request.url).pathname)) return [];
    let id: string | undefined;
    if (method === 'POST') {
      const body = exchange.response?.json;
      const fromBody = isObject(body) && typeof body['id'] === 'string' ? body['id'] : undefined;
      const location = header(exchange.response, 'location');
      id = fromBody ?? (location ? lastSegment(location) : undefined);
    } else id = lastSegment(exchange.request.url);
    return [{ method, exchange, id }];
  });
}

/** The attribute values a resource body carries (POST, PUT), or a path-less PATCH value. */
function fromResource(body: Json, rt: ResourceName, discovery: DiscoverySnapshot | undefined, out: Written[]): void {
  for (const [key, value] of Object.entries(body)) {
    if (/^(schemas|id|meta)$/i.test(key)) continue;
    if (eqi(key, rt === 'User' ? URN.user : URN.group) && isObject(value)) {
      fromResource(value, rt, discovery, out);
      continue;
    }
    if (/^urn:/i.test(key) && isObject(value) && isSchema(discovery, rt, key)) {
      for (const [name, v] of Object.entries(value)) out.push({ label: `${key}:${name}`, keys: [key, name], value: v });
      continue;
    }
    out.push({ label: key, keys: /^urn:/i.test(key) ? pathKeys(key) : [key], value });
  }
}

/** Whether a URN names a schema of the resource type (an extension object), not an attribute. */
function isSchema(discovery: DiscoverySnapshot | undefined, rt: ResourceName, urn: string): boolean {
  if (eqi(urn, URN.enterpriseUser)) return true;
  const d = declaredAttribute(discovery, rt, [urn]);
  return d.readable && d.attr !== undefined && Array.isArray(d.attr['attributes']);
}

/** What a write sent: resource attributes, or the values of a PATCH's "replace" operations on plain paths. */
export function writtenBy(method: WriteMethod, body: unknown, rt: ResourceName, discovery: DiscoverySnapshot | undefined): Written[] {
  const out: Written[] = [];
  if (!isObject(body)) return out;
  if (method !== 'PATCH') {
    fromResource(body, rt, discovery, out);
    return out;
  }
  const ops = Array.isArray(body['Operations']) ? body['Operations'].filter(isObject) : [];
  for (const op of ops) {
    // "add" on a multi-valued attribute appends (RFC 7644 §3.5.2.1): only "replace" says what the state is.
    if (!eqi(op['op'], 'replace')) continue;
    const path = typeof op['path'] === 'string' ? op['path'].trim() : '';
    if (path === '') {
      if (isObject(op['value'])) fromResource(op['value'], rt, discovery, out);
      continue;
    }
    if (path.includes('[')) continue; // a value filter selects some values; the others are not the PATCH's to state
    if (/^urn:/i.test(path) && isObject(op['value']) && isSchema(discovery, rt, path)) {
      for (const [name, v] of Object.entries(op['value'])) out.push({ label: `${path}:${name}`, keys: [path, name], value: v });
      continue;
    }
    out.push({ label: path, keys: pathKeys(path), value: op['value'] });
  }
  return out;
}

/** The value at keys in a returned resource (names case-insensitive, RFC 7643 §2.1). */
function valueAt(resource: Json, keys: readonly string[], rt: ResourceName): unknown {
  let node: unknown = resource;
  let rest = keys;
  if (keys[0] !== undefined && /^urn:/i.test(keys[0])) {
    const ext = getKeyInsensitive(resource, keys[0]);
    node = ext.found ? ext.value : eqi(keys[0], rt === 'User' ? URN.user : URN.group) ? resource : undefined;
    rest = keys.slice(1);
  }
  for (const k of rest) node = isObject(node) ? getKeyInsensitive(node, k).value : undefined;
  return node;
}

// ---------------------------------------------------------------- comparing

type Def = Json | undefined;

const unassigned = (v: unknown): boolean => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0) || (isObject(v) && Object.keys(v).length === 0);
const characteristic = (def: Def, name: string): unknown => (def && name in def ? def[name] : CHARACTERISTIC_DEFAULTS[name]);

/** Whether a (sub-)attribute is read back by a plain GET, and so judged. */
function readable(def: Def, schemasReadable: boolean): boolean {
  if (def === undefined) return !schemasReadable;
  const mutability = characteristic(def, 'mutability');
  const returned = characteristic(def, 'returned');
  return mutability !== 'writeOnly' && mutability !== 'readOnly' && returned !== 'never' && returned !== 'request';
}

function subDef(def: Def, name: string): Def {
  const subs = def && Array.isArray(def['subAttributes']) ? def['subAttributes'].filter(isObject) : [];
  return subs.find((s) => eqi(s['name'], name));
}

const phoneDigits = (s: string): string => s.replace(/^tel:/i, '').replace(/;.*$/, '').replace(/[^0-9+]/g, '');
function canonicalUri(s: string): string {
  try {
    return new URL(s).href;
  } catch {
    return s;
  }
}
function base64Bytes(s: string): Buffer | undefined {
  const clean = s.replace(/\s+/g, '').replace(/-/g, '+').replace(/_/g, '/');
  return /^[A-Za-z0-9+/]*={0,2}$/.test(clean) ? Buffer.from(clean, 'base64') : undefined;
}

/**
 * Two scalar values the same under the attribute's definition and the canonical forms RFC 7643 names
 * (see the top of this module). `path` is the core attribute path in lower case ("phonenumbers.value").
 */
export function sameScalar(def: Def, path: string, sent: unknown, got: unknown): boolean {
  if (sent === got) return true;
  const type = def?.['type'] ?? typeof sent;
  if (typeof sent === 'number' || type === 'integer' || type === 'decimal') return typeof got === 'number' && typeof sent === 'number' && Math.abs(got - sent) <= 1e-9 * Math.max(1, Math.abs(sent));
  if (typeof sent !== 'string' || typeof got !== 'string') return false;
  const caseExact = characteristic(def, 'caseExact') === true;
  const fold = (s: string): string => (caseExact ? s : s.toLowerCase());
  switch (type) {
    case 'dateTime': {
      const a = Date.parse(sent);
      return !Number.isNaN(a) && a === Date.parse(got);
    }
    case 'binary': {
      const a = base64Bytes(sent);
      const b = base64Bytes(got);
      return a !== undefined && b !== undefined && a.equals(b);
    }
    case 'reference':
      return fold(canonicalUri(sent)) === fold(canonicalUri(got));
  }
  if (path === 'phonenumbers.value') return phoneDigits(sent) !== '' && phoneDigits(sent) === phoneDigits(got);
  if (path === 'ims.value') return sent.replace(/\s+/g, '').toLowerCase() === got.replace(/\s+/g, '').toLowerCase();
  return fold(sent) === fold(got);
}

/** A sent value (a scalar or a complex value) found in a returned one: every judged sub-attribute the same. */
function sameValue(def: Def, path: string, sent: unknown, got: unknown, schemasReadable: boolean): boolean {
  if (isObject(sent)) {
    if (!isObject(got)) return false;
    return Object.entries(sent).every(([k, v]) => {
      const sub = subDef(def, k);
      if (unassigned(v) || !readable(sub, schemasReadable && def !== undefined)) return true;
      const g = getKeyInsensitive(got, k);
      return g.found && sameValue(sub, `${path}.${k.toLowerCase()}`, v, g.value, schemasReadable);
    });
  }
  return sameScalar(def, path, sent, got);
}

const asList = (v: unknown): unknown[] => (unassigned(v) ? [] : Array.isArray(v) ? v.filter((x) => !unassigned(x)) : [v]);

/**
 * What became of one written value in the returned resource: kept (the same, or a canonical form of
 * it), dropped (absent), stale (what the previous write left, not what this one wrote) or altered.
 * A complex single value is judged sub-attribute by sub-attribute.
 */
export function judgeValue(def: Def, written: Written, got: unknown, previous: unknown, schemasReadable: boolean): Judged[] {
  const path = (written.keys[0] !== undefined && /^urn:/i.test(written.keys[0]) ? written.keys.slice(1) : written.keys).join('.').toLowerCase();
  const sent = written.value;
  const one = (outcome: Outcome): Judged[] => [{ label: written.label, outcome, sent, got }];
  if (unassigned(sent)) return [];
  const multi = def !== undefined ? def['multiValued'] === true : Array.isArray(sent);
  if (multi) {
    const sentValues = asList(sent);
    const gotValues = asList(got);
    const prevValues = asList(previous);
    if (gotValues.length === 0) return one('dropped');
    const same = (a: unknown, b: unknown): boolean => sameValue(def, path, a, b, schemasReadable);
    const stale = gotValues.some((g) => prevValues.some((p) => same(p, g)) && !sentValues.some((s) => same(s, g)));
    if (stale) return one('stale');
    return one(sentValues.every((s) => gotValues.some((g) => same(s, g))) ? 'kept' : 'altered');
  }
  if (isObject(sent)) {
    if (unassigned(got)) return one('dropped');
    if (!isObject(got)) return one('altered');
    return Object.entries(sent).flatMap(([k, v]) => {
      const sub = subDef(def, k);
      if (unassigned(v) || !readable(sub, schemasReadable && def !== undefined)) return [];
      return judgeValue(sub, { label: `${written.label}.${k}`, keys: [...written.keys, k], value: v }, getKeyInsensitive(got, k).value, isObject(previous) ? getKeyInsensitive(previous, k).value : undefined, schemasReadable);
    });
  }
  if (unassigned(got)) return one('dropped');
  if (sameScalar(def, path, sent, got)) return one('kept');
  if (previous !== undefined && !unassigned(previous) && sameScalar(def, path, previous, got) && !sameScalar(def, path, previous, sent)) return one('stale');
  return one('altered');
}

/** The read this step made, the write it judges and the one before it (same resource), or why there is none. */
function pairOf(ctx: CheckContext): { read: Json; write: Write; before: Write | undefined; rt: ResourceName } | typeof NOT_APPLICABLE {
  if (ctx.exchange.request.method !== 'GET') throw new Error('fixture error: a declared-attribute read-back check on a step that is not a GET');
  const id = lastSegment(ctx.exchange.request.url);
  const writes = writesOf(ctx.earlier ?? []).filter((w) => w.id !== undefined && w.id === id);
  const write = writes[writes.length - 1];
  // The write's step did not run (a value it needed never came): nothing to judge, and that step says why.
  if (!write) precondition(`an earlier write of the resource ${ctx.exchange.request.url} reads`, 'no write of it was sent before this read');
  // A refused write wrote nothing: its refusal is rfc7643.attributes.declared-writes-accepted's finding.
  if (!succeeded(write.exchange)) return NOT_APPLICABLE;
  const before = writes.slice(0, -1).reverse().find((w) => succeeded(w.exchange));
  const read = resourceOf(ctx);
  const rt: ResourceName = /\/Groups\//i.test(new URL(ctx.exchange.request.url).pathname) ? 'Group' : 'User';
  return { read, write, before, rt };
}

/** Every judged value of the last write, with what became of it. */
function judgeRead(ctx: CheckContext, expected?: WriteMethod): { write: Write; judged: Judged[] } | typeof NOT_APPLICABLE {
  const pair = pairOf(ctx);
  if (pair === NOT_APPLICABLE) return NOT_APPLICABLE;
  const { read, write, before, rt } = pair;
  if (expected !== undefined && write.method !== expected) precondition(`the ${expected} this read follows`, `the last write of the resource sent before it is a ${write.method}: the ${expected}'s step did not run`);
  const schemasReadable = resourcesOf(ctx.discovery.schemas) !== undefined;
  const previous = before ? writtenBy(before.method, parsed(before.exchange.request.body), rt, ctx.discovery) : [];
  const judged = writtenBy(write.method, parsed(write.exchange.request.body), rt, ctx.discovery).flatMap((w) => {
    const d = declaredAttribute(ctx.discovery, rt, w.keys);
    const def = d.readable ? d.attr : undefined;
    if (!readable(def, schemasReadable)) return [];
    const prev = previous.find((p) => p.keys.length === w.keys.length && p.keys.every((k, i) => eqi(k, w.keys[i]!)));
    return judgeValue(def, w, valueAt(read, w.keys, rt), prev?.value, schemasReadable);
  });
  return { write, judged };
}

const show = (v: unknown): string => (v === undefined ? '(absent)' : snippet(JSON.stringify(v), 160));
/** How the Received line names what became of a value. */
const RECEIVED: Record<Outcome, (got: unknown) => string> = {
  kept: show,
  dropped: (got) => (got === undefined ? '(absent)' : `${show(got)} (unassigned)`),
  stale: (got) => `${show(got)} (what the write before it left: not replaced)`,
  altered: (got) => `${show(got)} (another value)`,
};

/**
 * Judges the read against the last write (which must be an `expected` one, when given) and fails with
 * every value whose outcome is among `failing` (by the write's method).
 */
function report(ctx: CheckContext, failing: (method: WriteMethod) => readonly Outcome[], expected?: WriteMethod): void | typeof NOT_APPLICABLE {
  const result = judgeRead(ctx, expected);
  if (result === NOT_APPLICABLE) return NOT_APPLICABLE;
  const { write, judged } = result;
  if (judged.length === 0) return NOT_APPLICABLE;
  const bad = judged.filter((j) => failing(write.method).includes(j.outcome));
  if (bad.length === 0) return;
  const by = `${write.method} ${new URL(write.exchange.request.url).pathname}`;
  violation(bad.map((j) => `${j.label}: ${show(j.sent)} (as ${by} wrote it${write.method === 'POST' ? '' : ', replacing the earlier value'})`).join('\n'), bad.map((j) => `${j.label}: ${RECEIVED[j.outcome](j.got)}`).join('\n'));
}

export const rfcDeclaredAttributeChecks = [
  defineCheck({
    id: 'rfc7643.attributes.declared-writes-accepted',
    title: 'A POST, PUT or PATCH that writes every attribute /Schemas declares writable, with values of the declared types, is accepted',
    suite: 'rfc7643',
    requirement: rfc7643('7'),
    // No RFC 2119 keyword makes a server accept a value (RFC 7644 §3.12 lets it refuse one "not
    // compatible with the operation or attribute type"), and an endpoint may restrict values it
    // declares (roles it knows, RFC 7643 §4.1.2): a refusal of values of the declared types is a note.
    level: 'SHOULD',
    quote:
      'This section defines a way to specify the schema in use by resources available and accepted by a SCIM service provider. (RFC 7643 §7; a value of the type an attribute is declared with, refused, contradicts the declaration. invalidValue is for "the value specified was not compatible with the operation or attribute type", RFC 7644 §3.12.)',
    provenBy: ['declared-attribute-500'],
    guardsProvision: true,
    verify: (ctx) => {
      const method = ctx.exchange.request.method;
      if (method === 'POST') return expectCreatedId(ctx.exchange, ctx.identity);
      const res = responseOf(ctx.exchange);
      if (res.status < 200 || res.status > 299) violation(`a 2xx answer to a ${method} that writes only attributes /Schemas declares writable, with values of their declared types`, describeResponse(res));
    },
  }),
  defineCheck({
    id: 'rfc7643.attributes.declared-values-kept',
    title: 'Values written to attributes /Schemas declares read back as written, or in a canonical form RFC 7643 names',
    suite: 'rfc7643',
    requirement: rfc7644('3.3'),
    level: 'SHOULD',
    quote:
      'Since the server is free to alter and/or ignore POSTed content, returning the full representation can be useful to the client (RFC 7644 §3.3); service providers SHOULD canonicalize the value (RFC 7643 §4.1.2: emails, phoneNumbers, ims; §2.4). A declared attribute a POST drops, or a value a write changes beyond such a canonical form, is a deviation, not a failure.',
    provenBy: ['declared-values-html-escaped', 'declared-attribute-dropped'],
    // After a POST everything written is judged; after a PUT or PATCH what is gone or stale is the MUST checks' finding.
    verify: (ctx) => report(ctx, (method) => (method === 'POST' ? ['dropped', 'altered'] : ['altered'])),
  }),
  defineCheck({
    id: 'rfc7644.replace.declared-attributes',
    title: 'After a PUT, every attribute it wrote that /Schemas declares holds the new value, not the old one, and none is dropped',
    suite: 'rfc7644',
    requirement: rfc7644('3.5.1'),
    level: 'MUST',
    quote:
      'readWrite, writeOnly: Any values provided SHALL replace the existing attribute values. ... immutable: If the service provider has no existing values, the new value(s) SHALL be applied. (Judged on what a GET returns: writeOnly values "SHALL NOT be returned", RFC 7643 §2.2.)',
    provenBy: ['declared-attribute-dropped', 'group-put-ignored', 'group-put-drops-members'],
    verify: (ctx) => report(ctx, () => ['dropped', 'stale'], 'PUT'),
  }),
  defineCheck({
    id: 'rfc7644.patch.declared-attributes',
    title: 'After a PATCH that answered success, every attribute its "replace" operations wrote holds the new value, and none is dropped',
    suite: 'rfc7644',
    requirement: rfc7644('3.5.2'),
    level: 'MUST',
    quote:
      'Each operation in the sequence is applied to the target resource; the resulting resource becomes the target of the next operation. ... If a single operation encounters an error condition, the original SCIM resource MUST be restored, and a failure status SHALL be returned. (§3.5.2.3: "If the target location is a single-value attribute, the attributes value is replaced"; "If the target location is a multi-valued attribute and no filter is specified, the attribute and all values are replaced".)',
    provenBy: ['declared-attribute-dropped'],
    verify: (ctx) => report(ctx, () => ['dropped', 'stale'], 'PATCH'),
  }),
] satisfies CheckDefinition[];
