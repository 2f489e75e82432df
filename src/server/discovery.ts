// Discovery endpoints (RFC 7644 §4): /ServiceProviderConfig, /ResourceTypes, /Schemas, built from schema-defs.

import { clone, type JsonObject } from './json';
import { RESOURCE_TYPES, SCHEMAS, URN, type ResourceTypeDef, type SchemaDef } from './schema-defs';

/** RFC 7644 §3.4.2.4: the most results a list returns, whatever `count` asks. */
export const MAX_RESULTS = 200;

/** What the server implements of the optional features, and so declares in ServiceProviderConfig. */
export interface Features {
  /** ETags, If-Match (412) and If-None-Match (304), meta.version (RFC 7644 §3.14). */
  readonly etag: boolean;
  /** sortBy / sortOrder (RFC 7644 §3.4.2.3). */
  readonly sort: boolean;
  /** The most resources one list response returns. */
  readonly maxResults: number;
}

export const FULL_FEATURES: Features = { etag: true, sort: true, maxResults: MAX_RESULTS };

export function serviceProviderConfig(baseUrl: string, features: Features = FULL_FEATURES): JsonObject {
  return {
    schemas: [URN.serviceProviderConfig],
    documentationUri: 'https://www.rfc-editor.org/rfc/rfc7644',
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: features.maxResults },
    changePassword: { supported: false },
    sort: { supported: features.sort },
    // ETags are W/"<version>"; If-Match (412) and If-None-Match (304) are honoured (RFC 7644 §3.14).
    etag: { supported: features.etag },
    authenticationSchemes: [
      {
        type: 'oauthbearertoken',
        name: 'OAuth Bearer Token',
        description: 'Authentication with a static bearer token (RFC 6750), as Entra sends its Secret Token.',
        specUri: 'https://www.rfc-editor.org/info/rfc6750',
        primary: true,
      },
    ],
    meta: { resourceType: 'ServiceProviderConfig', location: `${baseUrl}/ServiceProviderConfig` },
  };
}

export function resourceTypeResource(rt: ResourceTypeDef, baseUrl: string): JsonObject {
  return {
    schemas: [URN.resourceType],
    id: rt.name,
    name: rt.name,
    endpoint: rt.endpoint,
    description: rt.description,
    schema: rt.schema,
    schemaExtensions: rt.extensions.map((e) => ({ schema: e.schema, required: e.required })),
    meta: { resourceType: 'ResourceType', location: `${baseUrl}/ResourceTypes/${rt.name}` },
  };
}

export function resourceTypes(baseUrl: string): JsonObject[] {
  return Object.values(RESOURCE_TYPES).map((rt) => resourceTypeResource(rt, baseUrl));
}

export function schemaResource(s: SchemaDef, baseUrl: string): JsonObject {
  return {
    schemas: [URN.schema],
    id: s.id,
    name: s.name,
    description: s.description,
    attributes: clone(s.attributes),
    meta: { resourceType: 'Schema', location: `${baseUrl}/Schemas/${s.id}` },
  };
}

export function schemaResources(baseUrl: string): JsonObject[] {
  return SCHEMAS.map((s) => schemaResource(s, baseUrl));
}
