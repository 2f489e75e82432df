// A deleted user that its group still lists is a SHOULD deviation (entra.groups.members.deleted-user-removed),
// not a failure of the MUST check that judges a later, working member removal (removed-ref-null): each
// check judges its own step. Run against the reference server with the fault user-delete-keeps-membership.
import { getCheck } from '../../src/checks/registry';
import { runCli } from './cli';

const TOKEN = 'selftest-Secret-stale-member-5d0e';

test('with a deleted user still listed, removed-ref-null (MUST) passes and deleted-user-removed (SHOULD) fails', async () => {
  expect(getCheck('entra.groups.members.removed-ref-null').level).toBe('MUST');
  expect(getCheck('entra.groups.members.deleted-user-removed').level).toBe('SHOULD');
  const run = await runCli(['--server-faults', 'user-delete-keeps-membership', '--fail-on', 'should', '--token', TOKEN, '--grep', 'removed-ref-null|deleted-user-removed']);
  expect(run.summary).toBeDefined();
  const statuses = (id: string) => run.summary!.checks.filter((c) => c.id === id).map((c) => `${c.profile}: ${c.status}`).sort();
  expect({
    mustCheck: statuses('entra.groups.members.removed-ref-null'),
    shouldCheck: statuses('entra.groups.members.deleted-user-removed'),
    code: run.code,
  }).toEqual({
    mustCheck: ['entra-flag: passed', 'entra: passed'],
    shouldCheck: ['entra-flag: failed', 'entra: failed'],
    // --fail-on should: the SHOULD failure fails the run.
    code: 1,
  });
  expect(run.stdout + run.stderr).not.toContain(TOKEN);
}, 180_000);
