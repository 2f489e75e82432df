// scim-conformance: the command line. Reads the configuration, starts the embedded reference
// server when no URL is given, runs the suites with jest, sweeps up what the run created, writes
// the reports, and exits 0 / 1 / 2 (design.md §1, CLI contract). `merge` combines shard reports.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { ConfigError, loadConfig, readEnvironment, usage, type Config } from './config';
import { ScimClient } from './http/client';
import { Redactor } from './http/redact';
import { mergeReports } from './report/merge';
import type { CheckApplication } from './report/outcome';
import { buildSummary, type Summary } from './report/summary';
import { REPORT_FILES, writeReports } from './report/write';
import { EXCHANGES_FILE, readLines, RESULTS_FILE, type RunContext } from './runner/context';
import { fetchDiscovery } from './runner/discovery';
import { PACKAGE_ROOT, runSuites } from './runner/jest-run';
import { deleteCreated } from './sequences/cleanup';
import { Journal } from './sequences/journal';
import { FAULTS } from './server/faults';
import { VARIATION_SCOPE, VARIATIONS, type VariationName } from './server/variations';
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

function shown(file: string): string {
  return path.relative(process.cwd(), file) || file;
}

/** Any HTTP answer at all means reachable; only a transport failure stops the run. */
async function checkReachable(client: ScimClient): Promise<string | undefined> {
  const ex = await client.send({ method: 'GET', path: '/Users', auth: 'none', label: 'reachability' });
  return ex.response ? undefined : `${ex.error?.code}: ${ex.error?.message}`;
}

export async function main(argv: readonly string[], env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Promise<number> {
  if (argv[0] === 'merge') return merge(argv.slice(1), cwd);
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
    if (invocation.kind === 'help-variations') {
      out('Variation switches of the embedded reference server (--server-variations a,b); scope: the verdicts each must leave clean:');
      for (const [name, description] of Object.entries(VARIATIONS)) {
        out(`  ${name} [${VARIATION_SCOPE[name as VariationName].join(', ')}]\n      ${description}`);
      }
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
      server = await startReferenceServer({ token: config.token, faults: config.target.faults, variations: config.target.variations });
      baseUrl = server.baseUrl;
    } else baseUrl = config.target.baseUrl;

    const faults = config.target.kind === 'embedded' ? config.target.faults : [];
    const variations = config.target.kind === 'embedded' ? config.target.variations : [];
    const switches = `${faults.length ? `, faults: ${faults.join(', ')}` : ''}${variations.length ? `, variations: ${variations.join(', ')}` : ''}`;
    out(`scim-conformance ${toolVersion()} → ${baseUrl}${config.target.kind === 'embedded' ? ` (embedded reference server${switches})` : ''}`);
    out(
      `profiles: ${config.profiles.join(', ')}; fail on: ${config.failOn.toUpperCase()}; seed: ${config.seed}` +
        `${config.grep ? `; grep: ${config.grep}` : ''}${config.shard ? `; shard ${config.shard.index}/${config.shard.count}` : ''}`,
    );

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
      ...(config.grep !== undefined ? { grep: config.grep } : {}),
      ...(config.replayPath !== undefined ? { replayPath: config.replayPath } : {}),
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

    const allureDir = path.join(config.reportDir, REPORT_FILES.allure);
    fs.rmSync(allureDir, { recursive: true, force: true }); // allure-jest never clears it
    fs.mkdirSync(allureDir, { recursive: true });
    const suiteRun = await runSuites(ctx, config.token, allureDir, { ...(config.grep ? { grep: config.grep } : {}), ...(config.shard ? { shard: config.shard } : {}) });
    const cleanup = await sweep();
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);

    const apps = readLines<CheckApplication>(runDir, RESULTS_FILE);
    const summary = buildSummary(
      {
        tool: { name: 'scim-conformance', version: toolVersion() },
        target: baseUrl,
        targetKind: config.target.kind,
        ...(config.target.kind === 'embedded' ? { serverFaults: faults, serverVariations: variations } : {}),
        profiles: config.profiles,
        seed: config.seed,
        failOn: config.failOn,
        startedAt: startedAt.toISOString(),
        durationMs: Date.now() - startedAt.getTime(),
        requests: readLines(runDir, EXCHANGES_FILE).length + cliRequests,
        leftovers: cleanup.leftovers.map((l) => ({ type: l.resource.type, name: l.resource.name, ...(l.resource.id ? { id: l.resource.id } : {}), reason: l.reason })),
        internalErrors: suiteRun.brokenSuites.map((b) => `suite ${b.file} could not run: ${b.message}`),
      },
      apps,
    );
    writeReports(config.reportDir, summary, apps, redactor);
    printSummary(summary, redactor);
    out(`Reports: ${shown(path.join(config.reportDir, REPORT_FILES.html))}, ${REPORT_FILES.summary}, ${REPORT_FILES.junit}, ${REPORT_FILES.allure}/`);
    if (summary.internalErrors.length > 0) return EXIT.usage;
    return summary.verdict === 'passed' ? EXIT.passed : EXIT.failed;
  } finally {
    await server?.close();
    fs.rmSync(runDir, { recursive: true, force: true });
  }
}

/** scim-conformance merge [--report-dir OUT] DIR1 DIR2 ... */
async function merge(argv: readonly string[], cwd: string): Promise<number> {
  let outDir = path.resolve(cwd, 'reports');
  const dirs: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--report-dir' && argv[i + 1] !== undefined) outDir = path.resolve(cwd, argv[++i]);
    else if (a.startsWith('--report-dir=')) outDir = path.resolve(cwd, a.slice('--report-dir='.length));
    else if (a.startsWith('--')) {
      errorOut(`scim-conformance merge: unknown option ${a}\nUsage: scim-conformance merge [--report-dir OUT] DIR1 DIR2 ...`);
      return EXIT.usage;
    } else dirs.push(path.resolve(cwd, a));
  }
  if (dirs.some((d) => d === outDir)) {
    errorOut('scim-conformance merge: the output folder must not be one of the inputs');
    return EXIT.usage;
  }
  let merged;
  try {
    merged = mergeReports(dirs);
  } catch (err) {
    errorOut(`scim-conformance merge: ${(err as Error).message}`);
    return EXIT.usage;
  }
  for (const w of merged.warnings) errorOut(`warning: ${w}`);
  const allureOut = path.join(outDir, REPORT_FILES.allure);
  fs.rmSync(allureOut, { recursive: true, force: true });
  fs.mkdirSync(allureOut, { recursive: true });
  for (const d of dirs) {
    const src = path.join(d, REPORT_FILES.allure);
    if (fs.existsSync(src)) for (const f of fs.readdirSync(src)) fs.copyFileSync(path.join(src, f), path.join(allureOut, f));
  }
  // The shards' reports are already redacted; nothing here knows the token.
  writeReports(outDir, merged.summary, merged.apps, new Redactor([]));
  out(`Merged ${dirs.length} report folder(s) into ${shown(outDir)}`);
  printSummary(merged.summary, new Redactor([]));
  return merged.summary.verdict === 'passed' ? EXIT.passed : EXIT.failed;
}

function printSummary(summary: Summary, redactor: Redactor): void {
  const failures = summary.checks.filter((c) => c.status === 'failed');
  if (failures.length > 0) {
    out('\nFailures:');
    for (const c of failures) out(redactor.text(`${c.gating ? '' : `(${c.level}, not gating) `}${c.message ?? c.id}`) + '\n');
  }
  for (const e of summary.internalErrors) errorOut(`scim-conformance: internal error: ${redactor.text(e)}`);
  const bySuite = new Map<string, { passed: number; failed: number; skipped: number }>();
  for (const c of summary.checks) {
    const t = bySuite.get(c.suite) ?? { passed: 0, failed: 0, skipped: 0 };
    t[c.status]++;
    bySuite.set(c.suite, t);
  }
  out('');
  for (const [suite, t] of bySuite) out(`  ${suite.padEnd(10)} ${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped`);
  const lv = summary.failedByLevel;
  out(`Checks: ${summary.totals.passed} passed, ${summary.totals.failed} failed (MUST ${lv.MUST}, SHOULD ${lv.SHOULD}, MAY ${lv.MAY}), ${summary.totals.skipped} skipped; ${summary.requests} requests in ${(summary.durationMs / 1000).toFixed(1)} s`);
  if (summary.leftovers.length > 0) {
    out(`Left behind on the endpoint (could not delete): ${summary.leftovers.map((l) => `${l.type} ${l.name}${l.id ? ` (${l.id})` : ''}: ${l.reason}`).join('; ')}`);
  }
  out(`Verdict: ${summary.verdict.toUpperCase()}`);
}
