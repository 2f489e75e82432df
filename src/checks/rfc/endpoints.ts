// Endpoints beyond /Users and /Groups by id: URLs that name nothing (RFC 7644 §3.12), each listed
// ResourceType and Schema read by its id (§4, §3.4.1), and queries sent as POST /.search (§3.4.3).
import { URN } from '../../scim/urns';
import { describeResponse, isObject, responseOf, snippet } from '../assert';
import { resourcesOf } from '../declared';
import { defineCheck, type CheckContext, type CheckDefinition } from '../types';
import { unsupported, violation } from '../violation';
import { expectListIds, resourceOf, rfc7644 } from './common';

const eqi = (a: unknown, b: unknown): boolean => typeof a === 'string' && typeof b === 'string' && a.toLowerCase() === b.toLowerCase();

function expectedId(ctx: CheckContext): string {
  if (ctx.expect.id === undefined) throw new Error('fixture error: this check needs expect.id (an eachListedId step sets it)');
  return ctx.expect.id;
}

/** The listed document a by-id step reads: the ResourceType with that id (or, without one, that name), or the Schema. */
function listedDocument(ctx: CheckContext, which: 'resourceTypes' | 'schemas'): Record<string, unknown> {
  const id = expectedId(ctx);
  const list = resourcesOf(ctx.discovery[which]) ?? [];
  const found = list.find((d) => d['id'] === id) ?? list.find((d) => d['id'] === undefined && d['name'] === id);
  if (!found) throw new Error(`fixture error: ${id} is not in the run's ${which === 'schemas' ? '/Schemas' : '/ResourceTypes'} list`);
  return found;
}

const show = (v: unknown): string => (v === undefined ? '(absent)' : snippet(JSON.stringify(v), 160));

/** The schema URIs of a ResourceType's extensions, as a sorted set. */
function extensionUris(doc: Record<string, unknown>): string[] {
  const list = Array.isArray(doc['schemaExtensions']) ? doc['schemaExtensions'] : [];
  return list.map((e) => (isObject(e) && typeof e['schema'] === 'string' ? e['schema'] : JSON.stringify(e))).sort();
}

/** The names of a Schema's attributes, lower-cased (RFC 7643 §2.1: names are case-insensitive), as a sorted set. */
function attributeNames(doc: Record<string, unknown>): string[] {
  const list = Array.isArray(doc['attributes']) ? doc['attributes'] : [];
  return list.map((a) => (isObject(a) && typeof a['name'] === 'string' ? a['name'].toLowerCase() : JSON.stringify(a))).sort();
}

export const rfcEndpointChecks = [
  defineCheck({
    id: 'rfc7644.errors.unknown-endpoint',
    title: 'A URL that names no endpoint or resource (/<uuid>, /ResourceTypes/<uuid>, /Schemas/<uuid>) answers 404 with a SCIM Error body',
    suite: 'rfc7644',
    requirement: rfc7644('3.12'),
    level: 'MUST',
    quote:
      'In addition to returning an HTTP response code, implementers MUST return the errors in the body of the response in a JSON format, using the attributes described below. Error responses are identified using the following "schema" URI: "urn:ietf:params:scim:api:messages:2.0:Error". ... status: The HTTP status code ... expressed as a JSON string. REQUIRED. (Table 8: 404 NOT FOUND, "Specified resource (e.g., User) or endpoint does not exist".)',
    provenBy: ['unknown-path-200', 'unknown-path-html-404', 'unknown-path-404-no-body'],
    verify: (ctx) => {
      const res = responseOf(ctx.exchange);
      const problems: string[] = [];
      if (res.status !== 404) problems.push(`status ${res.status}, not 404`);
      const body = res.json;
      if (res.bodyText.trim() === '') problems.push('no body');
      else if (res.jsonError !== undefined || !isObject(body)) problems.push(`a body that is no JSON object (Content-Type ${res.headers['content-type'] ?? '(none)'})`);
      else {
        const schemas = Array.isArray(body['schemas']) ? body['schemas'] : [];
        if (!schemas.includes(URN.error)) problems.push(`"schemas": ${show(body['schemas'])}, without ${URN.error}`);
        if (String(body['status']) !== String(res.status)) problems.push(`"status": ${show(body['status'])}, not "${res.status}"`);
      }
      if (problems.length > 0) violation(`HTTP 404 with a SCIM Error body: {"schemas": ["${URN.error}"], "status": "404", "detail": …}`, `${problems.join('; ')}: ${describeResponse(res)}`);
    },
  }),
  defineCheck({
    id: 'rfc7644.discovery.resource-type-by-id',
    title: 'Every ResourceType /ResourceTypes lists is returned by GET /ResourceTypes/<id> (its name when it has no id), as listed',
    suite: 'rfc7644',
    requirement: rfc7644('4'),
    // The sentences carry no RFC 2119 keyword, and a ResourceType's id is OPTIONAL (RFC 7643 §6): a note.
    level: 'SHOULD',
    quote:
      'In cases where a request is for a specific "ResourceType" or "Schema", the single JSON object is returned in the same way that a single User or Group is retrieved, as per Section 3.4.1. (§3.4.1: "If the resource exists, the server responds with HTTP status code 200 (OK) and includes the result in the body of the response.")',
    provenBy: ['resource-type-by-id-404'],
    verify: (ctx) => {
      const listed = listedDocument(ctx, 'resourceTypes');
      const got = resourceOf(ctx);
      const expected: string[] = [];
      const received: string[] = [];
      for (const key of ['id', 'name', 'endpoint', 'schema']) {
        if (listed[key] === undefined || got[key] === listed[key]) continue;
        expected.push(`"${key}": ${show(listed[key])}`);
        received.push(`"${key}": ${show(got[key])}`);
      }
      if (extensionUris(listed).join('\n') !== extensionUris(got).join('\n')) {
        expected.push(`"schemaExtensions": ${show(extensionUris(listed))}`);
        received.push(`"schemaExtensions": ${show(extensionUris(got))}`);
      }
      if (expected.length > 0) violation(`the ResourceType as /ResourceTypes lists it: ${expected.join(', ')}`, received.join(', '));
    },
  }),
  defineCheck({
    id: 'rfc7644.discovery.schema-by-id',
    title: 'Every Schema /Schemas lists is returned by GET /Schemas/<its URI>, with the attributes listed',
    suite: 'rfc7644',
    requirement: rfc7644('4'),
    level: 'MUST',
    quote:
      'Individual schema definitions can be returned by appending the schema URI to the /Schemas endpoint (RFC 7644 §4), "in the same way that a single User or Group is retrieved, as per Section 3.4.1" ("/Schemas/{id}"). A ResourceType\'s schema "MUST be equal to the "id" attribute of the associated "Schema" resource", and each extension\'s schema "MUST be equal to the "id" attribute of a "Schema" resource" (RFC 7643 §6).',
    provenBy: ['schema-by-id-404'],
    verify: (ctx) => {
      const listed = listedDocument(ctx, 'schemas');
      const got = resourceOf(ctx);
      if (!eqi(got['id'], listed['id'])) violation(`"id": ${show(listed['id'])}`, `"id": ${show(got['id'])}`);
      const want = attributeNames(listed);
      const have = attributeNames(got);
      if (want.join('\n') !== have.join('\n')) violation(`the attributes /Schemas lists: ${show(want)}`, `${show(have)}`);
    },
  }),
  defineCheck({
    id: 'rfc7644.search.post-query',
    title: 'POST /.search with a SearchRequest answers as the same query by GET: a ListResponse of exactly the matching resources (skipped where /.search is not offered)',
    suite: 'rfc7644',
    requirement: rfc7644('3.4.3'),
    level: 'MUST',
    quote:
      'Clients MAY execute queries without passing parameters on the URL by using the HTTP POST verb combined with the "/.search" path extension. The inclusion of "/.search" on the end of a valid SCIM endpoint SHALL be used to indicate that the HTTP POST verb is intended to be a query operation. ... After receiving an HTTP POST request, a response is returned as specified in Section 3.4.2.',
    provenBy: ['search-ignores-filter'],
    needs: ['ids'],
    verify: (ctx) => {
      const res = responseOf(ctx.exchange);
      // A MAY for clients: an endpoint that does not offer /.search answers as to any unknown endpoint or method.
      if ([404, 405, 501].includes(res.status)) unsupported(`POST ${new URL(ctx.exchange.request.url).pathname} (RFC 7644 §3.4.3: clients "MAY" query with POST /.search)`, `it answered ${describeResponse(res)}`);
      expectListIds(ctx);
    },
  }),
] satisfies CheckDefinition[];
