// Okta interoperability checks for user provisioning (okta-requests.md §3.3-3.7, §3.13, O-03..O-14):
// check-then-create, the GET-then-PUT update, deactivation and reactivation, password sync.
import type { Exchange } from '../../http/exchange';
import { URN } from '../../scim/urns';
import { describeResponse, expectCreatedId, expectedId, expectSingleMatch, expectStatus, isObject, jsonObjectOf, listOf, responseOf, snippet } from '../assert';
import { pathKeys } from '../declared';
import { expectPathsBack, expectSentValuesBack, type ReadBackRules } from '../readback';
import { DOCS } from '../references';
import { defineCheck, NOT_APPLICABLE, type CheckContext, type CheckDefinition } from '../types';
import { violation } from '../violation';

const lookup = { ref: 'Okta: Get user by userName (O-03)', url: DOCS.oktaScim20 };
const create = { ref: 'Okta: Create user (O-04)', url: DOCS.oktaScim20 };
const getById = { ref: 'Okta: Get user by id (O-05)', url: DOCS.oktaScim20 };
const replace = { ref: 'Okta: Replace user with the user as read (O-07, O-09, O-11, O-14)', url: DOCS.oktaScim20 };
const patch = { ref: 'Okta: Patch user, path-less replace of active or password (O-10, O-12, O-13)', url: DOCS.oktaScim20 };
const deactivate = { ref: 'Okta: Deactivate user (O-09, O-10)', url: DOCS.oktaScim20 };
const reactivate = { ref: 'Okta: Reactivate user (O-11, O-12)', url: DOCS.oktaScim20 };
const password = { ref: 'Okta: Password sync (O-14)', url: DOCS.oktaScim20 };

/** What a PUT body carries that is not the user's data to read back: the server's own (id, meta), readOnly groups, the never-returned password. */
const NOT_READ_BACK = new Set(['id', 'meta', 'schemas', 'password', 'groups']);

function rules(ctx: CheckContext): ReadBackRules {
  return { discovery: ctx.discovery, resourceType: 'User' };
}

/** A 4xx answer with a SCIM Error body (okta-requests.md §6: a non-JSON error page fails Okta's task with "Invalid JSON"). */
function expectScimError(ex: Exchange, status: number): void {
  const body = jsonObjectOf(expectStatus(ex, [status]));
  const schemas = body['schemas'];
  if (!Array.isArray(schemas) || !schemas.includes(URN.error)) violation(`a SCIM Error body ("schemas": ["${URN.error}"])`, describeResponse(responseOf(ex)));
}

/** A 200 answer carrying the user with the id the request addressed. */
function userWithId(ctx: CheckContext): Record<string, unknown> {
  const body = jsonObjectOf(expectStatus(ctx.exchange, [200]));
  const want = expectedId(ctx);
  if (body['id'] !== want) violation(`the user, "id": ${JSON.stringify(want)}`, `"id": ${JSON.stringify(body['id'])} in ${snippet(JSON.stringify(body))}`);
  return body;
}

/** A PUT body without what is not read back (NOT_READ_BACK) and without the SCIM paths in `changed`. */
function dataOf(body: unknown, changed: readonly string[] = []): Record<string, unknown> {
  if (!isObject(body)) return {};
  const out = structuredClone(Object.fromEntries(Object.entries(body).filter(([k]) => !NOT_READ_BACK.has(k))));
  for (const path of changed) {
    const keys = pathKeys(path);
    let node: unknown = out;
    for (const key of keys.slice(0, -1)) node = isObject(node) ? node[key] : undefined;
    if (isObject(node)) delete node[keys[keys.length - 1]!];
  }
  return out;
}

/** The body of the last PUT among the steps before this one (the write a read-back verifies). */
function lastPutBody(ctx: CheckContext): unknown {
  const put = [...(ctx.earlier ?? [])].reverse().find((e) => e.exchange.request.method === 'PUT')?.exchange;
  if (!put || put.request.body === undefined) throw new Error('fixture error: this check reads back a PUT, and no earlier step of the sequence sent one');
  return JSON.parse(put.request.body) as unknown;
}

export const oktaUserChecks: CheckDefinition[] = [
  defineCheck({
    id: 'okta.users.lookup.no-match',
    title: "Okta's userName lookup for a user the endpoint does not have answers 200 with zero results, or 404 with a SCIM Error",
    suite: 'okta',
    requirement: lookup,
    level: 'MUST',
    quote:
      'GET /Users?filter=userName eq "<userName>"&startIndex=1&count=100; expected when nothing matches, either of: 200 with a ListResponse ("totalResults": 0, "Resources": []), or 404 with a SCIM Error body ("detail": "User not found"). No match (totalResults: 0, or 404) → O-04 POST (okta-requests.md O-03, §3.3).',
    provenBy: ['filter-ignored', 'list-total-results-string'],
    verify: (ctx) => {
      if (responseOf(ctx.exchange).status === 404) return expectScimError(ctx.exchange, 404);
      const list = listOf(ctx.exchange);
      if (list.totalResults !== 0 || list.resources.length !== 0) {
        violation('200 with "totalResults": 0 (a number) and no Resources, or 404 with a SCIM Error', `"totalResults": ${JSON.stringify(list.totalResults)}, ${list.resources.length} resource(s): ${snippet(JSON.stringify(list.resources))}`);
      }
    },
  }),
  defineCheck({
    id: 'okta.users.create.status-201',
    title: "Okta's create-user body is answered 201 Created",
    suite: 'okta',
    requirement: create,
    level: 'MUST',
    quote: 'POST /Users with schemas, userName, name, emails, displayName, locale, externalId (Okta\'s user id), "groups": [], password and "active": true; expected: 201 with the created user including id (okta-requests.md O-04).',
    provenBy: ['create-returns-200'],
    verify: (ctx) => void expectStatus(ctx.exchange, [201]),
  }),
  defineCheck({
    id: 'okta.users.create.returns-user',
    title: "Okta's create-user body is accepted and the response body carries the created user's id",
    suite: 'okta',
    requirement: create,
    level: 'MUST',
    quote:
      'The expected answer is 201 with the created user including id; an empty body is an error ("Automatic provisioning of user … failed: Error while creating user …: Create new user returned empty user."). Accept the create body as sent: password (even if unused), "groups": [], locale, externalId (okta-requests.md O-04, §5 rule 5, §6).',
    provenBy: ['create-empty-body', 'create-no-id', 'create-rejects-groups', 'create-returns-other-id'],
    guardsProvision: true,
    verify: (ctx) => {
      const res = responseOf(ctx.exchange);
      if (res.status >= 200 && res.status < 300 && res.bodyText.trim() === '') {
        violation('the created user in the response body', `HTTP ${res.status} with an empty body: Okta reports "Create new user returned empty user"`);
      }
      expectCreatedId(ctx.exchange, ctx.identity);
    },
  }),
  defineCheck({
    id: 'okta.users.create.duplicate-409',
    title: 'Creating a user whose userName exists answers 409 with a SCIM Error',
    suite: 'okta',
    requirement: create,
    level: 'MUST',
    quote: 'POST /Users of a user the endpoint already has: expected, 409 with an Error body; a 409 on create stops the provisioning job for that user (okta-requests.md O-04, §6).',
    provenBy: ['user-duplicate-username-allowed'],
    verify: (ctx) => expectScimError(ctx.exchange, 409),
  }),
  defineCheck({
    id: 'okta.users.lookup.finds-user',
    title: "Okta's userName lookup finds exactly the user, with its id",
    suite: 'okta',
    requirement: lookup,
    level: 'MUST',
    quote: 'Match: the expected answer is a 200 ListResponse with the user (its id is what Okta keeps); Okta then expects to address the user by that id in every later request (okta-requests.md O-03, §3.3).',
    provenBy: ['filter-ignored', 'list-total-results-string'],
    needs: ['id'],
    verify: (ctx) => void expectSingleMatch(ctx.exchange, expectedId(ctx)),
  }),
  defineCheck({
    id: 'okta.users.get.returns-user',
    title: 'GET /Users/{id} answers 200 with the user',
    suite: 'okta',
    requirement: getById,
    level: 'MUST',
    quote: 'GET /Users/<id>, expected: 200 with the user (okta-requests.md O-05); an App Integration Wizard app reads the user before every update and PUTs back what it read, so a failed read is a failed update (§1.4, §3.4-3.7).',
    provenBy: ['deactivated-user-hidden'],
    needs: ['id'],
    verify: (ctx) => void userWithId(ctx),
  }),
  defineCheck({
    id: 'okta.users.get.unknown-404',
    title: 'GET /Users/{id} of an id the endpoint does not have answers 404 with a SCIM Error',
    suite: 'okta',
    requirement: getById,
    level: 'MUST',
    quote: 'GET /Users/<id>, expected: 200 with the user; 404 with an Error body for an unknown id (okta-requests.md O-05, §5 rule 15). Okta can GET a user by id to see whether it still exists (§3.13).',
    provenBy: ['unknown-id-200', 'not-found-html'],
    verify: (ctx) => expectScimError(ctx.exchange, 404),
  }),
  defineCheck({
    id: 'okta.users.replace.accepted',
    title: "Okta's PUT of the user as read, id and meta included, answers 200 with the user",
    suite: 'okta',
    requirement: replace,
    level: 'MUST',
    quote:
      'PUT replaces the resource with the body Okta sends and returns 200 with the updated user; the body is what the endpoint returned plus Okta\'s changes, so it contains read-only attributes (id, meta) and attributes Okta does not manage — accept them (okta-requests.md §5 rule 7). Expected: 200 with the updated user (O-07).',
    provenBy: ['put-405', 'put-rejects-meta', 'put-reassigns-id'],
    needs: ['id'],
    verify: (ctx) => void userWithId(ctx),
  }),
  defineCheck({
    id: 'okta.users.replace.returns-updated',
    title: "The PUT's response shows the user as Okta sent it",
    suite: 'okta',
    requirement: replace,
    level: 'SHOULD',
    quote: 'PUT replaces the resource with the body Okta sends and returns 200 with the updated user (okta-requests.md §5 rule 7, O-07, O-09 "200 with the user (active: false)").',
    provenBy: ['put-returns-previous'],
    verify: (ctx) => {
      // A refused PUT is okta.users.replace.accepted's finding: there is no answer to compare.
      if (responseOf(ctx.exchange).status !== 200) return NOT_APPLICABLE;
      expectSentValuesBack(dataOf(ctx.sentBody), jsonObjectOf(responseOf(ctx.exchange)), rules(ctx));
    },
  }),
  defineCheck({
    id: 'okta.users.update.read-back',
    title: "Okta's changes read back after the update",
    suite: 'okta',
    requirement: { ref: 'Okta: Profile update, GET then PUT (O-05, O-07)', url: DOCS.oktaScim20 },
    level: 'MUST',
    quote: 'Profile change in Okta: O-05 then O-07 (PUT of the resource as read, with the changed attributes). PUT replaces the resource with the body Okta sends and returns 200 with the updated user; the changed values are expected to be stored (okta-requests.md §3.4, §5 rule 7).',
    provenBy: ['put-drops-unmapped', 'put-405'],
    needs: ['paths'],
    verify: (ctx) => {
      if (!ctx.expect.paths) throw new Error('fixture error: this check needs expect.paths');
      expectPathsBack(jsonObjectOf(expectStatus(ctx.exchange, [200])), ctx.expect.paths, rules(ctx));
    },
  }),
  defineCheck({
    id: 'okta.users.replace.kept',
    title: 'Every attribute the PUT carried back unchanged is still there after it',
    suite: 'okta',
    requirement: replace,
    level: 'MUST',
    quote:
      'A PUT body is not built from Okta\'s profile alone: Okta takes the resource the endpoint returned on the preceding GET, changes the attributes that changed, and sends the result (okta-requests.md §1.4). Keep what is sent: an endpoint that drops attributes absent from its mapping loses them on every update, since Okta only sends back what it read (§5 rule 7).',
    provenBy: ['put-drops-unmapped'],
    verify: (ctx) => {
      // The changes are okta.users.update.read-back's (expect.paths); this judges what Okta sent back as it read it.
      const body = jsonObjectOf(expectStatus(ctx.exchange, [200]));
      expectSentValuesBack(dataOf(lastPutBody(ctx), Object.keys(ctx.expect.paths ?? {})), body, rules(ctx));
    },
  }),
  defineCheck({
    id: 'okta.users.patch.accepted',
    title: "Okta's PATCH (a path-less replace whose value sets active or password) answers 200 with the user or 204",
    suite: 'okta',
    requirement: patch,
    level: 'MUST',
    quote: 'PATCH with {"op": "replace", "value": {"active": false}}: no path; active is a JSON boolean inside value; expected: 200 with the updated user, or 204 with no body (okta-requests.md O-10, §5 rule 8).',
    provenBy: ['patch-pathless-unsupported'],
    needs: ['id'],
    verify: (ctx) => {
      if (expectStatus(ctx.exchange, [200, 204]).status === 200) userWithId(ctx);
    },
  }),
  defineCheck({
    id: 'okta.users.deactivate.reads-inactive',
    title: 'A deactivated user is still readable by id, with "active": false',
    suite: 'okta',
    requirement: deactivate,
    level: 'MUST',
    quote:
      '`active` must exist on users as a settable boolean; deactivation is the only deprovisioning (no DELETE). Inactive users must remain readable by id with `active: false` (okta-requests.md §5 rule 12; O-09 and O-10: expected 200 with the user, active false).',
    provenBy: ['put-active-ignored', 'patch-pathless-unsupported', 'deactivated-user-hidden'],
    needs: ['id'],
    verify: (ctx) => {
      const user = userWithId(ctx);
      if (user['active'] !== false) violation('"active": false', `"active": ${JSON.stringify(user['active'])}`);
    },
  }),
  defineCheck({
    id: 'okta.users.deactivate.still-found',
    title: 'A deactivated user is still found by the userName lookup, with "active": false',
    suite: 'okta',
    requirement: { ref: 'Okta: Get user by userName (O-03) after deactivation', url: DOCS.oktaScim20 },
    level: 'SHOULD',
    quote:
      'Whether reassignment first re-runs O-03 (lookup by userName) or goes by the stored id: UNVERIFIED (okta-requests.md §3.6). If it does, a user the lookup no longer finds is created anew, and the 409 that answers stops the provisioning job (§6).',
    provenBy: ['disabled-hidden', 'deactivated-user-hidden'],
    needs: ['id'],
    verify: (ctx) => {
      const user = expectSingleMatch(ctx.exchange, expectedId(ctx));
      if (user['active'] !== false) violation('the listed user with "active": false', `"active": ${JSON.stringify(user['active'])}`);
    },
  }),
  defineCheck({
    id: 'okta.users.reactivate.reads-active',
    title: 'A reactivated user reads back with "active": true, the same id and its attributes',
    suite: 'okta',
    requirement: reactivate,
    level: 'MUST',
    quote: 'The endpoint must keep the same id and attributes (okta-requests.md §3.6). O-11: PUT of the user as read with "active": true, expected 200.',
    provenBy: ['reactivate-ignored'],
    needs: ['id'],
    verify: (ctx) => {
      const user = userWithId(ctx);
      if (user['active'] !== true) violation('"active": true', `"active": ${JSON.stringify(user['active'])}`);
      if (ctx.vars['userName'] !== undefined && String(user['userName']).toLowerCase() !== ctx.vars['userName'].toLowerCase()) {
        violation(`"userName": ${JSON.stringify(ctx.vars['userName'])}`, `"userName": ${JSON.stringify(user['userName'])}`);
      }
    },
  }),
  defineCheck({
    id: 'okta.users.password.put-accepted',
    title: "Okta's password sync, a PUT of the user as read carrying password, answers 200",
    suite: 'okta',
    requirement: password,
    level: 'SHOULD',
    quote:
      'On an Okta password change/reset: okta-aiw O-05 then O-14 (PUT carrying password). Expected: 200 (okta-requests.md §3.7, O-14). Password sync is a provisioning option the admin turns on ("Sync Password"), so an endpoint that does not take passwords can still be provisioned without it.',
    provenBy: ['put-password-refused', 'put-405'],
    needs: ['id'],
    verify: (ctx) => void userWithId(ctx),
  }),
];

