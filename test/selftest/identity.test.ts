// Identity before writes: an endpoint that answers a create with another resource's id gets the
// create failed, and the run neither writes to nor deletes that resource; what the run did create is
// still found by its run-prefixed name and deleted.
import { startReferenceServer, type ReferenceServer } from '../../src/server';
import { runCli, type CliRun } from './cli';

const TOKEN = 'selftest-Secret-identity-19c4';

describe('a create answered with the id of a resource the run did not create', () => {
  let server: ReferenceServer;
  let before: ReturnType<ReferenceServer['snapshot']>;
  let run: CliRun;

  beforeAll(async () => {
    server = await startReferenceServer({ token: TOKEN, faults: ['create-returns-other-id'] });
    before = server.snapshot();
    run = await runCli(['--url', server.baseUrl, '--token', TOKEN, '--grep', '^(Provision a user|Disable|Delete a user|Rename a group|Group membership)']);
  }, 120_000);
  afterAll(() => server?.close());

  test('fails the create checks and blocks what needed the id', () => {
    expect(run.code).toBe(1);
    const row = (id: string) => run.summary!.checks.find((c) => c.id === id && c.profile === 'entra');
    expect(row('entra.users.create.accepted')).toMatchObject({ status: 'failed' });
    expect(row('entra.users.create.accepted')!.message).toMatch(/names userName "seed\.user@reference\.test", not "scimc-/);
    expect(row('entra.users.disable.reads-inactive')).toMatchObject({ status: 'blocked' });
  });

  test('leaves the foreign resources untouched and the endpoint as it found it', () => {
    expect(run.summary!.leftovers).toEqual([]);
    expect(server.snapshot()).toEqual(before);
  });
});
