// Benchmarks of a full default CLI run (not timed tests; traffic stays on 127.0.0.1).
//   npm run bench [-- <runs>]                    embedded reference server: median wall time of <runs> (default 5),
//                                                and where the time of the median run went
//   npm run bench -- --latency 50 [<runs>]       the reference server behind a loopback proxy adding 50 ms to every
//                                                request: wall time, the critical path (the floor no run can beat),
//                                                the ratio, and the harness's CPU per request next to bare clients (axios, node:http)
// Extra CLI flags go after "--": npm run bench -- --latency 50 -- --concurrency 16
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Summary } from '../src/report/summary';
import { startReferenceServer } from '../src/server';
import { startDelayProxy, type DelayProxy } from './delay-proxy';

const root = path.resolve(__dirname, '..');
const cli = path.join(root, 'bin', 'scim-conformance.js');

interface Args {
  runs: number;
  latencyMs?: number;
  cliArgs: string[];
}

function parseArgs(argv: string[]): Args {
  const split = argv.indexOf('--');
  const own = split >= 0 ? argv.slice(0, split) : argv;
  const cliArgs = split >= 0 ? argv.slice(split + 1) : [];
  let runs: number | undefined;
  let latencyMs: number | undefined;
  for (let i = 0; i < own.length; i++) {
    if (own[i] === '--latency') latencyMs = Number(own[++i]);
    else runs = Number(own[i]);
  }
  const ok = (runs === undefined || (Number.isInteger(runs) && runs >= 1 && runs <= 50)) && (latencyMs === undefined || (Number.isFinite(latencyMs) && latencyMs >= 0 && latencyMs <= 1000));
  if (!ok) {
    process.stderr.write('usage: npm run bench [-- [--latency MS] [runs 1-50] [-- CLI flags]]\n');
    process.exit(2);
  }
  return { runs: runs ?? (latencyMs === undefined ? 5 : 3), ...(latencyMs !== undefined ? { latencyMs } : {}), cliArgs };
}

interface RunResult {
  wallMs: number;
  spawnedAt: number;
  summary: Summary;
}

/** One CLI run in a child process; its own CPU is reported in summary.timing. */
function runCli(args: string[], env: NodeJS.ProcessEnv, reportDir: string): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const spawnedAt = Date.now();
    const t0 = performance.now();
    const child = spawn(process.execPath, [cli, '--report-dir', reportDir, ...args], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - t0;
      if (code !== 0) return reject(new Error(`the run exited ${code}:\n${output.slice(-3000)}`));
      resolve({ wallMs, spawnedAt, summary: JSON.parse(fs.readFileSync(path.join(reportDir, 'summary.json'), 'utf8')) as Summary });
    });
  });
}

/** Check applications recorded (one jest test each, skipped ones included). */
const applications = (summary: Summary): number => summary.checks.reduce((a, c) => a + c.applications, 0);

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const median = <T>(xs: T[], key: (x: T) => number): T => [...xs].sort((a, b) => key(a) - key(b))[Math.floor(xs.length / 2)]!;

function breakdown(r: RunResult): string[] {
  const t = r.summary.timing!;
  const toExecute = Date.parse(r.summary.startedAt) - r.spawnedAt;
  const files = (t.files ?? []).reduce((a, f) => a + f.ms, 0);
  const afterSummary = r.wallMs - toExecute - t.wallMs;
  return [
    `  node start-up and loading the CLI (swc transform of src/)   ${s(toExecute)}`,
    `  start-up: server, reachability, discovery                   ${s(t.phases.startupMs)}`,
    `  jest itself (config, file map, environment)                 ${s(t.phases.suitesMs - files)}`,
    `  suite file(s): loading the specs (transform) and the tests  ${s(files)}  [${(t.files ?? []).map((f) => `${f.file} ${s(f.ms)}`).join(', ')}]`,
    `  clean-up after the suites                                   ${s(t.phases.cleanupMs)}`,
    `  reports and exit                                            ${s(afterSummary)}`,
    `  during the suites: ${s(t.endpointMs)} with a request in flight, ${s(t.harnessMs)} harness alone; CPU ${s(t.suitesCpuMs)} for ${t.attempts} requests ` +
      `(${(t.suitesCpuMs / t.attempts).toFixed(2)} ms each) and ${applications(r.summary)} check applications (${(t.suitesCpuMs / applications(r.summary)).toFixed(2)} ms each)`,
  ];
}

function load(): string {
  return `load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} on ${os.cpus().length} cores`;
}

async function embedded(args: Args): Promise<void> {
  const reportDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scimc-bench-'));
  const results: RunResult[] = [];
  try {
    for (let i = 0; i < args.runs; i++) {
      const r = await runCli(args.cliArgs, process.env, reportDir);
      results.push(r);
      process.stdout.write(`run ${i + 1}: ${s(r.wallMs)} (${load()})\n`);
    }
  } finally {
    fs.rmSync(reportDir, { recursive: true, force: true });
  }
  const m = median(results, (r) => r.wallMs);
  const walls = results.map((r) => r.wallMs).sort((a, b) => a - b);
  process.stdout.write(
    `full run, embedded server (${m.summary.checks.length} check results, ${m.summary.requests} requests, --concurrency ${m.summary.timing!.concurrency}): ` +
      `median ${s(m.wallMs)}, min ${s(walls[0]!)}, max ${s(walls[walls.length - 1]!)} over ${args.runs} runs (target: median <= 4 s)\n` +
      `where the median run's time went:\n${breakdown(m).join('\n')}\n` +
      `  (the embedded server runs in the CLI's process: its CPU is in the figure above)\n`,
  );
}

async function withLatency(args: Args, latencyMs: number): Promise<void> {
  const token = `bench-${Math.random().toString(36).slice(2)}-token`;
  const reportDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scimc-bench-'));
  const results: Array<RunResult & { proxy: ReturnType<DelayProxy['stats']> }> = [];
  let captured: string | undefined;
  try {
    for (let i = 0; i < args.runs; i++) {
      // A fresh server each run, in this process: the CLI's CPU figure is then the harness alone.
      const server = await startReferenceServer({ token });
      const proxy = await startDelayProxy(server.baseUrl, latencyMs, { capture: i === 0 });
      try {
        const r = await runCli(['--url', proxy.baseUrl, ...args.cliArgs], { ...process.env, SCIM_TOKEN: token }, reportDir);
        const stats = proxy.stats();
        results.push({ ...r, proxy: { ...stats, arrivals: [], captured: [] } });
        if (i === 0) {
          captured = path.join(reportDir, 'captured.json');
          fs.writeFileSync(captured, JSON.stringify(stats.captured));
        }
        process.stdout.write(`run ${i + 1}: ${s(r.wallMs)}; the endpoint saw ${stats.requests} requests, at most ${stats.maxInFlight} in flight, ${stats.maxPerSecond} in one second (${load()})\n`);
      } finally {
        await proxy.close();
        await server.close();
      }
    }
    const m = median(results, (r) => r.wallMs);
    const t = m.summary.timing!;
    const floorMs = t.criticalPath.requests * latencyMs;
    process.stdout.write(
      `full run through a ${latencyMs} ms delay proxy (${m.summary.requests} requests, --concurrency ${t.concurrency}): median ${s(m.wallMs)} over ${args.runs} runs (target <= 8 s at 50 ms)\n` +
        `critical path: ${t.criticalPath.requests} requests that wait for each other (CLI ${t.criticalPath.cliRequests}; longest chain ${t.criticalPath.longestChain.chain}: ${t.criticalPath.longestChain.requests}) x ${latencyMs} ms = ${s(floorMs)}; ` +
        `throughput floor ${t.attempts} x ${latencyMs} ms / ${t.concurrency} = ${s((t.attempts * latencyMs) / t.concurrency)}; wall / critical path = ${(m.wallMs / Math.max(1, floorMs)).toFixed(2)}\n` +
        `where the median run's time went:\n${breakdown(m).join('\n')}\n`,
    );
    // The same requests (captured at the proxy in run 1) from two bare clients, same proxy, same
    // concurrency, a fresh server each time; the median of three runs of each.
    const bare = async (client: 'http' | 'axios') => {
      const runs: Array<{ requests: number; cpuMs: number }> = [];
      for (let i = 0; i < 3; i++) {
        const server = await startReferenceServer({ token });
        const proxy = await startDelayProxy(server.baseUrl, latencyMs);
        try {
          runs.push(await runBareClient(proxy.baseUrl.replace(/(\/\/[^/]+).*$/, '$1'), captured!, t.concurrency, client));
        } finally {
          await proxy.close();
          await server.close();
        }
      }
      const r = median(runs, (x) => x.cpuMs / x.requests);
      return { requests: r.requests, perRequest: r.cpuMs / r.requests };
    };
    const [viaHttp, viaAxios] = [await bare('http'), await bare('axios')];
    // CPU figures: the median over the runs of each (the median run by wall time is one run's noise).
    const mid = (f: (t: NonNullable<Summary['timing']>) => number) => f(median(results, (r) => f(r.summary.timing!)).summary.timing!);
    const traffic = t.traffic!;
    const harness = mid((u) => u.traffic!.cpuMs / u.traffic!.requests);
    const whole = mid((u) => u.suitesCpuMs / u.attempts);
    const processWide = mid((u) => u.processCpuMs! / u.attempts);
    const apps = applications(m.summary);
    const x = (a: number, b: number) => `${(a / b).toFixed(1)}x`;
    process.stdout.write(
      `harness cost per request (median of ${results.length} runs): ${harness.toFixed(2)} ms CPU = the CLI process's CPU (user + system, all its threads) from the start of the suites' first request to their last answer, ` +
        `divided by the ${traffic.requests} requests sent meanwhile: sending and receiving through axios, checking (${apps} check applications), recording, the jest tests and the property cases; ` +
        `measured over the same span as the bare clients' figures (first request to last answer; the server runs in this bench's process)\n` +
        `  vs ${viaAxios.perRequest.toFixed(2)} ms for bare axios (the stack's HTTP client: keep-alive, same ${viaAxios.requests} requests, proxy and concurrency, nothing checked or recorded) = ${x(harness, viaAxios.perRequest)} (target <= 3x)\n` +
        `  vs ${viaHttp.perRequest.toFixed(2)} ms for bare node:http (the same, without axios) = ${x(harness, viaHttp.perRequest)}; axios alone is ${x(viaAxios.perRequest, viaHttp.perRequest)} of node:http\n` +
        `  the whole suites phase (jest's start-up, loading and registering the suites, then the traffic): ${whole.toFixed(2)} ms per request ` +
        `(${x(whole, viaAxios.perRequest)} bare axios, ${x(whole, viaHttp.perRequest)} bare node:http); in the median run ${s(t.suitesCpuMs - traffic.cpuMs)} of it before the first request or after the last answer\n` +
        `  the whole process until its summary (node's start-up, loading the CLI, discovery, the suites, clean-up): ${processWide.toFixed(2)} ms per request ` +
        `(${x(processWide, viaAxios.perRequest)} bare axios, ${x(processWide, viaHttp.perRequest)} bare node:http); in the median run the ${s(t.processCpuMs! - t.suitesCpuMs)} outside the suites, the same for a run of 10 requests or 100,000\n`,
    );
  } finally {
    fs.rmSync(reportDir, { recursive: true, force: true });
  }
}

/** One bare client run in a process of its own (bench/bare-client.ts). */
function runBareClient(origin: string, captured: string, concurrency: number, client: 'http' | 'axios'): Promise<{ requests: number; cpuMs: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, 'bin', 'run-ts.js'), path.join(__dirname, 'bare-client.ts'), origin, captured, String(concurrency), client], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`bare ${client} client exited ${code}`))));
  });
}

const args = parseArgs(process.argv.slice(2));
(args.latencyMs === undefined ? embedded(args) : withLatency(args, args.latencyMs)).catch((err: Error) => {
  process.stderr.write(`bench: ${err.message}\n`);
  process.exit(1);
});
