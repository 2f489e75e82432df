// The variation matrix: a run against the clean reference server, then one per variation switch (an
// allowed behaviour of real endpoints). No MUST-level check of a verdict the variation is scoped to
// may fail: a check that does is too strict, not the endpoint.
import type { Suite } from '../../src/checks/types';
import type { SummaryCheck } from '../../src/report/summary';
import type { Verdict } from '../../src/server/switches';
import { VARIATION_NAMES, VARIATION_SCOPE, type VariationName } from '../../src/server/variations';
import { runCli } from './cli';

const TOKEN = 'selftest-Secret-variations-7c1e';

/** The suites scored in each verdict. */
const SUITES: Record<Verdict, readonly Suite[]> = { entra: ['entra', 'properties'], rfc: ['rfc7643', 'rfc7644'] };

type Row = [label: string, variation: VariationName | undefined];
const ROWS: Row[] = [['(clean server)', undefined], ...VARIATION_NAMES.map((v): Row => [v, v])];

function describeFailure(c: SummaryCheck): string {
  const reason = (c.message ?? '').split('\n').filter((l) => /^\s*(Expected|Received):/.test(l)).map((l) => l.trim()).join(' / ');
  return `${c.id} [${c.suite}, ${c.profile}]: ${c.title}${reason ? `\n      ${reason}` : ''}`;
}

describe('variation matrix', () => {
  test.concurrent.each(ROWS)(
    '%s fails no MUST check of its scope',
    async (_label, variation) => {
      const scope: readonly Verdict[] = variation ? VARIATION_SCOPE[variation] : ['entra', 'rfc'];
      const run = await runCli(['--token', TOKEN, '--seed', '1', ...(variation ? ['--server-variations', variation] : [])]);
      expect(run.summary).toBeDefined();
      const suites = scope.flatMap((v) => SUITES[v]);
      const failing = run.summary!.checks.filter((c) => suites.includes(c.suite) && c.status === 'failed' && c.level === 'MUST');
      // The rows and their Expected / Received, readable in the jest diff.
      expect(failing.map(describeFailure)).toEqual([]);
    },
    180_000,
  );
});
