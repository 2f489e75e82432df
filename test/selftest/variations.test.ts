// The variation matrix: a run against the clean reference server, then one per variation switch (an
// allowed behaviour of real endpoints). Each exits 0 when gated on the verdicts the variation is
// scoped to, with no failed or blocked MUST check there: a check that fails is too strict, not the endpoint.
import type { SummaryCheck } from '../../src/report/summary';
import type { Verdict } from '../../src/server/switches';
import { VARIATION_NAMES, VARIATION_SCOPE, type VariationName } from '../../src/server/variations';
import { runCli, scopeFlags } from './cli';

const TOKEN = 'selftest-Secret-variations-7c1e';

type Row = [label: string, variation: VariationName | undefined];
const ROWS: Row[] = [['(clean server)', undefined], ...VARIATION_NAMES.map((v): Row => [v, v])];

function describeFailure(c: SummaryCheck): string {
  const reason = (c.message ?? '').split('\n').filter((l) => /^\s*(Expected|Received):/.test(l)).map((l) => l.trim()).join(' / ');
  const blocked = c.status === 'blocked' ? (c.message ?? '').split('\n').find((l) => /blocked/.test(l))?.trim() : undefined;
  return `${c.id} [${c.suite}, ${c.profile}] ${c.status}: ${c.title}${reason ? `\n      ${reason}` : ''}${blocked ? `\n      ${blocked}` : ''}`;
}

describe('variation matrix', () => {
  test.concurrent.each(ROWS)(
    '%s fails no MUST check of its scope',
    async (_label, variation) => {
      const scope: readonly Verdict[] = variation ? VARIATION_SCOPE[variation] : ['entra', 'okta', 'rfc'];
      const run = await runCli(['--token', TOKEN, ...scopeFlags(scope), ...(variation ? ['--server-variations', variation] : [])]);
      expect(run.summary).toBeDefined();
      // A row counts for a verdict at the level its evidence gives it (README: Verdicts follow evidence).
      const inScope = run.summary!.checks.filter((c) => c.status === 'error' || ((c.status === 'failed' || c.status === 'blocked') && scope.some((v) => c.verdictLevels[v] === 'MUST')));
      // The rows and their Expected / Received, readable in the jest diff; then the exit code.
      expect(inScope.map(describeFailure)).toEqual([]);
      expect({ code: run.code, internalErrors: run.summary!.internalErrors }).toEqual({ code: 0, internalErrors: [] });
    },
    180_000,
  );
});
