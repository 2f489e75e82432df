// Entra interoperability checks for roles (appRoleAssignments through expression mappings,
// entra-requests.md §3.13, R-19a-c) and multi-valued custom extension attributes.
//
// Entra writes roles in two shapes: objects {primary, type, display(Name), value} in POST bodies (and in
// PATCH with aadOptscim062020), and by default in PATCH a JSON *string* inside "value"
// ("{\"id\":…,\"value\":\"Admin\",\"displayName\":\"Admin\"}"). RFC 7643 §4.1.2 defines roles.value as a
// string, so storing that string as sent is correct; an endpoint that decodes it and stores the role's
// own "value" is also accepted, since the catalogue does not say which of the two Entra expects back.
import { getPath } from '../../scim/path';
import { expectCreatedId, expectStatus, isObject, jsonObjectOf } from '../assert';
import { isCaseExact, sameValue } from '../declared';
import { isJudged, type ReadBackRules } from '../readback';
import { DOCS } from '../references';
import { defineCheck, NOT_APPLICABLE, type CheckContext } from '../types';
import { violation } from '../violation';
import { hasRoleDisplayName, withEntraOnlyNote } from './entra-only';

const roles = { ref: 'Entra: Roles through expression mappings (R-19)', url: 'https://learn.microsoft.com/entra/identity/app-provisioning/customize-application-attributes' };

function rules(ctx: CheckContext): ReadBackRules {
  return { discovery: ctx.discovery, resourceType: 'User' };
}

/** The role a JSON-encoded role string names ({"id","value","displayName"}), or undefined. */
export function decodedRoleValue(value: unknown): string | undefined {
  if (typeof value !== 'string' || !value.trimStart().startsWith('{')) return undefined;
  try {
    const parsed: unknown = JSON.parse(value);
    return isObject(parsed) && typeof parsed['value'] === 'string' ? parsed['value'] : undefined;
  } catch {
    return undefined;
  }
}

/** The sub-attributes of a role element the endpoint declares, compared under their case rule. */
function roleMatches(want: Record<string, unknown>, got: unknown, r: ReadBackRules): boolean {
  if (!isObject(got)) return false;
  const valueExact = isCaseExact(r.discovery, 'User', ['roles', 'value']);
  const value = got['value'];
  const decoded = decodedRoleValue(want['value']);
  if (!sameValue(want['value'], value, valueExact) && !(decoded !== undefined && sameValue(decoded, value, valueExact))) return false;
  for (const [key, sent] of Object.entries(want)) {
    if (key === 'value' || !isJudged(`roles.${key}`, r)) continue;
    // primary is a boolean: a string "True" read back is not the boolean Entra wrote.
    if (!sameValue(sent, got[key], isCaseExact(r.discovery, 'User', ['roles', key]))) return false;
  }
  return true;
}

function rolesOf(body: Record<string, unknown>): unknown[] {
  const got = getPath(body, 'roles');
  return got.found && Array.isArray(got.value) ? got.value : [];
}

function expectedRoles(ctx: CheckContext): Record<string, unknown>[] {
  const want = isObject(ctx.expect.resource) ? ctx.expect.resource['roles'] : undefined;
  if (!Array.isArray(want)) throw new Error('fixture error: this check needs expect.resource.roles');
  return want.filter(isObject);
}

/** Every expected role reads back (a subset comparison: other roles may be there too). */
function expectRolesBack(ctx: CheckContext): void | typeof NOT_APPLICABLE {
  const body = jsonObjectOf(expectStatus(ctx.exchange, [200]));
  const r = rules(ctx);
  // An endpoint whose /Schemas does not declare roles does not support them (RFC 7644 §3.3).
  if (!isJudged('roles', r)) return NOT_APPLICABLE;
  const got = rolesOf(body);
  const missing = expectedRoles(ctx).filter((want) => !got.some((g) => roleMatches(want, g, r)));
  if (missing.length > 0) {
    violation(`"roles" holding ${missing.map((m) => JSON.stringify(m)).join(', ')}`, `"roles": ${JSON.stringify(got)}`);
  }
}

const CUSTOM_MULTI = 'the multi-valued custom extension attribute';

export const entraRoleChecks = [
  defineCheck({
    id: 'entra.users.roles.create-accepted',
    title: "A create body with Entra's role objects is accepted",
    suite: 'entra',
    requirement: { ...roles, ref: 'Entra: Roles in the create body (R-19a, R-19b, R-19c)' },
    level: 'MUST',
    quote:
      'POST /Users carries "roles": [{"primary", "type": "WindowsAzureActiveDirectoryRole", "display" or "displayName", "value"}] (Microsoft\'s own examples use both names); a refused create means the user is never provisioned.',
    provenBy: ['roles-unknown-sub-attribute-rejected'],
    verify: (ctx) => {
      const sent = isObject(ctx.sentBody) ? ctx.sentBody['roles'] : undefined;
      const shape = hasRoleDisplayName(sent) ? ['POST /Users with "displayName" in a role (RFC 7643 §4.1.2 names the sub-attribute "display")'] : [];
      withEntraOnlyNote(shape, () => expectCreatedId(ctx.exchange, ctx.identity));
    },
  }),
  defineCheck({
    id: 'entra.users.roles.read-back',
    title: 'The roles of a create body read back (value, type, display and primary)',
    suite: 'entra',
    requirement: { ...roles, ref: 'Entra: Roles in the create body (R-19a, R-19b, R-19c)' },
    level: 'MUST',
    quote:
      'With an expression mapping on appRoleAssignments (SingleAppRoleAssignment, AppRoleAssignmentsComplex, AssertiveAppRoleAssignmentsComplex), POST /Users carries "roles": [{"primary", "type": "WindowsAzureActiveDirectoryRole", "display"/"displayName", "value"}]; a role that does not read back is re-sent every cycle.',
    provenBy: ['roles-dropped', 'roles-primary-string'],
    needs: ['resource'],
    verify: (ctx) => expectRolesBack(ctx),
  }),
  defineCheck({
    id: 'entra.users.roles.primary-boolean',
    title: 'The primary role reads back with "primary": true, a JSON boolean, on one role only',
    suite: 'entra',
    requirement: { ...roles, ref: 'Entra: Single app role (R-19a) targets roles[primary eq "True"]; §5 rule 21' },
    level: 'SHOULD',
    quote:
      'SingleAppRoleAssignment writes roles[primary eq "True"].display|type|value; do not return the string "True" for booleans such as roles[].primary: the SCIM Validator fails to deserialize it ("The value \'True\' cannot be parsed as the type \'Boolean\'"); whether the provisioning service is as strict is unverified.',
    provenBy: ['roles-primary-string'],
    verify: (ctx) => {
      const body = jsonObjectOf(expectStatus(ctx.exchange, [200]));
      if (!isJudged('roles.primary', rules(ctx))) return NOT_APPLICABLE;
      const got = rolesOf(body).filter(isObject);
      const primaries = got.filter((r) => r['primary'] !== undefined && r['primary'] !== false);
      if (primaries.length !== 1 || primaries[0]!['primary'] !== true) {
        violation('exactly one role with "primary": true (a JSON boolean)', `"roles": ${JSON.stringify(got)}`);
      }
    },
  }),
  defineCheck({
    id: 'entra.users.roles.added-read-back',
    title: "The roles Entra's PATCH adds read back, and the earlier roles stay",
    suite: 'entra',
    requirement: { ...roles, ref: 'Entra: Roles PATCH Add (R-19a, R-19b), JSON-encoded role strings by default' },
    level: 'MUST',
    quote:
      'Entra\'s roles PATCH has a different format from POST: {"op": "Add", "path": "roles", "value": [{"value": "{\\"id\\":…,\\"value\\":\\"Admin\\",\\"displayName\\":\\"Admin\\"}"}]} (aadOptscim062020 aligns it with POST); AppRoleAssignmentsComplex PATCH is Add-only and never removes. A role that does not read back is re-sent every cycle.',
    provenBy: ['roles-patch-ignored', 'roles-dropped'],
    needs: ['resource'],
    verify: (ctx) => expectRolesBack(ctx),
  }),
  defineCheck({
    id: 'entra.users.roles.replaced',
    title: 'A PATCH replace of roles leaves exactly the new set',
    suite: 'entra',
    requirement: { ...roles, ref: 'Entra: Assertive roles PATCH replace (R-19c)' },
    level: 'MUST',
    quote:
      'AssertiveAppRoleAssignmentsComplex (recommended) sends {"op": "replace", "path": "roles", "value": [<every assigned role>]}: RFC 7644 §3.5.2.3 replaces all existing values of the attribute, so a role that was unassigned must be gone.',
    provenBy: ['roles-replace-appends', 'roles-patch-ignored'],
    needs: ['resource'],
    verify: (ctx) => {
      if (expectRolesBack(ctx) === NOT_APPLICABLE) return NOT_APPLICABLE;
      const r = rules(ctx);
      const want = expectedRoles(ctx);
      const got = rolesOf(jsonObjectOf(expectStatus(ctx.exchange, [200])));
      const extra = got.filter((g) => !want.some((w) => roleMatches(w, g, r)));
      if (extra.length > 0) violation(`"roles" holding only ${JSON.stringify(want)}`, `"roles": ${JSON.stringify(got)} (not replaced: ${JSON.stringify(extra)})`);
    },
  }),
  defineCheck({
    id: 'entra.users.custom-extension.multi-valued-read-back',
    title: 'Every value Entra adds to a multi-valued custom extension attribute reads back',
    suite: 'entra',
    requirement: { ref: 'Entra: Custom multi-valued extension attribute (R-20, observed)', url: DOCS.entraScim },
    level: 'SHOULD',
    quote:
      'Observed: {"op": "Add", "path": "urn:ietf:params:scim:schemas:extension:greenhouse:2.0:User:department_ids", "value": [{"value": "1"}]} for a Split() expression into a multi-valued target (the docs say custom attributes of non-gallery apps cannot be multi-valued, yet Entra sent it). A value that does not read back is re-sent every cycle.',
    provenBy: ['custom-extension-first-value-only'],
    needs: ['paths'],
    verify: (ctx) => {
      const body = jsonObjectOf(expectStatus(ctx.exchange, [200]));
      const paths = ctx.expect.paths ?? {};
      const shape = ['PATCH Add of an array of {"value"} on a custom extension attribute whose URN the user\'s "schemas" does not list'];
      let judged = false;
      withEntraOnlyNote(shape, () => {
        for (const [path, want] of Object.entries(paths)) {
          const got = getPath(body, path);
          // An endpoint that neither declares nor returns the attribute does not support it (RFC 7644 §3.3);
          // one that returns it, or declares it, must return every value.
          if (!got.found && !isJudged(path, rules(ctx))) continue;
          judged = true;
          const values = Array.isArray(got.value) ? got.value : got.found ? [got.value] : [];
          const missing = (want as unknown[]).filter((w) => !values.some((v) => sameValue(JSON.stringify(w), JSON.stringify(v), true)));
          if (missing.length > 0) violation(`${CUSTOM_MULTI} ${path} holding ${JSON.stringify(want)}`, `${path}: ${got.found ? JSON.stringify(got.value) : '(absent)'}`);
        }
      });
      return judged ? undefined : NOT_APPLICABLE;
    },
  }),
];
