// The clean reference server passes every check, the run leaves nothing behind and never touches
// data it did not create, and the token appears nowhere in the output. The run replays every client
// and uses --mapping all, so that every check applies (the default run is covered by the variation
// matrix's clean row).
import { CHECKS } from '../../src/checks/registry';
import { CLIENT_PROFILES, PROFILES } from '../../src/profiles';
import { startReferenceServer, type ReferenceServer } from '../../src/server';
import { readTree, runCli, type CliRun } from './cli';

const TOKEN = 'selftest-Secret-7c1d0e2f9a';

describe('a full run against a clean reference server given by --url', () => {
  let server: ReferenceServer;
  let before: ReturnType<ReferenceServer['snapshot']>;
  let run: CliRun;

  beforeAll(async () => {
    server = await startReferenceServer({ token: TOKEN });
    before = server.snapshot();
    run = await runCli(['--url', `${server.baseUrl}/`, '--token', TOKEN, '--client', 'all', '--mapping', 'all']);
  }, 120_000);
  afterAll(() => server?.close());

  test('exits 0 and writes summary.json and junit.xml', () => {
    expect({ code: run.code, stderr: run.stderr.includes('internal error') ? run.stderr : '' }).toEqual({ code: 0, stderr: '' });
    expect(run.summary?.verdict).toBe('passed');
  });

  test("every registered check ran and passed: in each of its client's profiles, or once for the RFC suite", () => {
    // The server is http://: the entra.tls checks are skipped here (test/selftest/tls.test.ts runs them on https).
    const tls = (id: string) => id.startsWith('entra.tls.');
    const rows = run.summary!.checks;
    const notPassed = rows.filter((c) => c.status !== 'passed' && !(tls(c.id) && c.status === 'skipped')).map((c) => `${c.id} [${c.profile}] ${c.status}: ${c.message ?? ''}`);
    expect(notPassed).toEqual([]);
    // The RFC suite is profile-independent: replayed once, recorded under the first profile. RFC
    // checks that Entra's sequences also apply (the automatic schema checks) show up in both. So are
    // the entra.tls checks (one connection).
    const rfc = (id: string) => id.startsWith('rfc7643.') || id.startsWith('rfc7644.');
    const okta = (id: string) => id.startsWith('okta.');
    for (const profile of CLIENT_PROFILES.entra) {
      const ran = new Set(rows.filter((r) => r.profile === profile).map((r) => r.id));
      const expected = CHECKS.map((c) => c.id).filter((id) => !okta(id) && (profile === PROFILES[0] || !(rfc(id) || tls(id))));
      expect({ profile, missing: expected.filter((id) => !ran.has(id)) }).toEqual({ profile, missing: [] });
    }
    // Okta's AIW and OIN apps send different requests (PUT or PATCH), so each Okta check runs in one of them at least.
    const ranForOkta = new Set(rows.filter((r) => CLIENT_PROFILES.okta.includes(r.profile)).map((r) => r.id));
    expect(CHECKS.map((c) => c.id).filter((id) => okta(id) && !ranForOkta.has(id))).toEqual([]);
    for (const profile of CLIENT_PROFILES.okta) expect(rows.filter((r) => r.profile === profile && !okta(r.id) && !rfc(r.id)).map((r) => r.id)).toEqual([]);
  });

  test('leaves the endpoint exactly as it found it', () => {
    expect(run.summary!.leftovers).toEqual([]);
    expect(server.snapshot()).toEqual(before);
  });

  test('the token is in no console line and no report file', () => {
    expect(run.stdout + run.stderr).not.toContain(TOKEN);
    for (const { file, text } of readTree(run.reportDir)) expect({ file, leaked: text.includes(TOKEN) }).toEqual({ file, leaked: false });
  });
});

describe('CLI exits 2 on what it cannot run', () => {
  test('nothing listening at the URL', async () => {
    const server = await startReferenceServer({ token: TOKEN });
    const url = server.baseUrl;
    await server.close();
    const run = await runCli(['--url', url, '--token', TOKEN, '--timeout', '2000']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/cannot reach .*ECONNREFUSED/);
    expect(run.stderr).not.toContain(TOKEN);
  }, 60_000);

  test('an unknown flag', async () => {
    const run = await runCli(['--no-such-flag']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown option --no-such-flag');
  }, 60_000);
});
