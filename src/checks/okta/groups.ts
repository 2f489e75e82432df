// Okta interoperability checks for group push (okta-requests.md §3.8-§3.11; O-15..O-23): Okta looks the
// group up by displayName, creates it with "members": [], then pushes its name and members — by PUT of
// the whole group from an App Integration Wizard app (O-20), by PATCH from an OIN app (O-19, O-21, O-22) —
// and deletes it when the push is unlinked (O-23). The harness reads the group back after each push.
import { describeResponse, expectCreatedId, expectEmptyList, expectedId, expectSingleMatch, expectStatus, isObject, jsonObjectOf, snippet } from '../assert';
import { declaredNeverReturned } from '../declared';
import { DOCS } from '../references';
import { defineCheck, type CheckContext, type CheckDefinition } from '../types';
import { unsupported, violation } from '../violation';

const lookup = { ref: 'Okta: Get group by displayName (O-15)', url: DOCS.oktaScim20 };
const create = { ref: 'Okta: Create group (O-16)', url: DOCS.oktaScim20 };
const getById = { ref: 'Okta: Get group by id (O-17)', url: DOCS.oktaScim20 };
const put = { ref: 'Okta: Replace group, App Integration Wizard app (O-20)', url: DOCS.oktaScim20 };
const rename = { ref: 'Okta: Rename group, OIN app (O-19)', url: DOCS.oktaScim20 };
const patchAny = { ref: 'Okta: Update group by PATCH, OIN app (O-19, O-21, O-22)', url: DOCS.oktaScim20 };
const members = { ref: 'Okta: Update group members, OIN app (O-21)', url: DOCS.oktaScim20 };
const fullPush = { ref: 'Okta: Replace all group members, OIN app (O-22)', url: DOCS.oktaScim20 };
const remove = { ref: 'Okta: Delete group (O-23)', url: DOCS.oktaScim20 };

/** okta-requests.md §5 ("Rules the endpoint must follow"), rule 9, drawn from Okta's protocol reference. */
const RULE_9 =
  'okta-requests.md §5, rules the endpoint must follow, rule 9: group member operations — remove with members[value eq "…"], add on members with {value, display} items, replace on members replacing the whole list; PUT with the full list.';

/** The member ids of a group read back by id (GET /Groups/{id}, as Okta reads it: no attributes parameter). */
function memberIds(ctx: CheckContext): string[] {
  const group = jsonObjectOf(expectStatus(ctx.exchange, [200]));
  const list = group['members'];
  if (list === undefined || list === null) {
    if (declaredNeverReturned(ctx.discovery, 'Group', ['members'])) unsupported('reading group members back through SCIM', '/Schemas declares Group members "returned": "never" and none came back');
    return []; // a group without members may leave the attribute out (RFC 7643 §2.5: unassigned)
  }
  if (!Array.isArray(list)) violation('"members" as an array', `"members": ${snippet(JSON.stringify(list))}`);
  return list.map((m) => (isObject(m) ? String(m['value']) : JSON.stringify(m)));
}

/** The group lists exactly the members the step expects (each once). */
function expectMembers(ctx: CheckContext): void {
  const want = ctx.expect.members;
  if (!want) throw new Error('fixture error: this check needs expect.members');
  const got = memberIds(ctx);
  if (JSON.stringify([...got].sort()) !== JSON.stringify([...want].sort())) {
    violation(`exactly the members ${JSON.stringify(want)}`, got.length === 0 ? 'no members' : `members ${JSON.stringify(got)}`);
  }
}

/** The group read back carries the displayName the step expects. */
function expectName(ctx: CheckContext): void {
  const want = ctx.expect.paths?.['displayName'];
  if (want === undefined) throw new Error('fixture error: this check needs expect.paths.displayName');
  const body = jsonObjectOf(expectStatus(ctx.exchange, [200]));
  if (body['displayName'] !== want) violation(`"displayName": ${JSON.stringify(want)}`, `"displayName": ${JSON.stringify(body['displayName'])}`);
}

export const oktaGroupChecks = [
  defineCheck({
    id: 'okta.groups.lookup.no-match',
    title: 'A displayName lookup that matches no group answers 200 with an empty ListResponse',
    suite: 'okta',
    requirement: lookup,
    level: 'MUST',
    quote:
      'You must also implement filtering results with the eq (equals) operator on your SCIM server. Okta checks that the Group object exists on the SCIM server through a GET method request with the filter=displayName eq "${groupName}" path parameter. ... The SCIM server processes the request and responds with ... An empty response if no Groups match the filter criteria (HTTP 200, "totalResults": 0).',
    provenBy: ['group-filter-unsupported', 'filter-no-match-404'],
    verify: (ctx) => expectEmptyList(ctx.exchange),
  }),
  defineCheck({
    id: 'okta.groups.lookup.finds-group',
    title: 'A displayName lookup finds exactly the pushed group',
    suite: 'okta',
    requirement: lookup,
    level: 'MUST',
    quote:
      'You must also implement filtering results with the eq (equals) operator on your SCIM server. Okta checks that the Group object exists on the SCIM server through a GET method request with the filter=displayName eq "${groupName}" path parameter ... The SCIM server processes the request and responds with a list of Groups if they match the filter criteria.',
    provenBy: ['group-filter-unsupported', 'filter-ignored'],
    needs: ['id'],
    verify: (ctx) => void expectSingleMatch(ctx.exchange, expectedId(ctx)),
  }),
  defineCheck({
    id: 'okta.groups.create.accepted',
    title: "Okta's create-group body (\"members\": []) is accepted and answered with the group and its id",
    suite: 'okta',
    requirement: create,
    level: 'MUST',
    quote:
      'Okta sends {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": "…", "members": []}. When it receives this request, the SCIM server responds with the Group object as it would for a GET method request to the /Groups/${groupID}/ (okta-requests.md O-16). Every later push addresses the group by that id, so it is required.',
    provenBy: ['create-returns-other-id'],
    guardsProvision: true,
    verify: (ctx) => expectCreatedId(ctx.exchange, ctx.identity),
  }),
  defineCheck({
    id: 'okta.groups.create.status-201',
    title: 'Group creation answers 201 Created',
    suite: 'okta',
    requirement: create,
    level: 'SHOULD',
    quote: 'When it receives this request, the SCIM server responds with the Group object as it would for a GET method request to the /Groups/${groupID}/: HTTP/1.1 201 Created (okta-requests.md O-16).',
    provenBy: ['create-returns-200'],
    verify: (ctx) => void expectStatus(ctx.exchange, [201]),
  }),
  defineCheck({
    id: 'okta.groups.get.members',
    title: 'GET /Groups/{id} returns the group with its members',
    suite: 'okta',
    requirement: getById,
    level: 'SHOULD',
    quote:
      'There are situations where Okta needs to run a GET method request on a specific ${groupID} ... The response from the server is the Group object details: {"schemas": […], "id": "…", "displayName": "…", "members": [{"value": "…", "display": "…"}], "meta": {"resourceType": "Group"}} (okta-requests.md O-17, §5 rule 10).',
    provenBy: ['group-get-no-members'],
    needs: ['members'],
    verify: expectMembers,
  }),
  defineCheck({
    id: 'okta.groups.put.accepted',
    title: "Okta's PUT of a group (displayName and the full member list) answers 200 with the group",
    suite: 'okta',
    requirement: put,
    level: 'SHOULD',
    quote: 'For custom app integrations created using the AIW, a PUT method request is used to update a Group object ... The SCIM server response is to return the updated Group object (HTTP/1.1 200 OK; okta-requests.md O-20).',
    provenBy: ['put-405'],
    verify: (ctx) => {
      const body = jsonObjectOf(expectStatus(ctx.exchange, [200]));
      if (typeof body['id'] !== 'string' || typeof body['displayName'] !== 'string') violation('the group, with its "id" and "displayName"', describeResponse(ctx.exchange.response!));
    },
  }),
  defineCheck({
    id: 'okta.groups.put.members',
    title: "After Okta's PUT the group has exactly the members the PUT listed: added ones in, left-out ones gone",
    suite: 'okta',
    requirement: put,
    level: 'MUST',
    quote: `For custom app integrations created using the AIW, a PUT method request is used to update a Group object: {"schemas": […], "displayName": "…", "members": [{"value": "<id>", "display": "<userName>"}]}. The member list is complete: members not in it are to be removed (okta-requests.md O-20). ${RULE_9}`,
    provenBy: ['group-put-ignored', 'group-put-drops-members', 'replace-merges', 'group-get-no-members'],
    needs: ['members'],
    verify: expectMembers,
  }),
  defineCheck({
    id: 'okta.groups.put.rename',
    title: "After Okta's PUT with a new displayName the group reads back renamed",
    suite: 'okta',
    requirement: put,
    level: 'MUST',
    quote:
      'Updates to existing names for Okta groups are handled by a method request to your SCIM application ... For custom app integrations created using the AIW, this request to update a Group object is sent through a PUT request (okta-requests.md §3.9, O-20; sent only with "Rename app groups to match group name in Okta" on). RFC 7644 §3.5: "Implementers MUST support HTTP PUT"; §3.5.1: "HTTP PUT is used to replace a resource\'s attributes."',
    provenBy: ['group-put-ignored'],
    needs: ['paths'],
    verify: expectName,
  }),
  defineCheck({
    id: 'okta.groups.patch.accepted',
    title: "Okta's group PATCH answers 204, or 200 with the group's details (its id and current displayName; members may be left out)",
    suite: 'okta',
    requirement: patchAny,
    level: 'MUST',
    quote:
      'For all new OIN app integrations, this request to update a Group object is sent through a PATCH method request ... The SCIM server response is to return the updated Group object ... In this example, the members attribute is returned with a null value. Okta doesn\'t require the list of users to be returned, but it does require the other details about the Group. Note: The SCIM server response to PATCH method requests can also be a HTTP 204 response, with no body returned (okta-requests.md O-19, O-21, O-22, §5 rules 8 and 10: a 200 is required to carry the group\'s id and displayName).',
    provenBy: ['patch-pathless-unsupported', 'patch-pathless-id-rejected', 'group-patch-501', 'group-patch-200-empty'],
    needs: ['id', 'paths'],
    verify: (ctx) => {
      const res = expectStatus(ctx.exchange, [200, 204]);
      if (res.status === 204) return;
      const body = jsonObjectOf(res);
      const want = { id: expectedId(ctx), displayName: ctx.expect.paths?.['displayName'] };
      if (body['id'] !== want.id || body['displayName'] !== want.displayName) {
        violation(`204, or 200 with the group as updated: "id": ${JSON.stringify(want.id)}, "displayName": ${JSON.stringify(want.displayName)}`, `HTTP 200, "id": ${JSON.stringify(body['id'])}, "displayName": ${JSON.stringify(body['displayName'])}`);
      }
    },
  }),
  defineCheck({
    id: 'okta.groups.patch.rename',
    title: "After Okta's path-less rename (with \"id\" in its value) the group reads back renamed, its members unchanged",
    suite: 'okta',
    requirement: rename,
    level: 'MUST',
    quote:
      'For all new OIN app integrations, this request to update a Group object is sent through a PATCH method request: {"op": "replace", "value": {"id": "<group id>", "displayName": "<name>"}} (okta-requests.md O-19). §5 rule 8, among the rules the endpoint must follow: accept a replace with no path whose value is an object of attributes, and accept "id" inside that object for groups. RFC 7644 §3.5.2.3: if the "path" parameter is omitted, the target is assumed to be the resource itself; the "value" attribute SHALL contain a list of one or more attributes that are to be replaced.',
    provenBy: ['group-rename-ignored', 'patch-pathless-unsupported', 'patch-pathless-id-rejected', 'group-rename-drops-members'],
    needs: ['paths', 'members'],
    verify: (ctx) => {
      expectName(ctx);
      expectMembers(ctx);
    },
  }),
  defineCheck({
    id: 'okta.groups.patch.members',
    title: 'After one PATCH that removes members[value eq "…"] and adds {value, display} members, the group has exactly the members expected',
    suite: 'okta',
    requirement: members,
    level: 'MUST',
    quote: `For all new OIN app integrations, a PATCH method request is used to update a Group object: {"op": "remove", "path": "members[value eq \\"<id>\\"]"}, {"op": "add", "path": "members", "value": [{"value": "<id>", "display": "<userName>"}]} in one PatchOp (okta-requests.md O-21). ${RULE_9}`,
    provenBy: ['group-members-add-ignored', 'group-members-remove-filter-ignored', 'group-get-no-members'],
    needs: ['members'],
    verify: expectMembers,
  }),
  defineCheck({
    id: 'okta.groups.patch.replace-members',
    title: 'After a PATCH replace on members (a full push) the group has exactly the members sent',
    suite: 'okta',
    requirement: fullPush,
    level: 'MUST',
    quote: `You can also send a full push of the membership to the SCIM server using the replace operation. This operation replaces all the group members with the supplied object values (okta-requests.md O-22). ${RULE_9}`,
    provenBy: ['replace-merges'],
    needs: ['members'],
    verify: expectMembers,
  }),
  defineCheck({
    id: 'okta.groups.delete.status-204',
    title: 'DELETE of a pushed group answers 204 No Content',
    suite: 'okta',
    requirement: remove,
    level: 'SHOULD',
    quote: 'When you select the Delete the group in the target app option and click Unlink, Okta sends a DELETE method request ... The SCIM server can return an empty response: HTTP/1.1 204 No Content (okta-requests.md O-23).',
    provenBy: ['delete-returns-200', 'delete-unsupported'],
    verify: (ctx) => void expectStatus(ctx.exchange, [204]),
  }),
  defineCheck({
    id: 'okta.groups.delete.gone',
    title: 'A group Okta deleted answers 404 afterwards',
    suite: 'okta',
    requirement: remove,
    level: 'MUST',
    quote:
      'When you select the Delete the group in the target app option and click Unlink, Okta sends a DELETE method request (okta-requests.md §3.11, O-23); afterwards the group is gone: service providers MUST return a 404 (Not Found) error code for all operations associated with the previously deleted resource (RFC 7644 §3.6, okta-requests.md §5 rule 11).',
    provenBy: ['group-delete-soft', 'delete-unsupported'],
    verify: (ctx) => void expectStatus(ctx.exchange, [404]),
  }),
] satisfies CheckDefinition[];
