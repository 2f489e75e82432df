// Resources in responses (representation, projection, meta) and their deletion.

import { ScimError } from '../errors';
import { isObject } from '../json';
import { project } from '../render';
import { URN } from '../schema-defs';
import { defineSwitch } from './define';
import { withoutHeader } from './wire';

export const RESOURCE_SWITCHES = [
  defineSwitch({
    name: 'response-unfiltered',
    kind: 'fault',
    description: 'User responses are not shaped: attributes and excludedAttributes are ignored, and password (returned "never") is returned.',
    // The stored row goes out as it is, password included (RFC 7643 §4.1.1: "returned": "never").
    onResource: (resource, c) => {
      if (c.rt.name !== 'User') return resource;
      const full = c.full();
      return c.rec.data.password !== undefined ? { ...full, password: c.rec.data.password } : full;
    },
  }),
  defineSwitch({
    name: 'group-excluded-attributes-ignored',
    kind: 'fault',
    description: 'The excludedAttributes parameter (e.g. members) is ignored on /Groups, list and by id.',
    onResource: (resource, c) =>
      c.rt.name === 'Group' && c.projection.excluded !== undefined ? project(c.full(), c.rt, c.projection.attributes, undefined) : resource,
  }),
  defineSwitch({
    name: 'resource-meta-missing',
    kind: 'fault',
    description: 'Resources are returned without meta, and POST answers without a Location header.',
    onResource: (resource) => {
      const out = { ...resource };
      delete out.meta;
      return out;
    },
    onReply: (reply) => withoutHeader(reply, 'Location'),
  }),
  defineSwitch({
    name: 'create-returns-other-id',
    kind: 'fault',
    description: 'POST /Users and POST /Groups store the new resource but answer with the id of the oldest existing resource of the type (a buggy upsert keyed on the wrong column): a client that trusts it writes to someone else\'s resource.',
    onResource: (resource, c) => {
      const other = c.op === 'create' ? c.ids().find((id) => id !== c.rec.id) : undefined;
      return other === undefined ? resource : { ...resource, id: other };
    },
  }),
  defineSwitch({
    name: 'create-no-id',
    kind: 'fault',
    description: 'The POST /Users response body has no id (the user is still created).',
    onResource: (resource, c) => {
      if (!(c.rt.name === 'User' && c.op === 'create')) return resource;
      const out = { ...resource };
      delete out.id;
      return out;
    },
  }),
  defineSwitch({
    name: 'user-emails-object',
    kind: 'fault',
    description: 'Users are returned with emails as a single object (the first email) instead of an array.',
    onResource: (resource, c) => (c.rt.name === 'User' && Array.isArray(resource.emails) ? { ...resource, emails: resource.emails[0] } : resource),
  }),
  defineSwitch({
    name: 'manager-as-string',
    kind: 'fault',
    description: 'The manager is returned as a bare string id instead of an object {"value": id}.',
    onResource: (resource, c) => {
      const ent = resource[URN.enterpriseUser];
      if (c.rt.name !== 'User' || !isObject(ent) || !isObject(ent.manager)) return resource;
      return { ...resource, [URN.enterpriseUser]: { ...ent, manager: ent.manager.value } };
    },
  }),
  defineSwitch({
    name: 'group-get-no-members',
    kind: 'fault',
    description: 'GET /Groups/{id} never returns members, even when not excluded.',
    onResource: (resource, c) => {
      if (!(c.rt.name === 'Group' && c.op === 'get')) return resource;
      const out = { ...resource };
      delete out.members;
      return out;
    },
  }),
  defineSwitch({
    name: 'group-members-as-strings',
    kind: 'fault',
    description: 'GET /Groups/{id} returns members as bare id strings instead of {"value": id, ...} objects.',
    onResource: (resource, c) =>
      c.rt.name === 'Group' && c.op === 'get' && Array.isArray(resource.members)
        ? { ...resource, members: resource.members.map((m: unknown) => (isObject(m) ? (m['value'] ?? null) : m)) }
        : resource,
  }),
  defineSwitch({
    name: 'delete-returns-200',
    kind: 'fault',
    description: 'DELETE answers 200 with the deleted resource as body instead of 204.',
    deleteResource: (d, next) => {
      const body = d.output();
      const reply = next();
      return reply.status === 204 ? { status: 200, body } : reply;
    },
  }),
  defineSwitch({
    name: 'delete-unsupported',
    kind: 'fault',
    description: 'DELETE of a user or group is not implemented and answers 405 Method Not Allowed (the endpoint only deactivates users), so Entra cannot delete anything.',
    deleteResource: () => {
      throw new ScimError(405, 'DELETE is not supported; deactivate the user with "active": false instead');
    },
  }),
  defineSwitch({
    name: 'delete-soft',
    kind: 'fault',
    description: 'DELETE of a user answers 204 but only sets active=false; the user stays retrievable by id and filter.',
    deleteResource: (d, next) => {
      if (d.rt.name !== 'User') return next();
      d.store.update(d.rec, { ...d.rec.data, active: false });
      return { status: 204 };
    },
  }),
  defineSwitch({
    name: 'group-delete-soft',
    kind: 'fault',
    description: 'DELETE of a group answers 204 but the group stays retrievable.',
    deleteResource: (d, next) => (d.rt.name === 'Group' ? { status: 204 } : next()),
  }),
  defineSwitch({
    name: 'user-delete-keeps-membership',
    kind: 'fault',
    description: 'Deleting a user does not remove it from the groups it belongs to.',
    deleteResource: (d, next) => {
      if (d.rt.name !== 'User') return next();
      d.store.deleteRow('User', d.rec.id);
      return { status: 204 };
    },
  }),
  defineSwitch({
    name: 'group-external-id-dropped',
    kind: 'fault',
    description: "Groups are returned without externalId: the value Entra writes (the group's objectId) is stored but never written into a response.",
    onResource: (resource, c) => {
      if (c.rt.name !== 'Group' || !('externalId' in resource)) return resource;
      const { externalId: _dropped, ...rest } = resource;
      return rest;
    },
  }),
  defineSwitch({
    name: 'group-members-never-returned',
    kind: 'variation',
    // Not okta: Okta reads a group with its members on GET /Groups/{id} (okta-requests.md O-17, §5 rule 10).
    scope: ['entra', 'rfc'],
    description:
      'Groups are never returned with members (list, by id, create, replace), and /Schemas declares members "returned": "never", as endpoints with large groups do; Entra does not read members back (it advises excludedAttributes=members) and RFC 7643 §7 lets a schema declare "returned": "never".',
    onResource: (resource, c) => {
      if (c.rt.name !== 'Group') return resource;
      const out = { ...resource };
      delete out.members;
      return out;
    },
    discovery: (doc, kind) => {
      if (kind !== 'Schema' || doc['id'] !== URN.group || !Array.isArray(doc['attributes'])) return doc;
      return { ...doc, attributes: doc['attributes'].map((a) => (isObject(a) && a['name'] === 'members' ? { ...a, returned: 'never' } : a)) };
    },
  }),
  defineSwitch({
    name: 'empty-members-as-empty-array',
    kind: 'variation',
    scope: ['entra', 'okta', 'rfc'],
    description:
      'A group without members is returned with "members": [] instead of omitting members, as Entra\'s own documented examples and many endpoints do; RFC 7643 §2.5: an unassigned attribute and an empty array "SHALL be considered to be equivalent in "state"".',
    onResource: (resource, c) => {
      if (c.rt.name !== 'Group' || 'members' in resource) return resource;
      // Only where the projection would have returned members.
      const withEmpty = project({ ...c.full(), members: [] }, c.rt, c.projection.attributes, c.projection.excluded);
      return 'members' in withEmpty ? { ...resource, members: [] } : resource;
    },
  }),
  defineSwitch({
    name: 'no-etag',
    kind: 'variation',
    scope: ['entra', 'okta', 'rfc'],
    description:
      'No versioning: ServiceProviderConfig says etag.supported false, no ETag header or meta.version is sent, and If-Match / If-None-Match are ignored, as most Entra-provisioned endpoints do; RFC 7643 §3.1 makes meta.version support "optional and subject to the service provider\'s support for versioning" and Entra never sends If-Match.',
    features: { etag: false },
  }),
  defineSwitch({
    name: 'users-endpoint-404',
    kind: 'fault',
    description: 'Every request to /Users (create, list, filter, by id) answers 404, while /users works: a case-sensitive router that mounts the endpoint in lower case.',
    onRequest: (req) => {
      if (req.segments?.[0] === 'Users') throw new ScimError(404, `No route for ${req.method} /${req.segments.join('/')}`);
    },
  }),
] as const;
