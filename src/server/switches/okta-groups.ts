// Okta's group push and import traffic (okta-requests.md §3.2, §3.8-§3.12): the faults are the ways real
// endpoints mishandle what Okta sends; the variations are behaviours Okta documents as acceptable.

import { badRequest } from '../errors';
import { eqi, isObject, type JsonObject } from '../json';
import { URN } from '../schema-defs';
import { defineSwitch } from './define';
import { collectionOf, resourceOf } from './routes';

/** Pages smaller than this are planned differently by list-order-depends-on-count's database. */
const SMALL_PAGE = 10;

// The count asked for by the list request being answered: handlers run synchronously from onRequest
// to the query, so no other request can come between.
let listCount: number | undefined;
// The attributes a group PATCH stored, for the response of the same request.
let patchedGroup: JsonObject | undefined;

/** The name a group or user index is keyed on. */
function indexKey(resource: JsonObject): string {
  const name = resource['userName'] ?? resource['displayName'];
  return typeof name === 'string' ? name.toLowerCase() : '';
}

export const OKTA_GROUPS_SWITCHES = [
  defineSwitch({
    name: 'list-order-depends-on-count',
    kind: 'fault',
    description: `Lists are read without an ORDER BY, and the database plans a page of fewer than ${SMALL_PAGE} results through its name index (userName, displayName) but a larger one through the table (creation order): the order depends on count, so walking a list with small pages lists it in another order than Okta's count=100 pages.`,
    onRequest: (req) => {
      const count = req.method === 'GET' && collectionOf(req) ? Number.parseInt(req.param('count') ?? '', 10) : Number.NaN;
      listCount = Number.isNaN(count) ? undefined : count;
    },
    results: (items) => (listCount !== undefined && listCount < SMALL_PAGE ? [...items].sort((a, b) => (indexKey(a) < indexKey(b) ? -1 : indexKey(a) > indexKey(b) ? 1 : 0)) : items),
  }),
  defineSwitch({
    name: 'list-unfiltered-empty',
    kind: 'fault',
    description:
      'GET /Users and GET /Groups without a filter answer 200 with an empty ListResponse: the endpoint implements the filtered lookups a client sends before creating (all that Entra sends), not listing, so an import finds nothing.',
    results: (items, q) => (q.filter === undefined ? [] : items),
  }),
  defineSwitch({
    name: 'patch-pathless-id-rejected',
    kind: 'fault',
    description:
      'A path-less PATCH operation whose value carries "id" (Okta\'s group rename sends {"id": <group id>, "displayName": <name>}) is refused with 400 mutability, as servers that check every key of the value against the schema and refuse readOnly ones do, even when the id is the resource\'s own.',
    patchOperation: (op) => {
      if (op.op === 'remove' || (op.path !== undefined && op.path !== '') || !isObject(op.value)) return;
      if (Object.keys(op.value).some((k) => eqi(k, 'id'))) throw badRequest('mutability', '"id" is readOnly');
    },
  }),
  defineSwitch({
    name: 'group-patch-200-empty',
    kind: 'fault',
    description: 'A group PATCH is applied but answered 200 with an empty JSON object ({}) instead of the group or 204 No Content: the handler returns a default body after saving.',
    onReply: (reply, req) => (req.method === 'PATCH' && resourceOf(req)?.type === 'Group' && (reply.status === 200 || reply.status === 204) ? { status: 200, body: {} } : reply),
  }),
  defineSwitch({
    name: 'group-patch-members-null',
    kind: 'variation',
    scope: ['okta'],
    // patch-204 answers the same PATCH 204.
    conflicts: ['patch-204'],
    description:
      'A group PATCH answers 200 with the group\'s details and "members": null instead of 204 (GET /Groups/{id} still lists the members), as Okta\'s own example response shows ("Okta doesn\'t require the list of users to be returned, but it does require the other details about the Group"); RFC 7644 §3.5.2 asks a 200 to carry "the entire resource", so only the Okta verdict must stay clean.',
    // The reference server answers a group PATCH 204; this endpoint serialises what it stored, without the members.
    onWrite: (data, w) => {
      if (w.rt.name === 'Group' && w.op === 'patch') patchedGroup = data;
      return data;
    },
    onReply: (reply, req) => {
      const group = patchedGroup;
      patchedGroup = undefined;
      const target = resourceOf(req);
      if (req.method !== 'PATCH' || target?.type !== 'Group' || reply.status !== 204 || group === undefined) return reply;
      const { members: _left, ...details } = group;
      return { ...reply, status: 200, body: { schemas: [URN.group], id: target.id, ...details, members: null, meta: { resourceType: 'Group' } } };
    },
  }),
] as const;
