// Entra interoperability checks for group provisioning and membership (entra-requests.md §3.8-3.11,
// R-11..R-17).
import { expectCreatedId, expectDeleted, expectedId, expectEmptyList, expectSingleMatch, expectStatus, isObject, jsonObjectOf, snippet } from '../assert';
import { DOCS } from '../references';
import { defineCheck, type CheckContext } from '../types';
import { declaredNeverReturned } from '../declared';
import { unsupported, violation } from '../violation';

const lookup = { ref: 'Entra: Get group by displayName (R-12)', url: DOCS.entraScim };
const create = { ref: 'Entra: Create group (R-13)', url: DOCS.entraScim };
const rename = { ref: 'Entra: Update group attributes (R-14)', url: DOCS.entraScim };
const addMembers = { ref: 'Entra: Add group members (R-15)', url: DOCS.entraScim };
const removeMembers = { ref: 'Entra: Remove group members (R-16)', url: DOCS.entraCompat };
const remove = { ref: 'Entra: Delete group (R-17)', url: DOCS.entraScim };

function needMembers(ctx: CheckContext): string[] {
  const m = ctx.expect.members;
  if (!m) throw new Error('fixture error: this check needs expect.members');
  return m;
}

/**
 * Whether the endpoint says it never returns members (RFC 7643 §7 "returned": "never"): then membership
 * cannot be read back through SCIM at all, which is entra.groups.members.verifiable's finding, and the
 * membership read-backs are blocked rather than failed. Any other declaration (or none) means members
 * asked for with attributes=members must come back.
 */
function membersNeverReturned(ctx: CheckContext): boolean {
  return declaredNeverReturned(ctx.discovery, 'Group', ['members']);
}

/** Member ids of a group read back by id (members asked for with attributes=members). */
function memberIds(ctx: CheckContext): string[] {
  const group = jsonObjectOf(expectStatus(ctx.exchange, [200]));
  const members = group['members'];
  if (members === undefined) {
    if (membersNeverReturned(ctx)) unsupported('reading group members back through SCIM', '/Schemas declares Group members "returned": "never" and none came back (see entra.groups.members.verifiable)');
    return []; // a group without members may omit the attribute (RFC 7643 §2.5: unassigned)
  }
  if (!Array.isArray(members)) violation('"members" as an array', `"members": ${snippet(JSON.stringify(members))}`);
  return members.map((m) => (isObject(m) ? String(m['value']) : JSON.stringify(m)));
}

function expectMembers(ctx: CheckContext): void {
  const want = [...needMembers(ctx)].sort();
  const got = memberIds(ctx);
  const distinct = [...new Set(got)].sort();
  if (JSON.stringify(distinct) !== JSON.stringify(want)) {
    violation(`members ${JSON.stringify(want)}`, got.length === 0 ? 'no members returned' : `members ${JSON.stringify(got)}`);
  }
}

export const entraGroupChecks = [
  defineCheck({
    id: 'entra.groups.lookup.no-match',
    title: 'A displayName lookup that matches nothing answers 200 with zero results',
    suite: 'entra',
    requirement: lookup,
    level: 'MUST',
    quote: 'Entra looks a group up by displayName before creating it; any query answers a ListResponse, with zero results as HTTP 200. A 404 on /Groups quarantines the job.',
    provenBy: ['filter-no-match-404', 'group-filter-unsupported'],
    verify: (ctx) => expectEmptyList(ctx.exchange),
  }),
  defineCheck({
    id: 'entra.groups.lookup.finds-group',
    title: 'A displayName lookup finds exactly the created group',
    suite: 'entra',
    requirement: lookup,
    level: 'MUST',
    quote: 'GET /Groups?excludedAttributes=members&filter=displayName eq "<name>" must return the matching group.',
    provenBy: ['filter-ignored', 'group-filter-unsupported'],
    needs: ['id'],
    verify: (ctx) => void expectSingleMatch(ctx.exchange, expectedId(ctx)),
  }),
  defineCheck({
    id: 'entra.groups.lookup.case-insensitive',
    title: 'A displayName lookup in another letter case finds the group',
    suite: 'entra',
    requirement: { ref: 'Entra: Get group by displayName (R-12); RFC7643 §4.2 displayName caseExact false', url: DOCS.rfc7643('4.2') },
    level: 'MUST',
    quote: 'The SCIM Validator filters for an existing group with a different case; displayName is not case-exact.',
    provenBy: ['filter-case-sensitive'],
    needs: ['id'],
    verify: (ctx) => void expectSingleMatch(ctx.exchange, expectedId(ctx)),
  }),
  defineCheck({
    id: 'entra.groups.excluded-members',
    title: 'excludedAttributes=members leaves members out, even when the group has members',
    suite: 'entra',
    requirement: { ref: 'Entra: Get group (R-11, R-12)', url: DOCS.entraScim },
    level: 'MUST',
    quote: 'Entra always asks for groups with excludedAttributes=members; returning members there can fail with MultipleEntriesInResponse.',
    provenBy: ['group-excluded-attributes-ignored'],
    verify: (ctx) => {
      const body = jsonObjectOf(expectStatus(ctx.exchange, [200]));
      const groups = Array.isArray(body['Resources']) ? body['Resources'] : [body];
      const leaking = groups.filter((g) => isObject(g) && 'members' in g);
      if (leaking.length > 0) violation('no "members" attribute', `"members": ${snippet(JSON.stringify((leaking[0] as Record<string, unknown>)['members']))}`);
    },
  }),
  defineCheck({
    id: 'entra.groups.create.accepted',
    title: "Entra's create-group body is accepted (legacy ADSCIM schema URN and meta included) and returns an id",
    suite: 'entra',
    requirement: create,
    level: 'MUST',
    quote: 'Entra sends schemas ["urn:ietf:params:scim:schemas:core:2.0:Group", "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group"] and meta.resourceType, and caches the id the endpoint returns; an endpoint that rejects the body cannot provision any group from Entra.',
    provenBy: ['group-legacy-schema-rejected', 'create-returns-other-id'],
    guardsProvision: true,
    verify: (ctx) => expectCreatedId(ctx.exchange, ctx.identity),
  }),
  defineCheck({
    id: 'entra.groups.create.status-201',
    title: 'Group creation answers 201 Created',
    suite: 'entra',
    requirement: create,
    level: 'MUST',
    quote: 'POST /Groups is expected to return 201 Created with the group.',
    provenBy: ['create-returns-200', 'group-legacy-schema-rejected'],
    verify: (ctx) => void expectStatus(ctx.exchange, [201]),
  }),
  defineCheck({
    id: 'entra.groups.create.duplicate-name-409',
    title: 'Creating a group whose displayName exists answers 409',
    suite: 'entra',
    requirement: { ref: 'Entra: Create group (R-13); unique displayName', url: DOCS.entraScim },
    level: 'SHOULD',
    quote: 'Groups are matched on displayName, and the SCIM Validator expects 409 for a duplicate group ("Create a duplicate Group"). RFC 7643 §4.2 gives Group displayName "uniqueness": "none", so a duplicate is allowed; it only risks a DuplicateTargetEntries match in Entra.',
    provenBy: ['group-duplicate-name-allowed'],
    verify: (ctx) => void expectStatus(ctx.exchange, [409]),
  }),
  defineCheck({
    id: 'entra.groups.patch.accepted',
    title: "Entra's group PATCH is accepted with 204 or 200",
    suite: 'entra',
    requirement: addMembers,
    level: 'MUST',
    quote: 'Group PATCH (rename, add and remove members, Pascal-case ops by default) is expected to answer 204 No Content; 200 is accepted too.',
    provenBy: ['patch-op-case-sensitive', 'group-patch-501'],
    verify: (ctx) => void expectStatus(ctx.exchange, [200, 204]),
  }),
  defineCheck({
    id: 'entra.groups.external-id.read-back',
    title: "A group reads back with the externalId Entra created it with (the group's objectId)",
    suite: 'entra',
    requirement: { ref: 'Entra: Get group by id (R-11); default group mapping objectId to externalId (§2.2)', url: DOCS.entraScim },
    level: 'SHOULD',
    quote:
      "Entra's default group mapping writes the group's objectId to externalId, and Microsoft's documented Create group (R-13) and Get group (R-11) responses return that externalId; Microsoft states no requirement in so many words, and that Entra re-sends a value which does not read back every cycle is observed, not documented.",
    provenBy: ['group-external-id-dropped'],
    needs: ['paths'],
    verify: (ctx) => {
      const body = jsonObjectOf(expectStatus(ctx.exchange, [200]));
      const want = ctx.expect.paths?.['externalId'];
      if (want === undefined) throw new Error('fixture error: this check needs expect.paths.externalId');
      if (body['externalId'] !== want) violation(`"externalId": ${JSON.stringify(want)}`, `"externalId": ${JSON.stringify(body['externalId'])}`);
    },
  }),
  defineCheck({
    id: 'entra.groups.rename.read-back',
    title: 'A renamed group reads back with its new displayName',
    suite: 'entra',
    requirement: rename,
    level: 'MUST',
    quote: 'PATCH Replace displayName must change the name; otherwise Entra re-sends it every cycle.',
    provenBy: ['group-rename-ignored'],
    needs: ['paths'],
    verify: (ctx) => {
      const body = jsonObjectOf(expectStatus(ctx.exchange, [200]));
      const want = ctx.expect.paths?.['displayName'];
      if (body['displayName'] !== want) violation(`"displayName": ${JSON.stringify(want)}`, `"displayName": ${JSON.stringify(body['displayName'])}`);
    },
  }),
  defineCheck({
    id: 'entra.groups.members.added',
    title: 'Members added with PATCH Add read back, one or several per PATCH',
    suite: 'entra',
    requirement: addMembers,
    level: 'MUST',
    quote: 'Entra adds members with op Add, path members and [{"$ref": null, "value": id}], possibly several per PATCH; the group must then list exactly those members.',
    provenBy: ['group-members-add-ignored', 'group-get-no-members'],
    needs: ['members'],
    verify: expectMembers,
  }),
  defineCheck({
    id: 'entra.groups.members.verifiable',
    title: 'Group membership can be read back through SCIM (members returned when asked for)',
    suite: 'entra',
    requirement: { ref: 'Entra: Add group members (R-15); RFC7643 §4.2 members', url: DOCS.rfc7643('4.2') },
    level: 'SHOULD',
    quote: 'Entra never asks for members, so membership drift made in the target is never detected; an endpoint that never returns members ("returned": "never") cannot have its membership verified by anyone, this harness included.',
    provenBy: ['group-get-no-members'],
    needs: ['members'],
    verify: (ctx) => {
      const group = jsonObjectOf(expectStatus(ctx.exchange, [200]));
      if (needMembers(ctx).length > 0 && group['members'] === undefined) {
        violation(
          'members of a group known to have members, returned for GET /Groups/{id}?attributes=displayName,members',
          `no "members" attribute${membersNeverReturned(ctx) ? ' (/Schemas declares members "returned": "never"): membership not verifiable' : ''}`,
        );
      }
    },
  }),
  defineCheck({
    id: 'entra.groups.members.no-duplicates',
    title: 'Adding a member that is already in the group does not duplicate it',
    suite: 'entra',
    requirement: { ref: 'Entra: Add group members (R-15); RFC7644 §3.5.2.1', url: DOCS.rfc7644('3.5.2.1') },
    level: 'SHOULD',
    quote:
      'RFC 7644 §3.5.2.1 (add): "If the target location already contains the value specified, no changes SHOULD be made to the resource, and a success response SHOULD be returned." Entra may add the same member again (retries, re-evaluation).',
    provenBy: ['group-members-add-duplicates'],
    verify: (ctx) => {
      const got = memberIds(ctx);
      const dupes = got.filter((v, i) => got.indexOf(v) !== i);
      if (dupes.length > 0) violation('each member once', `members ${JSON.stringify(got)}`);
    },
  }),
  defineCheck({
    id: 'entra.groups.members.removed',
    title: 'Members removed with PATCH Remove go, and only those',
    suite: 'entra',
    requirement: removeMembers,
    level: 'MUST',
    quote: 'By default Entra sends Remove on path members with a value array naming the members; with aadOptscim062020 a members[value eq "id"] path. Only the named members may go.',
    provenBy: ['group-members-remove-all', 'group-members-remove-filter-ignored'],
    needs: ['members'],
    verify: expectMembers,
  }),
  defineCheck({
    id: 'entra.groups.members.removed-ref-null',
    title: 'Remove on members with [{"$ref": null, "value": id}] (the tutorial form; the flag\'s filter form) removes that member',
    suite: 'entra',
    requirement: { ref: 'Entra: Remove group members, tutorial form (R-16)', url: DOCS.entraScim },
    level: 'MUST',
    quote:
      'The tutorial\'s R-16: {"op": "Remove", "path": "members", "value": [{"$ref": null, "value": "<id>"}]}; Entra sends the value array with or without "$ref": null (entra-requests.md §7 item 11). The member named by "value" must go.',
    provenBy: ['group-members-remove-ref-null-ignored'],
    needs: ['removed'],
    // The flag profile sends members[value eq "<id>"] at this step: the same removal, judged the same way.
    // Only the member the Remove named is judged; any other member left over is another check's finding.
    verify: (ctx) => {
      const removed = ctx.expect.removed;
      if (!removed) throw new Error('fixture error: this check needs expect.removed');
      const got = memberIds(ctx);
      const left = removed.filter((id) => got.includes(id));
      if (left.length > 0) violation(`members without ${JSON.stringify(removed)} (the member the Remove named)`, `members ${JSON.stringify(got)}`);
    },
  }),
  defineCheck({
    id: 'entra.groups.members.deleted-user-removed',
    title: 'Deleting a user removes it from its groups',
    suite: 'entra',
    requirement: { ref: 'Entra: Delete user (R-10); RFC7644 §3.6', url: DOCS.rfc7644('3.6') },
    level: 'SHOULD',
    quote: 'A deleted resource is gone for every operation; a group that still lists a deleted user refers to nothing.',
    provenBy: ['user-delete-keeps-membership'],
    needs: ['members'],
    verify: expectMembers,
  }),
  defineCheck({
    id: 'entra.groups.delete.accepted',
    title: 'DELETE of a group answers a 2xx',
    suite: 'entra',
    requirement: remove,
    level: 'MUST',
    quote: 'Entra deletes a group with DELETE /Groups/{id}, documented as answering 204 No Content; Entra takes any 2xx as deleted, with or without a body (RFC 7644 §3.6 asks for 204: rfc7644.delete.status-204).',
    provenBy: ['delete-unsupported'],
    verify: expectDeleted,
  }),
  defineCheck({
    id: 'entra.groups.delete.gone',
    title: 'A deleted group answers 404 on GET',
    suite: 'entra',
    requirement: { ref: 'Entra: Delete group (R-17); RFC7644 §3.6', url: DOCS.rfc7644('3.6') },
    level: 'MUST',
    quote: 'Service providers ... MUST return a 404 (Not Found) error code for all operations associated with the previously deleted resource (RFC 7644 §3.6).',
    provenBy: ['group-delete-soft'],
    verify: (ctx) => void expectStatus(ctx.exchange, [404]),
  }),
];
