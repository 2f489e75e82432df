// Random combinations of variation switches (docs/allowed-behaviours.md): an endpoint with several
// allowed behaviours at once is still a correct endpoint, so the run gated on the verdicts the
// combination shares exits 0, with no failed or blocked MUST check there.
//
// The combinations are drawn by fast-check from a fixed seed, so a run is reproducible; a failure
// prints the seed, the combination and the CLI line that replays it. Environment:
//   SCIM_COMBO_SEED=<n>      another seed (default below)
//   SCIM_COMBO_RUNS=<n>      how many combinations (default 6; each is one CLI run of 3-6 s)
//   SCIM_COMBO=a,b,c         run exactly this combination (a replay)
import fc from 'fast-check';
import type { SummaryCheck } from '../../src/report/summary';
import { variationConflicts, type Verdict } from '../../src/server/switches';
import { VARIATION_NAMES, VARIATION_SCOPE, type VariationName } from '../../src/server/variations';
import { runCli, scopeFlags } from './cli';

const TOKEN = 'selftest-Secret-combos-3e9d';
const SEED = Number(process.env['SCIM_COMBO_SEED'] ?? 20261207);
const RUNS = Number(process.env['SCIM_COMBO_RUNS'] ?? 6);
const CONFLICTS = variationConflicts();

/**
 * Variations that fail alone today (the variation matrix, test/selftest/variations.test.ts, still runs
 * and reports them): drawing them would only repeat that failure. Remove an entry once it passes alone;
 * docs/allowed-behaviours.md gives the classification of each.
 */
const FAILING_ALONE: Partial<Record<VariationName, string>> = {};
const DRAWN = VARIATION_NAMES.filter((n) => FAILING_ALONE[n] === undefined);

/** The verdicts every variation of the combination must leave clean. */
function commonScope(combo: readonly VariationName[]): Verdict[] {
  return (['entra', 'okta', 'rfc'] as const).filter((v) => combo.every((n) => VARIATION_SCOPE[n].includes(v)));
}

/** No two variations of the combination conflict, and they share a verdict to gate on. */
function compatible(combo: readonly VariationName[]): boolean {
  const clash = combo.some((a, i) => combo.slice(i + 1).some((b) => CONFLICTS[a].includes(b)));
  return !clash && commonScope(combo).length > 0;
}

const comboArbitrary = fc.uniqueArray(fc.constantFrom(...DRAWN), { minLength: 2, maxLength: 4 }).filter(compatible);

function combinations(): VariationName[][] {
  const given = process.env['SCIM_COMBO'];
  if (given !== undefined && given.trim() !== '') return [given.split(',').map((s) => s.trim()) as VariationName[]];
  return fc.sample(comboArbitrary, { seed: SEED, numRuns: RUNS });
}


function describeFailure(c: SummaryCheck): string {
  const reason = (c.message ?? '').split('\n').filter((l) => /^\s*(Expected|Received|Step):/.test(l)).map((l) => l.trim()).join(' / ');
  return `${c.id} [${c.suite}, ${c.profile}] ${c.status}${reason ? `: ${reason}` : ''}`;
}

const COMBOS = combinations().map((combo, i): [string, number, VariationName[]] => [combo.join(','), i, combo]);

describe(`variation combinations (fast-check seed ${SEED}, ${COMBOS.length} runs)`, () => {
  test('the drawn combinations respect conflicts and share a verdict', () => {
    for (const [, , combo] of COMBOS) expect({ combo, compatible: compatible(combo) }).toEqual({ combo, compatible: true });
  });

  test.concurrent.each(COMBOS)(
    '%s fails no MUST check of the verdicts it shares',
    async (_label, index, combo) => {
      const scope = commonScope(combo);
      const flags = scopeFlags(scope);
      const replay = `SCIM_COMBO=${combo.join(',')} (drawn as #${index} of seed ${SEED}); CLI: node bin/scim-conformance.js --server-variations ${combo.join(',')} ${flags.join(' ')}`;
      const run = await runCli(['--token', TOKEN, ...flags, '--server-variations', combo.join(',')]);
      expect({ replay, summary: run.summary !== undefined }).toEqual({ replay, summary: true });
      const failing = run.summary!.checks.filter(
        // A row counts for a verdict at the level its evidence gives it (README: Verdicts follow evidence).
        (c) => c.status === 'error' || ((c.status === 'failed' || c.status === 'blocked') && scope.some((v) => c.verdictLevels[v] === 'MUST')),
      );
      expect({ replay, failing: failing.map(describeFailure) }).toEqual({ replay, failing: [] });
      expect({ replay, code: run.code, internalErrors: run.summary!.internalErrors }).toEqual({ replay, code: 0, internalErrors: [] });
    },
    180_000,
  );
});
