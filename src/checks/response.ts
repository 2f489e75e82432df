// Checks applied to every response of a step, chosen by the kind of response the step expects and by
// whose traffic the step is: the body must be JSON, should be labelled application/scim+json (Entra's
// traffic), and must match its JSON Schema.
import { header } from '../http/exchange';
import type { Area } from '../report/outcome';
import { formatIssues, validateList, validateSchema, type SchemaKind, type SchemaResult } from '../schemas';
import { snippet } from './assert';
import { DOCS } from './references';
import { agreementChecksFor } from './rfc/agreement';
import { defineCheck, NOT_APPLICABLE, type CheckContext, type CheckDefinition, type ResponseKind } from './types';
import { violation } from './violation';

function bodyOf(ctx: CheckContext) {
  const res = ctx.exchange.response;
  if (!res || res.bodyText.trim() === '') return undefined;
  return res;
}

function schemaCheck(ctx: CheckContext, when: 'success' | 'error', validate: (body: unknown) => SchemaResult) {
  const res = bodyOf(ctx);
  if (!res || res.json === undefined) return NOT_APPLICABLE; // an unparsable body is the json-body check's finding (entra.…, okta.…)
  const isError = res.status >= 400;
  if ((when === 'error') !== isError) return NOT_APPLICABLE;
  const result = validate(res.json);
  if (result.valid) return;
  // A write's answer SHOULD be the resource's representation (RFC 7644 §3.3, §3.5.1, §3.5.2), not MUST:
  // a partial one is judged on what it holds, but for the id and schemas every later request needs.
  const write = ['POST', 'PUT', 'PATCH'].includes(ctx.exchange.request.method);
  const issues = write ? result.issues.filter((i) => i.missing === undefined || i.missing === 'id' || i.missing === 'schemas') : result.issues;
  if (issues.length > 0) violation('a body valid against the schema', `${formatIssues(issues)}\nin: ${snippet(res.bodyText)}`);
}

/** A response with a body that does not parse as JSON (whatever its Content-Type). */
function jsonBody(ctx: CheckContext) {
  const res = bodyOf(ctx);
  if (!res) return NOT_APPLICABLE;
  if (res.jsonError !== undefined) violation('a JSON body', `HTTP ${res.status}, ${header(res, 'content-type') ?? 'no Content-Type'}: ${snippet(res.bodyText, 200)}`);
}

export const responseChecks = [
  defineCheck({
    id: 'entra.response.json-body',
    title: 'Response bodies are JSON',
    suite: 'entra',
    requirement: { ref: 'Entra: Response deserialization', url: DOCS.entraLogs },
    level: 'MUST',
    quote: 'A response Entra cannot parse fails with SystemForCrossDomainIdentityManagementServiceIncompatible ("We are not able to deserialize the resource").',
    provenBy: ['not-found-html'],
    verify: jsonBody,
  }),
  defineCheck({
    id: 'okta.response.json-body',
    title: 'Response bodies are JSON',
    suite: 'okta',
    // No single request: Okta parses the body of every answer; the content type does not matter to it.
    requirement: { ref: 'Okta: What Okta does with responses and errors (every request)', url: DOCS.oktaScim20 },
    // Observed, not documented: SHOULD (okta-requests.md §0.1).
    level: 'SHOULD',
    quote:
      "A non-JSON error page made a group push fail with \"Bad Gateway. Errors reported by remote server: Invalid JSON: Unrecognized token 'error'\"; the admin had to retry (okta-requests.md §6, OBS S21). Okta's own response examples are JSON labelled text/json (§5 rule 20), so only the body is judged, not its Content-Type.",
    provenBy: ['not-found-html'],
    verify: jsonBody,
  }),
  defineCheck({
    id: 'entra.response.scim-content-type',
    title: 'Response bodies are labelled application/scim+json',
    suite: 'entra',
    requirement: { ref: 'Entra: Response headers; RFC7644 §3.1', url: DOCS.rfc7644('3.1') },
    level: 'SHOULD',
    quote: 'Responses should carry Content-Type: application/scim+json (Entra tolerates application/json).',
    provenBy: ['content-type-json'],
    verify: (ctx) => {
      const res = bodyOf(ctx);
      if (!res) return NOT_APPLICABLE;
      const type = header(res, 'content-type');
      if (!type || !/^application\/scim\+json\b/i.test(type.trim())) violation('Content-Type: application/scim+json', `Content-Type: ${type ?? '(none)'}`);
    },
  }),
  defineCheck({
    id: 'rfc7643.schema.user',
    title: 'User resources match the User schema',
    suite: 'rfc7643',
    requirement: { ref: 'RFC7643 §4.1, §4.3', url: DOCS.rfc7643('4.1') },
    level: 'MUST',
    quote: 'User resources carry the attributes of the core User schema (and the Enterprise User extension) with the types RFC 7643 defines.',
    provenBy: ['user-emails-object', 'manager-as-string', 'meta-dates-sql-format', 'emails-primary-repeated', 'resource-schemas-missing', 'schemas-extension-repeated'],
    verify: (ctx) => schemaCheck(ctx, 'success', (b) => validateSchema('User', b)),
  }),
  defineCheck({
    id: 'rfc7643.schema.group',
    title: 'Group resources match the Group schema',
    suite: 'rfc7643',
    requirement: { ref: 'RFC7643 §4.2', url: DOCS.rfc7643('4.2') },
    level: 'MUST',
    quote: 'members: A list of members of the Group ... a multi-valued complex attribute with "value", "$ref" and "type" sub-attributes.',
    provenBy: ['group-members-as-strings', 'meta-dates-sql-format', 'resource-schemas-missing'],
    verify: (ctx) => schemaCheck(ctx, 'success', (b) => validateSchema('Group', b)),
  }),
  defineCheck({
    id: 'rfc7644.schema.list-response',
    title: 'Query responses match the ListResponse schema',
    suite: 'rfc7644',
    requirement: { ref: 'RFC7644 §3.4.2', url: DOCS.rfc7644('3.4.2') },
    level: 'MUST',
    quote: 'totalResults: The total number of results returned by the list or query operation ... REQUIRED (an integer).',
    provenBy: ['list-total-results-string', 'list-response-wrong-urn'],
    verify: (ctx) => schemaCheck(ctx, 'success', (b) => validateList(listItemKind(ctx), b)),
  }),
  defineCheck({
    id: 'rfc7644.schema.error',
    title: 'Error responses match the SCIM Error schema',
    suite: 'rfc7644',
    requirement: { ref: 'RFC7644 §3.12', url: DOCS.rfc7644('3.12') },
    level: 'MUST',
    quote: 'status: The HTTP status code (see Section 6 of [RFC7231]) expressed as a JSON string. REQUIRED.',
    provenBy: ['error-status-number'],
    verify: (ctx) => schemaCheck(ctx, 'error', (b) => validateSchema('Error', b)),
  }),
] satisfies CheckDefinition[];

function listItemKind(ctx: CheckContext): SchemaKind {
  return ctx.responseKind === 'GroupList' ? 'Group' : 'User';
}

/**
 * What every response gets on each area's traffic besides the RFC checks: on Okta's, Okta's own (Entra's
 * would count for no verdict there); on Entra's and on the RFC suite's (where they prove themselves
 * without gating), Entra's. Okta documents text/json as fine (okta-requests.md §5 rule 20): no
 * content-type check for it.
 */
const CLIENT_RESPONSE_CHECKS: Record<Area, { common: string[]; list: string[] }> = {
  entra: { common: ['entra.response.json-body', 'entra.response.scim-content-type'], list: ['entra.response.throttle-clears'] },
  okta: { common: ['okta.response.json-body'], list: [] },
  rfc: { common: ['entra.response.json-body', 'entra.response.scim-content-type'], list: ['entra.response.throttle-clears'] },
};

/**
 * The response checks a step gets automatically, by what it expects back and whose traffic it is. A
 * step that returns one resource also gets the response-body agreement checks that apply to it
 * (rfc/agreement.ts: a create its own, a GET of one resource those of its sequence's PUTs and PATCHes;
 * `read`: the step's method and the methods of its sequence's steps); without `read` (lints), all of them.
 */
export function automaticChecks(kind: ResponseKind, area: Area, read?: { method: string; sequenceMethods: readonly string[] }): string[] {
  const client = CLIENT_RESPONSE_CHECKS[area];
  const common = [...client.common, 'rfc7644.schema.error'];
  const agreement = agreementChecksFor(read);
  switch (kind) {
    case 'User':
      return [...common, 'rfc7643.schema.user', ...agreement];
    case 'UserList':
    case 'GroupList':
      // Lookups are most of what Entra sends: throttling that outlasts Retry-After shows there first.
      return [...common, 'rfc7644.schema.list-response', ...client.list];
    case 'Group':
      return [...common, 'rfc7643.schema.group', ...agreement];
    case 'ServiceProviderConfig':
    case 'ResourceType':
    case 'ResourceTypeList':
    case 'Schema':
    case 'SchemaList':
      return common; // the rfc7643.discovery.* checks validate these documents
    case 'Error':
      return common;
    case 'none':
      return [];
  }
}
