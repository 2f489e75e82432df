// The property-based checks (src/model, specs/properties): each holds for every Entra-shaped value
// fast-check generates, not for one scripted example. They have no verify function: the property
// suite runs the generated cases, judges them and records its own applications.
import { DOCS } from './references';
import { defineCheck } from './types';

export const propertyChecks = [
  defineCheck({
    id: 'properties.users.round-trip',
    title: 'Every user Entra creates reads back exactly as sent, whatever its values',
    suite: 'properties',
    requirement: { ref: 'Entra: Create user (R-04), get user by id (R-03)', url: DOCS.entraScim },
    level: 'MUST',
    quote: 'Entra reads the user back and re-sends any attribute that does not match what it wrote; real tenants hold names with accents, apostrophes and quotes, UPNs with + and \', phone numbers and addresses.',
    provenBy: ['user-non-ascii-500', 'create-drops-extension'],
  }),
  defineCheck({
    id: 'properties.users.lookup.any-case',
    title: 'A userName lookup in any letter case finds exactly the created user',
    suite: 'properties',
    requirement: { ref: 'Entra: Get user by query (R-02); RFC 7643 §4.1.1 userName caseExact false', url: DOCS.rfc7643('4.1.1') },
    level: 'MUST',
    quote: 'Entra matches users with GET /Users?filter=userName eq "<upn>"; userName is case-insensitive, one result means matched and more than one is a DuplicateTargetEntries error.',
    provenBy: ['filter-case-sensitive'],
  }),
  defineCheck({
    id: 'properties.groups.lookup.escaped-name',
    title: 'A displayName lookup finds the group whatever quotes, backslashes or accents its name holds',
    suite: 'properties',
    requirement: { ref: 'Entra: Get group by displayName (R-12); RFC 7644 §3.4.2.2 string literals', url: DOCS.rfc7644('3.4.2.2') },
    level: 'MUST',
    quote: 'Entra matches groups on displayName with a filter whose value is a JSON string literal, so a name holding " or \\ arrives escaped as \\" and \\\\.',
    provenBy: ['filter-escapes-unsupported'],
  }),
  defineCheck({
    id: 'properties.users.patch.add-equals-replace',
    title: 'Add and Replace on a single-valued attribute both set the value',
    suite: 'properties',
    requirement: { ref: 'Entra: Update user (R-06, §3.4 Add or Replace)', url: DOCS.entraCompat },
    level: 'MUST',
    quote: 'Changes are sent as Replace when the target has a value and Add when it has none, but "in practice it could be either ... so you should support both" (RFC 7644 §3.5.2.1: add on a single-valued attribute replaces it).',
    provenBy: ['patch-add-keeps-existing'],
  }),
  defineCheck({
    id: 'properties.users.patch.pathless-equals-path',
    title: 'The path form and the path-less value-object form of a PATCH give the same user',
    suite: 'properties',
    requirement: { ref: 'Entra: Update user with aadOptscim062020 (R-06b)', url: DOCS.entraCompat },
    level: 'MUST',
    quote: 'With aadOptscim062020 Entra folds several attribute changes into one path-less operation whose value is keyed by the paths ("name.givenName", URN-qualified enterprise attributes); without it, it sends one operation per path.',
    provenBy: ['patch-pathless-urn-key-replaces-extension', 'patch-pathless-dotted-keys-literal', 'patch-multivalued-lost-update'],
  }),
  defineCheck({
    id: 'properties.users.patch.retry-idempotent',
    title: 'Sending the same PATCH twice (an Entra retry) leaves the same user',
    suite: 'properties',
    requirement: { ref: 'Entra: Update user (R-05, R-06); retries (§6)', url: DOCS.entraScim },
    level: 'MUST',
    quote: 'Entra retries operations that time out and re-sends a PATCH every cycle while the value does not read back, so applying the same PATCH again must change nothing.',
    provenBy: ['patch-value-path-add-appends', 'patch-multivalued-lost-update'],
  }),
  defineCheck({
    id: 'properties.errors.bad-body-4xx',
    title: 'Mistyped and malformed request bodies never crash the endpoint (5xx); a refusal is a 4xx with a SCIM Error',
    suite: 'properties',
    requirement: { ref: 'RFC7644 §3.12', url: DOCS.rfc7644('3.12') },
    level: 'MUST',
    quote: 'In addition to returning an HTTP response code, implementers MUST return the errors in the body of the response; 400 is for a request that is unparsable, syntactically incorrect, or violates schema, 500 for "An internal error" (RFC 7644 §3.12). Entra retries a 5xx as transient. (Taking a mistyped value leniently is not judged here: "the server is free to alter and/or ignore POSTed content", RFC 7644 §3.3.)',
    provenBy: ['complex-string-type-500'],
  }),
  defineCheck({
    id: 'properties.directory.model-agrees',
    title: 'Through any sequence of Entra operations the endpoint agrees with a model directory',
    suite: 'properties',
    requirement: { ref: 'Entra: Provisioning cycles (§3.3-§3.11)', url: DOCS.entraScim },
    level: 'MUST',
    quote: 'Entra creates, matches, updates, disables, enables and deletes users, creates groups, adds and removes members, renames and deletes groups, and retries across cycles; after each operation the endpoint must hold what Entra wrote.',
    provenBy: ['group-rename-drops-members', 'patch-multivalued-lost-update'],
  }),
];
