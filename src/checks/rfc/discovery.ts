// RFC 7644 §4 discovery endpoints, validated against the JSON Schemas of the documents RFC 7643 §5-7
// defines. What these documents declare also decides which other RFC checks apply (capabilities.ts).
import { formatIssues, validateList, validateSchema, type SchemaKind } from '../../schemas';
import { snippet } from '../assert';
import { defineCheck, type CheckContext, type CheckDefinition } from '../types';
import { violation } from '../violation';
import { resourceOf, rfc7643 } from './common';

/** The document of a discovery step, validated as a single resource or as a ListResponse of them. */
function expectDocument(ctx: CheckContext, kind: SchemaKind, what: string): void {
  const asList = ctx.responseKind.endsWith('List');
  if (!ctx.responseKind.startsWith(kind)) throw new Error(`fixture error: a ${kind} check on a ${ctx.responseKind} step`);
  const body = resourceOf(ctx);
  const result = asList ? validateList(kind, body) : validateSchema(kind, body);
  if (!result.valid) {
    violation(asList ? `a ListResponse of ${what} representations (RFC 7643)` : `a ${what} representation (RFC 7643)`, `${formatIssues(result.issues)}\nin: ${snippet(JSON.stringify(body))}`);
  }
}

export const rfcDiscoveryChecks = [
  defineCheck({
    id: 'rfc7643.discovery.service-provider-config',
    title: '/ServiceProviderConfig describes the supported features with the attributes RFC 7643 requires',
    suite: 'rfc7643',
    requirement: rfc7643('5'),
    level: 'MUST',
    quote: 'patch, bulk, filter, changePassword, sort, etag (each with a Boolean "supported") and authenticationSchemes are REQUIRED attributes of the ServiceProviderConfig (RFC 7643 §5; served at /ServiceProviderConfig, RFC 7644 §4).',
    provenBy: ['discovery-booleans-as-strings', 'spc-minimal', 'spc-authentication-scheme-incomplete'],
    verify: (ctx) => expectDocument(ctx, 'ServiceProviderConfig', 'ServiceProviderConfig'),
  }),
  defineCheck({
    id: 'rfc7643.discovery.resource-types',
    title: '/ResourceTypes lists, and returns by name, valid ResourceType representations',
    suite: 'rfc7643',
    requirement: rfc7643('6'),
    level: 'MUST',
    quote: 'Each resource type defines the endpoints, the core schema URI that defines the resource, and any supported schema extensions (RFC 7644 §4); "name", "endpoint" and "schema" are REQUIRED (RFC 7643 §6).',
    provenBy: ['discovery-booleans-as-strings', 'discovery-lists-as-arrays', 'resource-type-extension-required-missing'],
    verify: (ctx) => expectDocument(ctx, 'ResourceType', 'ResourceType'),
  }),
  defineCheck({
    id: 'rfc7643.discovery.schemas',
    title: '/Schemas lists, and returns by URI, valid Schema representations',
    suite: 'rfc7643',
    requirement: rfc7643('7'),
    level: 'MUST',
    quote: 'An HTTP GET to the endpoint "/Schemas" SHALL return all supported schemas in ListResponse format (RFC 7644 §4); each attribute definition carries its name, type, multiValued and other characteristics (RFC 7643 §7).',
    provenBy: ['discovery-booleans-as-strings', 'discovery-lists-as-arrays'],
    verify: (ctx) => expectDocument(ctx, 'Schema', 'Schema'),
  }),
] satisfies CheckDefinition[];
