// The harness is safe to point at anything: against each misbehaving-proxy mode (in front of the
// reference server) a CLI run ends in bounded time and memory with a truthful exit code and a
// written report, leaks no token, leaves the server's pre-existing data alone, and lets no escape
// sequence or CI workflow command from the endpoint reach the console.
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { ScimClient } from '../../src/http/client';
import { Redactor } from '../../src/http/redact';
import { SEED_GROUP_NAME, SEED_USER_NAME, startReferenceServer } from '../../src/server';
import { readTree, runCli, type CliRun } from './cli';
import { startHostileProxy, type Mode } from './hostile-proxy';

const TOKEN = 'hostile-proxy-token-5f2a9c81';
const GREP = 'Test Connection|Provision a user';

/** Peak resident memory of a child (kB), read from /proc while it runs. */
function watchPeakRss(child: ChildProcess): () => number {
  let peak = 0;
  const read = () => {
    try {
      const m = /VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (m) peak = Math.max(peak, Number(m[1]));
    } catch {
      // the child has exited
    }
  };
  const timer = setInterval(read, 100);
  child.on('exit', () => clearInterval(timer));
  return () => peak;
}

function seedData(snapshot: { users: unknown[]; groups: unknown[] }): unknown[] {
  return [
    snapshot.users.find((u) => (u as { userName?: string }).userName === SEED_USER_NAME),
    snapshot.groups.find((g) => (g as { displayName?: string }).displayName === SEED_GROUP_NAME),
  ];
}

function expectSafeConsole(run: CliRun): void {
  const text = run.stdout + run.stderr;
  expect(text).not.toContain('\u001b');
  for (const line of text.split(/\r?\n/)) expect(line.trimStart()).not.toMatch(/^(::|##\[|##vso\[)/i);
  if (run.code !== 0) expect(run.stdout).not.toMatch(/^Verdict: PASSED/m);
}

function expectNoToken(run: CliRun): void {
  expect(run.stdout + run.stderr).not.toContain(TOKEN);
  for (const f of readTree(run.reportDir)) expect({ file: f.file, leaked: f.text.includes(TOKEN) }).toEqual({ file: f.file, leaked: false });
}

interface Case {
  mode: Mode;
  args: string[];
  code: number;
  maxSeconds: number;
  /** What the summary must show for this mode. */
  then?: (run: CliRun) => void;
}

const CASES: Case[] = [
  // The deadline must fall inside the second wave of timeouts: with 16 requests in flight, a short
  // timeout lets every sequence time out (the endpoint's failure, exit 1) before any deadline passes.
  { mode: 'hang', args: ['--timeout', '4000', '--deadline', '6s'], code: 2, maxSeconds: 30, then: (r) => expect(r.summary!.interruptedBy).toBe('deadline') },
  { mode: 'trickle', args: ['--timeout', '1000'], code: 1, maxSeconds: 60, then: (r) => expect(JSON.stringify(r.summary!.checks)).toMatch(/TIMEOUT no complete response within 1000 ms/) },
  { mode: 'endless', args: [], code: 1, maxSeconds: 40, then: (r) => expect(JSON.stringify(r.summary!.checks)).toMatch(/TOO_LARGE/) },
  { mode: 'huge', args: [], code: 1, maxSeconds: 40, then: (r) => expect(JSON.stringify(r.summary!.checks)).toMatch(/larger than 4194304 bytes/) },
  { mode: 'nested', args: [], code: 1, maxSeconds: 40, then: (r) => expect(JSON.stringify(r.summary!.checks)).toMatch(/nested deeper than 64 levels/) },
  // Hostile but consistent ids: a correct endpoint, so a pass is the truthful verdict.
  { mode: 'ids', args: [], code: 0, maxSeconds: 40 },
  { mode: 'inject', args: [], code: 1, maxSeconds: 40 },
  { mode: 'throttle', args: [], code: 0, maxSeconds: 60, then: (r) => expect(r.summary!.retries!.count).toBeGreaterThan(0) },
  { mode: 'slow', args: ['--grep', 'Test Connection', '--timeout', '10000'], code: 0, maxSeconds: 60 },
];

describe('hostile endpoints', () => {
  test.concurrent.each(CASES)('$mode: exit $code within $maxSeconds s, bounded memory, report, no token, foreign data untouched, clean console', async ({ mode, args, code, maxSeconds, then }) => {
    const server = await startReferenceServer({ token: TOKEN });
    const proxy = await startHostileProxy(mode, server.baseUrl);
    const before = seedData(server.snapshot());
    let peak = () => 0;
    const started = Date.now();
    try {
      const run = await runCli(['--url', proxy.baseUrl, '--token', TOKEN, ...(args.includes('--grep') ? [] : ['--grep', GREP]), ...args], { onSpawn: (child) => (peak = watchPeakRss(child)) });
      const seconds = (Date.now() - started) / 1000;
      expect({ code: run.code, stderr: run.code === code ? '' : run.stderr.slice(-2000) }).toEqual({ code, stderr: '' });
      expect(seconds).toBeLessThan(maxSeconds);
      expect(peak()).toBeLessThan(700 * 1024);
      expect(run.summary).toBeDefined();
      expectNoToken(run);
      expectSafeConsole(run);
      expect(isDeepStrictEqual(seedData(server.snapshot()), before)).toBe(true);
      expect(fs.existsSync(`/tmp/scimc-pwned-${proxy.port}`)).toBe(false);
      then?.(run);
    } finally {
      proxy.close();
      await server.close();
    }
  }, 120_000);

  test('Ctrl-C: in-flight creates are swept, a partial report marked interrupted, exit 130', async () => {
    const server = await startReferenceServer({ token: TOKEN });
    const proxy = await startHostileProxy('slow', server.baseUrl);
    const before = server.snapshot();
    try {
      let child: ChildProcess | undefined;
      const pending = runCli(['--url', proxy.baseUrl, '--token', TOKEN, '--grep', GREP, '--timeout', '10000'], { onSpawn: (c) => (child = c) });
      // Two seconds per answer: after 9 s the run is inside the first sequences, creates in flight.
      setTimeout(() => child?.kill('SIGINT'), 9000);
      const run = await pending;
      expect(run.code).toBe(130);
      expect(run.summary!.interrupted).toBe(true);
      expect(run.summary!.verdict).toBe('error');
      expect(run.stdout).toMatch(/NO VERDICT \(interrupted/);
      expect(server.snapshot()).toEqual(before); // everything the run created was deleted
      expectNoToken(run);
    } finally {
      proxy.close();
      await server.close();
    }
  }, 120_000);

  test('sweep deletes by exact run prefix only', async () => {
    const server = await startReferenceServer({ token: TOKEN });
    const client = new ScimClient({ baseUrl: server.baseUrl, token: TOKEN, timeoutMs: 5000, redactor: new Redactor([TOKEN]) });
    const user = (userName: string) => client.send({ method: 'POST', path: '/Users', body: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName }, label: 'create' });
    try {
      await user('scimc-ab12cd-e1-a@example.test');
      await user('scimc-ab12cd-p1-b@example.test');
      await user('scimc-ab12cdX-c@example.test'); // a longer run id: not this run's
      await user('SCIMC-AB12CD-d@example.test'); // another case: not this run's exact prefix
      await client.send({ method: 'POST', path: '/Groups', body: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'scimc-ab12cd-g' }, label: 'create' });
      const run = await runCli(['sweep', '--url', server.baseUrl, '--token', TOKEN, '--run-id', 'ab12cd']);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/3 deleted, 0 left/);
      const names = server.snapshot().users.map((u) => (u as { userName: string }).userName).sort();
      expect(names).toEqual(['SCIMC-AB12CD-d@example.test', 'scimc-ab12cdX-c@example.test', SEED_USER_NAME].sort());
      expect(server.snapshot().groups.map((g) => (g as { displayName: string }).displayName)).toEqual([SEED_GROUP_NAME]);
      expect((await runCli(['sweep', '--url', server.baseUrl, '--token', TOKEN, '--run-id', 'x'])).code).toBe(2);
    } finally {
      await server.close();
    }
  }, 60_000);
});
