import { validateSchema } from '../../src/schemas';
import { entraPatchBodies, PATCH_URN } from './examples';
import { expectIssue, expectValid, issuesOf } from './helpers';

function patch(...operations: unknown[]): Record<string, unknown> {
  return { schemas: [PATCH_URN], Operations: operations };
}

describe('PatchOp schema: accepts every Entra PATCH body', () => {
  test.each(entraPatchBodies)('%s', (_name, body) => {
    expectValid('PatchOp', body);
  });
});

describe('PatchOp schema: accepts', () => {
  test.each(['add', 'Add', 'ADD', 'replace', 'Replace', 'rEpLaCe'])('op "%s" (case-insensitive)', (op) => {
    expectValid('PatchOp', patch({ op, path: 'title', value: 'x' }));
  });

  test.each(['remove', 'Remove', 'REMOVE'])('op "%s" with a path and no value', (op) => {
    expectValid('PatchOp', patch({ op, path: 'title' }));
  });

  test('RFC 7644 §3.5.2.1 path-less add of several attributes', () => {
    expectValid(
      'PatchOp',
      patch({ op: 'add', value: { emails: [{ value: 'babs@jensen.org', type: 'home' }], nickname: 'Babs' } }),
    );
  });

  test('a null value with a path (the value is not typed when a path is given)', () => {
    expectValid('PatchOp', patch({ op: 'replace', path: 'title', value: null }));
  });
});

describe('PatchOp schema: rejects', () => {
  test('op "merge", listing the allowed ops', () => {
    expectIssue(
      validateSchema('PatchOp', patch({ op: 'merge', path: 'title', value: 'x' })),
      '/Operations/0/op',
      /must be one of "add", "remove", "replace" \(case-insensitive\), not string "merge"/,
    );
  });

  test('a missing op and an op that is not a string', () => {
    expectIssue(validateSchema('PatchOp', patch({ path: 'title', value: 'x' })), '/Operations/0/op', /required attribute "op"/);
    expectIssue(validateSchema('PatchOp', patch({ op: 1, path: 'title', value: 'x' })), '/Operations/0/op', /not number 1/);
  });

  test('remove without a path', () => {
    expectIssue(
      validateSchema('PatchOp', patch({ op: 'Remove', value: [{ value: 'u1' }] })),
      '/Operations/0/path',
      /"path" is REQUIRED for a remove operation/,
    );
  });

  test('add or replace without a value', () => {
    expectIssue(validateSchema('PatchOp', patch({ op: 'Add', path: 'members' })), '/Operations/0/value', /"value" is REQUIRED/);
    expectIssue(validateSchema('PatchOp', patch({ op: 'replace' })), '/Operations/0/value', /"value" is REQUIRED/);
  });

  test('path-less add/replace whose value is not an object of attributes', () => {
    expectIssue(
      validateSchema('PatchOp', patch({ op: 'replace', value: false })),
      '/Operations/0/value',
      /must be an object of attributes when "path" is omitted/,
    );
    expectIssue(validateSchema('PatchOp', patch({ op: 'Add', value: [{ value: 'u1' }] })), '/Operations/0/value', /object/);
    expectIssue(validateSchema('PatchOp', patch({ op: 'add', value: {} })), '/Operations/0/value', /at least one attribute/);
  });

  test('path that is not a string or is empty', () => {
    expectIssue(validateSchema('PatchOp', patch({ op: 'remove', path: ['members'] })), '/Operations/0/path', /must be string/);
    expectIssue(validateSchema('PatchOp', patch({ op: 'remove', path: '' })), '/Operations/0/path', /non-empty/);
  });

  test('an unknown operation member (e.g. "Path")', () => {
    const result = validateSchema('PatchOp', patch({ op: 'replace', Path: 'title', value: 'x' }));
    expectIssue(result, '/Operations/0/Path', /unknown operation member "Path"/);
  });

  test('missing or empty Operations, and Operations as an object', () => {
    expectIssue(validateSchema('PatchOp', { schemas: [PATCH_URN] }), '/Operations', /required attribute "Operations"/);
    expectIssue(validateSchema('PatchOp', patch()), '/Operations', /at least one PATCH operation/);
    expectIssue(
      validateSchema('PatchOp', { schemas: [PATCH_URN], Operations: { op: 'add', path: 'x', value: 1 } }),
      '/Operations',
      /must be array/,
    );
  });

  test('missing schemas, or the wrong message URN', () => {
    expectIssue(
      validateSchema('PatchOp', { Operations: [{ op: 'remove', path: 'title' }] }),
      '/schemas',
      /required attribute "schemas" is missing/,
    );
    expectIssue(
      validateSchema('PatchOp', { schemas: ['urn:ietf:params:scim:api:messages:2.0:Patch'], Operations: [{ op: 'remove', path: 'x' }] }),
      '/schemas',
      /must contain "urn:ietf:params:scim:api:messages:2\.0:PatchOp"/,
    );
  });

  test('every faulty operation is reported, each at its own index', () => {
    const result = validateSchema('PatchOp', patch({ op: 'add', path: 'a', value: 1 }, { op: 'merge' }, { op: 'remove' }));
    const paths = issuesOf(result).map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['/Operations/1/op', '/Operations/2/path']));
    expect(paths.some((p) => p.startsWith('/Operations/0'))).toBe(false);
  });
});
