// Is the load generator the bottleneck? (npm run bench:scale [-- users concurrency seconds])
// One reference server runs in a child process (its own event loop, on 127.0.0.1); against it, in
// this order:
//   1. a full scale run (ScaleRun, the code `scim-conformance scale` runs): its overall request rate;
//   2. autocannon on Entra's user lookup GET (R-02) at the same concurrency: the reference rate;
//   3. the same lookup with scale mode's client (undici Pool) and with the conformance client (axios),
//      for the same time: the client choice, measured.
// It prints the rates, the CPU the server and the harness used during the scale run (which of the two
// limits the rate), and the ratio of scale mode's load path (its client, pacing, retries and metrics,
// on the lookup) to autocannon on the same request: the target is at least 50%. The full run's mix
// (creates, PATCHes, deletes) costs the server more than a lookup, so its rate is printed with the
// CPU split rather than held to the ratio.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { ScimClient } from '../src/http/client';
import { formQuery } from '../src/http/encode';
import { Redactor } from '../src/http/redact';
import { fetchDiscovery } from '../src/runner/discovery';
import { LoadClient } from '../src/scale/load-client';
import { ScaleMetrics } from '../src/scale/metrics';
import { SCALE_DEFAULTS, userLookupRequest } from '../src/scale/plan';
import { ScaleRun } from '../src/scale/run';
import { loadBodies } from '../src/sequences/fixtures';

const root = path.resolve(__dirname, '..');
const users = Number(process.argv[2] ?? 2000);
const concurrency = Number(process.argv[3] ?? 16);
const seconds = Number(process.argv[4] ?? 10);
if (![users, concurrency, seconds].every((n) => Number.isInteger(n) && n > 0)) {
  process.stderr.write('usage: npm run bench:scale [-- <users> <concurrency> <seconds>]\n');
  process.exit(2);
}
const TOKEN = `bench-${Math.random().toString(36).slice(2)}`;

function startServer(): Promise<{ child: ChildProcess; baseUrl: string }> {
  const child = spawn(process.execPath, ['-r', path.join(root, 'bin', 'register-ts.js'), path.join(root, 'src', 'server', 'main.ts'), '--port', '0', '--token', TOKEN], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let text = '';
    child.stdout!.on('data', (c: Buffer) => {
      text += c.toString();
      const m = /listening at (http:\/\/127\.0\.0\.1:\d+\S*)/.exec(text);
      if (m) resolve({ child, baseUrl: m[1] });
    });
    child.once('exit', (code) => reject(new Error(`the reference server exited (${code}) before listening`)));
  });
}

/** CPU time (user + system) a process has used so far, from /proc (Linux). */
function serverCpuMs(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  // utime and stime are fields 14 and 15 of stat; after "pid (comm) " they are at 11 and 12.
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // clock ticks, 100 per second on Linux
}

/** Requests per second of `send` kept `concurrency` deep for `seconds`. */
async function closedLoop(send: () => Promise<unknown>): Promise<number> {
  const until = performance.now() + seconds * 1000;
  let done = 0;
  const worker = async () => {
    while (performance.now() < until) {
      await send();
      done++;
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return done / ((performance.now() - t0) / 1000);
}

async function main(): Promise<void> {
  const { child, baseUrl } = await startServer();
  try {
    const redactor = new Redactor([TOKEN]);
    const conformanceClient = new ScimClient({ baseUrl, token: TOKEN, timeoutMs: 30_000, redactor });
    const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scimc-bench-scale-'));
    const options = { ...SCALE_DEFAULTS, users, groups: Math.max(1, Math.round(users / 50)), membersPerGroup: Math.min(users, 50), runId: 'bench0001', seed: 1 };
    process.stdout.write(`reference server (child process) at ${baseUrl}; ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);

    const cpu0 = { server: serverCpuMs(child.pid!), harness: process.cpuUsage() };
    const t0 = performance.now();
    const run = new ScaleRun({ plan: options, bodies: loadBodies('entra'), baseUrl, token: TOKEN, timeoutMs: 30_000, concurrency, thresholds: [], runDir, discovery: await fetchDiscovery(conformanceClient) });
    const result = await run.run();
    const wallMs = performance.now() - t0;
    const serverShare = (serverCpuMs(child.pid!) - cpu0.server) / wallMs;
    const harnessUse = process.cpuUsage(cpu0.harness);
    const harnessShare = (harnessUse.user + harnessUse.system) / 1000 / wallMs;
    fs.rmSync(runDir, { recursive: true, force: true });
    if (result.verdict !== 'passed' || result.cleanup.leftovers.length > 0) throw new Error(`the scale run did not pass: ${result.reasons.join('; ')}`);
    const scaleRps = result.overall.rps;
    process.stdout.write(`phases: ${result.phases.map((p) => `${p.name} ${p.requests} in ${(p.durationMs / 1000).toFixed(2)} s`).join(", ")}\n`);
    process.stdout.write(`scale mode: ${users} users, ${options.groups} groups x ${options.membersPerGroup}, concurrency ${concurrency}: ${result.sent} requests in ${(result.durationMs / 1000).toFixed(1)} s, ${scaleRps.toFixed(0)} req/s overall (Entra's requests alone: ${result.replayed.count} at ${result.replayed.rps.toFixed(0)} req/s over their phases, the figure rps>=25 judges), ${result.usersPerSecond} users/s, p95 ${result.overall.latencyMs.p95} ms; CPU during the run: server ${(serverShare * 100).toFixed(0)}% of a core, harness ${(harnessShare * 100).toFixed(0)}%\n`);

    // Entra's lookup for a user that is not there (what most of an initial cycle's GETs are).
    const lookup = userLookupRequest({ runId: 'bench0002' }, 1);
    const lookupPath = `${new URL(baseUrl).pathname}${lookup.path}?${formQuery(lookup.query!)}`;
    const ac = await autocannon({ url: `${new URL(baseUrl).origin}${lookupPath}`, connections: concurrency, duration: seconds, headers: { authorization: `Bearer ${TOKEN}` } });
    if (ac.non2xx > 0 || ac.errors > 0) throw new Error(`autocannon saw ${ac.non2xx} non-2xx answers and ${ac.errors} errors`);
    const acRps = ac.requests.total / (ac.duration || seconds);
    process.stdout.write(`autocannon: GET ${lookup.path} (user lookup, R-02), ${concurrency} connections, ${seconds} s: ${acRps.toFixed(0)} req/s, p97.5 ${ac.latency.p97_5} ms\n`);

    const metrics = new ScaleMetrics();
    const undiciClient = new LoadClient({ baseUrl, token: TOKEN, timeoutMs: 30_000, connections: concurrency, metrics, stopped: () => false });
    const undiciRps = await closedLoop(() => undiciClient.send(lookup, (s) => s === 200));
    await undiciClient.close();
    const conformanceRps = await closedLoop(() => conformanceClient.send({ method: 'GET', path: lookup.path, query: lookup.query!, label: 'bench' }));
    process.stdout.write(`same lookup, ${concurrency} deep, ${seconds} s: scale client (undici) ${undiciRps.toFixed(0)} req/s; conformance client (axios) ${conformanceRps.toFixed(0)} req/s\n`);

    const ratio = undiciRps / acRps;
    process.stdout.write(`ratio scale mode's load path / autocannon on the lookup: ${(ratio * 100).toFixed(0)}% (target >= 50%); full scale mix / autocannon lookup: ${((scaleRps / acRps) * 100).toFixed(0)}% (creates, PATCHes and deletes cost the server more than a lookup)\n`);
    process.exitCode = ratio >= 0.5 ? 0 : 1;
  } finally {
    child.kill('SIGTERM');
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:scale failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 2;
});
