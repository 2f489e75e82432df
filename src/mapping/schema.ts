// Reads Entra's provisioning schema as an admin exports it: the Microsoft Graph synchronizationSchema
// (GET /servicePrincipals/{id}/synchronization/jobs/{jobId}/schema, or "Download" in the portal's
// schema editor). What the harness takes from it: the user objectMapping's attributeMappings (target
// paths, types from the target directory's attribute definitions, the matching attribute), and
// whether the group objectMapping is enabled. Anything it cannot use is a MappingError that says why.
import fs from 'node:fs';
import path from 'node:path';
import { FIXTURES_DIR } from '../sequences/fixtures';
import { URN } from '../scim/urns';
import { attributeKey, formatPath, isEnterpriseManager, parseTargetPath, PathError } from './paths';

/** default: Entra's default mapping of a custom non-gallery app; file: the customer's export; all: everything Entra can send. */
export type MappingMode = 'default' | 'file' | 'all';

/** Entra's default attribute mapping of a custom non-gallery SCIM app (entra-requests.md §2), as an export. */
export const DEFAULT_MAPPING_FILE = path.join(FIXTURES_DIR, 'mappings', 'default-scim-app.json');
export const DEFAULT_MAPPING_LABEL = "Entra's default mapping (custom non-gallery app)";

/** The role mapping expressions Entra documents for the roles target (entra-requests.md R-19). */
const ROLE_EXPRESSIONS: ReadonlyArray<[RegExp, string]> = [
  [/AssertiveAppRoleAssignmentsComplex/i, 'app-role-assertive'],
  [/AppRoleAssignmentsComplex/i, 'app-role-complex'],
  [/SingleAppRoleAssignment/i, 'app-role-single'],
];

export class MappingError extends Error {}

/** attributeDefinition.type of Graph's synchronization schema. */
export type AttributeType = 'String' | 'Boolean' | 'Integer' | 'DateTime' | 'Reference' | 'Binary';
const TYPES: readonly AttributeType[] = ['String', 'Boolean', 'Integer', 'DateTime', 'Reference', 'Binary'];

export interface MappedAttribute {
  /** The target path as Entra writes it, e.g. `emails[type eq "work"].value`. */
  path: string;
  type: AttributeType;
  /** attributeMappingSource.type and, for a Constant, the value Entra sends. */
  source: { type: 'Attribute' | 'Constant' | 'Function'; name?: string; expression?: string };
  /** attributeMapping.flowType: ObjectAddOnly attributes are sent on create only. */
  flowType: string;
  matchingPriority: number;
}

/** What a run takes from an exported mapping; plain JSON, so it travels in the run context. */
export interface ProvisioningMapping {
  /** The file it was read from, for the reports. */
  file: string;
  /** The user objectMapping's attributes, in the export's order. */
  users: MappedAttribute[];
  /** The attribute with the lowest matchingPriority above 0 (Entra tries it first). */
  matchingAttribute: string;
  /** The further matching attributes, in priority order (Entra tries them when the first finds nothing). */
  otherMatchingAttributes: string[];
  groups: { mapped: boolean; enabled: boolean };
  /**
   * The optional features (capabilities of fixtures/catalogue/entra.json) this mapping turns on: app
   * roles by expression, custom extension attributes, further matching attributes, the manager, groups.
   */
  features: string[];
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Which kind of object an objectMapping provisions: by its source object (Entra's User / Group). */
function objectKind(m: Json): 'user' | 'group' | undefined {
  const names = [str(m['sourceObjectName']), str(m['targetObjectName'])].filter((n): n is string => n !== undefined);
  if (names.some((n) => /(^|[:.])user$/i.test(n))) return 'user';
  if (names.some((n) => /(^|[:.])group$/i.test(n))) return 'group';
  return undefined;
}

/** Attribute definitions of the target directory's object, by lower-case name. */
function targetDefinitions(schema: Json, targetObjectName: string | undefined): Map<string, { type: string; multivalued: boolean }> {
  const defs = new Map<string, { type: string; multivalued: boolean }>();
  if (targetObjectName === undefined || !Array.isArray(schema['directories'])) return defs;
  for (const dir of schema['directories']) {
    if (!isObject(dir) || !Array.isArray(dir['objects'])) continue;
    for (const obj of dir['objects']) {
      if (!isObject(obj) || str(obj['name'])?.toLowerCase() !== targetObjectName.toLowerCase() || !Array.isArray(obj['attributes'])) continue;
      for (const a of obj['attributes']) {
        const name = isObject(a) ? str(a['name']) : undefined;
        if (name !== undefined) defs.set(name.toLowerCase(), { type: str(a['type']) ?? 'String', multivalued: a['multivalued'] === true });
      }
    }
  }
  return defs;
}

/** Targets of the default user mapping that carry no generated value of their own. */
const UNGENERATED = new Set(['roles', 'members', 'groups', 'entitlements', 'x509certificates', 'id', 'meta', 'schemas']);

function readAttribute(raw: unknown, index: number, defs: Map<string, { type: string; multivalued: boolean }>): MappedAttribute {
  const where = `attributeMappings[${index}]`;
  if (!isObject(raw)) throw new MappingError(`${where} is not an object`);
  const target = str(raw['targetAttributeName']);
  if (target === undefined || target.trim() === '') throw new MappingError(`${where} has no targetAttributeName`);
  let parsed;
  try {
    parsed = parseTargetPath(target);
  } catch (err) {
    if (err instanceof PathError) throw new MappingError(`${where}: the harness cannot generate the target attribute ${err.message}`);
    throw err;
  }
  const def = defs.get(target.toLowerCase());
  const type = (def?.type ?? (isEnterpriseManager(parsed) ? 'Reference' : parsed.kind === 'core' && parsed.attr.toLowerCase() === 'active' && parsed.sub === undefined ? 'Boolean' : 'String')) as AttributeType;
  if (!TYPES.includes(type)) throw new MappingError(`${where} (${target}): unknown attribute type "${type}" in the target directory; the types are ${TYPES.join(', ')}`);
  const cannot = (why: string) => new MappingError(`${where}: the harness cannot generate the target attribute "${target}": ${why}. Remove it from the export to replay the rest.`);
  if (parsed.kind === 'core' && UNGENERATED.has(parsed.attr.toLowerCase())) throw cannot('it is not a plain attribute value (roles, members and the like are replayed by their own sequences, not from a mapping)');
  if (type === 'Reference' && !isEnterpriseManager(parsed)) throw cannot('a reference other than the enterprise manager');
  if (def?.multivalued && !isEnterpriseManager(parsed) && !(parsed.kind === 'core' && parsed.type !== undefined)) throw cannot('a multi-valued attribute without an element filter (the shape Entra sends for it is not documented)');
  const source = isObject(raw['source']) ? raw['source'] : {};
  const sourceType = str(source['type']) ?? 'Attribute';
  if (sourceType !== 'Attribute' && sourceType !== 'Constant' && sourceType !== 'Function') throw new MappingError(`${where} (${target}): source.type must be Attribute, Constant or Function (got "${sourceType}")`);
  const priority = raw['matchingPriority'] === undefined || raw['matchingPriority'] === null ? 0 : Number(raw['matchingPriority']);
  if (!Number.isInteger(priority) || priority < 0) throw new MappingError(`${where} (${target}): matchingPriority must be a whole number, 0 for none (got ${JSON.stringify(raw['matchingPriority'])})`);
  return {
    path: formatPath(parsed),
    type,
    source: { type: sourceType, ...(str(source['name']) !== undefined ? { name: str(source['name']) } : {}), ...(str(source['expression']) !== undefined ? { expression: str(source['expression']) } : {}) },
    flowType: str(raw['flowType']) ?? 'Always',
    matchingPriority: priority,
  };
}

/** Reads an exported synchronizationSchema (already parsed JSON). */
export function readMapping(schema: unknown, file: string): ProvisioningMapping {
  // Graph wraps nothing, but an admin may save the whole job: accept { schema: {...} } too.
  const root = isObject(schema) && !('synchronizationRules' in schema) && isObject(schema['schema']) ? schema['schema'] : schema;
  if (!isObject(root) || !Array.isArray(root['synchronizationRules'])) {
    throw new MappingError(`${file} is not a synchronizationSchema: it has no "synchronizationRules" array. Export it from the Entra admin center (Provisioning → Attribute mapping → Show advanced options → Review your schema here → Download) or GET /servicePrincipals/{id}/synchronization/jobs/{jobId}/schema`);
  }
  const mappings: Json[] = [];
  for (const rule of root['synchronizationRules']) {
    if (isObject(rule) && Array.isArray(rule['objectMappings'])) mappings.push(...rule['objectMappings'].filter(isObject));
  }
  const users = mappings.filter((m) => objectKind(m) === 'user');
  const groups = mappings.filter((m) => objectKind(m) === 'group');
  if (users.length === 0) throw new MappingError(`${file} has no user objectMapping (sourceObjectName "User"): the harness replays user provisioning from it`);
  const user = users.find((m) => m['enabled'] !== false);
  if (!user) throw new MappingError(`${file}: the user objectMapping is disabled ("enabled": false), so Entra would provision no users; enable it to replay the mapping`);
  if (!Array.isArray(user['attributeMappings'])) throw new MappingError(`${file}: the user objectMapping has no "attributeMappings" array`);

  const defs = targetDefinitions(root, str(user['targetObjectName']));
  // A roles target is one of Entra's role expressions, replayed by its own sequence, not a value to generate.
  const isRoles = (raw: unknown) => isObject(raw) && /^roles(\[|\.|$)/i.test(str(raw['targetAttributeName']) ?? '');
  const roleFeatures = new Set<string>();
  for (const raw of user['attributeMappings'].filter(isRoles)) {
    const text = JSON.stringify((raw as Json)['source'] ?? {});
    const found = ROLE_EXPRESSIONS.find(([re]) => re.test(text));
    if (found) roleFeatures.add(found[1]);
  }
  const attributes = user['attributeMappings'].flatMap((raw, i) => (isRoles(raw) ? [] : [readAttribute(raw, i, defs)]));
  const seen = new Set<string>();
  for (const a of attributes) {
    const key = a.path.toLowerCase();
    if (seen.has(key)) throw new MappingError(`${file}: the target attribute ${a.path} is mapped twice`);
    seen.add(key);
  }
  if (!attributes.some((a) => attributeKey(parseTargetPath(a.path)) === 'username')) {
    throw new MappingError(`${file}: the user mapping has no userName target; SCIM requires userName (RFC 7643 §4.1.1), so the endpoint would refuse every create`);
  }
  const matching = attributes.filter((a) => a.matchingPriority > 0).sort((a, b) => a.matchingPriority - b.matchingPriority);
  if (matching.length === 0) throw new MappingError(`${file}: no attribute of the user mapping has a matchingPriority above 0, so Entra could not match users`);
  for (const m of matching) {
    if (m.type !== 'String') throw new MappingError(`${file}: the matching attribute ${m.path} is of type ${m.type}; the harness matches on String attributes only`);
  }
  const groupsEnabled = groups.some((m) => m['enabled'] !== false);
  const features = new Set(roleFeatures);
  for (const a of attributes) {
    const p = parseTargetPath(a.path);
    if (p.kind === 'extension' && p.urn.toLowerCase() !== URN.enterpriseUser.toLowerCase()) features.add('custom-extension-attribute');
    if (isEnterpriseManager(p)) for (const f of ['manager-by-id', 'manager-remove', 'manager-legacy', 'manager-in-create']) features.add(f);
  }
  for (const m of matching) {
    const key = m.path.toLowerCase();
    if (key === 'externalid') features.add('matching-external-id');
    if (key === 'emails[type eq "work"].value') features.add('matching-work-email');
  }
  if (groupsEnabled) features.add('nested-groups');
  return {
    file,
    users: attributes,
    matchingAttribute: matching[0]!.path,
    otherMatchingAttributes: matching.slice(1).map((m) => m.path),
    groups: { mapped: groups.length > 0, enabled: groupsEnabled },
    features: [...features],
  };
}

/** Reads an exported synchronizationSchema file; `label` names it in reports instead of its path. */
export function loadMappingFile(file: string, label = file): ProvisioningMapping {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new MappingError(`cannot read the mapping file ${file}: ${(err as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new MappingError(`the mapping file ${file} is not JSON (${(err as Error).message}); it must be the synchronizationSchema JSON Entra exports`);
  }
  return readMapping(json, label);
}

/**
 * Checks a --matching-attribute: userName, externalId or another SCIM path whose value is a string
 * the harness can write into the create body and filter on. Returns it as Entra writes it.
 */
export function readMatchingAttribute(raw: string): string {
  let p;
  try {
    p = parseTargetPath(raw);
  } catch (err) {
    throw new MappingError(`--matching-attribute: ${(err as Error).message}`);
  }
  const top = p.kind === 'core' ? p.attr.toLowerCase() : '';
  if (isEnterpriseManager(p) || UNGENERATED.has(top) || (top === 'active' && p.kind === 'core') || (p.kind === 'core' && p.sub === undefined && ['name', 'emails', 'addresses', 'phonenumbers'].includes(top))) {
    throw new MappingError(`--matching-attribute ${raw}: Entra matches on an attribute with a unique string value (userName, externalId, emails[type eq "work"].value, an extension attribute such as employeeNumber), not on ${formatPath(p)}`);
  }
  return formatPath(p);
}
