import { formatIssues, type SchemaIssue, type SchemaKind, type SchemaResult, validateSchema } from '../../src/schemas';

/** The issues of a result ([] when valid). */
export function issuesOf(result: SchemaResult): SchemaIssue[] {
  return result.valid ? [] : result.issues;
}

/** Asserts that `body` is valid for `kind`, printing the issues if it is not. */
export function expectValid(kind: SchemaKind, body: unknown): void {
  const result = validateSchema(kind, body);
  if (!result.valid) throw new Error(`expected a valid ${kind}, got:\n${formatIssues(result.issues, 50)}`);
}

/** Asserts that `result` is invalid with an issue at `path` whose message matches `message`. */
export function expectIssue(result: SchemaResult, path: string, message: RegExp): void {
  const issues = issuesOf(result);
  const hit = issues.find((i) => i.path === path && message.test(i.message));
  if (!hit) {
    throw new Error(
      `expected an issue at "${path}" matching ${String(message)}, got:\n${issues.length ? formatIssues(issues, 50) : '(valid)'}`,
    );
  }
}
