// Entra interoperability checks for user provisioning (entra-requests.md §3.1-3.7, R-01..R-10).
import { expectCreatedId, expectDeleted, expectedId, expectEmptyList, expectSingleMatch, expectStatus, isObject, jsonObjectOf, snippet } from '../assert';
import { DOCS } from '../references';
import { expectPathsBack, expectSentValuesBack, undeclaredMappedAttributes, type ReadBackRules } from '../readback';
import { defineCheck, NOT_APPLICABLE, type CheckContext } from '../types';
import { violation } from '../violation';
import { entraOnlyPatchShapes, lastPatchShapes, withEntraOnlyNote } from './entra-only';

const testConnection = { ref: 'Entra: Test Connection', url: DOCS.entraScim };
const lookup = { ref: 'Entra: Get user by query (R-02)', url: DOCS.entraScim };
const create = { ref: 'Entra: Create user (R-04)', url: DOCS.entraScim };
const update = { ref: 'Entra: Update user (R-05, R-06)', url: DOCS.entraCompat };
const disable = { ref: 'Entra: Disable user (R-07)', url: DOCS.entraCompat };
const enable = { ref: 'Entra: Re-enable user (R-08)', url: DOCS.entraCompat };
const remove = { ref: 'Entra: Delete user (R-10)', url: DOCS.entraScim };
const auth = { ref: 'Entra: Secret token authentication', url: DOCS.entraScim };

/** Entra's read-back rules for users: attributes the endpoint does not declare may be dropped. */
function rules(ctx: CheckContext): ReadBackRules {
  return { discovery: ctx.discovery, resourceType: 'User' };
}

function readBack(ctx: CheckContext): Record<string, unknown> {
  const res = expectStatus(ctx.exchange, [200]);
  return jsonObjectOf(res);
}

function requirePaths(ctx: CheckContext): Record<string, unknown> {
  if (!ctx.expect.paths) throw new Error('fixture error: this check needs expect.paths');
  return ctx.expect.paths;
}

export const entraUserChecks = [
  defineCheck({
    id: 'entra.schema.mapping-declared',
    title: "Every attribute of Entra's default user mapping is declared in /Schemas",
    suite: 'entra',
    requirement: { ref: 'Entra: Attribute mapping (§2.1); schema discovery (R-18)', url: DOCS.entraScim },
    level: 'SHOULD',
    quote: "Entra's default mapping writes userName, active, displayName, title, emails, preferredLanguage, name, addresses, phoneNumbers, externalId and the enterprise department, employeeNumber and manager; an attribute the endpoint should support is one it declares, and one it drops is re-sent by Entra every cycle.",
    provenBy: ['schema-omits-mapped-attribute'],
    verify: (ctx) => {
      // Only a readable /Schemas says what is undeclared; without one every value is judged by the read-back checks.
      if (!Array.isArray((ctx.discovery.schemas.body as { Resources?: unknown } | undefined)?.Resources)) return NOT_APPLICABLE;
      const missing = undeclaredMappedAttributes(ctx.discovery, 'User', ctx.expect.mappedAttributes);
      const whose = ctx.expect.mappedAttributes ? 'the attribute mapping of this run' : "Entra's default mapping";
      if (missing.length > 0) {
        violation(
          `/Schemas declares every attribute ${whose} sends`,
          `not declared: ${missing.join(', ')}. ${whose.charAt(0).toUpperCase()}${whose.slice(1)} sends them: declare each in /Schemas if the endpoint stores it, or remove it from the attribute mapping in Entra (otherwise Entra re-sends it every cycle)`,
        );
      }
    },
  }),
  defineCheck({
    id: 'entra.test-connection.status-200',
    title: 'Test Connection query for a random userName answers 200',
    suite: 'entra',
    requirement: testConnection,
    level: 'MUST',
    quote: 'Test Connection queries /Users for a random GUID userName; the expected response is HTTP 200 OK. A 404 is a SCIM compliance issue that quarantines the job.',
    provenBy: ['filter-no-match-404', 'require-user-agent', 'require-accept-header'],
    verify: (ctx) => void expectStatus(ctx.exchange, [200]),
  }),
  defineCheck({
    id: 'entra.test-connection.empty-list',
    title: 'Test Connection query answers an empty ListResponse',
    suite: 'entra',
    requirement: testConnection,
    level: 'MUST',
    quote: 'The expected correct response is HTTP 200 OK with an empty SCIM ListResponse message.',
    provenBy: ['filter-ignored', 'filter-no-match-404'],
    verify: (ctx) => expectEmptyList(ctx.exchange),
  }),
  defineCheck({
    id: 'entra.users.lookup.no-match',
    title: 'A userName lookup that matches nothing answers 200 with zero results',
    suite: 'entra',
    requirement: lookup,
    level: 'MUST',
    quote: 'Any query response is a ListResponse, including zero results with HTTP 200, never 404.',
    provenBy: ['filter-no-match-404', 'filter-ignored'],
    verify: (ctx) => expectEmptyList(ctx.exchange),
  }),
  defineCheck({
    id: 'entra.users.create.status-201',
    title: "Entra's create-user body is accepted with 201 Created",
    suite: 'entra',
    requirement: create,
    level: 'MUST',
    quote: 'POST /Users with the Entra body (core + enterprise schemas, meta.resourceType, "roles": []) is expected to return 201 Created.',
    provenBy: ['create-returns-200', 'create-rejects-meta'],
    verify: (ctx) => void expectStatus(ctx.exchange, [201]),
  }),
  defineCheck({
    id: 'entra.users.create.accepted',
    title: "Entra's create-user body is accepted and returns an id",
    suite: 'entra',
    requirement: create,
    level: 'MUST',
    quote: 'No match -> POST /Users (201; Entra caches the returned id and uses it for every later operation on the user). A body Entra sends that the endpoint refuses (e.g. a required attribute Entra does not send) means the user is never provisioned.',
    provenBy: ['create-no-id', 'create-rejects-meta', 'create-returns-other-id', 'create-extension-422'],
    guardsProvision: true,
    verify: (ctx) => expectCreatedId(ctx.exchange, ctx.identity),
  }),
  defineCheck({
    id: 'entra.users.create.echoes-attributes',
    title: 'The create response returns every attribute Entra sent',
    suite: 'entra',
    requirement: create,
    level: 'MUST',
    quote: 'The 201 response contains the created resource; values must be stored exactly as sent or Entra re-sends them every cycle.',
    provenBy: ['create-drops-extension'],
    needs: ['resource'],
    verify: (ctx) => {
      const body = jsonObjectOf(expectStatus(ctx.exchange, [200, 201]));
      expectSentValuesBack(ctx.expect.resource, body, rules(ctx));
    },
  }),
  defineCheck({
    id: 'entra.users.lookup.finds-user',
    title: 'A userName lookup finds exactly the created user',
    suite: 'entra',
    requirement: lookup,
    level: 'MUST',
    quote: 'Entra matches users with GET /Users?filter=userName eq "<upn>"; one result means matched, more than one is a DuplicateTargetEntries error.',
    provenBy: ['filter-ignored'],
    needs: ['id'],
    verify: (ctx) => void expectSingleMatch(ctx.exchange, expectedId(ctx)),
  }),
  defineCheck({
    id: 'entra.users.lookup.by-external-id',
    title: 'An externalId lookup finds exactly the created user',
    suite: 'entra',
    requirement: { ref: 'Entra: Get user by query (R-02), matching attribute externalId', url: DOCS.entraScim },
    level: 'SHOULD',
    quote: 'Admins may change the matching attribute; Entra then matches with GET /Users?filter=externalId eq "<value>" (the legacy default matched externalId to mailNickname). An endpoint that cannot filter on it cannot be matched that way.',
    provenBy: ['filter-external-id-unsupported', 'filter-ignored'],
    needs: ['id'],
    verify: (ctx) => void expectSingleMatch(ctx.exchange, expectedId(ctx)),
  }),
  defineCheck({
    id: 'entra.users.lookup.by-work-email',
    title: 'A lookup by emails[type eq "work"].value finds exactly the created user',
    suite: 'entra',
    requirement: { ref: 'Entra: Get user by query (R-02), matching attribute emails[type eq "work"].value', url: DOCS.entraScim },
    level: 'MUST',
    quote: 'A GET to /Users with a filter must allow for both userName eq "user@contoso.com" and emails[type eq "work"].value eq "user@contoso.com".',
    provenBy: ['filter-email-value-path-unsupported', 'filter-ignored'],
    needs: ['id'],
    verify: (ctx) => void expectSingleMatch(ctx.exchange, expectedId(ctx)),
  }),
  defineCheck({
    id: 'entra.users.lookup.case-insensitive',
    title: 'A userName lookup in another letter case finds the user',
    suite: 'entra',
    requirement: { ref: 'Entra: Get user by query (R-02); RFC7643 §4.1.1 userName caseExact false', url: DOCS.rfc7643('4.1.1') },
    level: 'MUST',
    quote: 'userName is case-insensitive ("caseExact": false); the SCIM Validator filters for an existing user with a different case.',
    provenBy: ['filter-case-sensitive'],
    needs: ['id'],
    verify: (ctx) => void expectSingleMatch(ctx.exchange, expectedId(ctx)),
  }),
  defineCheck({
    id: 'entra.users.get.matches-created',
    title: 'GET by id returns the user with every value sent at creation',
    suite: 'entra',
    requirement: { ref: 'Entra: Get user by id (R-03)', url: DOCS.entraScim },
    level: 'MUST',
    quote: 'Entra reads the user back by id and re-sends any attribute that does not match what it wrote.',
    provenBy: ['create-drops-extension'],
    needs: ['id', 'resource'],
    verify: (ctx) => {
      const body = readBack(ctx);
      if (body['id'] !== expectedId(ctx)) violation(`"id": ${JSON.stringify(expectedId(ctx))}`, `"id": ${JSON.stringify(body['id'])}`);
      expectSentValuesBack(ctx.expect.resource, body, rules(ctx));
    },
  }),
  defineCheck({
    id: 'entra.users.patch.accepted',
    title: "Entra's user PATCH is accepted with 200 or 204",
    suite: 'entra',
    requirement: update,
    level: 'MUST',
    quote: 'Entra sends Pascal-case ops ("Replace", "Add") and string booleans by default, and path-less value objects with aadOptscim062020; the endpoint answers 200 (or 204).',
    provenBy: ['patch-op-case-sensitive', 'patch-pathless-unsupported', 'active-string-rejected'],
    verify: (ctx) => withEntraOnlyNote(entraOnlyPatchShapes(ctx.sentBody), () => void expectStatus(ctx.exchange, [200, 204])),
  }),
  defineCheck({
    id: 'entra.users.update.read-back',
    title: 'Single-valued attribute updates read back exactly as sent',
    suite: 'entra',
    requirement: update,
    level: 'MUST',
    quote: 'Updated values (including dotted "name.givenName" and URN-qualified enterprise keys in path-less ops) must read back as written.',
    provenBy: ['patch-pathless-dotted-keys-literal'],
    needs: ['paths'],
    verify: (ctx) => expectPathsBack(readBack(ctx), requirePaths(ctx), rules(ctx)),
  }),
  defineCheck({
    id: 'entra.users.update.filtered-path-read-back',
    title: 'Updates on filtered paths read back, including elements that did not exist yet',
    suite: 'entra',
    requirement: update,
    level: 'MUST',
    quote: 'A filtered path such as phoneNumbers[type eq "mobile"].value may address an element that does not exist yet; the endpoint must create it.',
    provenBy: ['patch-value-path-no-create'],
    needs: ['paths'],
    verify: (ctx) => {
      const body = readBack(ctx);
      // A filtered add that must create the element is Entra's, not the RFC's (RFC 7644 §3.5.2.1 noTarget).
      withEntraOnlyNote(lastPatchShapes(ctx.earlier), () => expectPathsBack(body, requirePaths(ctx), rules(ctx)));
      // One element per type: Entra requires unique type values within a multi-valued attribute.
      for (const attr of ['emails', 'phoneNumbers', 'addresses']) {
        const list = body[attr];
        if (!Array.isArray(list)) continue;
        const types = list.filter(isObject).map((el) => String(el['type'] ?? '').toLowerCase()).filter((t) => t !== '');
        const dupes = types.filter((t, i) => types.indexOf(t) !== i);
        if (dupes.length > 0) violation(`one ${attr} element per type`, `${attr}: ${snippet(JSON.stringify(list))}`);
      }
    },
  }),
  defineCheck({
    id: 'entra.users.update.add-replaces-existing',
    title: 'Add on the work e-mail that already exists replaces its value, without a second work e-mail',
    suite: 'entra',
    requirement: { ref: 'Entra: Update user (R-06 family, §7 item 13); RFC7644 §3.5.2.1', url: DOCS.rfc7644('3.5.2.1') },
    level: 'MUST',
    quote:
      'Entra\'s Add vs Replace for attribute updates is not reliable; handle both identically (entra-requests.md §7 item 13). RFC 7644 §3.5.2.1: "If the target location specifies a single-valued attribute, the existing value is replaced."',
    provenBy: ['patch-value-path-add-keeps-existing', 'patch-value-path-add-appends'],
    needs: ['paths'],
    verify: (ctx) => {
      const body = readBack(ctx);
      expectPathsBack(body, requirePaths(ctx), rules(ctx));
      const emails = Array.isArray(body['emails']) ? body['emails'] : [];
      const work = emails.filter((e) => isObject(e) && String(e['type'] ?? '').toLowerCase() === 'work');
      if (work.length > 1) violation('one work e-mail, with the value Entra added', `emails: ${snippet(JSON.stringify(emails))}`);
    },
  }),
  defineCheck({
    id: 'entra.users.update.other-email',
    title: 'emails[type eq "other"].value (proxy addresses) is stored next to the work e-mail',
    suite: 'entra',
    requirement: { ref: 'Entra: Update user (R-05), proxyAddresses -> emails[type eq "other"].value (§2.1)', url: DOCS.entraScim },
    level: 'MUST',
    quote:
      'Microsoft\'s attribute table maps proxy-Addresses to emails[type eq "other"].Value; R-05 lists emails[type eq "other"].value among the paths Entra writes, and a filtered path may address an element that does not exist yet (the endpoint must create it). The work e-mail stays as it is.',
    provenBy: ['emails-single-slot'],
    needs: ['paths'],
    verify: (ctx) => {
      const body = readBack(ctx);
      withEntraOnlyNote(lastPatchShapes(ctx.earlier), () => expectPathsBack(body, requirePaths(ctx), rules(ctx)));
    },
  }),
  defineCheck({
    id: 'entra.users.custom-extension.accepted',
    title: 'A custom extension attribute is accepted although its URN is not in schemas',
    suite: 'entra',
    requirement: { ref: 'Entra: Create user (R-04) and update user (R-05/R-06) with a custom extension attribute (§7 item 16)', url: DOCS.entraScim },
    level: 'MUST',
    quote:
      'Extension attributes use <schema URN>:<attr> paths, e.g. urn:ietf:params:scim:schemas:extension:<Name>:2.0:User:<attr>; custom extension URNs are not listed in schemas even when their attributes are sent (entra-requests.md R-05, §7 items 15-16). A refused create or update means the user is never provisioned or updated.',
    provenBy: ['custom-extension-rejected'],
    verify: (ctx) => {
      const post = ctx.exchange.request.method === 'POST';
      const shape = [
        post
          ? 'POST /Users with a custom extension object whose URN is not in "schemas" (RFC 7643 §3 lists every schema of the resource in "schemas")'
          : 'PATCH on a custom extension attribute path of a user whose "schemas" does not list the extension',
      ];
      withEntraOnlyNote(shape, () => (post ? expectCreatedId(ctx.exchange, ctx.identity) : void expectStatus(ctx.exchange, [200, 204])));
    },
  }),
  defineCheck({
    id: 'entra.users.disable.reads-inactive',
    title: 'A disabled user reads back with "active": false (a boolean)',
    suite: 'entra',
    requirement: disable,
    level: 'MUST',
    quote: 'Entra disables with PATCH active "False" (string, default) or false (aadOptscim062020); the user must then read back inactive.',
    provenBy: ['active-string-truthy', 'active-string-rejected'],
    verify: (ctx) => {
      const body = readBack(ctx);
      if (body['active'] !== false) violation('"active": false', `"active": ${JSON.stringify(body['active'])}`);
    },
  }),
  defineCheck({
    id: 'entra.users.disable.still-listed',
    title: 'A disabled user is still found by a userName lookup',
    suite: 'entra',
    requirement: disable,
    level: 'MUST',
    quote: 'Disabled users must still be returned by GET and filter requests; only hard-deleted users may disappear.',
    provenBy: ['disabled-hidden'],
    needs: ['id'],
    verify: (ctx) => {
      const user = expectSingleMatch(ctx.exchange, expectedId(ctx));
      if (user['active'] !== false) violation('the listed user with "active": false', `"active": ${JSON.stringify(user['active'])}`);
    },
  }),
  defineCheck({
    id: 'entra.users.enable.reads-active',
    title: 'A re-enabled user reads back with "active": true',
    suite: 'entra',
    requirement: enable,
    level: 'MUST',
    quote: 'A user who re-enters scope is re-enabled with PATCH active "True" (default) or true (aadOptscim062020).',
    provenBy: ['reactivate-ignored'],
    verify: (ctx) => {
      const body = readBack(ctx);
      if (body['active'] !== true) violation('"active": true', `"active": ${JSON.stringify(body['active'])}`);
    },
  }),
  defineCheck({
    id: 'entra.users.delete.accepted',
    title: 'DELETE of a user answers a 2xx',
    suite: 'entra',
    requirement: remove,
    level: 'MUST',
    quote: 'Entra deletes a hard-deleted user with DELETE /Users/{id}, documented as answering 204 No Content; Entra takes any 2xx as deleted, with or without a body (RFC 7644 §3.6 asks for 204: rfc7644.delete.status-204).',
    provenBy: ['delete-unsupported'],
    verify: expectDeleted,
  }),
  defineCheck({
    id: 'entra.users.delete.gone',
    title: 'A deleted user answers 404 on GET',
    suite: 'entra',
    requirement: { ref: 'Entra: Delete user (R-10); RFC7644 §3.6', url: DOCS.rfc7644('3.6') },
    level: 'MUST',
    quote: 'Service providers ... MUST return a 404 (Not Found) error code for all operations associated with the previously deleted resource (RFC 7644 §3.6).',
    provenBy: ['delete-soft'],
    verify: (ctx) => void expectStatus(ctx.exchange, [404]),
  }),
  defineCheck({
    id: 'entra.auth.missing-token-401',
    title: 'A request without a bearer token is refused with 401',
    suite: 'entra',
    requirement: auth,
    level: 'MUST',
    quote: 'Entra authenticates with the secret token as a bearer token; an endpoint that answers without it exposes its directory.',
    provenBy: ['auth-disabled'],
    verify: (ctx) => void expectStatus(ctx.exchange, [401]),
  }),
  defineCheck({
    id: 'entra.auth.wrong-token-refused',
    title: 'A request with a wrong bearer token is refused with 401 or 403',
    suite: 'entra',
    requirement: auth,
    level: 'MUST',
    quote: 'Test Connection outcomes: 401/403 -> "You appear to have entered invalid credentials"; an endpoint that serves a wrong token exposes its directory.',
    provenBy: ['auth-disabled', 'auth-any-token'],
    verify: (ctx) => void expectStatus(ctx.exchange, [401, 403]),
  }),
];
