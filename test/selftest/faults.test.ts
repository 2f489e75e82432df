// The fault matrix: for every fault switch a check names in provenBy, a run against the reference
// server with that fault fails, and every check that names the fault is among the failures. Runs replay
// every client (--client all) and use --mapping all, so that the optional features' checks are Entra's traffic; a check judged only on an
// UNVERIFIED request shape fails without gating (the run then exits 0: nothing it found gates).
import { CHECKS } from '../../src/checks/registry';
import { FAULTS, type FaultName } from '../../src/server/faults';
import { readTree, runCli } from './cli';

const TOKEN = 'selftest-Secret-faults-42b7';
const proven = (Object.keys(FAULTS) as FaultName[]).filter((f) => CHECKS.some((c) => c.provenBy.includes(f)));

describe('fault matrix', () => {
  test.concurrent.each(proven)(
    '%s is caught by the checks that name it',
    async (fault) => {
      const expected = CHECKS.filter((c) => c.provenBy.includes(fault)).map((c) => c.id);
      // Only the checks that name the fault run (their steps, and the steps those depend on, run as
      // in a full run), which keeps the matrix fast; the clean-run test covers everything else.
      const grep = `(${expected.map((id) => id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')}):`;
      const run = await runCli(['--server-faults', fault, '--client', 'all', '--mapping', 'all', '--fail-on', 'should', '--token', TOKEN, '--grep', grep]);
      expect(run.summary).toBeDefined();
      const failed = new Set(run.summary!.checks.filter((c) => c.status === 'failed').map((c) => c.id));
      const gates = run.summary!.checks.some((c) => (c.status === 'failed' || c.status === 'blocked') && c.gating);
      expect({ code: run.code, missed: expected.filter((id) => !failed.has(id)) }).toEqual({ code: gates ? 1 : 0, missed: [] });
      // Each failure names the step it failed at and how to reproduce it.
      for (const c of run.summary!.checks.filter((r) => r.status === 'failed' && expected.includes(r.id))) {
        expect(c.message).toMatch(/Step: \S+ › \S+/);
        expect(c.message).toMatch(/Reproduce with:\n\s+(\w+=\$\()?curl |Replay with: scim-conformance /);
      }
      // A failing run is where a token would most likely leak (error bodies, curl lines).
      expect(run.stdout + run.stderr).not.toContain(TOKEN);
      for (const { file, text } of readTree(run.reportDir)) expect({ file, leaked: text.includes(TOKEN) }).toEqual({ file, leaked: false });
    },
    180_000,
  );
});
