// Discovery documents (RFC 7644 §4) and what they claim.

import { isObject, type JsonObject } from '../json';
import { URN } from '../../scim/urns';
import { etagOf } from '../store';
import { defineSwitch } from './define';

function stringifyBooleans(v: unknown): unknown {
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.map(stringifyBooleans);
  if (isObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, stringifyBooleans(x)]));
  return v;
}

// Registered last among the faults: string Booleans are what the other switches' documents turn into.
export const DISCOVERY_SWITCHES = [
  defineSwitch({
    name: 'spc-understates-features',
    kind: 'fault',
    description: 'ServiceProviderConfig declares patch, filter, sort and etag unsupported although the endpoint implements them.',
    discovery: (doc, kind) =>
      kind !== 'ServiceProviderConfig'
        ? doc
        : { ...doc, patch: { supported: false }, filter: { supported: false, maxResults: 0 }, sort: { supported: false }, etag: { supported: false } },
  }),
  defineSwitch({
    name: 'spc-overstates-features',
    kind: 'fault',
    description:
      'ServiceProviderConfig declares sort and etag supported, but sortBy/sortOrder are ignored and no ETag is sent or honoured (If-Match, If-None-Match).',
    // Sorting and ETags are not implemented, yet claimed; meta.version is still written.
    features: { sort: false, etag: false },
    discovery: (doc, kind) => (kind === 'ServiceProviderConfig' ? { ...doc, sort: { supported: true }, etag: { supported: true } } : doc),
    onResource: (resource, c) =>
      isObject(resource.meta) ? { ...resource, meta: { ...(resource.meta as JsonObject), version: etagOf(c.rec) } } : resource,
  }),
  defineSwitch({
    name: 'schema-omits-mapped-attribute',
    kind: 'fault',
    description: 'The User schema in /Schemas leaves out title, an attribute Entra\'s default mapping sends (the endpoint still stores it): Entra\'s admin sees no such target attribute.',
    discovery: (doc, kind) =>
      kind === 'Schema' && doc['id'] === URN.user && Array.isArray(doc['attributes']) ? { ...doc, attributes: doc['attributes'].filter((a: JsonObject) => a['name'] !== 'title') } : doc,
  }),
  defineSwitch({
    name: 'discovery-booleans-as-strings',
    kind: 'fault',
    description: 'Discovery documents (ServiceProviderConfig, ResourceTypes, Schemas) serialise their Boolean values as strings ("true"/"false").',
    discovery: (doc) => stringifyBooleans(doc) as JsonObject,
  }),
] as const;
