// Assertions the RFC 7643/7644 checks share: where requirements are written, reading a returned
// resource, and comparing it with what a fixture step expects (paths, absent attributes, value counts,
// the ids of a list, the scimType of an error).
import { isDeepStrictEqual } from 'node:util';
import { getPath } from '../../scim/path';
import { describeResponse, expectStatus, idOf, isObject, jsonObjectOf, listOf, snippet } from '../assert';
import { isCaseExact, pathKeys, sameValue } from '../declared';
import { DOCS } from '../references';
import { expectSentValuesBack, isJudged, type ReadBackRules } from '../readback';
import type { CheckContext, Requirement } from '../types';
import { violation } from '../violation';

export const rfc7643 = (section: string): Requirement => ({ ref: `RFC7643 §${section}`, url: DOCS.rfc7643(section) });
export const rfc7644 = (section: string): Requirement => ({ ref: `RFC7644 §${section}`, url: DOCS.rfc7644(section) });

/** The JSON object a 2xx answer carries (statuses limited to `allowed`). */
export function resourceOf(ctx: CheckContext, allowed: readonly number[] = [200]): Record<string, unknown> {
  return jsonObjectOf(expectStatus(ctx.exchange, allowed));
}

function show(lookup: ReturnType<typeof getPath>): string {
  if (!lookup.found) return '(absent)';
  return lookup.ambiguous ? `several matches ${JSON.stringify(lookup.value)}` : JSON.stringify(lookup.value);
}

function valuesAt(resource: Record<string, unknown>, path: string): unknown[] {
  const got = getPath(resource, path);
  if (!got.found || got.value === null) return [];
  return Array.isArray(got.value) ? got.value : [got.value];
}

/** RFC read-back rules: an attribute /Schemas does not declare may be ignored (RFC 7644 §3.3). */
export function rfcRules(ctx: CheckContext): ReadBackRules {
  return { discovery: ctx.discovery, resourceType: ctx.responseKind === 'Group' || ctx.responseKind === 'GroupList' ? 'Group' : 'User' };
}

export type ResourceExpectation = 'paths' | 'absent' | 'counts';

/**
 * Judges a returned resource against the step's `paths` (exact values), `absent` (paths that must
 * not be there) and `counts` (how many values a multi-valued attribute holds), or only the parts
 * named, so that two checks of one step can judge different aspects; all mismatches at once.
 */
export function expectResource(ctx: CheckContext, resource: Record<string, unknown>, parts: readonly ResourceExpectation[] = ['paths', 'absent', 'counts']): void {
  const paths = parts.includes('paths') ? (ctx.expect.paths ?? {}) : {};
  const absent = parts.includes('absent') ? (ctx.expect.absent ?? []) : [];
  const counts = parts.includes('counts') ? (ctx.expect.counts ?? {}) : {};
  if (Object.keys(paths).length + absent.length + Object.keys(counts).length === 0) {
    throw new Error(`fixture error: this check needs expect.${parts.join(', expect.')}`);
  }
  const expected: string[] = [];
  const received: string[] = [];
  const rules = rfcRules(ctx);
  for (const [path, want] of Object.entries(paths)) {
    if (!isJudged(path, rules)) continue;
    const got = getPath(resource, path);
    if (!got.found || got.ambiguous || !sameValue(want, got.value, isCaseExact(rules.discovery, rules.resourceType, pathKeys(path)))) {
      expected.push(`${path}: ${JSON.stringify(want)}`);
      received.push(`${path}: ${show(got)}`);
    }
  }
  for (const path of absent) {
    const got = getPath(resource, path);
    if (got.found && got.value !== null && !(Array.isArray(got.value) && got.value.length === 0)) {
      expected.push(`${path}: (absent)`);
      received.push(`${path}: ${show(got)}`);
    }
  }
  for (const [path, n] of Object.entries(counts)) {
    if (!isJudged(path, rules)) continue;
    const values = valuesAt(resource, path);
    if (values.length !== n) {
      expected.push(`${path}: ${n} value(s)`);
      received.push(`${path}: ${values.length} value(s) ${snippet(JSON.stringify(values), 200)}`);
    }
  }
  if (expected.length > 0) violation(expected.join('\n'), received.join('\n'));
}

/** Every value the step's `resource` names reads back (a subset comparison, as Entra's checks do). */
export function expectSentValues(ctx: CheckContext, resource: Record<string, unknown>): void {
  if (ctx.expect.resource === undefined) return;
  expectSentValuesBack(ctx.expect.resource, resource, rfcRules(ctx));
}

export function expectId(ctx: CheckContext, resource: Record<string, unknown>): void {
  const want = ctx.expect.id;
  if (want !== undefined && resource['id'] !== want) violation(`"id": ${JSON.stringify(want)}`, `"id": ${JSON.stringify(resource['id'])}`);
}

/** The ids a step expects a list to hold. */
export function expectedIds(ctx: CheckContext): string[] {
  if (!ctx.expect.ids) throw new Error('fixture error: this check needs expect.ids');
  return ctx.expect.ids;
}

/**
 * A 200 ListResponse holding exactly the expected ids (in order when the step says so), totalResults
 * matching. A page that holds fewer than totalResults is judged as a page: RFC 7644 §3.4.2.4 lets the
 * provider "return fewer results" than asked, so its ids must be the first (or, unordered, some) of
 * the expected ones.
 */
export function expectListIds(ctx: CheckContext): void {
  const want = expectedIds(ctx);
  const list = listOf(ctx.exchange);
  const got = list.resources.map(idOf);
  const total = ctx.expect.total ?? want.length;
  const partial = list.totalResults === total && got.length > 0 && got.length < want.length;
  const expected = partial ? (ctx.expect.ordered ? want.slice(0, got.length) : want) : want;
  const sameSet = new Set(got).size === got.length && got.every((id) => expected.includes(id as string)) && (partial || got.length === want.length);
  const sameOrder = !ctx.expect.ordered || isDeepStrictEqual(got, expected);
  if (!sameSet || !sameOrder || list.totalResults !== total) {
    violation(
      `${ctx.expect.ordered ? 'in this order' : 'exactly'} the ids ${JSON.stringify(want)} (or a first page of them), "totalResults": ${total}`,
      `ids ${JSON.stringify(got)}, "totalResults": ${JSON.stringify(list.totalResults)}`,
    );
  }
}

/** A request parameter of the judged exchange, as sent. */
export function requestParam(ctx: CheckContext, name: string): string | undefined {
  return new URL(ctx.exchange.request.url).searchParams.get(name) ?? undefined;
}

/** An error answer with the status and (one of) the scimType(s) the step expects. */
export function expectError(ctx: CheckContext, status: number, scimTypes: readonly string[]): void {
  const res = expectStatus(ctx.exchange, [status]);
  const body = res.json;
  const scimType = isObject(body) ? body['scimType'] : undefined;
  if (typeof scimType !== 'string' || !scimTypes.includes(scimType)) {
    violation(`HTTP ${status} with "scimType": ${scimTypes.map((t) => JSON.stringify(t)).join(' or ')}`, describeResponse(res));
  }
}

export function expectedScimTypes(ctx: CheckContext): string[] {
  const t = ctx.expect.scimType;
  if (t === undefined) throw new Error('fixture error: this check needs expect.scimType');
  return Array.isArray(t) ? t : [t];
}
