// scim-conformance: the command line. Reads the configuration, starts the embedded reference
// server when no URL is given, runs the suites with jest, sweeps up what the run created, writes
// summary.json and junit.xml, and exits 0 / 1 / 2 (design.md §1, CLI contract).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { ConfigError, loadConfig, readEnvironment, usage, type Config } from './config';
import { ScimClient } from './http/client';
import { Redactor } from './http/redact';
import { toJUnit } from './report/junit';
import type { CheckApplication } from './report/outcome';
import { failedByLevel, summariseChecks, totalsOf, type Summary } from './report/summary';
import { EXCHANGES_FILE, readLines, RESULTS_FILE, type RunContext } from './runner/context';
import { fetchDiscovery } from './runner/discovery';
import { PACKAGE_ROOT, runSuites } from './runner/jest-run';
import { deleteCreated } from './sequences/cleanup';
import { Journal } from './sequences/journal';
import { FAULTS } from './server/faults';
import { startReferenceServer, type ReferenceServer } from './server';

export const EXIT = { passed: 0, failed: 1, usage: 2 } as const;

function toolVersion(): string {
  return (JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

function out(line = ''): void {
  process.stdout.write(line + '\n');
}

function errorOut(line: string): void {
  process.stderr.write(line + '\n');
}

/** Any HTTP answer at all means reachable; only a transport failure stops the run. */
async function checkReachable(client: ScimClient): Promise<string | undefined> {
  const ex = await client.send({ method: 'GET', path: '/Users', auth: 'none', label: 'reachability' });
  return ex.response ? undefined : `${ex.error?.code}: ${ex.error?.message}`;
}

export async function main(argv: readonly string[], env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Promise<number> {
  let config: Config;
  try {
    const invocation = loadConfig(argv, readEnvironment(env, cwd), cwd);
    if (invocation.kind === 'help') return out(usage()), EXIT.passed;
    if (invocation.kind === 'version') return out(toolVersion()), EXIT.passed;
    if (invocation.kind === 'help-faults') {
      out('Fault switches of the embedded reference server (--server-faults a,b):');
      for (const [name, description] of Object.entries(FAULTS)) out(`  ${name}\n      ${description}`);
      return EXIT.passed;
    }
    config = invocation.config;
  } catch (err) {
    if (err instanceof ConfigError) {
      errorOut(`scim-conformance: ${err.message}\nRun scim-conformance --help for the options.`);
      return EXIT.usage;
    }
    throw err;
  }
  return run(config);
}

async function run(config: Config): Promise<number> {
  const startedAt = new Date();
  const redactor = new Redactor([config.token]);
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scim-conformance-run-'));
  let server: ReferenceServer | undefined;
  try {
    let baseUrl: string;
    if (config.target.kind === 'embedded') {
      server = await startReferenceServer({ token: config.token, faults: config.target.faults });
      baseUrl = server.baseUrl;
    } else baseUrl = config.target.baseUrl;

    const describedTarget = config.target.kind === 'embedded' ? `${baseUrl} (embedded reference server${config.target.faults.length ? `, faults: ${config.target.faults.join(', ')}` : ''})` : baseUrl;
    out(`scim-conformance ${toolVersion()} → ${describedTarget}`);
    out(`profiles: ${config.profiles.join(', ')}; fail on: ${config.failOn.toUpperCase()}; seed: ${config.seed}`);

    let cliRequests = 0;
    const client = new ScimClient({ baseUrl, token: config.token, timeoutMs: config.timeoutMs, redactor, onExchange: () => cliRequests++ });
    const unreachable = await checkReachable(client);
    if (unreachable) {
      errorOut(`scim-conformance: cannot reach ${baseUrl} (${unreachable}). Check the URL, the network path and TLS; nothing was sent to it.`);
      return EXIT.usage;
    }

    const ctx: RunContext = {
      baseUrl,
      profiles: config.profiles,
      timeoutMs: config.timeoutMs,
      runId: randomBytes(3).toString('hex'),
      runDir,
      seed: config.seed,
      ...(config.runs !== undefined ? { runs: config.runs } : {}),
      discovery: await fetchDiscovery(client),
    };
    const journal = new Journal(runDir);
    const sweep = () => deleteCreated(client, journal, journal.outstanding());
    const onSignal = () => {
      errorOut('\nInterrupted: deleting what this run created…');
      void sweep().finally(() => process.exit(130));
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);

    const allureDir = path.join(config.reportDir, 'allure-results');
    fs.rmSync(allureDir, { recursive: true, force: true }); // allure-jest never clears it
    fs.mkdirSync(allureDir, { recursive: true });
    const suiteRun = await runSuites(ctx, config.token, allureDir);
    const cleanup = await sweep();
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);

    const apps = readLines<CheckApplication>(runDir, RESULTS_FILE);
    const checks = summariseChecks(apps, config.profiles, config.failOn);
    const totals = totalsOf(checks);
    const failedGating = checks.filter((c) => c.status === 'failed' && c.gating).length;
    const summary: Summary = {
      tool: { name: 'scim-conformance', version: toolVersion() },
      target: baseUrl,
      targetKind: config.target.kind,
      ...(config.target.kind === 'embedded' ? { serverFaults: config.target.faults } : {}),
      profiles: config.profiles,
      seed: config.seed,
      failOn: config.failOn,
      startedAt: startedAt.toISOString(),
      durationMs: Date.now() - startedAt.getTime(),
      verdict: failedGating > 0 || suiteRun.brokenSuites.length > 0 ? 'failed' : 'passed',
      totals,
      failedByLevel: failedByLevel(checks),
      requests: readLines(runDir, EXCHANGES_FILE).length + cliRequests,
      checks,
      leftovers: cleanup.leftovers.map((l) => ({ type: l.resource.type, name: l.resource.name, ...(l.resource.id ? { id: l.resource.id } : {}), reason: l.reason })),
    };
    fs.mkdirSync(config.reportDir, { recursive: true });
    const summaryFile = path.join(config.reportDir, 'summary.json');
    const junitFile = path.join(config.reportDir, 'junit.xml');
    fs.writeFileSync(summaryFile, redactor.text(JSON.stringify(summary, null, 2)) + '\n');
    fs.writeFileSync(junitFile, redactor.text(toJUnit(summary)));

    printSummary(summary, redactor);
    for (const b of suiteRun.brokenSuites) errorOut(`scim-conformance: internal error, suite ${b.file} could not run:\n${redactor.text(b.message)}`);
    out(`Reports: ${path.relative(process.cwd(), summaryFile) || summaryFile}, ${path.relative(process.cwd(), junitFile)}, ${path.relative(process.cwd(), allureDir)}/`);
    if (suiteRun.brokenSuites.length > 0) return EXIT.usage;
    return summary.verdict === 'passed' ? EXIT.passed : EXIT.failed;
  } finally {
    await server?.close();
    fs.rmSync(runDir, { recursive: true, force: true });
  }
}

function printSummary(summary: Summary, redactor: Redactor): void {
  const failures = summary.checks.filter((c) => c.status === 'failed');
  if (failures.length > 0) {
    out('\nFailures:');
    for (const c of failures) out(redactor.text(`${c.gating ? '' : `(${c.level}, not gating) `}${c.message ?? c.id}`) + '\n');
  }
  const bySuite = new Map<string, { passed: number; failed: number; skipped: number }>();
  for (const c of summary.checks) {
    const t = bySuite.get(c.suite) ?? { passed: 0, failed: 0, skipped: 0 };
    t[c.status]++;
    bySuite.set(c.suite, t);
  }
  out('');
  for (const [suite, t] of bySuite) out(`  ${suite.padEnd(8)} ${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped`);
  const lv = summary.failedByLevel;
  out(`Checks: ${summary.totals.passed} passed, ${summary.totals.failed} failed (MUST ${lv.MUST}, SHOULD ${lv.SHOULD}, MAY ${lv.MAY}), ${summary.totals.skipped} skipped; ${summary.requests} requests in ${(summary.durationMs / 1000).toFixed(1)} s`);
  if (summary.leftovers.length > 0) {
    out(`Left behind on the endpoint (could not delete): ${summary.leftovers.map((l) => `${l.type} ${l.name}${l.id ? ` (${l.id})` : ''}: ${l.reason}`).join('; ')}`);
  }
  out(`Verdict: ${summary.verdict.toUpperCase()}`);
}
