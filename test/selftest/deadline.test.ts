// A request the run never sent, or cut short, because its deadline passed is neither passed nor
// failed: its checks are blocked by the deadline (cutBy), they gate nothing, and a verdict they leave
// open is INCOMPLETE, never NOT READY for them and never READY. With no gating failure found before
// the stop there is no verdict (exit 2); a gating failure found before it still fails the run (exit 1).
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { CheckApplication } from '../../src/report/outcome';
import { buildSummary, type RunFacts } from '../../src/report/summary';
import { startReferenceServer, type ReferenceServer } from '../../src/server';
import { runCli } from './cli';

const TOKEN = 'selftest-Secret-deadline-3f0e';

/**
 * Forwards the first `answered` requests to the server; holds every later one unanswered until
 * `releaseAt` (the run's deadline cuts them), and forwards again after it (the run's clean-up).
 */
async function startHoldingProxy(upstream: string, answered: number, releaseAt: () => number): Promise<{ url: string; close: () => Promise<void> }> {
  const target = new URL(upstream);
  let count = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (++count > answered && Date.now() < releaseAt()) return; // held: the client gives up at its deadline
      const forward = http.request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      forward.on('error', () => res.destroy());
      forward.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${target.pathname}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

test('a run stopped by --deadline blocks what it did not send, judges no verdict on it, and exits 2', async () => {
  const server: ReferenceServer = await startReferenceServer({ token: TOKEN });
  const deadlineMs = 10_000;
  let startedAt = Date.now();
  // Test Connection, discovery and the first suite requests are answered; the rest wait for the deadline.
  const proxy = await startHoldingProxy(server.baseUrl, 150, () => startedAt + deadlineMs);
  try {
    startedAt = Date.now();
    const run = await runCli(['--url', proxy.url, '--token', TOKEN, '--deadline', `${deadlineMs}`]);
    const summary = run.summary!;
    expect({ code: run.code, interruptedBy: summary.interruptedBy, verdict: summary.verdict, internalErrors: summary.internalErrors }).toEqual({ code: 2, interruptedBy: 'deadline', verdict: 'error', internalErrors: [] });
    // The reference server is correct: nothing failed, and what the deadline cut is blocked by it.
    expect(summary.checks.filter((c) => c.status === 'failed').map((c) => `${c.id} [${c.profile}]: ${c.message ?? ''}`)).toEqual([]);
    const cut = summary.checks.filter((c) => c.cutBy === 'deadline');
    expect(cut.length).toBeGreaterThan(20);
    expect(cut.filter((c) => c.status !== 'blocked' || c.gating)).toEqual([]);
    expect(cut[0]!.message).toMatch(/not judged: \w+ \S+ -> no response \(DEADLINE\): (not sent|aborted): the run's deadline/);
    // Neither verdict is READY or NOT READY on what was never judged.
    for (const area of ['entra', 'rfc'] as const) {
      expect(summary.verdicts[area]).toMatchObject({ verdict: 'incomplete', gatingFailures: 0 });
      expect(summary.verdicts[area].headline).toMatch(/: INCOMPLETE \(.*incomplete: \d+ of the blocked not judged, the run's deadline \(--deadline\) passed\)$/);
    }
    expect(summary.notJudged).toMatch(/stopped by its deadline .* nothing it judged fails a gated verdict/);
    expect(run.stdout).toMatch(/^Verdict: NO VERDICT \(interrupted; the report is partial\)/m);
    expect(run.stdout).not.toMatch(/NOT READY|MUST failure/);
    // A CI test view shows them as not run, neither red nor green.
    const junit = fs.readFileSync(path.join(run.reportDir, 'junit.xml'), 'utf8');
    expect({ failures: junit.includes('<failure'), notJudged: junit.match(/<skipped message="not judged: the run was stopped \(deadline\)/g)?.length }).toEqual({ failures: false, notJudged: cut.length });
  } finally {
    await proxy.close();
    await server.close();
  }
}, 90_000);

describe('the verdict of a stopped run', () => {
  // What the summary makes of a real failure found before the deadline and requests the deadline cut.
  const facts: RunFacts = {
    tool: { name: 'scim-conformance', version: 'test' },
    target: 'http://127.0.0.1/scim/v2',
    targetKind: 'url',
    profiles: ['entra'],
    seed: 1,
    seedSource: 'default',
    failOn: 'must',
    gate: 'all',
    selection: { profiles: ['entra'] },
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 1,
    requests: 2,
    leftovers: [],
    internalErrors: [],
    interrupted: true,
    interruptedBy: 'deadline',
  };
  const base = { profile: 'entra', area: 'entra', evidence: { traffic: 'client', grade: 'documented' }, durationMs: 0 } as const;
  const cut: CheckApplication = { ...base, checkId: 'entra.users.create.status-201', sequence: 'users.provision', step: 'create [Entra R-04]', status: 'blocked', cutBy: 'deadline', reason: "not judged: POST /Users -> no response (DEADLINE): not sent: the run's deadline (--deadline) has passed" };
  const failed: CheckApplication = { ...base, checkId: 'entra.test-connection.status-200', sequence: 'users.test-connection', step: 'probe [Entra R-01]', status: 'failed', expected: 'HTTP 200', received: 'HTTP 500' };
  const passed: CheckApplication = { ...failed, status: 'passed' };

  test('a gating failure found before the stop: NOT READY, and the headline says the run is incomplete', () => {
    const summary = buildSummary(facts, [failed, cut]);
    expect({ verdict: summary.verdict, entra: summary.verdicts.entra.verdict, gatingFailures: summary.verdicts.entra.gatingFailures }).toEqual({ verdict: 'failed', entra: 'not-ready', gatingFailures: 1 });
    expect(summary.verdicts.entra.headline).toBe("Entra provisioning: NOT READY (0 passed, 1 failed, 1 blocked, 0 skipped; incomplete: 1 of the blocked not judged, the run's deadline (--deadline) passed)");
  });

  test('only passes before the stop: INCOMPLETE, never READY, and no verdict (exit 2)', () => {
    const summary = buildSummary(facts, [passed, cut]);
    expect({ verdict: summary.verdict, entra: summary.verdicts.entra.verdict }).toEqual({ verdict: 'error', entra: 'incomplete' });
    expect(summary.checks.find((c) => c.id === cut.checkId)).toMatchObject({ status: 'blocked', gating: false, cutBy: 'deadline' });
  });

  test('nothing judged before the stop: INCOMPLETE, not "not run"', () => {
    expect(buildSummary(facts, [cut]).verdicts.entra.verdict).toBe('incomplete');
    expect(buildSummary(facts, []).verdicts.entra).toMatchObject({ verdict: 'incomplete', headline: "Entra provisioning: INCOMPLETE (the run's deadline (--deadline) passed)" });
  });
});
