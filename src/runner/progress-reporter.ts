// A jest reporter that prints one line per sequence as the run goes on (to stderr, so stdout stays
// for the summary): its outcome and the running count of check applications, instead of jest's
// own test listing.
import type { Reporter, Test, TestCaseResult } from '@jest/reporters';
import { terminalText } from '../report/terminal';

export default class ProgressReporter implements Pick<Reporter, 'onTestCaseResult' | 'onRunComplete'> {
  private current = '';
  private counts = { passed: 0, notPassed: 0 };
  private done = 0;

  onTestCaseResult(_test: Test, result: TestCaseResult): void {
    const sequence = result.ancestorTitles[0] ?? '';
    if (sequence !== this.current) this.flush(sequence);
    this.done++;
    if (result.status === 'passed') this.counts.passed++;
    else this.counts.notPassed++;
  }

  onRunComplete(): void {
    this.flush('');
  }

  private flush(next: string): void {
    if (this.current !== '') {
      const mark = this.counts.notPassed > 0 ? '✗' : '✓';
      const detail = this.counts.notPassed > 0 ? `${this.counts.notPassed} of ${this.counts.passed + this.counts.notPassed} check results not passed` : `${this.counts.passed} check results passed`;
      process.stderr.write(terminalText(`  ${mark} ${this.current}: ${detail} (${this.done} so far)`) + '\n');
    }
    this.current = next;
    this.counts = { passed: 0, notPassed: 0 };
  }
}
