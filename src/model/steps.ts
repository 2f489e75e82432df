// The requests properties and model commands send, each judged as it comes back: a step that does
// not get the answer Entra needs throws a Violation naming the request and what came back.
import { describeResponse, expectStatus, idOf, isObject, jsonObjectOf, listOf, responseOf } from '../checks/assert';
import { violation } from '../checks/violation';
import type { Exchange } from '../http/exchange';
import { createUserBody, compareUser, describeStateMismatches, type UserState } from './user-state';
import { createGroupBody, userLookup, groupLookup } from './requests';
import type { EntraGroup } from './arbitraries';
import type { CaseContext } from './session';

const seg = (id: string): string => encodeURIComponent(id);

/** "POST /Users" style, for the Expected line of a violation. */
function what(ex: Exchange): string {
  const m = /\/(Users|Groups)(\/[^/?]+)?(?:\?|$)/.exec(new URL(ex.request.url).pathname);
  return m ? `${ex.request.method} /${m[1]}${m[2] ? '/{id}' : ''}` : ex.request.method;
}

function expect2xx(ex: Exchange, wanted: string): Record<string, unknown> | undefined {
  const res = responseOf(ex);
  if (res.status < 200 || res.status > 299) violation(`${what(ex)} answers ${wanted}`, describeResponse(res));
  return res.json !== undefined && isObject(res.json) ? res.json : undefined;
}

/**
 * POST /Users with Entra's body; the id comes from the 201 body or, failing that, a userName lookup.
 * @param variable the shell variable the id gets in the reproduction chain
 */
export async function createUser(c: CaseContext, state: UserState, variable?: string): Promise<string> {
  return createUserWithBody(c, state.userName, createUserBody(state), variable);
}

/** POST /Users with any body whose userName is `userName`; the id as createUser finds it. */
export async function createUserWithBody(c: CaseContext, userName: string, body: Record<string, unknown>, variable?: string): Promise<string> {
  const ex = await c.send({ method: 'POST', path: '/Users', body, label: 'create user' });
  const created = expect2xx(ex, '201 Created with the user');
  const id = idOf(created);
  if (typeof id === 'string' && id !== '') return c.trackCreated('Users', userName, id, variable);
  await c.trackWithoutId('Users', userName);
  return findUserId(c, userName);
}

export async function findUserId(c: CaseContext, userName: string): Promise<string> {
  const list = listOf(await c.send(userLookup(userName, 'find user')));
  const ids = list.resources.map(idOf);
  if (ids.length !== 1 || typeof ids[0] !== 'string') violation(`one user with userName ${JSON.stringify(userName)}`, `ids ${JSON.stringify(ids)}`);
  return ids[0] as string;
}

export async function createGroup(c: CaseContext, group: EntraGroup, displayName: string, variable?: string): Promise<string> {
  const ex = await c.send({ method: 'POST', path: '/Groups', body: createGroupBody(group, displayName), label: 'create group' });
  const body = expect2xx(ex, '201 Created with the group');
  const id = idOf(body);
  if (typeof id === 'string' && id !== '') return c.trackCreated('Groups', displayName, id, variable);
  await c.trackWithoutId('Groups', displayName);
  violation('POST /Groups returns the new group with its id', describeResponse(responseOf(ex)));
}

export async function readUser(c: CaseContext, id: string, label = 'read user'): Promise<Record<string, unknown>> {
  return jsonObjectOf(expectStatus(await c.send({ method: 'GET', path: `/Users/${seg(id)}`, label }), [200]));
}

/** The group with what the model judges asked for by name: members may be "returned": "request" (RFC 7643 §7). */
export async function readGroup(c: CaseContext, id: string, label = 'read group'): Promise<Record<string, unknown>> {
  return jsonObjectOf(expectStatus(await c.send({ method: 'GET', path: `/Groups/${seg(id)}`, query: [['attributes', 'displayName,externalId,members']], label }), [200]));
}

/** PATCH accepted with 200 or 204 (RFC 7644 §3.5.2; Entra accepts both). */
export async function patch(c: CaseContext, type: 'Users' | 'Groups', id: string, body: unknown, label: string): Promise<void> {
  expect2xx(await c.send({ method: 'PATCH', path: `/${type}/${seg(id)}`, body, label }), '200 or 204');
}

/** DELETE answered 2xx, then GET answers 404. */
export async function remove(c: CaseContext, type: 'Users' | 'Groups', id: string, label: string): Promise<void> {
  expect2xx(await c.send({ method: 'DELETE', path: `/${type}/${seg(id)}`, label }), '204 No Content');
  c.forget(type, id);
  const after = await c.send({ method: 'GET', path: `/${type}/${seg(id)}`, label: `${label} / read deleted` });
  const res = responseOf(after);
  if (res.status !== 404) violation(`GET /${type}/{id} after DELETE answers 404`, describeResponse(res));
}

/** The user read back holds the expected state (see compareUser). */
export function expectUser(c: CaseContext, resource: unknown, expected: UserState, context: string): void {
  const mismatches = compareUser(expected, resource, c.env.discovery);
  if (mismatches.length === 0) return;
  const d = describeStateMismatches(mismatches);
  violation(`${context}:\n${d.expected}`, d.received);
}

/** GET /Users?filter=userName eq "..." lists exactly the user with this id (and the stored userName). */
export async function expectUserFound(c: CaseContext, query: string, id: string, stored: string, label: string): Promise<Record<string, unknown>> {
  const ex = await c.send(userLookup(query, label));
  const list = listOf(ex);
  const ids = list.resources.map(idOf);
  if (ids.length !== 1 || ids[0] !== id) violation(`userName eq ${JSON.stringify(query)} lists exactly the user ${JSON.stringify(id)}`, `${ids.length} resource(s), ids ${JSON.stringify(ids)}`);
  const found = list.resources[0] as Record<string, unknown>;
  // userName is not case-exact (RFC 7643 §4.1.1): a canonicalised spelling is the same userName.
  if (typeof found['userName'] !== 'string' || found['userName'].toLowerCase() !== stored.toLowerCase()) violation(`the listed user's userName as stored: ${JSON.stringify(stored)}`, `"userName": ${JSON.stringify(found['userName'])}`);
  return found;
}

export async function expectUserAbsent(c: CaseContext, userName: string, label: string): Promise<void> {
  const list = listOf(await c.send(userLookup(userName, label)));
  const ids = list.resources.map(idOf);
  if (ids.length !== 0) violation(`userName eq ${JSON.stringify(userName)} lists no user (200, empty ListResponse)`, `ids ${JSON.stringify(ids)}`);
}

export async function expectGroupFound(c: CaseContext, displayName: string, id: string, label: string): Promise<void> {
  const list = listOf(await c.send(groupLookup(displayName, label)));
  const ids = list.resources.map(idOf);
  if (ids.length !== 1 || ids[0] !== id) violation(`displayName eq ${JSON.stringify(displayName)} lists exactly the group ${JSON.stringify(id)}`, `${ids.length} resource(s), ids ${JSON.stringify(ids)}`);
  const found = list.resources[0] as Record<string, unknown>;
  if (found['displayName'] !== displayName) violation(`the listed group's displayName: ${JSON.stringify(displayName)}`, `"displayName": ${JSON.stringify(found['displayName'])}`);
}

export async function expectGroupAbsent(c: CaseContext, displayName: string, label: string): Promise<void> {
  const list = listOf(await c.send(groupLookup(displayName, label)));
  const ids = list.resources.map(idOf);
  if (ids.length !== 0) violation(`displayName eq ${JSON.stringify(displayName)} lists no group (200, empty ListResponse)`, `ids ${JSON.stringify(ids)}`);
}
