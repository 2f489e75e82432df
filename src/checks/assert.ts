// Small assertions shared by checks. Each throws a Violation whose Received line shows what the
// endpoint actually answered, so a failure reads on its own.
import type { Exchange, RecordedResponse } from '../http/exchange';
import { violation } from './violation';

export function snippet(text: string, max = 300): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}… (${text.length} chars)` : flat;
}

export function describeResponse(res: RecordedResponse): string {
  const body = res.bodyText.trim() === '' ? '(empty body)' : snippet(res.bodyText);
  return `HTTP ${res.status} ${body}`;
}

export function responseOf(ex: Exchange): RecordedResponse {
  if (!ex.response) violation('an HTTP response', `no response: ${ex.error?.code ?? 'error'} ${ex.error?.message ?? ''}`.trim());
  return ex.response;
}

export function expectStatus(ex: Exchange, allowed: readonly number[]): RecordedResponse {
  const res = responseOf(ex);
  if (!allowed.includes(res.status)) violation(`HTTP ${allowed.join(' or ')}`, describeResponse(res));
  return res;
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The JSON object body of a response (with the expected status already checked by the caller). */
export function jsonObjectOf(res: RecordedResponse): Record<string, unknown> {
  if (res.jsonError !== undefined) violation('a JSON body', `unparsable body (${res.jsonError}): ${snippet(res.bodyText)}`);
  if (!isObject(res.json)) violation('a JSON object body', describeResponse(res));
  return res.json;
}

export interface ListBody {
  totalResults: unknown;
  resources: unknown[];
}

/** The ListResponse in a 200 answer to a query. */
export function listOf(ex: Exchange): ListBody {
  const res = expectStatus(ex, [200]);
  const body = jsonObjectOf(res);
  const resources = body['Resources'] ?? [];
  if (!Array.isArray(resources)) violation('"Resources" as an array', `"Resources": ${snippet(JSON.stringify(resources))}`);
  return { totalResults: body['totalResults'], resources };
}

export function idOf(resource: unknown): unknown {
  return isObject(resource) ? resource['id'] : undefined;
}

/** A query that must match nothing: 200, "totalResults": 0, no Resources (never a 404). */
export function expectEmptyList(ex: Exchange): void {
  const list = listOf(ex);
  if (list.totalResults !== 0 || list.resources.length !== 0) {
    violation('"totalResults": 0 and no Resources', `"totalResults": ${JSON.stringify(list.totalResults)}, ${list.resources.length} resource(s): ${snippet(JSON.stringify(list.resources))}`);
  }
}

/** A query that must match exactly the resource with this id. */
export function expectSingleMatch(ex: Exchange, id: string): Record<string, unknown> {
  const list = listOf(ex);
  const ids = list.resources.map(idOf);
  if (list.totalResults !== 1 || list.resources.length !== 1 || ids[0] !== id) {
    violation(`exactly one resource, id ${JSON.stringify(id)} ("totalResults": 1)`, `"totalResults": ${JSON.stringify(list.totalResults)}, ids ${JSON.stringify(ids)}`);
  }
  return list.resources[0] as Record<string, unknown>;
}

/** The id a step's fixture says the response must carry or refer to. */
export function expectedId(ctx: { expect: { id?: string } }): string {
  if (ctx.expect.id === undefined) throw new Error('fixture error: this check needs expect.id');
  return ctx.expect.id;
}

/** A create that succeeded for what later steps need: a 2xx whose body is the resource with a non-empty id. */
export function expectCreatedId(ex: Exchange, identity?: { problem?: string }): void {
  const res = responseOf(ex);
  if (res.status < 200 || res.status > 299) violation('HTTP 201 Created (any 2xx) with the created resource and its "id"', describeResponse(res));
  const id = jsonObjectOf(res)['id'];
  if (typeof id !== 'string' || id.trim() === '') violation('"id": a non-empty string', `"id": ${JSON.stringify(id)}`);
  if (identity?.problem) violation('the "id" of the resource just created (a read of it shows the name it was created with)', identity.problem);
}

/** A DELETE Entra takes as done: any 2xx, with or without a body (RFC 7644 §3.6 itself asks for 204: rfc7644.delete.status-204). */
export function expectDeleted(ctx: { exchange: Exchange }): void {
  const res = responseOf(ctx.exchange);
  if (res.status < 200 || res.status > 299) violation('a 2xx (204 No Content, or 200 with or without a body)', describeResponse(res));
}
