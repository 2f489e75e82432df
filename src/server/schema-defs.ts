// The one place where attribute definitions live (RFC 7643 §2.2, §3.1, §4, §8.7.1). Case-exactness,
// mutability, `returned`, types (boolean coercion, date comparison) and multi-valuedness are all read
// from here by the filter evaluator, the PATCH engine, input normalisation and attribute projection.

import { URN } from '../scim/urns';

export { URN };

export type AttrType = 'string' | 'boolean' | 'decimal' | 'integer' | 'dateTime' | 'binary' | 'reference' | 'complex';
export type Mutability = 'readOnly' | 'readWrite' | 'immutable' | 'writeOnly';
export type Returned = 'always' | 'never' | 'default' | 'request';
export type Uniqueness = 'none' | 'server' | 'global';

export interface AttrDef {
  readonly name: string;
  readonly type: AttrType;
  readonly multiValued: boolean;
  readonly description: string;
  readonly required: boolean;
  readonly caseExact: boolean;
  readonly mutability: Mutability;
  readonly returned: Returned;
  readonly uniqueness: Uniqueness;
  readonly canonicalValues?: readonly string[];
  readonly referenceTypes?: readonly string[];
  readonly subAttributes?: readonly AttrDef[];
}

export interface SchemaDef {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly attributes: readonly AttrDef[];
}

export type ResourceTypeName = 'User' | 'Group';

export interface ResourceTypeDef {
  readonly name: ResourceTypeName;
  readonly endpoint: '/Users' | '/Groups';
  readonly description: string;
  readonly schema: string;
  readonly extensions: readonly { readonly schema: string; readonly required: boolean }[];
}

// ---- builders: RFC 7643 §2.2 defaults (caseExact false, readWrite, returned default, uniqueness none)

type Opts = Partial<Omit<AttrDef, 'name' | 'type' | 'description'>>;

function attr(name: string, type: AttrType, description: string, opts: Opts = {}): AttrDef {
  return {
    name,
    type,
    multiValued: false,
    description,
    required: false,
    caseExact: false,
    mutability: 'readWrite',
    returned: 'default',
    uniqueness: 'none',
    ...opts,
  };
}
const str = (name: string, description: string, opts?: Opts): AttrDef => attr(name, 'string', description, opts);
const complex = (name: string, description: string, subAttributes: AttrDef[], opts?: Opts): AttrDef =>
  attr(name, 'complex', description, { ...opts, subAttributes });

/** The usual sub-attributes of a multi-valued complex attribute (RFC 7643 §2.4). */
function multi(name: string, description: string, types: readonly string[], valueType: AttrType = 'string'): AttrDef {
  const value =
    valueType === 'reference'
      ? attr('value', 'reference', `The value of the ${name} entry.`, { referenceTypes: ['external'] })
      : attr('value', valueType, `The value of the ${name} entry.`);
  return complex(
    name,
    description,
    [
      value,
      str('display', 'A human-readable name, primarily used for display purposes.'),
      str('type', 'A label indicating the function of the value.', types.length > 0 ? { canonicalValues: types } : {}),
      attr('primary', 'boolean', 'Indicates the primary or preferred value; true appears no more than once.'),
    ],
    { multiValued: true },
  );
}

// ---- common attributes (RFC 7643 §3.1): part of every resource, not of any schema representation

export const COMMON_ATTRIBUTES: readonly AttrDef[] = [
  str('id', 'Unique identifier of the resource, assigned by the service provider.', {
    caseExact: true,
    mutability: 'readOnly',
    returned: 'always',
    uniqueness: 'server',
  }),
  str('externalId', 'Identifier of the resource as defined by the provisioning client.', { caseExact: true }),
  complex(
    'meta',
    'Resource metadata.',
    [
      str('resourceType', 'The name of the resource type.', { caseExact: true, mutability: 'readOnly' }),
      attr('created', 'dateTime', 'When the resource was added to the service provider.', { mutability: 'readOnly' }),
      attr('lastModified', 'dateTime', 'When the resource was last modified.', { mutability: 'readOnly' }),
      attr('location', 'reference', 'The URI of the resource.', {
        caseExact: true,
        mutability: 'readOnly',
        referenceTypes: ['uri'],
      }),
      str('version', 'The version (ETag) of the resource.', { caseExact: true, mutability: 'readOnly' }),
    ],
    { mutability: 'readOnly' },
  ),
];

// ---- User (RFC 7643 §4.1, §8.7.1)

const USER_SCHEMA: SchemaDef = {
  id: URN.user,
  name: 'User',
  description: 'User Account',
  attributes: [
    str('userName', 'Unique identifier for the User, typically used to authenticate. REQUIRED.', {
      required: true,
      uniqueness: 'server',
    }),
    complex('name', "The components of the user's real name.", [
      str('formatted', 'The full name, formatted for display.'),
      str('familyName', 'The family name (last name).'),
      str('givenName', 'The given name (first name).'),
      str('middleName', 'The middle name(s).'),
      str('honorificPrefix', 'The honorific prefix(es), e.g. "Ms.".'),
      str('honorificSuffix', 'The honorific suffix(es), e.g. "III".'),
    ]),
    str('displayName', 'The name of the User, suitable for display to end-users.'),
    str('nickName', 'The casual way to address the user.'),
    attr('profileUrl', 'reference', "A URI pointing to the user's online profile.", { referenceTypes: ['external'] }),
    str('title', "The user's title, such as \"Vice President\"."),
    str('userType', 'Identifies the relationship between the organization and the user.'),
    str('preferredLanguage', "The user's preferred written or spoken language (RFC 7231 Accept-Language format)."),
    str('locale', "The user's default location for localization (e.g. en-US)."),
    str('timezone', "The user's time zone in IANA Time Zone database format."),
    attr('active', 'boolean', "The user's administrative status."),
    str('password', "The user's cleartext password; never returned.", { mutability: 'writeOnly', returned: 'never' }),
    multi('emails', 'Email addresses for the user.', ['work', 'home', 'other']),
    multi('phoneNumbers', 'Phone numbers for the user.', ['work', 'home', 'mobile', 'fax', 'pager', 'other']),
    multi('ims', 'Instant messaging addresses for the user.', ['aim', 'gtalk', 'icq', 'xmpp', 'msn', 'skype', 'qq', 'yahoo']),
    multi('photos', 'URLs of photos of the user.', ['photo', 'thumbnail'], 'reference'),
    complex(
      'addresses',
      'Physical mailing addresses for this user.',
      [
        str('formatted', 'The full mailing address, formatted for display.'),
        str('streetAddress', 'The full street address component.'),
        str('locality', 'The city or locality component.'),
        str('region', 'The state or region component.'),
        str('postalCode', 'The zip code or postal code component.'),
        str('country', 'The country name component (ISO 3166-1 alpha-2).'),
        str('type', 'A label indicating the address function.', { canonicalValues: ['work', 'home', 'other'] }),
        attr('primary', 'boolean', 'Indicates the primary address; true appears no more than once.'),
      ],
      { multiValued: true },
    ),
    complex(
      'groups',
      'Groups to which the user belongs; maintained through the Group resources.',
      [
        str('value', 'The id of the Group.', { mutability: 'readOnly' }),
        attr('$ref', 'reference', 'The URI of the Group.', { mutability: 'readOnly', referenceTypes: ['User', 'Group'] }),
        str('display', 'A human-readable name of the Group.', { mutability: 'readOnly' }),
        str('type', 'Direct or indirect membership.', { mutability: 'readOnly', canonicalValues: ['direct', 'indirect'] }),
      ],
      { multiValued: true, mutability: 'readOnly' },
    ),
    multi('entitlements', 'Entitlements for the user.', []),
    multi('roles', 'Roles for the user.', []),
    multi('x509Certificates', 'X.509 certificates issued to the user.', [], 'binary'),
  ],
};

// ---- Enterprise User extension (RFC 7643 §4.3, §8.7.1)

const ENTERPRISE_USER_SCHEMA: SchemaDef = {
  id: URN.enterpriseUser,
  name: 'EnterpriseUser',
  description: 'Enterprise User',
  attributes: [
    str('employeeNumber', 'Numeric or alphanumeric identifier assigned to a person.'),
    str('costCenter', 'Identifies the name of a cost center.'),
    str('organization', 'Identifies the name of an organization.'),
    str('division', 'Identifies the name of a division.'),
    str('department', 'Identifies the name of a department.'),
    complex('manager', "The user's manager.", [
      str('value', 'The id of the SCIM resource representing the manager.'),
      attr('$ref', 'reference', 'The URI of the SCIM resource representing the manager.', { referenceTypes: ['User'] }),
      str('displayName', 'The displayName of the manager.', { mutability: 'readOnly' }),
    ]),
  ],
};

// ---- Group (RFC 7643 §4.2, §8.7.1)

const GROUP_SCHEMA: SchemaDef = {
  id: URN.group,
  name: 'Group',
  description: 'Group',
  attributes: [
    // RFC 7643 §4.2 says REQUIRED (the §8.7.1 listing says false); Entra matches groups on it and
    // requires it to be unique (entra-requests.md §2.2), so the server enforces both.
    str('displayName', 'A human-readable name for the Group. REQUIRED.', { required: true, uniqueness: 'server' }),
    complex(
      'members',
      'A list of members of the Group.',
      [
        str('value', 'Identifier of the member of this Group.', { mutability: 'immutable' }),
        attr('$ref', 'reference', 'The URI of the member resource.', {
          mutability: 'immutable',
          referenceTypes: ['User', 'Group'],
        }),
        str('type', 'The type of the member.', { mutability: 'immutable', canonicalValues: ['User', 'Group'] }),
        str('display', 'A human-readable name of the member (computed by the server).', { mutability: 'readOnly' }),
      ],
      { multiValued: true },
    ),
  ],
};

export const SCHEMAS: readonly SchemaDef[] = [USER_SCHEMA, ENTERPRISE_USER_SCHEMA, GROUP_SCHEMA];

export const RESOURCE_TYPES: Readonly<Record<ResourceTypeName, ResourceTypeDef>> = {
  User: {
    name: 'User',
    endpoint: '/Users',
    description: 'User Account',
    schema: URN.user,
    extensions: [{ schema: URN.enterpriseUser, required: false }],
  },
  Group: { name: 'Group', endpoint: '/Groups', description: 'Group', schema: URN.group, extensions: [] },
};

// ---- lookups (attribute names and URNs are case-insensitive: RFC 7643 §2.1, RFC 7644 §3.10)

const eqi = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

export function schemaById(urn: string): SchemaDef | undefined {
  return SCHEMAS.find((s) => eqi(s.id, urn));
}

/** Schema URNs a resource of this type may carry: the core schema first, then its extensions. */
export function schemaUrnsOf(rt: ResourceTypeDef): string[] {
  return [rt.schema, ...rt.extensions.map((e) => e.schema)];
}

export function findAttr(list: readonly AttrDef[] | undefined, name: string): AttrDef | undefined {
  return list?.find((a) => eqi(a.name, name));
}

export function findSubAttr(parent: AttrDef | undefined, name: string): AttrDef | undefined {
  return findAttr(parent?.subAttributes, name);
}

/** Where a top-level attribute lives: in the resource itself (core) or under an extension URN key. */
export interface ResolvedAttr {
  /** undefined for core/common attributes, else the canonical extension URN (or a custom one as given). */
  readonly extension?: string;
  /** undefined for attributes of custom extensions the server has no schema for. */
  readonly def?: AttrDef;
}

/**
 * Resolves a top-level attribute name, optionally URN-qualified. Unqualified names are looked up in the
 * common attributes, then the core schema, then the extensions (Entra sends `"path": "manager"` for
 * the enterprise manager, entra-requests.md R-09b). Returns undefined when the name is unknown.
 */
export function resolveAttr(rt: ResourceTypeDef, urn: string | undefined, name: string): ResolvedAttr | undefined {
  if (urn !== undefined) {
    if (eqi(urn, rt.schema)) {
      const def = findAttr(COMMON_ATTRIBUTES, name) ?? findAttr(schemaById(rt.schema)?.attributes, name);
      return def ? { def } : undefined;
    }
    const ext = rt.extensions.find((e) => eqi(e.schema, urn));
    if (ext) {
      const def = findAttr(schemaById(ext.schema)?.attributes, name);
      return def ? { extension: ext.schema, def } : undefined;
    }
    // A custom extension the server has no schema for: accepted and stored as sent (RFC 7643 §3.3
    // extensions; Entra sends custom extension attributes without listing the URN in schemas).
    return isCoreUrn(urn) ? undefined : { extension: urn };
  }
  const common = findAttr(COMMON_ATTRIBUTES, name) ?? findAttr(schemaById(rt.schema)?.attributes, name);
  if (common) return { def: common };
  for (const ext of rt.extensions) {
    const def = findAttr(schemaById(ext.schema)?.attributes, name);
    if (def) return { extension: ext.schema, def };
  }
  return undefined;
}

/** URNs of core resource schemas (never treated as extensions). */
function isCoreUrn(urn: string): boolean {
  return [URN.user, URN.group].some((u) => eqi(u, urn));
}

/** The canonical spelling of a known schema URN, or undefined. */
export function knownSchemaUrn(urn: string): string | undefined {
  return SCHEMAS.find((s) => eqi(s.id, urn))?.id;
}

/** Known schema URNs, longest first, so that prefix matching picks the most specific one. */
export const KNOWN_URNS: readonly string[] = SCHEMAS.map((s) => s.id).sort((a, b) => b.length - a.length);
