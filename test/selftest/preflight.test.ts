// Entra's Test Connection comes first. When its answer shows the run does not reach a SCIM service
// that accepts the token (a wrong token, a Tenant URL that is not the SCIM base path, a web page),
// the run says why the way an admin's Test Connection would, the Entra verdict is NOT READY with
// every other check blocked by it, it exits 1, and the endpoint receives that one request and nothing
// else. When the SCIM service itself answers wrongly, the diagnosis leads and the run goes on.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { ScimClient } from '../../src/http/client';
import { Redactor } from '../../src/http/redact';
import type { CheckApplication } from '../../src/report/outcome';
import { testConnection } from '../../src/runner/preflight';
import { Journal } from '../../src/sequences/journal';
import { startReferenceServer, type ReferenceServer } from '../../src/server';
import { readTree, runCli, type CliRun } from './cli';

const TOKEN = 'selftest-Secret-preflight-7c3d';
const WRONG = 'selftest-Wrong-preflight-91ab';
const TEST_CONNECTION_CHECKS = ['entra.test-connection.status-200', 'entra.test-connection.empty-list'];

function applications(run: CliRun): CheckApplication[] {
  return fs
    .readFileSync(path.join(run.reportDir, 'results.ndjson'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as CheckApplication);
}

/** A web server on 127.0.0.1 that is not a SCIM endpoint: every request gets the same answer. */
async function startSite(answer: { status: number; headers: Record<string, string>; body: string }): Promise<{ url: string; requests: () => number; close: () => Promise<void> }> {
  let count = 0;
  const server = http.createServer((req, res) => {
    count++;
    req.resume();
    res.writeHead(answer.status, { ...answer.headers, 'Content-Length': Buffer.byteLength(answer.body) });
    res.end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/scim/v2`,
    requests: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** What every stopped run shows: the diagnosis after the verdicts, NOT READY, the rest blocked by Test Connection, exit 1, one request. */
function expectStopped(run: CliRun, requests: number, diagnosis: RegExp): void {
  expect({ code: run.code, requests, preflight: run.summary?.preflight?.outcome }).toEqual({ code: 1, requests: 1, preflight: 'stopped' });
  const summary = run.summary!;
  expect(summary.preflight!.diagnosis).toMatch(diagnosis);
  expect({ entra: summary.verdicts.entra.verdict, rfc: summary.verdicts.rfc.verdict, verdict: summary.verdict, internalErrors: summary.internalErrors }).toEqual({
    entra: 'not-ready',
    rfc: 'not-run',
    verdict: 'failed',
    internalErrors: [],
  });
  expect(summary.verdicts.rfc.headline).toBe('RFC 7643/7644: not run (blocked: Test Connection failed)');
  // Test Connection's own checks judged its answer; the entra.tls checks have no TLS on http://; everything else is blocked.
  const rows = summary.checks.map((c) => ({ id: c.id, status: c.status }));
  expect(rows.filter((r) => TEST_CONNECTION_CHECKS.includes(r.id) && r.status === 'failed').length).toBeGreaterThan(0);
  expect(rows.filter((r) => !TEST_CONNECTION_CHECKS.includes(r.id) && !r.id.startsWith('entra.tls.') && r.status !== 'blocked')).toEqual([]);
  expect(summary.totals.blocked).toBeGreaterThan(150);
  const blocked = applications(run).filter((a) => a.status === 'blocked');
  expect([...new Set(blocked.map((a) => `${a.blockedBy?.sequence} › ${a.blockedBy?.step}`))]).toEqual(['users.test-connection › probe [Entra R-01]']);
  // The diagnosis comes right after the verdict lines, before What to fix; the gate line ends the output.
  const lines = run.stdout.split('\n');
  const rfcAt = lines.findIndex((l) => l.startsWith('RFC 7643/7644:'));
  expect(lines[rfcAt - 1]).toMatch(/^Entra provisioning: NOT READY/);
  expect(lines.slice(rfcAt + 1, rfcAt + 3).join('\n')).toContain(summary.preflight!.diagnosis!);
  expect(lines.findIndex((l) => l.startsWith('What to fix'))).toBeGreaterThan(rfcAt + 2);
  expect(lines.some((l) => l.startsWith('Verdict: FAILED'))).toBe(true);
  // The reports carry it too.
  const html = fs.readFileSync(path.join(run.reportDir, 'index.html'), 'utf8');
  expect(html).toContain('id="preflight"');
  expect(fs.readFileSync(path.join(run.reportDir, 'junit.xml'), 'utf8')).toContain('name="test-connection.stopped"');
}

describe('Test Connection stops a run that cannot reach a SCIM service accepting the token', () => {
  let server: ReferenceServer;
  let gateway: ReferenceServer;
  beforeAll(async () => {
    server = await startReferenceServer({ token: TOKEN });
    // Behind an API gateway that answers a wrong token 403.
    gateway = await startReferenceServer({ token: TOKEN, variations: ['wrong-token-403'] });
  });
  afterAll(async () => {
    await server?.close();
    await gateway?.close();
  });

  test.concurrent.each([
    ['401', () => server, /^Test Connection answered 401 \("The bearer token is not valid"\): check the Secret Token/],
    ['403', () => gateway, /^Test Connection answered 403 .*: check the Secret Token .*Entra sends no User-Agent and no Accept header/],
  ])('a wrong token (%s): check the Secret Token', async (_status, target, diagnosis) => {
    const before = target().requestCount;
    const run = await runCli(['--url', target().baseUrl, '--token', WRONG]);
    expectStopped(run, target().requestCount - before, diagnosis);
    for (const { file, text } of readTree(run.reportDir)) expect({ file, leaked: text.includes(WRONG) }).toEqual({ file, leaked: false });
    expect(run.stdout + run.stderr).not.toContain(WRONG);
  });

  test.concurrent.each([
    ['a wrong base path (a web framework\'s 404)', { status: 404, headers: { 'Content-Type': 'text/html; charset=utf-8' }, body: '<!DOCTYPE html><html><body><pre>Cannot GET /scim/v2/Users</pre></body></html>' }, /^404 on \/Users: is the Tenant URL the SCIM base path\?/],
    ['a web page (200 HTML)', { status: 200, headers: { 'Content-Type': 'text/html' }, body: '<html><head><title>Sign in</title></head><body><form>…</form></body></html>' }, /^Test Connection answered 200 with an HTML page \(text\/html\): the Tenant URL is not a SCIM endpoint/],
    ['a redirect to a sign-in page', { status: 302, headers: { Location: 'https://login.example.com/authorize' }, body: '' }, /^Test Connection answered 302, a redirect to https:\/\/login\.example\.com\/authorize: the Tenant URL must be the SCIM base path itself/],
  ])('%s', async (_what, answer, diagnosis) => {
    const site = await startSite(answer);
    try {
      const run = await runCli(['--url', site.url, '--token', TOKEN]);
      expectStopped(run, site.requests(), diagnosis);
    } finally {
      await site.close();
    }
  });
});

test('a SCIM service that answers Test Connection wrongly: the diagnosis leads and the run goes on', async () => {
  const server = await startReferenceServer({ token: TOKEN, faults: ['filter-no-match-404'] });
  try {
    const run = await runCli(['--url', server.baseUrl, '--token', TOKEN, '--grep', '^Test Connection \\[']);
    expect({ code: run.code, preflight: run.summary?.preflight?.outcome }).toEqual({ code: 1, preflight: 'failed' });
    expect(run.summary!.preflight!.diagnosis).toMatch(/^Test Connection answered 404 with a SCIM error \("No resources match the query"\)\. If the Tenant URL is not the SCIM base path, fix that first/);
    expect(run.stdout).toContain(`Test Connection failed; the run went on:\n  ${run.summary!.preflight!.diagnosis}`);
    // The suites judged Test Connection themselves, after discovery: more than the one request.
    expect(server.requestCount).toBeGreaterThan(4);
    expect(run.summary!.checks.filter((c) => c.id === 'entra.test-connection.status-200').map((c) => c.status)).toEqual(['failed', 'failed']);
  } finally {
    await server.close();
  }
});

describe('the diagnosis of a 200 that is not the empty ListResponse names the problem', () => {
  // In process: the preflight alone, with the run's client, against servers that answer 200 wrongly.
  test.each([
    ['filter-ignored', /^Test Connection answered 200, not the empty ListResponse Entra expects: "totalResults": 1, 1 resource\(s\): .*Nothing can match userName eq "[0-9a-f-]{36}": does the endpoint ignore the filter\?$/],
    ['list-total-results-string', /^Test Connection answered 200, not the empty ListResponse Entra expects: "totalResults": "0", 0 resource\(s\): \[\] \(expected "totalResults": 0 and no Resources\)$/],
  ] as const)('%s', async (fault, diagnosis) => {
    const server = await startReferenceServer({ token: TOKEN, faults: [fault] });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scimc-preflight-'));
    try {
      const client = new ScimClient({ baseUrl: server.baseUrl, token: TOKEN, timeoutMs: 10_000, redactor: new Redactor([TOKEN]) });
      const result = await testConnection(client, { baseUrl: server.baseUrl, profiles: ['entra'], matchingAttribute: 'userName', mappingMode: 'default', seed: 1, runId: 'abc123', journal: new Journal(dir) });
      expect({ outcome: result.preflight?.outcome, applications: result.applications.length, requests: server.requestCount }).toEqual({ outcome: 'failed', applications: 0, requests: 1 });
      expect(result.preflight!.diagnosis).toMatch(diagnosis);
    } finally {
      await server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

test("an Okta-only run tests the connection the way Okta does (GET /Users?startIndex=1&count=2), and a wrong token stops it there", async () => {
  const server = await startReferenceServer({ token: TOKEN });
  try {
    const run = await runCli(['--url', server.baseUrl, '--token', WRONG, '--client', 'okta']);
    expect({ code: run.code, requests: server.requestCount, preflight: run.summary?.preflight?.outcome }).toEqual({ code: 1, requests: 1, preflight: 'stopped' });
    const summary = run.summary!;
    expect(summary.preflight!.request).toMatch(/^GET http:\/\/127\.0\.0\.1:\d+\/scim\/v2\/Users\?startIndex=1&count=2 -> 401$/);
    expect(summary.preflight!.diagnosis).toMatch(/^Okta's connection test answered 401 .*: check the API token/);
    expect({ okta: summary.verdicts.okta.verdict, entra: summary.verdicts.entra.verdict, rfc: summary.verdicts.rfc.verdict }).toEqual({ okta: 'not-ready', entra: 'not-run', rfc: 'not-run' });
    // Only Okta's profiles and the RFC suite are judged or blocked: no Entra row.
    expect([...new Set(summary.checks.map((c) => c.profile))].sort()).toEqual(['okta-aiw', 'okta-oin']);
    expect(run.stdout).toMatch(/^Okta provisioning: NOT READY/m);
    expect(run.stdout).not.toMatch(/^Entra provisioning/m);
  } finally {
    await server.close();
  }
});
