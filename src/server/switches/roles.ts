// Roles (Entra's appRoleAssignments, entra-requests.md R-19) and custom extension attributes:
// the ways real endpoints lose what Entra writes there, and endpoints that support neither. Entra's
// default mapping sends neither, so refusing them is allowed: the run probes them as capabilities.

import { badRequest } from '../errors';
import { clone, findKeyCI, getKeyCI, isObject, type JsonObject } from '../json';
import { parsePatchPath } from '../filter';
import { URN } from '../schema-defs';
import { defineSwitch } from './define';

const isRolesPath = (label: string): boolean => {
  try {
    const p = parsePatchPath(label);
    return p.urn === undefined && /^roles$/i.test(p.attr);
  } catch {
    return false;
  }
};

/** A custom extension's key or path: an extension URN (maybe with an attribute) other than the enterprise User one. */
const isCustomExtension = (key: string): boolean => /^urn:ietf:params:scim:schemas:extension:/i.test(key) && !key.toLowerCase().startsWith(URN.enterpriseUser.toLowerCase());

/** The first sub-attribute of a role element that RFC 7643 §4.1.2 does not define (value, display, type, primary). */
function unknownRoleKey(roles: unknown): string | undefined {
  for (const r of Array.isArray(roles) ? roles : [roles]) {
    if (!isObject(r)) continue;
    const bad = Object.keys(r).find((k) => !/^(value|display|type|primary)$/i.test(k));
    if (bad !== undefined) return bad;
  }
  return undefined;
}

/** Whether a role list holds a role (Entra's default create body sends "roles": []). */
const hasRoles = (roles: unknown): boolean => (Array.isArray(roles) ? roles.length > 0 : roles !== undefined && roles !== null);

export const ROLE_SWITCHES = [
  defineSwitch({
    name: 'app-roles-unsupported',
    kind: 'variation',
    scope: ['entra', 'okta', 'rfc'],
    description:
      'Users have no roles: a create body or PATCH that assigns a role is refused with 400 invalidValue (an empty "roles": [] is accepted), as apps without role support do; Entra sends role objects only when an admin adds a roles mapping with a role expression (Microsoft\'s "Customize app roles" guidance), and RFC 7643 §4.1.2 makes roles an optional attribute.',
    createBody: (body, rt) => {
      if (rt.name === 'User' && hasRoles(getKeyCI(body, 'roles'))) throw badRequest('invalidValue', 'This service does not support roles');
      return body;
    },
    patchOperation: (op) => {
      const pathless = op.path === undefined && isObject(op.value) ? findKeyCI(op.value, 'roles') : undefined;
      if ((op.path !== undefined && isRolesPath(op.path) && op.hasValue && hasRoles(op.value)) || (pathless !== undefined && hasRoles((op.value as JsonObject)[pathless]))) {
        throw badRequest('invalidValue', 'This service does not support roles');
      }
    },
  }),
  defineSwitch({
    name: 'custom-extensions-unsupported',
    kind: 'variation',
    scope: ['entra', 'okta', 'rfc'],
    description:
      'Only the core and enterprise User schemas exist: a create body or PATCH naming a custom extension attribute is refused with 400 (invalidValue / invalidPath), as most apps do; Entra sends a custom extension attribute only when an admin maps one (its default mapping has none), and RFC 7643 §3.3 lets the service provider define which extensions a resource type has.',
    createBody: (body, rt) => {
      const custom = rt.name === 'User' ? Object.keys(body).find(isCustomExtension) : undefined;
      if (custom !== undefined) throw badRequest('invalidValue', `Unknown schema extension ${JSON.stringify(custom)}`);
      return body;
    },
    patchOperation: (op) => {
      const keys = op.path !== undefined ? [op.path] : isObject(op.value) ? Object.keys(op.value) : [];
      const custom = keys.find(isCustomExtension);
      if (custom !== undefined) throw badRequest('invalidPath', `Unknown schema extension in ${JSON.stringify(custom)}`);
    },
  }),
  defineSwitch({
    name: 'roles-unknown-sub-attribute-rejected',
    kind: 'fault',
    description:
      'A role element with a sub-attribute the schema does not define (Entra\'s "displayName" next to "value", R-19b) is refused with 400 invalidSyntax, in a create body and in a PATCH value.',
    createBody: (body, rt) => {
      const bad = rt.name === 'User' ? unknownRoleKey(getKeyCI(body, 'roles')) : undefined;
      if (bad !== undefined) throw badRequest('invalidSyntax', `Unknown sub-attribute roles.${bad}`);
      return body;
    },
    patchOperation: (op) => {
      const bad = op.path !== undefined && isRolesPath(op.path) ? unknownRoleKey(op.value) : undefined;
      if (bad !== undefined) throw badRequest('invalidSyntax', `Unknown sub-attribute roles.${bad}`);
    },
  }),
  defineSwitch({
    name: 'roles-dropped',
    kind: 'fault',
    description: 'The roles of a user are never stored (the application manages roles itself): create, replace and PATCH answer success and roles read back empty.',
    onWrite: (data, w) => {
      if (w.rt.name !== 'User') return data;
      const out = { ...data };
      const k = findKeyCI(out, 'roles');
      if (k !== undefined) delete out[k];
      return out;
    },
  }),
  defineSwitch({
    name: 'roles-patch-ignored',
    kind: 'fault',
    description: 'PATCH operations on roles are validated and answered 200 but change nothing (roles are only taken at creation).',
    patchAction: (a, data, next) => {
      if (isRolesPath(a.label)) next(a, clone(data)); // validated, then dropped
      else next(a, data);
    },
  }),
  defineSwitch({
    name: 'roles-primary-string',
    kind: 'fault',
    description: 'The primary flag of roles (roles[].primary) is returned as the strings "True"/"False" (as Entra\'s expression writes them) instead of JSON booleans.',
    onResource: (resource, c) => {
      if (c.rt.name !== 'User' || !Array.isArray(resource.roles)) return resource;
      return { ...resource, roles: resource.roles.map((r: unknown) => (isObject(r) && typeof r.primary === 'boolean' ? { ...r, primary: r.primary ? 'True' : 'False' } : r)) };
    },
  }),
  defineSwitch({
    name: 'roles-replace-appends',
    kind: 'fault',
    description: 'A PATCH replace of the whole roles attribute is applied as an add: the new roles are appended and the old ones are kept.',
    patchAction: (a, data, next) => next(a.op === 'replace' && a.source === 'path' && /^roles$/i.test(a.label.trim()) ? { ...a, op: 'add' } : a, data),
  }),
  defineSwitch({
    name: 'custom-extension-first-value-only',
    kind: 'fault',
    description: 'Attributes of a custom extension are single-valued columns: of a multi-valued value (Entra R-20 [{"value": …}, …]) only the first element is kept.',
    onWrite: (data, w) => {
      if (w.rt.name !== 'User') return data;
      let out: JsonObject | undefined;
      for (const [key, ext] of Object.entries(data)) {
        if (!isCustomExtension(key) || !isObject(ext)) continue;
        const kept: JsonObject = {};
        for (const [attr, v] of Object.entries(ext)) kept[attr] = Array.isArray(v) && v.length > 1 ? [v[0]] : v;
        out ??= { ...data };
        out[key] = kept;
      }
      return out ?? data;
    },
  }),
] as const;
