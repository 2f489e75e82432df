// Example bodies for the schema tests, transcribed by hand.
// - RFC 7643 §8 examples (the §8.2 certificate truncated; §8.7.1 reduced to the Group schema).
// - Microsoft Entra ID bodies from /work/shared/spec/entra-requests.md (§4, R-xx), made valid JSON where
//   Microsoft's text is not (trailing commas removed, line breaks inside strings joined).

export const USER_URN = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const ENTERPRISE_URN = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const GROUP_URN = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const LIST_URN = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const ERROR_URN = 'urn:ietf:params:scim:api:messages:2.0:Error';
export const PATCH_URN = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/** A fresh deep copy, so a test can mutate an example. */
export function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

// ---------------------------------------------------------------------------------------------------
// RFC 7643 §8

/** RFC 7643 §8.1 Minimal User Representation. */
export const rfcMinimalUser = {
  schemas: [USER_URN],
  id: '2819c223-7f76-453a-919d-413861904646',
  userName: 'bjensen@example.com',
  meta: {
    resourceType: 'User',
    created: '2010-01-23T04:56:22Z',
    lastModified: '2011-05-13T04:42:34Z',
    version: 'W/"3694e05e9dff590"',
    location: 'https://example.com/v2/Users/2819c223-7f76-453a-919d-413861904646',
  },
};

const bjensenCore = {
  externalId: '701984',
  userName: 'bjensen@example.com',
  name: {
    formatted: 'Ms. Barbara J Jensen, III',
    familyName: 'Jensen',
    givenName: 'Barbara',
    middleName: 'Jane',
    honorificPrefix: 'Ms.',
    honorificSuffix: 'III',
  },
  displayName: 'Babs Jensen',
  nickName: 'Babs',
  profileUrl: 'https://login.example.com/bjensen',
  emails: [
    { value: 'bjensen@example.com', type: 'work', primary: true },
    { value: 'babs@jensen.org', type: 'home' },
  ],
  addresses: [
    {
      type: 'work',
      streetAddress: '100 Universal City Plaza',
      locality: 'Hollywood',
      region: 'CA',
      postalCode: '91608',
      country: 'USA',
      formatted: '100 Universal City Plaza\nHollywood, CA 91608 USA',
      primary: true,
    },
    {
      type: 'home',
      streetAddress: '456 Hollywood Blvd',
      locality: 'Hollywood',
      region: 'CA',
      postalCode: '91608',
      country: 'USA',
      formatted: '456 Hollywood Blvd\nHollywood, CA 91608 USA',
    },
  ],
  phoneNumbers: [
    { value: '555-555-5555', type: 'work' },
    { value: '555-555-4444', type: 'mobile' },
  ],
  ims: [{ value: 'someaimhandle', type: 'aim' }],
  photos: [
    { value: 'https://photos.example.com/profilephoto/72930000000Ccne/F', type: 'photo' },
    { value: 'https://photos.example.com/profilephoto/72930000000Ccne/T', type: 'thumbnail' },
  ],
  userType: 'Employee',
  title: 'Tour Guide',
  preferredLanguage: 'en-US',
  locale: 'en-US',
  timezone: 'America/Los_Angeles',
  active: true,
  password: 't1meMa$heen',
  groups: [
    {
      value: 'e9e30dba-f08f-4109-8486-d5c6a331660a',
      $ref: 'https://example.com/v2/Groups/e9e30dba-f08f-4109-8486-d5c6a331660a',
      display: 'Tour Guides',
    },
    {
      value: 'fc348aa8-3835-40eb-a20b-c726e15c55b5',
      $ref: 'https://example.com/v2/Groups/fc348aa8-3835-40eb-a20b-c726e15c55b5',
      display: 'Employees',
    },
    {
      value: '71ddacd2-a8e7-49b8-a5db-ae50d0a5bfd7',
      $ref: 'https://example.com/v2/Groups/71ddacd2-a8e7-49b8-a5db-ae50d0a5bfd7',
      display: 'US Employees',
    },
  ],
  x509Certificates: [
    {
      value:
        // The RFC's certificate, truncated (still base64).
        'MIIDQzCCAqygAwIBAgICEAAwDQYJKoZIhvcNAQEFBQAwTjELMAkGA1UEBhMCVVMxEzARBgNVBAgMCkNhbGlmb3JuaWExFDASBgNVBAoMC2V4YW1wbGUuY29tMRQwEgYDVQQDDAtleGFtcGxlLmNvbTAeFw0xMTEwMjIwNjI0MzFa',
    },
  ],
};

/** RFC 7643 §8.2 Full User Representation. */
export const rfcFullUser = {
  schemas: [USER_URN],
  id: '2819c223-7f76-453a-919d-413861904646',
  ...bjensenCore,
  meta: {
    resourceType: 'User',
    created: '2010-01-23T04:56:22Z',
    lastModified: '2011-05-13T04:42:34Z',
    version: 'W/"a330bc54f0671c9"',
    location: 'https://example.com/v2/Users/2819c223-7f76-453a-919d-413861904646',
  },
};

/** RFC 7643 §8.3 Enterprise User Extension Representation. */
export const rfcEnterpriseUser = {
  schemas: [USER_URN, ENTERPRISE_URN],
  id: '2819c223-7f76-453a-919d-413861904646',
  ...bjensenCore,
  [ENTERPRISE_URN]: {
    employeeNumber: '701984',
    costCenter: '4130',
    organization: 'Universal Studios',
    division: 'Theme Park',
    department: 'Tour Operations',
    manager: {
      value: '26118915-6090-4610-87e4-49d8ca9f808d',
      $ref: '../Users/26118915-6090-4610-87e4-49d8ca9f808d',
      displayName: 'John Smith',
    },
  },
  meta: {
    resourceType: 'User',
    created: '2010-01-23T04:56:22Z',
    lastModified: '2011-05-13T04:42:34Z',
    version: 'W/"3694e05e9dff591"',
    location: 'https://example.com/v2/Users/2819c223-7f76-453a-919d-413861904646',
  },
};

/** RFC 7643 §8.4 Group Representation. */
export const rfcGroup = {
  schemas: [GROUP_URN],
  id: 'e9e30dba-f08f-4109-8486-d5c6a331660a',
  displayName: 'Tour Guides',
  members: [
    {
      value: '2819c223-7f76-453a-919d-413861904646',
      $ref: 'https://example.com/v2/Users/2819c223-7f76-453a-919d-413861904646',
      display: 'Babs Jensen',
    },
    {
      value: '902c246b-6245-4190-8e05-00816be7344a',
      $ref: 'https://example.com/v2/Users/902c246b-6245-4190-8e05-00816be7344a',
      display: 'Mandy Pepperidge',
    },
  ],
  meta: {
    resourceType: 'Group',
    created: '2010-01-23T04:56:22Z',
    lastModified: '2011-05-13T04:42:34Z',
    version: 'W/"3694e05e9dff592"',
    location: 'https://example.com/v2/Groups/e9e30dba-f08f-4109-8486-d5c6a331660a',
  },
};

/** RFC 7643 §8.5 Service Provider Configuration Representation. */
export const rfcServiceProviderConfig = {
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
  documentationUri: 'http://example.com/help/scim.html',
  patch: { supported: true },
  bulk: { supported: true, maxOperations: 1000, maxPayloadSize: 1048576 },
  filter: { supported: true, maxResults: 200 },
  changePassword: { supported: true },
  sort: { supported: true },
  etag: { supported: true },
  authenticationSchemes: [
    {
      name: 'OAuth Bearer Token',
      description: 'Authentication scheme using the OAuth Bearer Token Standard',
      specUri: 'http://www.rfc-editor.org/info/rfc6750',
      documentationUri: 'http://example.com/help/oauth.html',
      type: 'oauthbearertoken',
      primary: true,
    },
    {
      name: 'HTTP Basic',
      description: 'Authentication scheme using the HTTP Basic Standard',
      specUri: 'http://www.rfc-editor.org/info/rfc2617',
      documentationUri: 'http://example.com/help/httpBasic.html',
      type: 'httpbasic',
    },
  ],
  meta: {
    location: 'https://example.com/v2/ServiceProviderConfig',
    resourceType: 'ServiceProviderConfig',
    created: '2010-01-23T04:56:22Z',
    lastModified: '2011-05-13T04:42:34Z',
    version: 'W/"3694e05e9dff594"',
  },
};

/** RFC 7643 §8.6 Resource Type Representation (both resource types). */
export const rfcResourceTypes = [
  {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'],
    id: 'User',
    name: 'User',
    endpoint: '/Users',
    description: 'User Account',
    schema: USER_URN,
    schemaExtensions: [{ schema: ENTERPRISE_URN, required: true }],
    meta: { location: 'https://example.com/v2/ResourceTypes/User', resourceType: 'ResourceType' },
  },
  {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'],
    id: 'Group',
    name: 'Group',
    endpoint: '/Groups',
    description: 'Group',
    schema: GROUP_URN,
    meta: { location: 'https://example.com/v2/ResourceTypes/Group', resourceType: 'ResourceType' },
  },
];

/**
 * RFC 7643 §8.7.1 Group schema representation (complete). The RFC's own listing has no "schemas"
 * attribute; it is added here, as RFC 7643 §3 requires it of every resource.
 */
export const rfcGroupSchema = {
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:Schema'],
  id: GROUP_URN,
  name: 'Group',
  description: 'Group',
  attributes: [
    {
      name: 'displayName',
      type: 'string',
      multiValued: false,
      description: 'A human-readable name for the Group. REQUIRED.',
      required: false,
      caseExact: false,
      mutability: 'readWrite',
      returned: 'default',
      uniqueness: 'none',
    },
    {
      name: 'members',
      type: 'complex',
      multiValued: true,
      description: 'A list of members of the Group.',
      required: false,
      subAttributes: [
        {
          name: 'value',
          type: 'string',
          multiValued: false,
          description: 'Identifier of the member of this Group.',
          required: false,
          caseExact: false,
          mutability: 'immutable',
          returned: 'default',
          uniqueness: 'none',
        },
        {
          name: '$ref',
          type: 'reference',
          referenceTypes: ['User', 'Group'],
          multiValued: false,
          description: 'The URI corresponding to a SCIM resource that is a member of this Group.',
          required: false,
          caseExact: false,
          mutability: 'immutable',
          returned: 'default',
          uniqueness: 'none',
        },
        {
          name: 'type',
          type: 'string',
          multiValued: false,
          description: "A label indicating the type of resource, e.g., 'User' or 'Group'.",
          required: false,
          caseExact: false,
          canonicalValues: ['User', 'Group'],
          mutability: 'immutable',
          returned: 'default',
          uniqueness: 'none',
        },
      ],
      mutability: 'readWrite',
      returned: 'default',
    },
  ],
  meta: {
    resourceType: 'Schema',
    location: '/v2/Schemas/urn:ietf:params:scim:schemas:core:2.0:Group',
  },
};

// ---------------------------------------------------------------------------------------------------
// Microsoft Entra ID (entra-requests.md §4)

/** the empty ListResponse Entra expects from Test Connection. */
export const entraEmptyList = {
  schemas: [LIST_URN],
  totalResults: 0,
  Resources: [],
  startIndex: 1,
  itemsPerPage: 20,
};

/** filter by userName, one result. */
export const entraUserQueryResponse = {
  schemas: [LIST_URN],
  totalResults: 1,
  Resources: [
    {
      schemas: [USER_URN],
      id: '2441309d85324e7793ae',
      externalId: '7fce0092-d52e-4f76-b727-3955bd72c939',
      meta: {
        resourceType: 'User',
        created: '2018-03-27T19:59:26.000Z',
        lastModified: '2018-03-27T19:59:26.000Z',
      },
      userName: 'Test_User_00aa00aa-bb11-cc22-dd33-44ee44ee44ee',
      name: { familyName: 'familyName', givenName: 'givenName' },
      active: true,
      emails: [
        { value: 'Test_User_11bb11bb-cc22-dd33-ee44-55ff55ff55ff@testuser.com', type: 'work', primary: true },
      ],
    },
  ],
  startIndex: 1,
  itemsPerPage: 20,
};

function entraUser(id: string, externalId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    schemas: [USER_URN],
    id,
    externalId,
    meta: { resourceType: 'User', created: '2018-03-27T19:59:26.000Z', lastModified: '2018-03-27T19:59:26.000Z' },
    userName: 'Test_User_00aa00aa-bb11-cc22-dd33-44ee44ee44ee',
    name: { formatted: 'givenName familyName', familyName: 'familyName', givenName: 'givenName' },
    active: true,
    emails: [{ value: 'Test_User_11bb11bb-cc22-dd33-ee44-55ff55ff55ff@testuser.com', type: 'work', primary: true }],
    ...overrides,
  };
}

/** GET /Users/{id}. */
export const entraGetUserResponse = entraUser('5d48a0a8e9f04aa38008', '58342554-38d6-4ec8-948c-50044d0a33fd');

/** 404 for an unknown id. */
export const entraNotFoundError = {
  schemas: [ERROR_URN],
  status: '404',
  detail: 'Resource 23B51B0E5D7AE9110A49411D@7cca31655d49f3640a494224 not found',
};

/** 201 response to POST /Users. */
export const entraCreateUserResponse = entraUser('48af03ac28ad4fb88478', '0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef');

/** 200 response to a PATCH of emails[type eq "work"].value and name.familyName. */
export const entraPatchUserResponse = entraUser('6764549bef60420686bc', '6c75de36-30fa-4d2d-a196-6bdcdb6b6539', {
  name: { formatted: 'givenName updatedFamilyName', familyName: 'updatedFamilyName', givenName: 'givenName' },
  emails: [{ value: 'updatedEmail@microsoft.com', type: 'work', primary: true }],
});

/** 200 response to a PATCH of userName. */
export const entraPatchUserNameResponse = entraUser('5171a35d82074e068ce2', 'aa1eca08-7179-4eeb-a0be-a519f7e5cd1a', {
  userName: '5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com',
});

/** Microsoft's example response to "Disable User" (note meta.resourceType "Users", relative location). */
export const entraDisableUserResponse = {
  schemas: [USER_URN],
  id: 'CEC50F275D83C4530A495FCF@834d0e1e5d8235f90a495fda',
  userName: 'deanruiz@testuser.com',
  name: { familyName: 'Harris', givenName: 'Larry' },
  active: false,
  emails: [{ value: 'gloversuzanne@testuser.com', type: 'work', primary: true }],
  addresses: [{ country: 'ML', type: 'work', primary: true }],
  meta: {
    resourceType: 'Users',
    location: '/scim/5171a35d82074e068ce2/Users/CEC50F265D83B4530B495FCF@5171a35d82074e068ce2',
  },
};

/** GET /Groups/{id}?excludedAttributes=members. */
export const entraGetGroupResponse = {
  schemas: [GROUP_URN],
  id: '40734ae655284ad3abcc',
  externalId: '60f1bb27-2e1e-402d-bcc4-ec999564a194',
  meta: { resourceType: 'Group', created: '2018-03-27T19:59:26.000Z', lastModified: '2018-03-27T19:59:26.000Z' },
  displayName: 'displayName',
};

/** GET /Groups?excludedAttributes=members&filter=displayName eq "displayName". */
export const entraGroupQueryResponse = {
  schemas: [LIST_URN],
  totalResults: 1,
  Resources: [
    {
      schemas: [GROUP_URN],
      id: '8c601452cc934a9ebef9',
      externalId: '0db508eb-91e2-46e4-809c-30dcbda0c685',
      meta: { resourceType: 'Group', created: '2018-03-27T22:02:32.000Z', lastModified: '2018-03-27T22:02:32.000Z' },
      displayName: 'displayName',
    },
  ],
  startIndex: 1,
  itemsPerPage: 20,
};

/** 201 response to POST /Groups. */
export const entraCreateGroupResponse = {
  schemas: [GROUP_URN],
  id: '927fa2c08dcb4a7fae9e',
  externalId: '8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159',
  meta: { resourceType: 'Group', created: '2018-03-27T19:59:26.000Z', lastModified: '2018-03-27T19:59:26.000Z' },
  displayName: 'displayName',
  members: [],
};

/** R-13 request body (with Microsoft's attribute-less marker schema), as a server would echo it with an id. */
export const entraCreateGroupEcho = {
  schemas: [GROUP_URN, 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group'],
  id: '927fa2c08dcb4a7fae9e',
  externalId: '8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159',
  displayName: 'displayName',
  meta: { resourceType: 'Group' },
};

/** §1.4 compact create body (2024 capture), as a server would echo it with an id: custom extension not in schemas. */
export const entraCreateUserEcho = {
  schemas: [USER_URN, ENTERPRISE_URN],
  id: 'b4ad3c1e',
  userName: 'someone@testaccount.onmicrosoft.com',
  active: true,
  emails: [{ primary: true, type: 'work', value: 'someone@joe.com' }],
  meta: { resourceType: 'User' },
  name: { familyName: 'TestLastName1', givenName: 'joe' },
  title: 'scim tester',
  'urn:ietf:params:scim:schemas:extension:custom:2.0:User': { employeeNumber: '99887766', worksiteId: '180' },
};

/** GET /Schemas, Microsoft's sample made valid JSON. */
export const entraSchemasResponse = {
  schemas: [LIST_URN],
  itemsPerPage: 50,
  startIndex: 1,
  totalResults: 3,
  Resources: [
    {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Schema'],
      id: USER_URN,
      name: 'User',
      description: 'User Account',
      attributes: [
        {
          name: 'userName',
          type: 'string',
          multiValued: false,
          description:
            "Unique identifier for the User, typically used by the user to directly authenticate to the service provider. Each User MUST include a non-empty userName value.  This identifier MUST be unique across the service provider's entire set of Users. REQUIRED.",
          required: true,
          caseExact: false,
          mutability: 'readWrite',
          returned: 'default',
          uniqueness: 'server',
        },
      ],
      meta: { resourceType: 'Schema', location: '/v2/Schemas/urn:ietf:params:scim:schemas:core:2.0:User' },
    },
    {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Schema'],
      id: GROUP_URN,
      name: 'Group',
      description: 'Group',
      attributes: [
        {
          name: 'displayName',
          type: 'string',
          multiValued: false,
          description: 'A human-readable name for the Group. REQUIRED.',
          required: false,
          caseExact: false,
          mutability: 'readWrite',
          returned: 'default',
          uniqueness: 'none',
        },
      ],
      meta: { resourceType: 'Schema', location: '/v2/Schemas/urn:ietf:params:scim:schemas:core:2.0:Group' },
    },
    {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Schema'],
      id: ENTERPRISE_URN,
      name: 'EnterpriseUser',
      description: 'Enterprise User',
      attributes: [
        {
          name: 'employeeNumber',
          type: 'string',
          multiValued: false,
          description:
            'Numeric or alphanumeric identifier assigned to a person, typically based on order of hire or association with an organization.',
          required: false,
          caseExact: false,
          mutability: 'readWrite',
          returned: 'default',
          uniqueness: 'none',
        },
      ],
      meta: {
        resourceType: 'Schema',
        location: '/v2/Schemas/urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
      },
    },
  ],
};

// ---------------------------------------------------------------------------------------------------
// Entra PATCH bodies (entra-requests.md R-05..R-09, R-14..R-16, R-19, R-20, §1.4)

function patch(...operations: Array<Record<string, unknown>>): Record<string, unknown> {
  return { schemas: [PATCH_URN], Operations: operations };
}
/** Same body with "Operations" before "schemas", as in some Microsoft examples and captures. */
function patchOperationsFirst(...operations: Array<Record<string, unknown>>): Record<string, unknown> {
  return { Operations: operations, schemas: [PATCH_URN] };
}
const MANAGER_PATH = `${ENTERPRISE_URN}:manager`;

export const entraPatchBodies: ReadonlyArray<readonly [string, unknown]> = [
  [
    'R-05 replace emails[type eq "work"].value and name.familyName',
    patch(
      { op: 'Replace', path: 'emails[type eq "work"].value', value: 'updatedEmail@microsoft.com' },
      { op: 'Replace', path: 'name.familyName', value: 'updatedFamilyName' },
    ),
  ],
  [
    'R-06 replace userName',
    patch({ op: 'Replace', path: 'userName', value: '5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com' }),
  ],
  ['R-06a add nickName (default)', patch({ op: 'Add', path: 'nickName', value: 'Babs' })],
  ['R-06a add nickName (aadOptscim062020)', patch({ op: 'add', path: 'nickName', value: 'Babs' })],
  [
    'R-06b replace multiple attributes (default)',
    patch(
      { op: 'Replace', path: 'displayName', value: 'Pvlo' },
      { op: 'Replace', path: 'emails[type eq "work"].value', value: 'TestBcwqnm@test.microsoft.com' },
      { op: 'Replace', path: 'name.givenName', value: 'Gtfd' },
      { op: 'Replace', path: 'name.familyName', value: 'Pkqf' },
      { op: 'Replace', path: 'externalId', value: 'Eqpj' },
      { op: 'Replace', path: `${ENTERPRISE_URN}:employeeNumber`, value: 'Eqpj' },
    ),
  ],
  [
    'R-06b replace multiple attributes (aadOptscim062020, path-less)',
    patch(
      { op: 'replace', path: 'emails[type eq "work"].value', value: 'TestMhvaes@test.microsoft.com' },
      {
        op: 'replace',
        value: {
          displayName: 'Bjfe',
          'name.givenName': 'Kkom',
          'name.familyName': 'Unua',
          [`${ENTERPRISE_URN}:employeeNumber`]: 'Aklq',
        },
      },
    ),
  ],
  [
    'R-06b add folded into one path-less op (aadOptscim062020, third-party reproduction)',
    patch({
      op: 'add',
      value: {
        displayName: 'Foo Bar',
        title: 'Bar Foo',
        'name.givenName': 'Foo',
        'name.familyName': 'Bar',
        'name.formatted': 'Foo Bar',
      },
    }),
  ],
  ['R-07 disable user (default, string "False")', patch({ op: 'Replace', path: 'active', value: 'False' })],
  ['R-07 disable user (aadOptscim062020)', patch({ op: 'replace', path: 'active', value: false })],
  ['R-07 disable user (tutorial, Operations first)', patchOperationsFirst({ op: 'Replace', path: 'active', value: false })],
  ['R-08 enable user (default, string "True")', patch({ op: 'Replace', path: 'active', value: 'True' })],
  ['R-08 enable user (aadOptscim062020)', patch({ op: 'replace', path: 'active', value: true })],
  ['R-09 add manager (default, 2023 capture)', patchOperationsFirst({ op: 'Add', path: MANAGER_PATH, value: '271' })],
  [
    'R-09 add manager (aadOptscim062020, 2024 capture)',
    patch({ op: 'add', path: MANAGER_PATH, value: '2c2f6fb8-254f-492e-b7fe-c09c5a61c8a2' }),
  ],
  [
    'R-09b add manager (legacy tutorial example)',
    patch({
      op: 'Add',
      path: 'manager',
      value: [
        { $ref: 'http://.../scim/Users/00aa00aa-bb11-cc22-dd33-44ee44ee44ee', value: '00aa00aa-bb11-cc22-dd33-44ee44ee44ee' },
      ],
    }),
  ],
  ['R-09c remove manager', patch({ op: 'remove', path: 'manager[value eq "manager-id"]' })],
  [
    'R-14 replace group displayName',
    patch({ op: 'Replace', path: 'displayName', value: '1879db59-3bdf-4490-ad68-ab880a269474updatedDisplayName' }),
  ],
  ['R-15 add members', patch({ op: 'Add', path: 'members', value: [{ $ref: null, value: 'f648f8d5ea4e4cd38e9c' }] })],
  [
    'R-16 remove members (default, tutorial form with $ref null)',
    patch({ op: 'Remove', path: 'members', value: [{ $ref: null, value: 'f648f8d5ea4e4cd38e9c' }] }),
  ],
  ['R-16 remove members (default, without $ref)', patch({ op: 'Remove', path: 'members', value: [{ value: 'u1091' }] })],
  [
    'R-16 remove members (aadOptscim062020, value filter)',
    patch({ op: 'remove', path: 'members[value eq "7f4bc1a3-285e-48ae-8202-5accb43efb0e"]' }),
  ],
  [
    'R-19a roles, SingleAppRoleAssignment (JSON string inside value)',
    patch({
      op: 'Add',
      path: 'roles',
      value: [{ value: '{"id":"06b07648-ecfe-589f-9d2f-6325724a46ee","value":"25","displayName":"Role1234"}' }],
    }),
  ],
  [
    'R-19b roles, AppRoleAssignmentsComplex',
    patch({
      op: 'Add',
      path: 'roles',
      value: [
        { value: '{"id":"06b07648-ecfe-589f-9d2f-6325724a46ee","value":"Admin","displayName":"Admin"}' },
        { value: '{"id":"06b07648-ecfe-599f-9d2f-6325724a46ee","value":"User","displayName":"User"}' },
      ],
    }),
  ],
  [
    'R-19c roles, AssertiveAppRoleAssignmentsComplex',
    patch({
      op: 'replace',
      path: 'roles',
      value: [
        { primary: false, type: 'WindowsAzureActiveDirectoryRole', display: 'User', value: 'User' },
        { primary: false, type: 'WindowsAzureActiveDirectoryRole', display: 'Test', value: 'Test' },
      ],
    }),
  ],
  [
    'R-20 custom multi-valued extension attribute',
    patch({
      op: 'Add',
      path: 'urn:ietf:params:scim:schemas:extension:greenhouse:2.0:User:department_ids',
      value: [{ value: '1' }],
    }),
  ],
  [
    '§1.4 compact PATCH capture (Replace title, Add filtered email)',
    patch(
      { op: 'Replace', path: 'title', value: 'tester' },
      { op: 'Add', path: 'emails[type eq "work"].value', value: 'someone@joe.com' },
    ),
  ],
];
