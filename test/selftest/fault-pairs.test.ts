// Random pairs of fault switches: one fault must not hide another. With both on, every check that names
// either fault in provenBy still fails (or is blocked by a step the other fault broke); it never passes.
// It may be skipped only where a fault makes the endpoint declare the feature unsupported (the
// ServiceProviderConfig or /Schemas declaration the suites gate on).
//
// The pairs are drawn by fast-check from a fixed seed; a failure prints the seed, the pair and the CLI
// line that replays it. Environment:
//   SCIM_PAIR_SEED=<n>   another seed (default below)
//   SCIM_PAIR_RUNS=<n>   how many pairs (default 6; each is one CLI run)
//   SCIM_PAIR=a,b        run exactly this pair (a replay)
import fc from 'fast-check';
import { CHECKS } from '../../src/checks/registry';
import type { SummaryCheck } from '../../src/report/summary';
import { FAULTS, type FaultName } from '../../src/server/faults';
import { runCli } from './cli';

const TOKEN = 'selftest-Secret-pairs-81c4';
const SEED = Number(process.env['SCIM_PAIR_SEED'] ?? 20261208);
const RUNS = Number(process.env['SCIM_PAIR_RUNS'] ?? 6);

const PROVEN = (Object.keys(FAULTS) as FaultName[]).filter((f) => CHECKS.some((c) => c.provenBy.includes(f)));

function pairs(): FaultName[][] {
  const given = process.env['SCIM_PAIR'];
  if (given !== undefined && given.trim() !== '') return [given.split(',').map((s) => s.trim()) as FaultName[]];
  return fc.sample(fc.uniqueArray(fc.constantFrom(...PROVEN), { minLength: 2, maxLength: 2 }), { seed: SEED, numRuns: RUNS });
}

/** A skip the rule allows: the endpoint declared the feature or characteristic the step needs unsupported. */
function declaredUnsupported(c: SummaryCheck): boolean {
  return /ServiceProviderConfig (declares|does not declare)|\/Schemas (declares|does not declare)/.test(c.message ?? '');
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const PAIRS = pairs().map((pair, i): [string, number, FaultName[]] => [pair.join(' + '), i, pair]);

describe(`fault pairs (fast-check seed ${SEED}, ${PAIRS.length} runs)`, () => {
  test.concurrent.each(PAIRS)(
    '%s: every check that names either fault still catches it',
    async (_label, index, pair) => {
      const expected = CHECKS.filter((c) => pair.some((f) => c.provenBy.includes(f))).map((c) => c.id);
      const grep = `(${expected.map(escape).join('|')}):`;
      const replay = `SCIM_PAIR=${pair.join(',')} (drawn as #${index} of seed ${SEED}); CLI: node bin/scim-conformance.js --server-faults ${pair.join(',')} --client all --mapping all --fail-on should --grep '${grep}'`;
      // --client all and --mapping all, as in the fault matrix: every client's checks run, and the optional features' checks are Entra's traffic.
      const run = await runCli(['--server-faults', pair.join(','), '--client', 'all', '--mapping', 'all', '--fail-on', 'should', '--token', TOKEN, '--grep', grep]);
      expect({ replay, summary: run.summary !== undefined }).toEqual({ replay, summary: true });
      const rows = run.summary!.checks;
      const escaped: string[] = [];
      for (const id of expected) {
        const mine = rows.filter((r) => r.id === id);
        const caught = mine.some((r) => r.status === 'failed' || r.status === 'blocked' || r.status === 'error');
        const excused = mine.length > 0 && mine.every((r) => r.status === 'skipped' && declaredUnsupported(r));
        if (!caught && !excused) {
          const seen = mine.map((r) => `${r.profile} ${r.status}${r.message ? ` (${r.message.split('\n')[0]})` : ''}`).join('; ') || 'no row';
          escaped.push(`${id} [provenBy ${CHECKS.find((c) => c.id === id)!.provenBy.filter((f) => pair.includes(f)).join(', ')}]: ${seen}`);
        }
      }
      expect({ replay, escaped }).toEqual({ replay, escaped: [] });
      expect({ replay, code: run.code }).toEqual({ replay, code: 1 });
      expect(run.stdout + run.stderr).not.toContain(TOKEN);
    },
    180_000,
  );
});
