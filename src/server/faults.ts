// Named fault switches. Each one turns on exactly one realistic misbehaviour of a SCIM endpoint, so
// that the harness can prove every check is able to fail. The clean server has none of them.

export type FaultName =
  // property suites: misbehaviours only random Entra-shaped data finds (specs/properties)
  | 'user-non-ascii-500'
  | 'filter-escapes-unsupported'
  | 'patch-add-keeps-existing'
  | 'patch-pathless-urn-key-replaces-extension'
  | 'patch-value-path-add-appends'
  | 'patch-multivalued-lost-update'
  | 'complex-string-type-500'
  | 'group-rename-drops-members'
  | 'auth-disabled'
  | 'auth-any-token'
  | 'require-user-agent'
  | 'require-accept-header'
  | 'filter-no-match-404'
  | 'filter-ignored'
  | 'filter-case-sensitive'
  | 'list-total-results-string'
  | 'content-type-json'
  | 'create-returns-200'
  | 'create-no-id'
  | 'create-rejects-meta'
  | 'create-drops-extension'
  | 'user-emails-object'
  | 'patch-op-case-sensitive'
  | 'patch-pathless-unsupported'
  | 'patch-pathless-dotted-keys-literal'
  | 'patch-value-path-no-create'
  | 'active-string-rejected'
  | 'active-string-truthy'
  | 'reactivate-ignored'
  | 'disabled-hidden'
  | 'delete-returns-200'
  | 'delete-soft'
  | 'not-found-html'
  | 'error-status-number'
  | 'group-excluded-attributes-ignored'
  | 'group-filter-unsupported'
  | 'group-legacy-schema-rejected'
  | 'group-members-add-ignored'
  | 'group-members-add-duplicates'
  | 'group-members-remove-all'
  | 'group-members-remove-filter-ignored'
  | 'group-duplicate-name-allowed'
  | 'group-rename-ignored'
  | 'group-get-no-members'
  | 'group-members-as-strings'
  | 'group-delete-soft'
  | 'user-delete-keeps-membership'
  | 'manager-as-string'
  | 'manager-remove-ignored'
  // RFC suite: protocol deviations the RFC 7643/7644 checks (specs/rfc) must catch
  | 'discovery-booleans-as-strings'
  | 'spc-understates-features'
  | 'spc-overstates-features'
  | 'resource-meta-missing'
  | 'replace-merges'
  | 'patch-not-atomic'
  | 'patch-removes-last'
  | 'filter-eq-only'
  | 'start-index-ignored'
  | 'count-zero-as-default'
  | 'response-unfiltered'
  | 'error-scim-type-missing'
  | 'malformed-body-500'
  | 'unknown-id-200'
  | 'auth-resource-by-id-unprotected';

export const FAULTS: Readonly<Record<FaultName, string>> = Object.freeze<Record<FaultName, string>>({
  // property suites
  'user-non-ascii-500': 'Storing a User with a non-ASCII character in any string value fails with 500, like an ASCII-only database column.',
  'filter-escapes-unsupported': 'Filter string literals are read up to the next double quote without decoding escapes, so a value with \\" crashes the query (500) and one with \\\\ matches nothing.',
  'patch-add-keeps-existing': 'PATCH add on a single-valued attribute that already has a value keeps the old value (add is treated as add-if-absent).',
  'patch-pathless-urn-key-replaces-extension': 'A URN-qualified key in a path-less PATCH value (…enterprise:2.0:User:employeeNumber) replaces the whole extension object, dropping its other attributes.',
  'patch-value-path-add-appends': 'A value-path add (phoneNumbers[type eq "mobile"].value) always appends a new element, even when one matches, so a retried PATCH duplicates it.',
  'patch-multivalued-lost-update': 'Operations of one PATCH that change the same multi-valued attribute through value filters each start from the attribute as it was before the PATCH, so only the last one is kept.',
  'complex-string-type-500': 'A non-string value for a string sub-attribute of a complex attribute in a request body (name.givenName: 42) crashes with 500 instead of a 400.',
  'group-rename-drops-members': 'Renaming a group (PATCH replace displayName) also clears its members.',
  'auth-disabled': 'No authentication at all: requests without a token, or with any token, are served.',
  'auth-any-token': 'Any bearer token is accepted; only a missing Authorization header gets 401.',
  'require-user-agent': 'Requests without a User-Agent header are rejected with 403, like a CDN/WAF (Entra Test Connection sends none).',
  'require-accept-header': 'Requests whose Accept header is missing or lacks application/scim+json or application/json get 406.',
  'filter-no-match-404': 'A list/filter request that matches nothing answers 404 instead of an empty 200 ListResponse.',
  'filter-ignored': 'The filter parameter is ignored on /Users and /Groups: every resource is listed.',
  'filter-case-sensitive': 'The eq operator compares caseExact:false attributes (userName, displayName) case-sensitively.',
  'list-total-results-string': 'ListResponse totalResults, startIndex and itemsPerPage are serialised as JSON strings.',
  'content-type-json': 'Every response is labelled Content-Type: application/json instead of application/scim+json.',
  'create-returns-200': 'POST /Users and POST /Groups answer 200 instead of 201 Created.',
  'create-no-id': 'The POST /Users response body has no id (the user is still created).',
  'create-rejects-meta': 'A POST body containing meta is rejected with 400 invalidSyntax ("meta is readOnly").',
  'create-drops-extension': 'The enterprise extension object of a POST /Users body is not stored.',
  'user-emails-object': 'Users are returned with emails as a single object (the first email) instead of an array.',
  'patch-op-case-sensitive': 'PATCH op values other than exactly add/replace/remove are rejected with 400 (rejects Entra\'s "Replace").',
  'patch-pathless-unsupported': 'A PATCH operation without a path is rejected with 400 noTarget.',
  'patch-pathless-dotted-keys-literal': 'Keys of a path-less PATCH value ("name.givenName", URN-qualified names) are stored as literal attribute names instead of being resolved as paths.',
  'patch-value-path-no-create': 'A value-path add/replace (emails[type eq "work"].value) that matches no element is silently ignored instead of creating the element.',
  'active-string-rejected': 'String values for active ("True"/"False") are rejected with 400 invalidValue.',
  'active-string-truthy': 'String values for active are coerced with JavaScript truthiness, so "False" becomes true.',
  'reactivate-ignored': 'Setting active to true on an inactive user is ignored (200, the user stays inactive).',
  'disabled-hidden': 'Inactive users are left out of list/filter results (still retrievable by id).',
  'delete-returns-200': 'DELETE answers 200 with the deleted resource as body instead of 204.',
  'delete-soft': 'DELETE of a user answers 204 but only sets active=false; the user stays retrievable by id and filter.',
  'not-found-html': 'Unknown resource ids get a 404 with an HTML body and Content-Type text/html.',
  'error-status-number': 'SCIM Error bodies carry status as a JSON number instead of a string.',
  'group-excluded-attributes-ignored': 'The excludedAttributes parameter (e.g. members) is ignored on /Groups, list and by id.',
  'group-filter-unsupported': 'Any filter on /Groups is rejected with 400 invalidFilter.',
  'group-legacy-schema-rejected': 'POST /Groups whose schemas contains a URN other than the core Group URN is rejected with 400 invalidValue.',
  'group-members-add-ignored': 'PATCH add on members answers 204 but adds nothing.',
  'group-members-add-duplicates': 'Adding a member that is already present adds a duplicate entry.',
  'group-members-remove-all': 'A remove with path members removes all members even when a value array names some.',
  'group-members-remove-filter-ignored': 'A remove with a members[value eq "..."] path answers 204 but removes nothing.',
  'group-duplicate-name-allowed': 'A duplicate group displayName is accepted instead of 409 uniqueness.',
  'group-rename-ignored': 'PATCH replace of a group displayName answers 204 but keeps the old name.',
  'group-get-no-members': 'GET /Groups/{id} never returns members, even when not excluded.',
  'group-members-as-strings': 'GET /Groups/{id} returns members as bare id strings instead of {"value": id, ...} objects.',
  'group-delete-soft': 'DELETE of a group answers 204 but the group stays retrievable.',
  'user-delete-keeps-membership': 'Deleting a user does not remove it from the groups it belongs to.',
  'manager-as-string': 'The manager is returned as a bare string id instead of an object {"value": id}.',
  'manager-remove-ignored': 'A PATCH remove of the manager is ignored.',
  // RFC suite
  'discovery-booleans-as-strings': 'Discovery documents (ServiceProviderConfig, ResourceTypes, Schemas) serialise their Boolean values as strings ("true"/"false").',
  'spc-understates-features': 'ServiceProviderConfig declares patch, filter, sort and etag unsupported although the endpoint implements them.',
  'spc-overstates-features': 'ServiceProviderConfig declares sort and etag supported, but sortBy/sortOrder are ignored and no ETag is sent or honoured (If-Match, If-None-Match).',
  'resource-meta-missing': 'Resources are returned without meta, and POST answers without a Location header.',
  'replace-merges': 'PUT and PATCH replace merge into the stored values: multi-valued attributes are appended to, and attributes a PUT omits are kept.',
  'patch-not-atomic': 'A PATCH whose later operation fails keeps the changes its earlier operations made.',
  'patch-removes-last': 'The remove operations of a PATCH are applied after its add and replace operations instead of in request order.',
  'filter-eq-only': 'Only `attribute eq "value"` filters joined by `and`, on attribute names spelled as in the schema, without escapes, are understood; anything else is 400 invalidFilter.',
  'start-index-ignored': 'The startIndex parameter is ignored: every page starts at the first result.',
  'count-zero-as-default': 'A count of 0 is taken as "no count given" and returns every result instead of none.',
  'response-unfiltered': 'User responses are not shaped: attributes and excludedAttributes are ignored, and password (returned "never") is returned.',
  'error-scim-type-missing': 'Error responses carry no scimType.',
  'malformed-body-500': 'A request body that is not valid JSON answers 500 instead of 400 invalidSyntax.',
  'unknown-id-200': 'GET of an id that does not exist answers 200 with an empty object instead of 404.',
  'auth-resource-by-id-unprotected': 'Requests to a resource by id (/Users/{id}, /Groups/{id}) are served without checking the bearer token; only the collection endpoints check it.',
});

export const FAULT_NAMES: readonly FaultName[] = Object.keys(FAULTS) as FaultName[];

export function isFaultName(name: string): name is FaultName {
  return Object.prototype.hasOwnProperty.call(FAULTS, name);
}

/** Validates fault names (e.g. from a CLI flag); throws listing the valid names on an unknown one. */
export function parseFaultNames(names: readonly string[]): FaultName[] {
  const out: FaultName[] = [];
  const unknown: string[] = [];
  for (const raw of names) {
    const name = raw.trim();
    if (name === '') continue;
    if (isFaultName(name)) {
      if (!out.includes(name)) out.push(name);
    } else {
      unknown.push(name);
    }
  }
  if (unknown.length > 0) {
    throw new Error(`Unknown fault name(s): ${unknown.join(', ')}. Valid names: ${FAULT_NAMES.join(', ')}`);
  }
  return out;
}
