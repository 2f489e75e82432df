// Allowed behaviours of discovery (RFC 7644 §4) and of the optional features ServiceProviderConfig
// declares (RFC 7643 §5). Each is a variation of docs/allowed-behaviours.md.

import { badRequest, notFound, ScimError } from '../errors';
import { isObject, type JsonObject } from '../json';
import { defineSwitch } from './define';
import { resourceOf } from './routes';

const DISCOVERY_ENDPOINTS = ['serviceproviderconfig', 'resourcetypes', 'schemas'];

/** RFC 7643 §2.2: the characteristics an attribute has "if not otherwise stated". */
const DEFAULT_CHARACTERISTICS: Readonly<Record<string, unknown>> = { required: false, caseExact: false, mutability: 'readWrite', returned: 'default', uniqueness: 'none' };

function withoutDefaults(attr: unknown): unknown {
  if (!isObject(attr)) return attr;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(attr)) {
    if (k in DEFAULT_CHARACTERISTICS && DEFAULT_CHARACTERISTICS[k] === v) continue;
    out[k] = k === 'subAttributes' && Array.isArray(v) ? v.map(withoutDefaults) : v;
  }
  return out;
}

export const ALLOWED_DISCOVERY_SWITCHES = [
  defineSwitch({
    name: 'discovery-endpoints-absent',
    kind: 'variation',
    scope: ['entra', 'okta'],
    // Variations that tell the harness what they do not support only through /Schemas.
    conflicts: ['minimal-user-schema', 'group-members-never-returned', 'user-groups-not-returned'],
    description:
      'The discovery endpoints /ServiceProviderConfig, /ResourceTypes and /Schemas answer 404, as endpoints built only for Entra do; Microsoft says schema discovery "isn\'t currently supported on custom non-gallery SCIM application" (entra-requests.md §3.14) and no source shows Entra reading the other two; Okta reads none of them outside entitlements (okta-requests.md §1.1); but RFC 7644 §4 defines them for every service provider, so only the Entra and Okta verdicts must stay clean.',
    onRequest: (req) => {
      const head = req.segments?.[0]?.toLowerCase();
      if (head !== undefined && DISCOVERY_ENDPOINTS.includes(head)) throw notFound(`No SCIM endpoint at /${req.segments!.join('/')}`);
    },
  }),
  defineSwitch({
    name: 'schemas-omit-default-characteristics',
    kind: 'variation',
    scope: ['entra', 'okta', 'rfc'],
    description:
      'The /Schemas documents leave out every attribute characteristic that has its default value (required false, caseExact false, mutability readWrite, returned default, uniqueness none), as compact schema documents do; RFC 7643 §2.2 gives those defaults "if not otherwise stated".',
    discovery: (doc, kind) => {
      if (kind !== 'Schema' || !Array.isArray(doc['attributes'])) return doc;
      return { ...doc, attributes: doc['attributes'].map(withoutDefaults) };
    },
  }),
  defineSwitch({
    name: 'spc-without-optional-attributes',
    kind: 'variation',
    scope: ['entra', 'okta', 'rfc'],
    description:
      'ServiceProviderConfig carries only what RFC 7643 §5 marks REQUIRED: no documentationUri, no meta, and authentication schemes without specUri or documentationUri ("OPTIONAL" there), as minimal implementations do.',
    discovery: (doc, kind) => {
      if (kind !== 'ServiceProviderConfig') return doc;
      const out = { ...doc };
      delete out['documentationUri'];
      delete out['meta'];
      if (Array.isArray(out['authenticationSchemes'])) {
        out['authenticationSchemes'] = out['authenticationSchemes'].map((s: unknown) => {
          if (!isObject(s)) return s;
          const scheme = { ...s };
          delete scheme['specUri'];
          delete scheme['documentationUri'];
          return scheme;
        });
      }
      return out;
    },
  }),
  defineSwitch({
    name: 'patch-not-supported',
    kind: 'variation',
    // Not okta: OIN apps deactivate, reactivate and push groups by PATCH, and a 501 failed the deactivation (okta-requests.md §2, §6).
    scope: ['rfc'],
    description:
      'No PATCH: ServiceProviderConfig says patch.supported false and PATCH answers 501 Not Implemented, as PUT-only endpoints do; RFC 7644 §3.5 says implementers "SHOULD support HTTP PATCH" and Table 9 lists 501 for it, but Entra updates only with PATCH, so only the RFC verdict must stay clean.',
    discovery: (doc, kind) => (kind === 'ServiceProviderConfig' ? { ...doc, patch: { supported: false } } : doc),
    onRequest: (req) => {
      if (req.method === 'PATCH' && resourceOf(req)) throw new ScimError(501, 'PATCH is not implemented; use PUT');
    },
  }),
  defineSwitch({
    name: 'filter-not-supported',
    kind: 'variation',
    // Not okta: Okta looks users and groups up with an eq filter before it creates them (okta-requests.md O-03, O-15, §5 rule 1).
    scope: ['rfc'],
    description:
      'No filtering: ServiceProviderConfig says filter.supported false and a filter parameter answers 400 invalidFilter, as list-only endpoints do; RFC 7644 §3.4.2.2 says "Filtering is an OPTIONAL parameter for SCIM service providers", but every Entra lookup is a filter, so only the RFC verdict must stay clean.',
    discovery: (doc, kind) => (kind === 'ServiceProviderConfig' ? { ...doc, filter: { supported: false, maxResults: isObject(doc['filter']) ? doc['filter']['maxResults'] : 0 } } : doc),
    // Every non-empty filter, of GET and of POST /.search alike.
    filter: () => {
      throw badRequest('invalidFilter', 'Filtering is not supported by this service provider');
    },
  }),
] as const;
