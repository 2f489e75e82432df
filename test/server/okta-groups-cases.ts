// Probes of the switches of src/server/switches/okta-groups.ts (Okta's group push and import): what each
// changes, against a clean server and a server with only that switch on. Used by faults.test.ts and
// variations.test.ts.
import type { FaultName } from '../../src/server/faults';
import type { VariationName } from '../../src/server/variations';
import { Client, q } from './helpers';

type OktaGroupsFault = Extract<FaultName, 'list-order-depends-on-count' | 'list-unfiltered-empty' | 'patch-pathless-id-rejected' | 'group-patch-200-empty'>;
type OktaGroupsVariation = Extract<VariationName, 'group-patch-members-null'>;

/** Users created c, a, b (creation order is not name order): their order with count=100, then page by page with count=2. */
async function pageOrders(c: Client): Promise<string[][]> {
  const name: Record<string, string> = {};
  for (const n of ['c', 'a', 'b']) name[await c.createUser(`${n}@order.test`, { name: { familyName: 'Order' } })] = n;
  const list = async (query: string): Promise<string[]> => (await c.get(`/Users?filter=${q('name.familyName eq "Order"')}&${query}`)).body.Resources.map((u: { id: string }) => name[u.id]);
  return [await list('startIndex=1&count=100'), [...(await list('startIndex=1&count=2')), ...(await list('startIndex=3&count=2'))]];
}

/** A group of user m renamed by Okta's path-less PATCH with "id" in its value: the status, and the name a GET shows. */
async function oktaRename(c: Client): Promise<unknown[]> {
  const m = await c.createUser('m@example.test');
  const id = await c.createGroup('G', [m]);
  const r = await c.patch(`/Groups/${id}`, [{ op: 'replace', value: { id, displayName: 'G2' } }]);
  // A path-less replace without "id" is not affected.
  const plain = await c.patch(`/Groups/${id}`, [{ op: 'replace', value: { displayName: 'G3' } }]);
  return [r.status, r.body?.scimType, plain.status, (await c.get(`/Groups/${id}`)).body.displayName];
}

export const OKTA_GROUPS_FAULT_CASES: Record<OktaGroupsFault, { probe(c: Client): Promise<unknown>; clean: unknown; faulty: unknown }> = {
  'list-order-depends-on-count': {
    probe: pageOrders,
    clean: [['c', 'a', 'b'], ['c', 'a', 'b']],
    faulty: [['c', 'a', 'b'], ['a', 'b', 'c']],
  },
  'list-unfiltered-empty': {
    probe: async (c) => {
      const id = await c.createUser('listed@example.test');
      const all = (await c.get('/Users?startIndex=1&count=100')).body;
      const groups = (await c.get('/Groups?startIndex=1&count=100')).body.totalResults;
      // A filtered lookup still finds the user.
      const lookup = (await c.get(`/Users?filter=${q('userName eq "listed@example.test"')}&startIndex=1&count=100`)).body.Resources.map((u: { id: string }) => u.id === id);
      return [all.totalResults > 0, all.Resources.some((u: { id: string }) => u.id === id), groups > 0, lookup];
    },
    clean: [true, true, true, [true]],
    faulty: [false, false, false, [true]],
  },
  'patch-pathless-id-rejected': {
    probe: oktaRename,
    clean: [204, undefined, 204, 'G3'],
    faulty: [400, 'mutability', 204, 'G3'],
  },
  'group-patch-200-empty': {
    probe: async (c) => {
      const id = await c.createGroup('G');
      const r = await c.patch(`/Groups/${id}`, [{ op: 'replace', path: 'displayName', value: 'G2' }]);
      // A user PATCH is not affected.
      const u = await c.createUser('u@example.test');
      const user = await c.patch(`/Users/${u}`, [{ op: 'replace', path: 'title', value: 'T' }]);
      return [r.status, r.text, (await c.get(`/Groups/${id}`)).body.displayName, user.status];
    },
    clean: [204, '', 'G2', 200],
    faulty: [200, '{}', 'G2', 200],
  },
};

export const OKTA_GROUPS_VARIATION_CASES: Record<OktaGroupsVariation, { probe(c: Client): Promise<unknown>; clean: unknown; varied: unknown }> = {
  'group-patch-members-null': {
    probe: async (c) => {
      const m = await c.createUser('m@example.test');
      const id = await c.createGroup('G', [m]);
      const r = await c.patch(`/Groups/${id}`, [{ op: 'replace', value: { id, displayName: 'G2' } }]);
      const got = (await c.get(`/Groups/${id}`)).body;
      return [r.status, r.body?.displayName, r.body?.members, r.body?.id === id, got.members.map((x: { value: string }) => x.value === m)];
    },
    clean: [204, undefined, undefined, false, [true]],
    varied: [200, 'G2', null, true, [true]],
  },
};
