// JSON Schema validation of SCIM bodies (RFC 7643 resources, RFC 7644 messages).
//
// The schemas are plain JSON Schema 2020-12 files in fixtures/schemas/. One Ajv instance knows all of
// them; each is compiled on first use only (compiling costs tens of ms, validating a few µs).
// Schemas may carry an "x-messages" annotation ({ keyword: text }) next to a keyword: that text replaces
// Ajv's generic message for an error of that keyword, with "{key}" and "{value}" filled in.
import * as fs from 'fs';
import * as path from 'path';
import Ajv2020 from 'ajv/dist/2020';
import type { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

export type SchemaKind =
  | 'User'
  | 'EnterpriseUser'
  | 'Group'
  | 'ListResponse'
  | 'Error'
  | 'PatchOp'
  | 'ServiceProviderConfig'
  | 'ResourceType'
  | 'Schema';

/** One problem found in a body. `path` is a JSON Pointer into the body ('' for the root). */
export interface SchemaIssue {
  path: string;
  message: string;
  /** For a required attribute that is absent: its name (the body may be a partial representation). */
  missing?: string;
}

export type SchemaResult = { valid: true } | { valid: false; issues: SchemaIssue[] };

/** Where the schema files live, relative to this file (src/schemas → fixtures/schemas). */
export const SCHEMA_DIR = path.resolve(__dirname, '..', '..', 'fixtures', 'schemas');

/** File name (in SCHEMA_DIR) of the schema for each kind. */
export const SCHEMA_FILES: Readonly<Record<SchemaKind, string>> = {
  User: 'user.schema.json',
  EnterpriseUser: 'enterprise-user.schema.json',
  Group: 'group.schema.json',
  ListResponse: 'list-response.schema.json',
  Error: 'error.schema.json',
  PatchOp: 'patch-op.schema.json',
  ServiceProviderConfig: 'service-provider-config.schema.json',
  ResourceType: 'resource-type.schema.json',
  Schema: 'schema.schema.json',
};

/** Definitions referenced by the schemas above; loaded, never validated against directly. */
const SHARED_FILES = ['common.schema.json'];

const MESSAGES_KEYWORD = 'x-messages';

interface Registry {
  ajv: Ajv2020;
  ids: Record<SchemaKind, string>;
  compiled: Partial<Record<SchemaKind, ValidateFunction>>;
}

let registry: Registry | undefined;

function loadJson(file: string): Record<string, unknown> {
  const text = fs.readFileSync(path.join(SCHEMA_DIR, file), 'utf8');
  return JSON.parse(text) as Record<string, unknown>;
}

function getRegistry(): Registry {
  if (registry) return registry;
  const ajv = new Ajv2020({
    allErrors: true,
    strict: true,
    // Optional SCIM attributes accept null (RFC 7643 §2.5), written as "type": ["string", "null"].
    allowUnionTypes: true,
    // A User lists the Enterprise User URN in "properties" and every other URN key under
    // "patternProperties": { "^urn:" }; both apply to the enterprise key, on purpose.
    allowMatchingProperties: true,
    // parentSchema is needed to read the x-messages annotation of the failing keyword.
    verbose: true,
    // Compiling is a run's largest fixed cost; Ajv's passes that tidy the generated code cost more
    // (about 40 % of it) than they save in the few thousand validations a run makes.
    code: { optimize: false },
  });
  addFormats(ajv, ['date-time', 'uri', 'uri-reference']);
  ajv.addKeyword({ keyword: MESSAGES_KEYWORD, schemaType: 'object' });

  const ids = {} as Record<SchemaKind, string>;
  for (const file of SHARED_FILES) ajv.addSchema(loadJson(file));
  for (const kind of Object.keys(SCHEMA_FILES) as SchemaKind[]) {
    const schema = loadJson(SCHEMA_FILES[kind]);
    if (typeof schema.$id !== 'string') throw new Error(`${SCHEMA_FILES[kind]} has no $id`);
    ids[kind] = schema.$id;
    ajv.addSchema(schema); // registers only; compiled on first use
  }
  registry = { ajv, ids, compiled: {} };
  return registry;
}

function validatorFor(kind: SchemaKind): ValidateFunction {
  const reg = getRegistry();
  let validate = reg.compiled[kind];
  if (!validate) {
    const id = reg.ids[kind];
    if (id === undefined) throw new Error(`unknown schema kind: ${String(kind)}`);
    validate = reg.ajv.getSchema(id);
    if (!validate) throw new Error(`schema ${id} could not be compiled`);
    reg.compiled[kind] = validate;
  }
  return validate;
}

/** Compiles every schema now rather than at its first use (a run's fixed cost, not a request's). */
export function compileSchemas(): void {
  for (const kind of Object.keys(SCHEMA_FILES) as SchemaKind[]) validatorFor(kind);
}

/** Validates `body` against the schema of `kind`. */
export function validateSchema(kind: SchemaKind, body: unknown): SchemaResult {
  const validate = validatorFor(kind);
  if (validate(body)) return { valid: true };
  const issues = toIssues(validate.errors ?? []);
  // An invalid body always yields at least one issue, even if every Ajv error was a redundant one.
  return { valid: false, issues: issues.length > 0 ? issues : [{ path: '', message: 'does not match the schema' }] };
}

/**
 * Validates a ListResponse envelope, then every element of `Resources` against `itemKind`.
 * Issues of an element carry the prefix '/Resources/<i>'.
 */
export function validateList(itemKind: SchemaKind, body: unknown): SchemaResult {
  const issues: SchemaIssue[] = [];
  const envelope = validateSchema('ListResponse', body);
  if (!envelope.valid) issues.push(...envelope.issues);
  const resources = isObject(body) ? body.Resources : undefined;
  if (Array.isArray(resources)) {
    resources.forEach((item, i) => {
      // The envelope check already reported non-object elements.
      if (!isObject(item)) return;
      const result = validateSchema(itemKind, item);
      if (!result.valid) {
        for (const issue of result.issues) issues.push({ path: `/Resources/${i}${issue.path}`, message: issue.message });
      }
    });
  }
  return issues.length === 0 ? { valid: true } : { valid: false, issues };
}

/** Compact text, one issue per line ("/active: must be boolean"); at most `max` lines plus a count of the rest. */
export function formatIssues(issues: SchemaIssue[], max = 10): string {
  const limit = Math.max(1, Math.floor(max));
  const lines = issues.slice(0, limit).map((i) => `${i.path === '' ? '(root)' : i.path}: ${i.message}`);
  if (issues.length > limit) lines.push(`… and ${issues.length - limit} more`);
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------------
// Ajv errors → issues

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** A short, readable rendering of a JSON value for messages: strings quoted, containers by kind. */
function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'object':
      return 'an object';
    case 'string': {
      const s = JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
      return `string ${s}`;
    }
    case 'number':
    case 'boolean':
      return `${typeof value} ${String(value)}`;
    case 'undefined':
      return 'undefined';
    default:
      return typeof value;
  }
}

function customMessage(err: ErrorObject): string | undefined {
  const parent = err.parentSchema as Record<string, unknown> | undefined;
  const messages = parent?.[MESSAGES_KEYWORD];
  if (!isObject(messages)) return undefined;
  const text = messages[err.keyword];
  return typeof text === 'string' ? text : undefined;
}

function fill(template: string, key: string | undefined, value: unknown): string {
  return template.replace(/\{key\}/g, key ?? '').replace(/\{value\}/g, describe(value));
}

function list(values: readonly unknown[]): string {
  return values.map((v) => JSON.stringify(v)).join(', ');
}

function toIssue(err: ErrorObject): SchemaIssue | undefined {
  // Inside "contains", a non-matching element is not an error by itself; the "contains" error on the
  // array says what is missing.
  if (err.schemaPath.includes('/contains/')) return undefined;
  const params = err.params as Record<string, unknown>;
  const custom = customMessage(err);
  switch (err.keyword) {
    // "must match then schema": the failing keyword inside "then" is reported on its own.
    case 'if':
      return undefined;
    case 'required': {
      const key = String(params.missingProperty);
      return {
        path: `${err.instancePath}/${escapePointer(key)}`,
        message: custom !== undefined ? fill(custom, key, undefined) : `required attribute "${key}" is missing`,
        ...(err.instancePath === '' ? { missing: key } : {}),
      };
    }
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const value = isObject(err.data) ? err.data[key] : undefined;
      return {
        path: `${err.instancePath}/${escapePointer(key)}`,
        message: custom !== undefined ? fill(custom, key, value) : `unknown attribute "${key}" is not allowed here`,
      };
    }
    default:
      break;
  }
  if (custom !== undefined) return { path: err.instancePath, message: fill(custom, undefined, err.data) };
  let message: string;
  switch (err.keyword) {
    case 'type': {
      const types = String(params.type).split(',');
      message = `must be ${types.join(' or ')}, not ${describe(err.data)}`;
      break;
    }
    case 'enum':
      message = `must be one of ${list((params.allowedValues as unknown[]) ?? [])}, not ${describe(err.data)}`;
      break;
    case 'const':
      message = `must be ${JSON.stringify(params.allowedValue)}, not ${describe(err.data)}`;
      break;
    case 'contains': {
      // A "contains" of one constant is how a schema requires its URN in "schemas".
      const sub = err.schema as Record<string, unknown> | undefined;
      message =
        sub !== undefined && 'const' in sub
          ? `must contain ${JSON.stringify(sub.const)}`
          : (err.message ?? 'must contain a matching element');
      break;
    }
    case 'format':
      message = `must be a valid ${String(params.format)}, not ${describe(err.data)}`;
      break;
    case 'pattern':
      message = `must match the pattern ${String(params.pattern)}, not ${describe(err.data)}`;
      break;
    default:
      message = err.message ?? `fails "${err.keyword}"`;
  }
  return { path: err.instancePath, message };
}

function toIssues(errors: ErrorObject[]): SchemaIssue[] {
  const seen = new Set<string>();
  const issues: SchemaIssue[] = [];
  for (const err of errors) {
    const issue = toIssue(err);
    if (!issue) continue;
    const id = `${issue.path}\u0000${issue.message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    issues.push(issue);
  }
  return issues;
}
