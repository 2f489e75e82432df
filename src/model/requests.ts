// Entra's request shapes (entra-requests.md §4) built from model values, per profile: the default
// `scim` job writes Pascal-case ops, one op per attribute and "True"/"False" strings; with
// aadOptscim062020 ops are lower-case, booleans are JSON booleans and several plain attributes fold
// into one path-less op keyed by their paths (R-06b). Filtered paths stay separate ops in both.
import type { ScimRequest } from '../http/client';
import { filterString } from '../http/encode';
import type { Profile } from '../profiles';
import { URN } from '../scim/urns';
import type { Change, EntraGroup } from './arbitraries';
import type { Attrs } from './user-state';

export type Op = 'add' | 'replace' | 'remove';

export const LEGACY_GROUP_URN = 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group';

export function opName(profile: Profile, op: Op): string {
  return profile === 'entra' ? op[0]!.toUpperCase() + op.slice(1) : op;
}

export function patchBody(operations: unknown[]): Record<string, unknown> {
  return { schemas: [URN.patchOp], Operations: operations };
}

/** A change with the op Entra picks: Replace when the target has a value, Add when it has none (§3.4). */
export interface PlannedChange extends Change {
  op: 'add' | 'replace';
}

export function planChanges(current: Attrs, changes: readonly Change[]): PlannedChange[] {
  return changes.map((c) => ({ ...c, op: current[c.path] === undefined ? 'add' : 'replace' }));
}

const isFiltered = (path: string): boolean => path.includes('[');

/** One op with a path per attribute (the default job's shape, R-06b default). */
export function pathForm(profile: Profile, changes: readonly PlannedChange[]): Record<string, unknown> {
  return patchBody(changes.map((c) => ({ op: opName(profile, c.op), path: c.path, value: c.value })));
}

/**
 * Filtered paths as separate ops, every other attribute folded into a path-less op per op kind whose
 * value is keyed by the attribute paths, dotted and URN-qualified as they are (R-06b with the flag).
 */
export function pathlessForm(profile: Profile, changes: readonly PlannedChange[]): Record<string, unknown> {
  const ops: unknown[] = changes.filter((c) => isFiltered(c.path)).map((c) => ({ op: opName(profile, c.op), path: c.path, value: c.value }));
  for (const op of ['replace', 'add'] as const) {
    const folded = changes.filter((c) => !isFiltered(c.path) && c.op === op);
    if (folded.length > 0) ops.push({ op: opName(profile, op), value: Object.fromEntries(folded.map((c) => [c.path, c.value])) });
  }
  return patchBody(ops);
}

/** What the profile sends for these changes: path form by default; with the flag, folded when several plain attributes change (a single one keeps its path, R-06a). */
export function entraUserPatch(profile: Profile, changes: readonly PlannedChange[]): Record<string, unknown> {
  if (profile === 'entra') return pathForm(profile, changes);
  return changes.filter((c) => !isFiltered(c.path)).length > 1 ? pathlessForm(profile, changes) : pathForm(profile, changes);
}

/** "False"/"True" strings by default, booleans with the flag. */
export function activePatch(profile: Profile, active: boolean): Record<string, unknown> {
  const value = profile === 'entra' ? (active ? 'True' : 'False') : active;
  return patchBody([{ op: opName(profile, 'replace'), path: 'active', value }]);
}

/** the documented body with the legacy ADSCIM schema URN and meta, never members. */
export function createGroupBody(group: EntraGroup, displayName: string): Record<string, unknown> {
  return { schemas: [URN.group, LEGACY_GROUP_URN], externalId: group.externalId, displayName, meta: { resourceType: 'Group' } };
}

/** Add on members with a value array, "$ref": null. */
export function addMembersPatch(profile: Profile, ids: readonly string[]): Record<string, unknown> {
  return patchBody([{ op: opName(profile, 'add'), path: 'members', value: ids.map((value) => ({ $ref: null, value })) }]);
}

/** a value array by default, an RFC value filter with the flag. */
export function removeMemberPatch(profile: Profile, id: string): Record<string, unknown> {
  if (profile === 'entra') return patchBody([{ op: 'Remove', path: 'members', value: [{ value: id }] }]);
  return patchBody([{ op: 'remove', path: `members[value eq ${filterString(id)}]` }]);
}

/** */
export function renameGroupPatch(profile: Profile, displayName: string): Record<string, unknown> {
  return patchBody([{ op: opName(profile, 'replace'), path: 'displayName', value: displayName }]);
}

/** GET /Users?filter=userName eq "..." (form-encoded by the client). */
export function userLookup(userName: string, label: string): ScimRequest {
  return { method: 'GET', path: '/Users', query: [['filter', `userName eq ${filterString(userName)}`]], label };
}

/** excludedAttributes first, then the filter. */
export function groupLookup(displayName: string, label: string): ScimRequest {
  return { method: 'GET', path: '/Groups', query: [['excludedAttributes', 'members'], ['filter', `displayName eq ${filterString(displayName)}`]], label };
}
