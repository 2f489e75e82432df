// RFC 7644 §3.3-3.6 resource operations (create, read, replace, delete) and the RFC 7643 attribute
// characteristics they must respect (meta §3.1, readOnly, returned "never").
import { header } from '../../http/exchange';
import { describeResponse, expectCreatedId, expectStatus, isObject, responseOf } from '../assert';
import { defineCheck, type CheckDefinition } from '../types';
import { violation } from '../violation';
import { expectId, expectResource, expectSentValues, resourceOf, rfc7643, rfc7644 } from './common';

const isDateTime = (v: unknown): boolean => typeof v === 'string' && /^\d{4}-\d\d-\d\dT/.test(v) && !Number.isNaN(Date.parse(v));

export const rfcResourceChecks = [
  defineCheck({
    id: 'rfc7644.create.accepted',
    title: 'A valid POST creates the resource and returns it with its id',
    suite: 'rfc7644',
    requirement: rfc7644('3.3'),
    level: 'MUST',
    quote: 'When the service provider successfully creates the new resource, an HTTP response SHALL be returned with HTTP status code 201 (Created) ... Each representation of the resource MUST include a non-empty "id" value (RFC 7643 §3.1).',
    provenBy: ['create-no-id', 'create-returns-other-id'],
    guardsProvision: true,
    verify: (ctx) => expectCreatedId(ctx.exchange, ctx.identity),
  }),
  defineCheck({
    id: 'rfc7644.create.status-201',
    title: 'POST of a new resource answers 201 Created',
    suite: 'rfc7644',
    requirement: rfc7644('3.3'),
    level: 'MUST',
    quote: 'When the service provider successfully creates the new resource, an HTTP response SHALL be returned with HTTP status code 201 (Created).',
    provenBy: ['create-returns-200'],
    verify: (ctx) => void expectStatus(ctx.exchange, [201]),
  }),
  defineCheck({
    id: 'rfc7644.create.location',
    title: 'The created resource comes with a Location header equal to its meta.location',
    suite: 'rfc7644',
    requirement: rfc7644('3.3'),
    level: 'MUST',
    quote: 'The URI of the created resource SHALL include, in the HTTP "Location" header and the HTTP body, a JSON representation with the attribute "meta.location".',
    provenBy: ['resource-meta-missing'],
    verify: (ctx) => {
      const body = resourceOf(ctx, [200, 201]);
      const location = header(ctx.exchange.response, 'location');
      const meta = isObject(body['meta']) ? body['meta'] : {};
      if (!location || meta['location'] !== location) {
        violation('a Location header and "meta.location" with the same URI', `Location: ${location ?? '(none)'}; "meta.location": ${JSON.stringify(meta['location']) ?? '(absent)'}`);
      }
    },
  }),
  defineCheck({
    id: 'rfc7643.meta.attributes',
    title: 'Returned resources carry meta with resourceType, created, lastModified and location',
    suite: 'rfc7643',
    requirement: rfc7643('3.1'),
    level: 'SHOULD',
    quote: 'meta: A complex attribute containing resource metadata. All "meta" sub-attributes are assigned by the service provider ... and have a "returned" characteristic of "default" (resourceType, created, lastModified, location).',
    provenBy: ['resource-meta-missing', 'meta-resource-type-plural'],
    verify: (ctx) => {
      const body = resourceOf(ctx, [200, 201]);
      const meta = body['meta'];
      const type = ctx.responseKind === 'Group' ? 'Group' : 'User';
      const problems: string[] = [];
      if (!isObject(meta)) problems.push('no "meta" object');
      else {
        if (meta['resourceType'] !== type) problems.push(`"resourceType": ${JSON.stringify(meta['resourceType']) ?? '(absent)'}`);
        for (const k of ['created', 'lastModified']) if (!isDateTime(meta[k])) problems.push(`"${k}": ${JSON.stringify(meta[k]) ?? '(absent)'}`);
        if (typeof meta['location'] !== 'string' || meta['location'] === '') problems.push(`"location": ${JSON.stringify(meta['location']) ?? '(absent)'}`);
      }
      if (problems.length > 0) violation(`"meta" with "resourceType": "${type}", "created" and "lastModified" dateTimes and a "location" URI`, problems.join('; '));
    },
  }),
  defineCheck({
    id: 'rfc7644.create.read-only-ignored',
    title: 'readOnly attributes in a POST body are ignored, neither stored nor refused',
    suite: 'rfc7644',
    requirement: rfc7644('3.3'),
    level: 'MUST',
    quote: 'In the request body, attributes whose mutability is "readOnly" (see Sections 2.2 and 7 of [RFC7643]) SHALL be ignored.',
    provenBy: ['create-rejects-meta'],
    needs: ['absent'],
    verify: (ctx) => expectResource(ctx, resourceOf(ctx, [200, 201]), ['absent']),
  }),
  defineCheck({
    id: 'rfc7644.get.by-id',
    title: 'GET by id returns the resource with the values it was given',
    suite: 'rfc7644',
    requirement: rfc7644('3.4.1'),
    level: 'MUST',
    quote: 'To retrieve a known resource, clients send GET requests to the resource endpoint, e.g., "/Users/{id}" ... If the resource exists, the server responds with HTTP status code 200 (OK) and includes the result in the body of the response.',
    provenBy: ['create-drops-extension'],
    needs: ['id', 'resource'],
    verify: (ctx) => {
      const body = resourceOf(ctx);
      expectId(ctx, body);
      expectSentValues(ctx, body);
    },
  }),
  defineCheck({
    id: 'rfc7644.replace.values-replaced',
    title: 'PUT answers 200 with the resource, keeps its id, and the values sent replace the stored ones',
    suite: 'rfc7644',
    requirement: rfc7644('3.5.1'),
    level: 'MUST',
    quote: 'readWrite, writeOnly: Any values provided SHALL replace the existing attribute values. ... Unless otherwise specified, a successful PUT operation returns a 200 OK response code and the entire resource within the response body.',
    provenBy: ['replace-merges', 'put-405', 'put-reassigns-id'],
    needs: ['id'],
    verify: (ctx) => {
      const body = resourceOf(ctx);
      expectId(ctx, body);
      expectResource(ctx, body, ['paths', 'counts']);
    },
  }),
  defineCheck({
    id: 'rfc7644.replace.omitted-cleared',
    title: 'Attributes a PUT omits are cleared',
    suite: 'rfc7644',
    requirement: rfc7644('3.5.1'),
    level: 'MAY',
    quote: 'Attributes whose mutability is "readWrite" that are omitted from the request body MAY be assumed to be not asserted by the client. The service provider MAY assume that any existing values are to be cleared, or the service provider MAY assign default values.',
    provenBy: ['replace-merges'],
    needs: ['absent'],
    verify: (ctx) => expectResource(ctx, resourceOf(ctx), ['absent']),
  }),
  defineCheck({
    id: 'rfc7644.delete.status-204',
    title: 'DELETE answers 204 No Content',
    suite: 'rfc7644',
    requirement: rfc7644('3.6'),
    level: 'MUST',
    quote: 'In response to a successful DELETE, the server SHALL return a successful HTTP status code 204 (No Content).',
    provenBy: ['delete-returns-200'],
    verify: (ctx) => void expectStatus(ctx.exchange, [204]),
  }),
  defineCheck({
    id: 'rfc7644.delete.gone-404',
    title: 'Every operation on a deleted resource answers 404',
    suite: 'rfc7644',
    requirement: rfc7644('3.6'),
    level: 'MUST',
    quote: 'Service providers MAY choose not to permanently delete the resource, but MUST return a 404 (Not Found) error code for all operations associated with the previously deleted resource.',
    provenBy: ['delete-soft', 'unknown-id-200'],
    verify: (ctx) => void expectStatus(ctx.exchange, [404]),
  }),
  defineCheck({
    id: 'rfc7643.attributes.returned-never',
    title: 'Attributes declared "returned": "never" (password) are never returned',
    suite: 'rfc7643',
    requirement: rfc7643('7'),
    level: 'MUST',
    quote: 'returned ... never: The attribute is never returned. This may occur because the original attribute value (e.g., a hashed value) is not retained by the service provider.',
    provenBy: ['response-unfiltered'],
    needs: ['absent'],
    verify: (ctx) => expectResource(ctx, resourceOf(ctx, [200, 201]), ['absent']),
  }),
  defineCheck({
    id: 'rfc7643.user.user-name-required',
    title: 'POST /Users without a userName does not create a user without one',
    suite: 'rfc7643',
    requirement: rfc7643('4.1.1'),
    level: 'MUST',
    quote: 'userName: A service provider\'s unique identifier for the user ... Each User MUST include a non-empty userName value. ... REQUIRED.',
    provenBy: ['create-without-username-accepted'],
    verify: (ctx) => {
      const res = responseOf(ctx.exchange);
      // A refusal (any non-2xx: 400, or a 409 the endpoint raises) creates nothing; whether it is the
      // right refusal is rfc7644.errors.*'s finding. A provider that fills in a userName of its own
      // still has users with one.
      if (res.status < 200 || res.status >= 300) return;
      const body = isObject(res.json) ? res.json : {};
      const userName = body['userName'];
      if (typeof userName !== 'string' || userName.trim() === '') {
        violation('a refusal (400 with scimType "invalidValue"), or a user created with a non-empty userName', describeResponse(res));
      }
    },
  }),
] satisfies CheckDefinition[];
