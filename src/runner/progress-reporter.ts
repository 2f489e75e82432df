// A jest reporter that prints one line per sequence as the run goes on (to stderr, so stdout
// stays clean for the summary), instead of jest's own test listing.
import type { Reporter, Test, TestCaseResult } from '@jest/reporters';

export default class ProgressReporter implements Pick<Reporter, 'onTestCaseResult'> {
  private current = '';
  private failed = 0;
  private done = 0;

  onTestCaseResult(_test: Test, result: TestCaseResult): void {
    const sequence = result.ancestorTitles[0] ?? '';
    if (sequence !== this.current) {
      this.current = sequence;
      process.stderr.write(`  ▸ ${sequence}\n`);
    }
    this.done++;
    if (result.status === 'failed') this.failed++;
  }

  onRunComplete(): void {
    process.stderr.write(`  ${this.done} check applications run, ${this.failed} not passed\n`);
  }
}
