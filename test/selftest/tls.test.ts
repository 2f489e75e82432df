// The CLI against an https:// endpoint with a private CA (the reference server's https mode, TEST-ONLY
// certificates): with --ca the whole run works and only entra.tls.public-ca fails; without it the
// run fails on the endpoint's TLS, with a clear message, and every other check is blocked, never passed.
import { startReferenceServer, type ReferenceServer } from '../../src/server';
import { TEST_CA_FILE } from '../../src/server/switches/tls';
import { readTree, runCli } from './cli';

const TOKEN = 'selftest-Secret-tls-81d3';
let server: ReferenceServer;

beforeAll(async () => {
  server = await startReferenceServer({ token: TOKEN, https: true });
});
afterAll(() => server.close());

const byStatus = (checks: ReadonlyArray<{ id: string; status: string }>, status: string) => [...new Set(checks.filter((c) => c.status === status).map((c) => c.id))].sort();

describe('https endpoint with a private CA', () => {
  test('with --ca the run works: every check passes but entra.tls.public-ca (Entra trusts public CAs only)', async () => {
    const run = await runCli(['--url', server.baseUrl, '--token', TOKEN, '--ca', TEST_CA_FILE]);
    expect(run.summary).toBeDefined();
    const checks = run.summary!.checks;
    expect({ code: run.code, failed: byStatus(checks, 'failed'), blocked: byStatus(checks, 'blocked'), errors: run.summary!.internalErrors }).toEqual({ code: 1, failed: ['entra.tls.public-ca'], blocked: [], errors: [] });
    expect(byStatus(checks, 'passed')).toEqual(expect.arrayContaining(['entra.tls.version', 'entra.tls.ciphers', 'entra.tls.hostname', 'entra.tls.key-size', 'entra.tls.legacy-refused', 'entra.test-connection.status-200']));
    expect(run.stdout).toMatch(/Entra's Test Connection will fail with a certificate error/);
    expect(run.stdout + run.stderr).not.toContain(TOKEN);
  }, 120_000);

  test('without --ca the endpoint fails on TLS: a clear message, the TLS checks judged, everything else blocked', async () => {
    const run = await runCli(['--url', server.baseUrl, '--token', TOKEN]);
    expect(run.summary).toBeDefined();
    const checks = run.summary!.checks;
    expect({ code: run.code, failed: byStatus(checks, 'failed'), errors: run.summary!.internalErrors }).toEqual({ code: 1, failed: ['entra.tls.public-ca'], errors: [] });
    expect(checks.filter((c) => c.status === 'passed').every((c) => c.id.startsWith('entra.tls.'))).toBe(true);
    expect(checks.filter((c) => !c.id.startsWith('entra.tls.')).every((c) => c.status === 'blocked')).toBe(true);
    expect(run.summary!.verdicts.entra.verdict).toBe('not-ready');
    expect(run.stderr).toMatch(/cannot connect securely to https:\/\/127\.0\.0\.1:\d+\/scim\/v2: the certificate chain is not trusted .*pass --ca FILE/);
    expect(run.stderr + run.stdout).not.toMatch(/^\s+at /m); // no stack trace
    expect(run.summary!.requests).toBe(0); // no HTTP request went out, so no token either
    for (const { file, text } of readTree(run.reportDir)) expect({ file, leaked: text.includes(TOKEN) }).toEqual({ file, leaked: false });
  }, 120_000);

  test('an unusable --ca file is a configuration error (exit 2), before anything is sent', async () => {
    const run = await runCli(['--url', server.baseUrl, '--token', TOKEN, '--ca', 'README.md']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--ca: the CA file .*README\.md holds no PEM certificate/);
  });
});

test('on http:// every entra.tls check is skipped with the reason', async () => {
  const run = await runCli(['--token', TOKEN, '--grep', 'entra\\.(tls|test-connection)\\.']);
  expect(run.code).toBe(0);
  const tls = run.summary!.checks.filter((c) => c.id.startsWith('entra.tls.'));
  expect(tls).toHaveLength(6);
  for (const c of tls) expect({ id: c.id, status: c.status, message: c.message }).toEqual({ id: c.id, status: 'skipped', message: expect.stringContaining('http: Entra requires https') });
}, 60_000);
