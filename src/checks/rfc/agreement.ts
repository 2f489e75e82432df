// Response-body agreement: the resource a POST, PUT or PATCH answers with is the resource the server
// stored, so it agrees with what a read of that resource shows right after. Entra keeps the id and
// trusts the returned body; a stale or echoed body hides what the endpoint really did.
//
// Where each write is judged (one rule, writeJudgedAt / agreementChecksFor, for the replay and for the
// coverage lint in test/selftest/agreement-coverage.test.ts):
//  - a create (POST) at its own step, against the harness's identity read of the created id
//    (src/sequences/identity.ts), which follows every create before anything else is sent;
//  - a PUT or PATCH at the next GET of that resource in its sequence, with no other write in between
//    (reads do not change state, so the GET shows the state as of that write).
// What may legitimately differ is left out:
//  - meta (lastModified, version, location): server bookkeeping, judged by the meta and ETag checks;
//  - attributes a request's attributes/excludedAttributes left out on either side (RFC 7644 §3.9), and
//    then also schemas;
//  - attributes /Schemas does not declare (readback.ts: what can be judged);
//  - the order of multi-valued values (RFC 7643 §2.4 defines no order), and null / [] / absent, which
//    RFC 7643 §2.5 treats alike (unassigned).
// A write that answers 204 or with no resource has nothing to compare (RFC 7644 §3.5.2 allows 204).
import { isDeepStrictEqual } from 'node:util';
import type { Exchange } from '../../http/exchange';
import { isObject, snippet } from '../assert';
import { isJudgedKeys, type ReadBackRules } from '../readback';
import { defineCheck, NOT_APPLICABLE, type CheckContext, type CheckDefinition } from '../types';
import { precondition, violation } from '../violation';
import { rfc7644 } from './common';

type WriteMethod = 'POST' | 'PUT' | 'PATCH';

const RESOURCE_PATH = /\/(Users|Groups)\/[^/?]+$/;

function pathOf(url: string): string {
  return new URL(url).pathname.replace(/\/+$/, '');
}

function projected(url: string): boolean {
  const q = new URL(url).searchParams;
  return [...q.keys()].some((k) => /^(attributes|excludedAttributes)$/i.test(k));
}

/** A request as the agreement rule sees it: its method and the path it addresses (resolved, or a fixture's template). */
export interface Addressed {
  method: string;
  path: string;
}

/** Whether `path` names one user or group, the only reads that judge a write. */
function isResourcePath(path: string): boolean {
  return RESOURCE_PATH.test(path);
}

/**
 * The index in `earlier` of the PUT or PATCH that a GET of `readPath` judges: the last write, when it
 * addressed that same resource and no read of that resource came after it. Any other write in
 * between (a create, a DELETE, a write to another resource) may have changed what the GET shows, so
 * nothing is judged there.
 */
export function writeJudgedAt(earlier: readonly Addressed[], readPath: string): number | undefined {
  if (!isResourcePath(readPath)) return undefined;
  for (let i = earlier.length - 1; i >= 0; i--) {
    const { method, path } = earlier[i]!;
    if (method === 'GET') {
      if (path === readPath) return undefined; // an earlier read of it was the next read
      continue;
    }
    return (method === 'PUT' || method === 'PATCH') && path === readPath ? i : undefined;
  }
  return undefined;
}

/** The write (PUT or PATCH) this GET is the next read of, if any. */
export function writeBeforeRead(read: Exchange, earlier: ReadonlyArray<{ exchange: Exchange }>): Exchange | undefined {
  if (read.request.method !== 'GET') return undefined;
  const i = writeJudgedAt(
    earlier.map(({ exchange }) => ({ method: exchange.request.method, path: pathOf(exchange.request.url) })),
    pathOf(read.request.url),
  );
  return i === undefined ? undefined : earlier[i]!.exchange;
}

function rulesOf(read: Exchange, ctx: CheckContext): ReadBackRules {
  return { discovery: ctx.discovery, resourceType: /\/Groups\//.test(read.request.url) ? 'Group' : 'User' };
}

const unassigned = (v: unknown): boolean => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0) || (isObject(v) && Object.keys(v).length === 0);

/** A value reduced to what is judged: undeclared sub-attributes dropped, multi-valued values sorted. */
function comparable(value: unknown, keys: readonly string[], rules: ReadBackRules): unknown {
  if (Array.isArray(value)) {
    const items = value.map((v) => comparable(v, keys, rules)).filter((v) => !unassigned(v));
    return items.length === 0 ? undefined : items.map((v) => JSON.stringify(v)).sort();
  }
  if (isObject(value)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) {
      if (!isJudgedKeys([...keys, k], rules)) continue;
      const c = comparable(value[k], [...keys, k], rules);
      if (!unassigned(c)) out[k] = c;
    }
    return Object.keys(out).length === 0 ? undefined : out;
  }
  return unassigned(value) ? undefined : value;
}

/** Attribute -> [write response, GET] for every judged top-level attribute on which they differ. */
export function disagreements(written: Record<string, unknown>, read: Record<string, unknown>, restricted: boolean, rules: ReadBackRules): Array<[string, unknown, unknown]> {
  const out: Array<[string, unknown, unknown]> = [];
  const keys = new Set([...Object.keys(written), ...Object.keys(read)]);
  for (const key of [...keys].sort()) {
    if (/^meta$/i.test(key)) continue;
    // A projected representation lists the schemas of what it carries (RFC 7643 §3), so its schemas may differ too.
    if (restricted && (!(key in written) || !(key in read) || key === 'schemas')) continue;
    const extension = /^urn:/i.test(key);
    // schemas lists URNs: compared as a set; an extension object is judged attribute by attribute.
    const a = key === 'schemas' ? comparable(written[key], [], { discovery: undefined, resourceType: rules.resourceType }) : extension ? comparable(written[key], [key], rules) : isJudgedKeys([key], rules) ? comparable(written[key], [key], rules) : undefined;
    const b = key === 'schemas' ? comparable(read[key], [], { discovery: undefined, resourceType: rules.resourceType }) : extension ? comparable(read[key], [key], rules) : isJudgedKeys([key], rules) ? comparable(read[key], [key], rules) : undefined;
    if (!isDeepStrictEqual(a, b)) out.push([key, written[key], read[key]]);
  }
  return out;
}

/** The write and the read to compare, or NOT_APPLICABLE when this step has no such pair. */
function pairOf(method: WriteMethod, ctx: CheckContext): { write: Exchange; read: Exchange } | typeof NOT_APPLICABLE {
  if (method === 'POST') {
    // Judged at the create itself, against the identity read that followed it (no identity read: no id was returned).
    if (ctx.exchange.request.method !== 'POST' || !ctx.identity) return NOT_APPLICABLE;
    if (ctx.identity.problem !== undefined && ctx.identity.exchange.response?.status === 200) {
      precondition('a read of the created id that shows the created resource', ctx.identity.problem);
    }
    return { write: ctx.exchange, read: ctx.identity.exchange };
  }
  const write = writeBeforeRead(ctx.exchange, ctx.earlier ?? []);
  return write && write.request.method === method ? { write, read: ctx.exchange } : NOT_APPLICABLE;
}

function judge(method: WriteMethod) {
  return (ctx: CheckContext): void | typeof NOT_APPLICABLE => {
    const pair = pairOf(method, ctx);
    if (pair === NOT_APPLICABLE) return NOT_APPLICABLE;
    const { write, read } = pair;
    const w = write.response;
    // 204 or a body that is not a resource: nothing was returned to disagree (other checks judge the status).
    if (!w || w.status < 200 || w.status > 299 || !isObject(w.json) || w.json['id'] === undefined) return NOT_APPLICABLE;
    const r = read.response;
    if (!r || r.status !== 200 || !isObject(r.json)) return NOT_APPLICABLE; // the GET's own checks (or, after a create, the create checks) judge a failed read
    const found = disagreements(w.json, r.json, projected(write.request.url) || projected(read.request.url), rulesOf(read, ctx));
    if (found.length === 0) return;
    const show = (v: unknown) => (v === undefined ? '(absent)' : snippet(JSON.stringify(v), 200));
    const what = method === 'POST' ? 'the read of the created id' : 'the next GET';
    violation(
      `the ${method} response (${write.request.method} ${new URL(write.request.url).pathname} -> ${w.status}) shows the resource ${what} shows`,
      found.map(([k, a, b]) => `${k}: ${method} answered ${show(a)}, GET shows ${show(b)}`).join('\n'),
    );
  };
}

export const rfcAgreementChecks = [
  defineCheck({
    id: 'rfc7644.patch.response-agrees',
    title: 'The resource a PATCH returns is the modified resource the next GET shows',
    suite: 'rfc7644',
    requirement: rfc7644('3.5.2'),
    level: 'MUST',
    quote:
      'On successful completion, the server either MUST return a 200 OK response code and the entire resource within the response body, subject to the "attributes" query parameter (see Section 3.9), or MAY return HTTP status code 204 (No Content) and the appropriate response headers for a successful PATCH request.',
    provenBy: ['patch-returns-previous'],
    verify: judge('PATCH'),
  }),
  defineCheck({
    id: 'rfc7644.replace.response-agrees',
    title: 'The resource a PUT returns is the replaced resource the next GET shows',
    suite: 'rfc7644',
    requirement: rfc7644('3.5.1'),
    level: 'SHOULD',
    // No RFC 2119 keyword here (hence SHOULD): the RFC describes the response, for the client to compare views.
    quote:
      'Unless otherwise specified, a successful PUT operation returns a 200 OK response code and the entire resource within the response body, enabling the client to correlate the client\'s and the provider\'s views of the updated resource.',
    provenBy: ['put-returns-previous'],
    verify: judge('PUT'),
  }),
  defineCheck({
    id: 'rfc7644.create.response-agrees',
    title: 'The resource a POST returns is the created resource a read of its id shows',
    suite: 'rfc7644',
    requirement: rfc7644('3.3'),
    level: 'SHOULD',
    quote: 'The response body SHOULD contain the service provider\'s representation of the newly created resource.',
    provenBy: ['create-echoes-request'],
    verify: judge('POST'),
  }),
] satisfies CheckDefinition[];

/** The agreement check of each write method. */
export const AGREEMENT_CHECK_BY_WRITE: Readonly<Record<WriteMethod, string>> = {
  PATCH: 'rfc7644.patch.response-agrees',
  PUT: 'rfc7644.replace.response-agrees',
  POST: 'rfc7644.create.response-agrees',
};

/**
 * The agreement checks a step gets, given its method and the methods of its sequence's steps: a
 * create its own (judged against the identity read), a GET those of the PUTs and PATCHes its
 * sequence sends. Without `step` (lints), all of them.
 */
export function agreementChecksFor(step?: { method: string; sequenceMethods: readonly string[] }): string[] {
  return Object.entries(AGREEMENT_CHECK_BY_WRITE)
    .filter(([write]) => !step || (write === 'POST' ? step.method === 'POST' : step.method === 'GET' && step.sequenceMethods.includes(write)))
    .map(([, id]) => id);
}
