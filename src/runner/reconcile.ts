// The runner's own results and the recorded results must agree. jest says which tests ran and how
// they ended; the suites record one CheckApplication per check they applied. Anything jest reports
// that no record explains (a fixture that did not resolve, an exception before or after the record
// was written, a failed write of results.ndjson), and every harness error the suites recorded, is
// an internal error of the tool: it makes the run exit 2 and is never blamed on the endpoint.
import type { CheckApplication } from '../report/outcome';
import type { JestTest, SuiteRunResult } from './jest-run';

const NOT_PASSED = new Set(['failed', 'blocked', 'error']);

function firstLine(text: string | undefined): string {
  // jest prefixes the thrown message with "Error: "; the stack adds nothing for a reader here.
  return (text ?? '').split('\n').find((l) => l.trim() !== '')?.trim() ?? 'no message';
}

export function reconcile(run: Pick<SuiteRunResult, 'brokenSuites' | 'tests'>, apps: readonly CheckApplication[]): string[] {
  const errors: string[] = run.brokenSuites.map((b) => `suite ${b.file} failed outside its tests (at load time or in a hook): ${b.message}`);
  const byTest = new Map<string, CheckApplication[]>();
  for (const a of apps) if (a.test !== undefined) byTest.set(a.test, [...(byTest.get(a.test) ?? []), a]);

  const ran = (t: JestTest) => t.status === 'passed' || t.status === 'failed';
  for (const t of run.tests.filter(ran)) {
    const mine = byTest.get(t.name) ?? [];
    if (mine.length === 0) {
      errors.push(t.status === 'failed' ? `test "${t.name}" (${t.file}) failed without recording a result: ${firstLine(t.failure)}` : `test "${t.name}" (${t.file}) passed without recording a result`);
    } else if (t.status === 'failed' && !mine.some((a) => NOT_PASSED.has(a.status))) {
      errors.push(`test "${t.name}" (${t.file}) failed after recording "${mine.map((a) => a.status).join(', ')}": ${firstLine(t.failure)}`);
    } else if (t.status === 'passed' && mine.some((a) => NOT_PASSED.has(a.status))) {
      errors.push(`test "${t.name}" (${t.file}) passed in jest but recorded "${mine.map((a) => a.status).join(', ')}"`);
    }
  }
  const jestNames = new Set(run.tests.map((t) => t.name));
  // One harness error at a step usually takes every check of the step with it: one line per step and error.
  const harness = new Map<string, string[]>();
  for (const a of apps) {
    if (a.status === 'error') {
      const key = `${a.sequence} › ${a.step} [${a.profile}]: ${firstLine(a.reason)}`;
      harness.set(key, [...(harness.get(key) ?? []), a.checkId]);
    } else if (a.test === undefined || !jestNames.has(a.test)) errors.push(`a result of ${a.checkId} [${a.profile}] at ${a.sequence} › ${a.step} was recorded by no test jest ran`);
  }
  for (const [where, checks] of harness) errors.push(`${where} (checks ${checks.join(', ')})`);
  return errors;
}
