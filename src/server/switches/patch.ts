// PATCH (RFC 7644 §3.5.2) and what replace and rename operations store.

import { badRequest } from '../errors';
import { matchesElement, parsePatchPath, type PatchPath } from '../filter';
import { clone, eqi, findKeyCI, getKeyCI, isObject, type JsonObject } from '../json';
import { eqTemplate, type PatchAction } from '../patch';
import { parseAttrPath } from '../paths';
import { resolveAttr, URN, type AttrDef, type ResourceTypeDef } from '../schema-defs';
import { defineSwitch } from './define';

/** Where an action's attribute lives in stored data: read and write it in any copy of the data. */
interface Slot {
  readonly path: PatchPath;
  readonly def: AttrDef | undefined;
  readonly extension: string | undefined;
  get(data: JsonObject): unknown;
  set(data: JsonObject, value: unknown): void;
}

function slotOf(rt: ResourceTypeDef, action: PatchAction): Slot | undefined {
  let path: PatchPath;
  try {
    path = parsePatchPath(action.label);
  } catch {
    return undefined; // the engine reports the bad path
  }
  const resolved = resolveAttr(rt, path.urn, path.attr);
  if (resolved === undefined) return undefined;
  const name = resolved.def?.name ?? path.attr;
  const container = (data: JsonObject, create: boolean): JsonObject | undefined => {
    if (resolved.extension === undefined) return data;
    const k = findKeyCI(data, resolved.extension) ?? resolved.extension;
    if (!isObject(data[k]) && create) data[k] = {};
    return isObject(data[k]) ? data[k] : undefined;
  };
  return {
    path,
    def: resolved.def,
    extension: resolved.extension,
    get: (data) => getKeyCI(container(data, false), name),
    set: (data, value) => {
      const c = container(data, value !== undefined);
      if (c === undefined) return;
      const k = findKeyCI(c, name) ?? name;
      if (value === undefined) delete c[k];
      else c[k] = value;
    },
  };
}

const isMembers = (rt: ResourceTypeDef, s: Slot | undefined): s is Slot => rt.name === 'Group' && s?.def?.name === 'members';
const whole = (s: Slot): boolean => s.path.filter === undefined && s.path.sub === undefined;

/** Multi-valued per the schema, or (for attributes without one) by the shape of the values. */
const multi = (s: Slot, a: PatchAction, data: JsonObject): boolean => (s.def ? s.def.multiValued : Array.isArray(a.value) || Array.isArray(s.get(data)));

export const PATCH_SWITCHES = [
  defineSwitch({
    name: 'patch-op-case-sensitive',
    kind: 'fault',
    description: 'PATCH op values other than exactly add/replace/remove are rejected with 400 (rejects Entra\'s "Replace").',
    patchOperation: (op) => {
      if (op.opText !== op.op) throw badRequest('invalidSyntax', `Unknown op ${JSON.stringify(op.opText)}`);
    },
  }),
  defineSwitch({
    name: 'patch-pathless-unsupported',
    kind: 'fault',
    description: 'A PATCH operation without a path is rejected with 400 noTarget.',
    patchOperation: (op) => {
      if (!op.path && op.op !== 'remove') throw badRequest('noTarget', 'Operations without a "path" are not supported');
    },
  }),
  defineSwitch({
    name: 'patch-removes-last',
    kind: 'fault',
    description: 'The remove operations of a PATCH are applied after its add and replace operations instead of in request order.',
    patchOperations: (ops) => {
      const isRemove = (op: unknown): boolean => typeof getKeyCI(op, 'op') === 'string' && eqi(getKeyCI(op, 'op') as string, 'remove');
      return [...ops.filter((op) => !isRemove(op)), ...ops.filter(isRemove)];
    },
  }),
  defineSwitch({
    name: 'patch-not-atomic',
    kind: 'fault',
    description: 'A PATCH whose later operation fails keeps the changes its earlier operations made.',
    // Each operation is applied and stored on its own.
    patchTransaction: (tx, next) => {
      const key = isObject(tx.body) ? findKeyCI(tx.body, 'Operations') : undefined;
      const ops = key !== undefined && isObject(tx.body) ? tx.body[key] : undefined;
      if (!Array.isArray(ops) || !isObject(tx.body)) return next();
      for (const op of ops) tx.commit(tx.apply({ ...tx.body, [key!]: [op] }));
      return tx.stored();
    },
  }),
  defineSwitch({
    name: 'patch-pathless-dotted-keys-literal',
    kind: 'fault',
    description:
      'Keys of a path-less PATCH value ("name.givenName", URN-qualified names) are stored as literal attribute names instead of being resolved as paths.',
    patchAction: (a, data, next) => {
      if (a.source === 'value-key' && (a.label.includes('.') || /^urn:/i.test(a.label))) data[a.label] = clone(a.value);
      else next(a, data);
    },
  }),
  defineSwitch({
    name: 'patch-pathless-urn-key-replaces-extension',
    kind: 'fault',
    description:
      'A URN-qualified key in a path-less PATCH value (…enterprise:2.0:User:employeeNumber) replaces the whole extension object, dropping its other attributes.',
    // The extension object is rebuilt from this key alone.
    patchAction: (a, data, next, { rt }) => {
      if (a.source === 'value-key' && /^urn:/i.test(a.label)) {
        const p = parseAttrPath(a.label);
        const ext = p?.urn !== undefined ? resolveAttr(rt, p.urn, p.attr)?.extension : undefined;
        if (ext !== undefined) delete data[findKeyCI(data, ext) ?? ext];
      }
      next(a, data);
    },
  }),
  defineSwitch({
    name: 'patch-add-keeps-existing',
    kind: 'fault',
    description: 'PATCH add on a single-valued attribute that already has a value keeps the old value (add is treated as add-if-absent).',
    patchAction: (a, data, next, { rt }) => {
      const s = a.op === 'add' ? slotOf(rt, a) : undefined;
      if (!s || s.path.filter !== undefined || multi(s, a, data)) return next(a, data);
      const cur = s.get(data);
      const present =
        s.path.sub === undefined
          ? cur !== undefined && s.def?.type !== 'complex'
          : isObject(cur) && findKeyCI(cur, s.path.sub) !== undefined && getKeyCI(cur, s.path.sub) !== undefined;
      if (!present) return next(a, data);
      next(a, clone(data)); // still validated, then dropped
    },
  }),
  defineSwitch({
    name: 'patch-value-path-add-appends',
    kind: 'fault',
    description:
      'A value-path add (phoneNumbers[type eq "mobile"].value) always appends a new element, even when one matches, so a retried PATCH duplicates it.',
    // It never looks for a match: the element is built from the filter as if none existed.
    patchAction: (a, data, next, { rt }) => {
      const s = a.op === 'add' ? slotOf(rt, a) : undefined;
      if (!s || s.path.filter === undefined || s.def?.multiValued !== true) return next(a, data);
      const scratch = clone(data);
      s.set(scratch, undefined);
      next(a, scratch);
      const added = s.get(scratch);
      if (!Array.isArray(added)) return;
      const cur = s.get(data);
      const arr: unknown[] = Array.isArray(cur) ? cur : [];
      if (added.some((e) => isObject(e) && e.primary === true)) for (const e of arr) if (isObject(e) && e.primary === true) e.primary = false;
      s.set(data, [...arr, ...added]);
    },
  }),
  defineSwitch({
    name: 'patch-multivalued-lost-update',
    kind: 'fault',
    description:
      'Operations of one PATCH that change the same multi-valued attribute through value filters each start from the attribute as it was before the PATCH, so only the last one is kept.',
    // A stale read-modify-write of the whole attribute.
    patchAction: (a, data, next, { rt, before }) => {
      const s = a.source === 'path' && a.label.includes('[') ? slotOf(rt, a) : undefined;
      if (!s || s.path.filter === undefined || s.def?.multiValued !== true || s.extension !== undefined) return next(a, data);
      const scratch = clone(data);
      s.set(scratch, clone(s.get(before)));
      next(a, scratch);
      s.set(data, s.get(scratch));
    },
  }),
  defineSwitch({
    name: 'patch-value-path-no-create',
    kind: 'fault',
    description:
      'A value-path add/replace (emails[type eq "work"].value) that matches no element is silently ignored instead of creating the element.',
    patchAction: (a, data, next, { rt }) => {
      const s = a.op !== 'remove' ? slotOf(rt, a) : undefined;
      const filter = s?.path.filter;
      if (!s || filter === undefined || s.def?.multiValued !== true || eqTemplate(filter) === undefined) return next(a, data);
      const cur = s.get(data);
      if (Array.isArray(cur) && cur.some((e) => matchesElement(filter, e, s.def))) next(a, data);
    },
  }),
  defineSwitch({
    name: 'replace-merges',
    kind: 'fault',
    description: 'PUT and PATCH replace merge into the stored values: multi-valued attributes are appended to, and attributes a PUT omits are kept.',
    onWrite: (data, w) => (w.op === 'replace' && w.stored ? mergeInto(w.stored, data) : data),
    patchAction: (a, data, next, { rt }) => {
      const s = a.op === 'replace' ? slotOf(rt, a) : undefined;
      if (!s || !whole(s) || !multi(s, a, data)) return next(a, data);
      const old = s.get(data);
      next(a, data);
      const replaced = s.get(data);
      if (Array.isArray(old) && Array.isArray(replaced)) s.set(data, [...old, ...replaced]);
    },
  }),
  defineSwitch({
    name: 'group-members-add-ignored',
    kind: 'fault',
    description: 'PATCH add on members answers 204 but adds nothing.',
    patchAction: (a, data, next, { rt }) => {
      const s = slotOf(rt, a);
      if (a.op === 'add' && isMembers(rt, s) && whole(s)) next(a, clone(data)); // validated, then dropped
      else next(a, data);
    },
  }),
  defineSwitch({
    name: 'group-members-add-duplicates',
    kind: 'fault',
    description: 'Adding a member that is already present adds a duplicate entry.',
    patchAction: (a, data, next, { rt }) => {
      const s = slotOf(rt, a);
      if (a.op !== 'add' || !isMembers(rt, s) || !whole(s)) return next(a, data);
      const scratch = clone(data);
      delete scratch.members;
      next(a, scratch);
      const cur = data.members;
      data.members = [...(Array.isArray(cur) ? cur : []), ...(Array.isArray(scratch.members) ? scratch.members : [])];
    },
  }),
  defineSwitch({
    name: 'group-members-remove-all',
    kind: 'fault',
    description: 'A remove with path members removes all members even when a value array names some.',
    patchAction: (a, data, next, { rt }) => {
      const s = slotOf(rt, a);
      if (a.op === 'remove' && isMembers(rt, s) && whole(s) && a.value !== null && a.value !== undefined && Array.isArray(data.members)) {
        delete data.members;
      } else next(a, data);
    },
  }),
  defineSwitch({
    name: 'group-members-remove-filter-ignored',
    kind: 'fault',
    description: 'A remove with a members[value eq "..."] path answers 204 but removes nothing.',
    patchAction: (a, data, next, { rt }) => {
      const s = slotOf(rt, a);
      if (!(a.op === 'remove' && isMembers(rt, s) && s.path.filter !== undefined)) next(a, data);
    },
  }),
  defineSwitch({
    name: 'manager-remove-ignored',
    kind: 'fault',
    description: 'A PATCH remove of the manager is ignored.',
    patchAction: (a, data, next, { rt }) => {
      const s = a.op === 'remove' ? slotOf(rt, a) : undefined;
      if (!(s?.extension === URN.enterpriseUser && s.def?.name === 'manager')) next(a, data);
    },
  }),
  defineSwitch({
    name: 'manager-legacy-path-ignored',
    kind: 'fault',
    description:
      'A PATCH on the unqualified path "manager" (Entra\'s legacy [{"$ref", "value"}] form) answers 200 but stores nothing; only the enterprise URN path sets the manager.',
    patchAction: (a, data, next) => {
      if (a.op !== 'remove' && a.source === 'path' && /^manager$/i.test(a.label)) next(a, clone(data)); // validated, then dropped
      else next(a, data);
    },
  }),
  defineSwitch({
    name: 'manager-remove-filter-ignored',
    kind: 'fault',
    description: 'A PATCH remove of the manager through a value filter (manager[value eq "<id>"]) answers 200 but removes nothing.',
    patchAction: (a, data, next, { rt }) => {
      const s = a.op === 'remove' ? slotOf(rt, a) : undefined;
      if (!(s?.extension === URN.enterpriseUser && s.def?.name === 'manager' && s.path.filter !== undefined)) next(a, data);
    },
  }),
  defineSwitch({
    name: 'patch-value-path-add-keeps-existing',
    kind: 'fault',
    description:
      'A value-path add (emails[type eq "work"].value) on an element that already exists keeps the old value (add is treated as add-if-absent); replace works.',
    patchAction: (a, data, next, { rt }) => {
      const s = a.op === 'add' ? slotOf(rt, a) : undefined;
      const filter = s?.path.filter;
      if (!s || filter === undefined || s.def?.multiValued !== true) return next(a, data);
      const cur = s.get(data);
      if (Array.isArray(cur) && cur.some((e) => matchesElement(filter, e, s.def))) next(a, clone(data)); // validated, then dropped
      else next(a, data);
    },
  }),
  defineSwitch({
    name: 'emails-single-slot',
    kind: 'fault',
    description:
      'The endpoint keeps one e-mail per user: a value-path write to an e-mail type it does not have (emails[type eq "other"].value) overwrites the first e-mail instead of adding one.',
    patchAction: (a, data, next, { rt }) => {
      const s = a.op !== 'remove' ? slotOf(rt, a) : undefined;
      const filter = s?.path.filter;
      const sub = s?.path.sub;
      if (!s || rt.name !== 'User' || s.def?.name !== 'emails' || filter === undefined || sub === undefined) return next(a, data);
      const cur = s.get(data);
      if (!Array.isArray(cur) || cur.length === 0 || cur.some((e) => matchesElement(filter, e, s.def)) || !isObject(cur[0])) return next(a, data);
      cur[0][sub] = clone(a.value);
    },
  }),
  defineSwitch({
    name: 'group-members-remove-ref-null-ignored',
    kind: 'fault',
    description:
      'A remove on members whose value items carry "$ref": null (Entra\'s tutorial form) matches stored members by whole-object equality, finds none and removes nothing (204).',
    patchAction: (a, data, next, { rt }) => {
      const s = slotOf(rt, a);
      const hasNullRef = Array.isArray(a.value) && a.value.some((v) => isObject(v) && findKeyCI(v, '$ref') !== undefined && getKeyCI(v, '$ref') === null);
      if (a.op === 'remove' && isMembers(rt, s) && whole(s) && hasNullRef) next(a, clone(data)); // validated, then dropped
      else next(a, data);
    },
  }),
  defineSwitch({
    name: 'reactivate-ignored',
    kind: 'fault',
    description: 'Setting active to true on an inactive user is ignored (200, the user stays inactive).',
    onWrite: (data, w) => (w.rt.name === 'User' && w.op !== 'create' && w.stored?.active === false && data.active === true ? { ...data, active: false } : data),
  }),
  defineSwitch({
    name: 'group-rename-ignored',
    kind: 'fault',
    description: 'PATCH replace of a group displayName answers 204 but keeps the old name.',
    onWrite: (data, w) => (w.rt.name === 'Group' && w.op === 'patch' && w.stored ? { ...data, displayName: w.stored.displayName } : data),
  }),
  defineSwitch({
    name: 'group-rename-drops-members',
    kind: 'fault',
    description: 'Renaming a group (PATCH replace displayName) also clears its members.',
    // The rename rewrites the group row without its members.
    onWrite: (data, w) => {
      if (!(w.rt.name === 'Group' && w.op === 'patch' && w.stored && data.displayName !== w.stored.displayName)) return data;
      const out = { ...data };
      delete out.members;
      return out;
    },
  }),
  defineSwitch({
    name: 'patch-read-only-accepted',
    kind: 'fault',
    description: "A PATCH operation on a readOnly attribute (an add to a User's groups) is silently skipped and the PATCH answered as a success instead of 400 mutability.",
    patchAction: (a, data, next, c) => {
      let readOnly = false;
      try {
        const path = parsePatchPath(a.label);
        readOnly = resolveAttr(c.rt, path.urn, path.attr)?.def?.mutability === 'readOnly';
      } catch {
        // the engine reports the bad path
      }
      if (!readOnly) next(a, data);
    },
  }),
] as const;

/** Incoming values merged into the stored ones, arrays appended to. */
function mergeInto(stored: JsonObject, incoming: JsonObject): JsonObject {
  const out: JsonObject = { ...stored };
  for (const [k, v] of Object.entries(incoming)) {
    const old = out[k];
    out[k] = Array.isArray(old) && Array.isArray(v) ? [...old, ...v] : isObject(old) && isObject(v) ? mergeInto(old, v) : v;
  }
  return out;
}
