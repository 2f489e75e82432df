import * as fs from 'fs';
import * as path from 'path';
import { formatIssues, SCHEMA_DIR, SCHEMA_FILES, type SchemaKind, validateSchema } from '../../src/schemas';
import { clone, rfcMinimalUser } from './examples';

const KINDS = Object.keys(SCHEMA_FILES) as SchemaKind[];

describe('schema files', () => {
  test('there is one file per kind', () => {
    expect([...KINDS].sort()).toEqual(
      ['EnterpriseUser', 'Error', 'Group', 'ListResponse', 'PatchOp', 'ResourceType', 'Schema', 'ServiceProviderConfig', 'User'].sort(),
    );
  });

  test.each(fs.readdirSync(SCHEMA_DIR).filter((f) => f.endsWith('.schema.json')))(
    '%s has a unique $id, the 2020-12 dialect and a description citing the RFC',
    (file) => {
      const schema = JSON.parse(fs.readFileSync(path.join(SCHEMA_DIR, file), 'utf8')) as Record<string, unknown>;
      expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
      expect(schema.$id).toBe(`https://scim-conformance.example/schemas/${file}`);
      expect(schema.description).toMatch(/RFC 764[34] §\d/);
    },
  );

  test.each(KINDS)('%s compiles in strict mode', (kind) => {
    expect(() => validateSchema(kind, {})).not.toThrow();
  });

  test('repeated validation reuses the compiled schema and gives the same answer', () => {
    const first = validateSchema('User', { ...clone(rfcMinimalUser), active: 'False' });
    const second = validateSchema('User', { ...clone(rfcMinimalUser), active: 'False' });
    expect(second).toEqual(first);
    expect(validateSchema('User', rfcMinimalUser)).toEqual({ valid: true });
  });
});

describe('formatIssues', () => {
  test('one line per issue, "(root)" for the root', () => {
    const text = formatIssues([
      { path: '/active', message: 'must be boolean' },
      { path: '', message: 'must be object' },
    ]);
    expect(text).toBe('/active: must be boolean\n(root): must be object');
  });

  test('caps the output at max lines and counts the rest', () => {
    const issues = Array.from({ length: 5 }, (_, i) => ({ path: `/x/${i}`, message: 'bad' }));
    expect(formatIssues(issues, 2)).toBe('/x/0: bad\n/x/1: bad\n… and 3 more');
    expect(formatIssues(issues).split('\n')).toHaveLength(5);
    expect(formatIssues([])).toBe('');
  });

  test('formats real issues from a validation', () => {
    const result = validateSchema('User', { ...clone(rfcMinimalUser), active: 'False' });
    expect(result.valid).toBe(false);
    if (!result.valid) {
      expect(formatIssues(result.issues)).toBe(
        '/active: must be a JSON boolean (true or false), not string "False" (RFC 7643 §4.1.1, §2.3.2)',
      );
    }
  });
});

describe('issue paths', () => {
  test('escape "/" and "~" in keys as JSON Pointer does', () => {
    const result = validateSchema('User', { ...clone(rfcMinimalUser), 'a/b~c': 1 });
    expect(result.valid).toBe(false);
    if (!result.valid) expect(result.issues.map((i) => i.path)).toContain('/a~1b~0c');
  });

  test('a value is described briefly, long strings shortened', () => {
    const result = validateSchema('User', { ...clone(rfcMinimalUser), active: 'x'.repeat(200) });
    expect(result.valid).toBe(false);
    if (!result.valid) expect(result.issues[0]!.message.length).toBeLessThan(160);
  });
});
