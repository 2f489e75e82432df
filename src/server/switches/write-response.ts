// The resource a write (POST, PUT, PATCH) answers with, when it is not the resource the server stored:
// the stale or echoed bodies real endpoints return when they serialise the wrong object. A client such as
// Entra trusts that body as the resource's new state (RFC 7644 §3.3, §3.5.1, §3.5.2).

import { clone, isObject, type JsonObject } from '../json';
import type { OutputContext } from '../hooks';
import { defineSwitch } from './define';

// What the write saw, for the response of the same request: handlers run synchronously from the write
// to the response, so no other request can come between.
let before: JsonObject | undefined;
let requestBody: JsonObject | undefined;

/** The stored attributes `data` dressed as a response: the current id, schemas and meta, the old attributes. */
function staleRepresentation(resource: JsonObject, data: JsonObject, c: OutputContext): JsonObject {
  const out: JsonObject = { schemas: resource.schemas, id: resource.id };
  for (const [k, v] of Object.entries(data)) if (k !== 'password') out[k] = clone(v);
  if (resource.groups !== undefined && c.rt.name === 'User') out.groups = resource.groups;
  out.meta = resource.meta;
  return out;
}

export const WRITE_RESPONSE_SWITCHES = [
  defineSwitch({
    name: 'patch-returns-previous',
    kind: 'fault',
    description: 'PATCH stores the change but answers 200 with the resource as it was before the PATCH (the object loaded before the change is serialised).',
    onWrite: (data, w) => {
      if (w.op === 'patch') before = w.stored;
      return data;
    },
    onResource: (resource, c) => {
      if (c.op !== 'patch' || before === undefined) return resource;
      const out = staleRepresentation(resource, before, c);
      before = undefined;
      return out;
    },
  }),
  defineSwitch({
    name: 'put-returns-previous',
    kind: 'fault',
    description: 'PUT stores the replacement but answers 200 with the resource as it was before the PUT.',
    onWrite: (data, w) => {
      if (w.op === 'replace') before = w.stored;
      return data;
    },
    onResource: (resource, c) => {
      if (c.op !== 'replace' || before === undefined) return resource;
      const out = staleRepresentation(resource, before, c);
      before = undefined;
      return out;
    },
  }),
  defineSwitch({
    name: 'create-echoes-request',
    kind: 'fault',
    description:
      'POST answers 201 with the request body as it arrived (plus id and meta) instead of the stored resource, so what the server ignored or changed (e.g. readOnly "groups") still shows in the response.',
    createBody: (body) => {
      requestBody = clone(body) as JsonObject;
      return body;
    },
    onResource: (resource, c) => {
      if (c.op !== 'create' || requestBody === undefined) return resource;
      const out: JsonObject = { ...requestBody, schemas: resource.schemas, id: resource.id, meta: resource.meta };
      delete out.password;
      requestBody = undefined;
      return isObject(out) ? out : resource;
    },
  }),
] as const;
