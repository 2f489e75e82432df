// Matching precision and names freed by a delete: Entra's lookup before a create must
// find only the resource whose name equals the value, and a name whose holder was deleted (R-10,
// R-17) must be free for the next create (entra-requests.md §3.3 items 2 and 4).

import { ScimError } from '../errors';
import type { Reply } from '../hooks';
import { getKeyCI, type JsonObject } from '../json';
import type { ResourceTypeDef } from '../schema-defs';
import type { Store } from '../store';
import { defineSwitch } from './define';

/** The attribute Entra matches a resource type on by default: userName for users, displayName for groups. */
function nameAttr(rt: ResourceTypeDef): string {
  return rt.name === 'User' ? 'userName' : 'displayName';
}

/**
 * A filter hook that reads `<name attribute> eq "v"` as `<name attribute> <op> "v"`: the endpoint
 * translates eq on names into a SQL LIKE ('v%' for sw, '%v%' for co), as a search box does.
 */
function eqReadAs(op: 'sw' | 'co'): (text: string, rt: ResourceTypeDef) => string {
  return (text, rt) => {
    const m = /^\s*([A-Za-z]\w*)\s+eq\s+("(?:[^"\\]|\\.)*")\s*$/i.exec(text);
    return m && m[1]!.toLowerCase() === nameAttr(rt).toLowerCase() ? `${m[1]} ${op} ${m[2]}` : text;
  };
}

/** Per server: the names of deleted resources that stay in the endpoint's unique index ("User\nname"). */
const tombstones = new WeakMap<Store, Set<string>>();
const tombstoneKey = (rt: ResourceTypeDef, name: string): string => `${rt.name}\n${name.toLowerCase()}`;

/** A delete that leaves the name of a resource of type `type` reserved, and a create that honours the reservation. */
function reservedAfterDelete(type: 'User' | 'Group'): {
  deleteResource: (d: { rt: ResourceTypeDef; rec: { data: JsonObject }; store: Store }, next: () => Reply) => Reply;
  createBody: (body: JsonObject, rt: ResourceTypeDef, store: Store) => JsonObject;
} {
  return {
    deleteResource: (d, next) => {
      const name = d.rec.data[nameAttr(d.rt)];
      const reply = next();
      if (d.rt.name === type && typeof name === 'string' && reply.status >= 200 && reply.status < 300) {
        const set = tombstones.get(d.store) ?? new Set<string>();
        set.add(tombstoneKey(d.rt, name));
        tombstones.set(d.store, set);
      }
      return reply;
    },
    createBody: (body, rt, store) => {
      const name = getKeyCI(body, nameAttr(rt));
      if (rt.name === type && typeof name === 'string' && tombstones.get(store)?.has(tombstoneKey(rt, name))) {
        throw new ScimError(409, `A ${rt.name} with ${nameAttr(rt)} ${JSON.stringify(name)} already exists`, 'uniqueness');
      }
      return body;
    },
  };
}

export const LOOKUP_SWITCHES = [
  defineSwitch({
    name: 'filter-eq-prefix',
    kind: 'fault',
    description: 'The eq operator on userName (/Users) and displayName (/Groups) matches every value that starts with the filter value (a LIKE \'value%\' search), so a lookup of jo@contoso.com also returns jo@contoso.com.au.',
    filter: eqReadAs('sw'),
  }),
  defineSwitch({
    name: 'filter-eq-contains',
    kind: 'fault',
    description: 'The eq operator on userName (/Users) and displayName (/Groups) matches every value that contains the filter value (a LIKE \'%value%\' search), so a lookup of jo@contoso.com also returns ajo@contoso.com and jo@contoso.com.au.',
    filter: eqReadAs('co'),
  }),
  defineSwitch({
    name: 'username-reserved-after-delete',
    kind: 'fault',
    description: 'A deleted user answers 404, but its userName stays reserved (deleted rows stay in the unique index): a POST /Users with that userName answers 409 uniqueness.',
    ...reservedAfterDelete('User'),
  }),
  defineSwitch({
    name: 'group-name-reserved-after-delete',
    kind: 'fault',
    description: 'A deleted group answers 404, but its displayName stays reserved (deleted rows stay in the unique index): a POST /Groups with that displayName answers 409 uniqueness.',
    ...reservedAfterDelete('Group'),
  }),
] as const;
