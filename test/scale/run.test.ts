// Scale mode end to end against the reference server (small sizes): the clean server passes with the
// request mix the plan promises and zero residue; a server that loses memberships under concurrent
// PATCHes fails; 429 with Retry-After is waited out and counted; thresholds and bad input set the exit
// code; a stopped run still leaves nothing behind. The token never appears in any output.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { scaleMain } from '../../src/scale/cli';
import { ScaleRun } from '../../src/scale/run';
import { HARNESS_KINDS, SCALE_DEFAULTS, plannedCounts } from '../../src/scale/plan';
import { ScimClient } from '../../src/http/client';
import { Redactor } from '../../src/http/redact';
import { fetchDiscovery } from '../../src/runner/discovery';
import { loadBodies } from '../../src/sequences/fixtures';
import { expectNoToken, residue, scale, TOKEN, withServer } from './scale-cli';

describe('scale mode', () => {
  test('the clean server passes: the planned request mix, every read-back passes, zero residue', async () => {
    await withServer([], async (server) => {
      const ran = await scale(server, ['--users', '40', '--groups', '4', '--members-per-group', '15', '--concurrency', '6', '--sample', '20']);
      expect({ code: ran.code, reasons: ran.summary.reasons }).toEqual({ code: 0, reasons: [] });
      const sent = Object.fromEntries(ran.summary.kinds.map((k) => [k.kind, k.count]));
      const planned = Object.fromEntries(Object.entries(ran.summary.planned).filter(([, n]) => n > 0));
      expect(sent).toEqual(planned);
      for (const c of ran.summary.correctness) expect({ id: c.id, failed: c.counts.failed, blocked: c.counts.blocked, passed: c.counts.passed > 0 }).toEqual({ id: c.id, failed: 0, blocked: 0, passed: true });
      expect(ran.summary.cleanup.leftovers).toEqual([]);
      expect(residue(server, ran.summary.runId)).toEqual([]);
      expect(fs.readFileSync(path.join(ran.dir, 'scale-junit.xml'), 'utf8')).toMatch(/<testcase classname="scale.thresholds" name="threshold rps&gt;=25"/);
      expect(fs.readFileSync(path.join(ran.dir, 'scale-report.html'), 'utf8')).toMatch(/uPlot/);
      expectNoToken(ran);
    });
  });

  test("rps (and every threshold without a kind) counts Entra's requests only, over their phases: not the read-backs or the clean-up", async () => {
    await withServer([], async (server) => {
      const ran = await scale(server, ['--users', '30', '--groups', '3', '--members-per-group', '10', '--threshold', 'rps>=1']);
      expect(ran.code).toBe(0);
      const s = ran.summary;
      const entra = s.kinds.filter((k) => !HARNESS_KINDS.has(k.kind));
      expect(s.replayed.count).toBe(entra.reduce((a, k) => a + k.count, 0));
      // The identity reads, read-backs and clean-up deletes are more than a third of what was sent.
      expect(s.overall.count - s.replayed.count).toBeGreaterThan(s.overall.count / 3);
      const spans = Object.fromEntries(s.phases.map((p) => [p.name, p.durationMs]));
      expect(s.replayedSpanMs).toBe(s.phases.reduce((a, p) => a + p.durationMs, 0) - spans['verify']! - spans['cleanup']!);
      const rps = s.thresholds.find((t) => t.text === 'rps>=1')!;
      expect(rps.observed).toBe(s.replayed.rps);
      expect(Math.abs(rps.observed - (s.replayed.count / s.replayedSpanMs) * 1000)).toBeLessThan(0.1 + rps.observed * 0.01);
      expect(s.thresholds.find((t) => t.text === 'errors<0.1%')!.observed).toBe(0);
    });
  });

  test('a --threshold keeps the default errors<0.1%: a run whose every disable is refused with 400 fails', async () => {
    await withServer(['active-string-rejected'], async (server) => {
      const ran = await scale(server, ['--users', '20', '--threshold', 'p95<10s']);
      expect({ code: ran.code, reasons: ran.summary.reasons }).toEqual({ code: 1, reasons: [expect.stringMatching(/^threshold crossed: errors<0\.1% \(observed [\d.]+%\)$/)] });
      expect(ran.summary.thresholds.map((t) => [t.text, t.passed, t.source === undefined ? 'given' : 'default'])).toEqual([
        ['p95<10s', true, 'given'],
        ['errors<0.1%', false, 'default'],
        ['max<60s', true, 'default'],
        ['rps>=25', true, 'default'],
      ]);
      expect(ran.output).toMatch(/thresholds: p95<10s \(--threshold\), errors<0\.1% \(default\), max<60s \(default\), rps>=25 \(default\)/);
      const disable = ran.summary.kinds.find((k) => k.kind === 'user.disable')!;
      expect({ errors: disable.errors, statuses: disable.statuses }).toEqual({ errors: disable.count, statuses: { '400': disable.count } });
      // The failing kind leads the console's table and the HTML report's.
      const table = ran.output.split('\n');
      expect(table[table.findIndex((l) => l.startsWith('kind ')) + 1]).toMatch(/^user\.disable /);
      const html = fs.readFileSync(path.join(ran.dir, 'scale-report.html'), 'utf8');
      expect([...html.matchAll(/<tr class="[a-z]*" data-kind="([a-z.-]+)">/g)].map((m) => m[1])[0]).toBe('user.disable');
      expect(residue(server, ran.summary.runId)).toEqual([]);
    });
  });

  test('the aadOptscim062020 profile sends its own shapes and passes', async () => {
    await withServer([], async (server) => {
      const ran = await scale(server, ['--users', '20', '--groups', '2', '--members-per-group', '10', '--profile', 'entra-flag']);
      expect({ code: ran.code, profile: ran.summary.profile, reasons: ran.summary.reasons }).toEqual({ code: 0, profile: 'entra-flag', reasons: [] });
      expect(residue(server, ran.summary.runId)).toEqual([]);
    });
  });

  test('memberships lost under concurrent PATCHes fail the run (exit 1), and it still cleans up', async () => {
    await withServer(['group-members-lost-concurrent'], async (server) => {
      const ran = await scale(server, ['--users', '40', '--groups', '4', '--members-per-group', '20', '--concurrency', '8']);
      expect(ran.code).toBe(1);
      const added = ran.summary.correctness.find((c) => c.id === 'entra.groups.members.added')!;
      expect(added.counts.failed).toBeGreaterThan(0);
      expect(ran.output).toMatch(/correctness under load: entra.groups.members.added failed/);
      expect(fs.readFileSync(path.join(ran.dir, 'scale-junit.xml'), 'utf8')).toMatch(/name="correctness entra.groups.members.added" time="0"><failure/);
      expect(residue(server, ran.summary.runId)).toEqual([]);
      expectNoToken(ran);
    });
  });

  test('failed requests count as errors against the default threshold, with samples to reproduce them', async () => {
    await withServer(['filter-no-match-404'], async (server) => {
      const ran = await scale(server, ['--users', '10']);
      expect(ran.code).toBe(1);
      expect(ran.summary.reasons).toEqual([expect.stringMatching(/^threshold crossed: errors<0\.1% \(observed [\d.]+%\)$/)]);
      const lookup = ran.summary.kinds.find((k) => k.kind === 'user.lookup')!;
      expect({ errors: lookup.errors, statuses: lookup.statuses }).toEqual({ errors: 10, statuses: { '404': 10 } });
      expect(ran.summary.errorSamples['user.lookup']).toHaveLength(3);
      expect(ran.summary.errorSamples['user.lookup']![0].curl).toContain('Bearer $SCIM_TOKEN');
      expect(residue(server, ran.summary.runId)).toEqual([]);
      expectNoToken(ran);
    });
  });

  test('429 with Retry-After is waited out, counted, and not an error', async () => {
    await withServer([], async (server) => {
      // Every 7th request is refused once with 429 Retry-After: 1 by a proxy in front of the server.
      const target = new URL(server.baseUrl);
      let n = 0;
      const proxy = http.createServer((req, res) => {
        if (++n % 7 === 0) {
          res.writeHead(429, { 'Retry-After': '1', 'Content-Type': 'application/scim+json' });
          res.end(JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '429', detail: 'slow down' }));
          req.resume();
          return;
        }
        const up = http.request({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers }, (r) => {
          res.writeHead(r.statusCode ?? 502, r.headers);
          r.pipe(res);
        });
        req.pipe(up);
      });
      await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
      try {
        const base = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}${target.pathname}`;
        const ran = await scale({ baseUrl: base }, ['--users', '10', '--groups', '1', '--members-per-group', '5', '--concurrency', '4', '--threshold', 'errors<0.1%', '--threshold', 'rps>=1']); // each 429 waits 1 s: no 25 rps here
        expect({ code: ran.code, reasons: ran.summary.reasons }).toEqual({ code: 0, reasons: [] });
        expect(ran.summary.overall.throttled).toBeGreaterThan(0);
        expect(ran.summary.overall.retries).toBe(ran.summary.overall.throttled);
        expect(ran.summary.overall.retryWaitMs).toBe(1000 * ran.summary.overall.retries);
        expect(residue(server, ran.summary.runId)).toEqual([]);
      } finally {
        proxy.closeAllConnections();
        await new Promise((r) => proxy.close(r));
      }
    });
  });

  test('a crossed threshold exits 1; bad input exits 2 with a clear message', async () => {
    await withServer([], async (server) => {
      const crossed = await scale(server, ['--users', '10', '--threshold', 'user.create:p95<0.001ms', '--threshold', 'errors<1%']);
      expect(crossed.code).toBe(1);
      expect(crossed.summary.thresholds.map((t) => [t.text, t.passed, t.replaces])).toEqual([
        ['user.create:p95<0.001ms', false, undefined],
        ['errors<1%', true, 'errors<0.1%'],
        ['max<60s', true, undefined],
        ['rps>=25', true, undefined],
      ]);
      expect(crossed.output).toMatch(/✗ user.create:p95<0.001ms \(observed/);
      expect(residue(server, crossed.summary.runId)).toEqual([]);
      for (const [args, message] of [
        [['--users', '10', '--threshold', 'p95 < fast'], /--threshold "p95 < fast" is not understood/],
        [['--groups', '3'], /scale needs --users N/],
        [['--users', '5', '--members-per-group', '6'], /cannot exceed the number of users/],
        [['--users', '5', '--profile', 'entra,entra-flag'], /one request-shape profile/],
        [['--users', 'many'], /--users must be a whole number/],
      ] as const) {
        const bad = await scale(server, [...args]);
        expect({ code: bad.code, message: message.test(bad.output) }).toEqual({ code: 2, message: true });
      }
    });
  });

  test('--duration stops the load, cleans up, and gives no verdict (exit 2)', async () => {
    await withServer([], async (server) => {
      const ran = await scale(server, ['--users', '20000', '--duration', '1s', '--concurrency', '8']);
      expect({ code: ran.code, stoppedBy: ran.summary.stoppedBy }).toEqual({ code: 2, stoppedBy: 'duration' });
      expect(ran.summary.sent).toBeLessThan(ran.summary.plannedTotal);
      expect(ran.output).toMatch(/stopped \(--duration 1000 ms passed\) after \d+ of \d+ planned requests/);
      expect(ran.summary.cleanup.leftovers).toEqual([]);
      expect(residue(server, ran.summary.runId)).toEqual([]);
    });
  });

  test('a run stopped midway deletes what it created (journal, then the prefix sweep) and gives no verdict', async () => {
    await withServer([], async (server) => {
      const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scale-stop-'));
      const client = new ScimClient({ baseUrl: server.baseUrl, token: TOKEN, timeoutMs: 5000, redactor: new Redactor([TOKEN]) });
      const options = { ...SCALE_DEFAULTS, users: 3000, groups: 10, membersPerGroup: 10, runId: 'st0p1234', seed: 1 };
      const run = new ScaleRun({ plan: options, bodies: loadBodies('entra'), baseUrl: server.baseUrl, token: TOKEN, timeoutMs: 5000, concurrency: 8, thresholds: [], runDir, discovery: await fetchDiscovery(client) });
      const timer = setTimeout(() => run.interrupt(), 300);
      const result = await run.run();
      clearTimeout(timer);
      expect(result.stoppedBy).toBe('interrupt');
      expect(result.sent).toBeLessThan(Object.values(plannedCounts(options)).reduce((a, b) => a + b, 0));
      expect({ verdict: result.verdict, reasons: result.reasons }).toEqual({ verdict: 'error', reasons: [expect.stringMatching(/stopped \(interrupted\) after \d+ of \d+ planned requests/)] });
      expect(result.cleanup.leftovers).toEqual([]);
      expect(residue(server, 'st0p1234')).toEqual([]);
    });
  });
});

describe('scale --export-artillery', () => {
  test('writes the scenario without sending a request, and needs --url', async () => {
    let hits = 0;
    const silent = http.createServer((_req, res) => (hits++, res.end()));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const baseUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/scim/v2`;
    try {
      const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'scale-export-'));
      const lines: string[] = [];
      const io = { out: (l: string) => lines.push(l), err: (l: string) => lines.push(l), isTTY: false };
      const code = await scaleMain(['--url', baseUrl, '--users', '6', '--groups', '1', '--members-per-group', '2', '--threshold', 'user.create:p95<800ms', '--export-artillery', 'art'], { SCIM_TOKEN: TOKEN }, cwd, io);
      expect({ code, hits }).toEqual({ code: 0, hits: 0 });
      const files = fs.readdirSync(path.join(cwd, 'art')).sort();
      expect(files).toEqual(['README.md', 'processor.js', 'scenario.json', 'scim-scale.json']);
      // The given threshold and the defaults travel as ensure conditions: artillery run fails on them.
      const script = JSON.parse(fs.readFileSync(path.join(cwd, 'art', 'scim-scale.json'), 'utf8')) as { config: { ensure: { conditions: Array<{ expression: string }> } } };
      expect(script.config.ensure.conditions.map((c) => c.expression).slice(0, 4)).toEqual([
        'scimc.latency.user.create.p95 < 800',
        'scimc.replayed.errors / scimc.replayed.sent < 0.001',
        'scimc.replayed.latency.max < 60000',
        'scimc.replayed.sent / (scimc.span_ms.max / 1000) >= 25',
      ]);
      expect(lines.join('\n')).toMatch(/exits 1 unless these hold \(as ensure conditions\): user\.create:p95<800ms \(--threshold\), errors<0\.1% \(default\)/);
      for (const f of files) expect(fs.readFileSync(path.join(cwd, 'art', f), 'utf8')).not.toContain(TOKEN);
      expect(lines.join('\n')).not.toContain(TOKEN);

      const refused = await scaleMain(['--users', '6', '--export-artillery', 'art2'], { SCIM_TOKEN: TOKEN }, cwd, io);
      expect(refused).toBe(2);
      expect(lines.join('\n')).toMatch(/--export-artillery needs --url/);
    } finally {
      silent.close();
    }
  });
});
