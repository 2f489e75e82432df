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
import { loadBaseline, type Baseline } from './report/baseline';
import { groupCauses } from './report/causes';
import { diffRuns, formatDiff, readSummary } from './report/diff';
import { MARKS } from './report/format';
import type { Area } from './report/outcome';
import { buildSummary, countsOf, type Counts, type Selection, type Summary } from './report/summary';
import { terminalText, terminalValue } from './report/terminal';
import { REPORT_FILES, reportDirProblem, writeReports } from './report/write';
import { EXCHANGES_FILE, readLines, RESULTS_FILE, RETRIES_FILE, type RunContext } from './runner/context';
import { RunStop, SIGNAL_EXIT, type StopReason } from './runner/interrupt';
import { fetchDiscovery } from './runner/discovery';
import { PACKAGE_ROOT, runSuites, type SuiteRunResult } from './runner/jest-run';
import { reconcile } from './runner/reconcile';
import { deleteCreated } from './sequences/cleanup';
import { Journal } from './sequences/journal';
import { runPrefix, sweepRun } from './sequences/sweep';
import { FAULTS } from './server/faults';
import { VARIATION_SCOPE, VARIATIONS, type VariationName } from './server/variations';
import { startReferenceServer, type ReferenceServer } from './server';

export const EXIT = { passed: 0, failed: 1, usage: 2 } as const;

function toolVersion(): string {
  return (JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

// Every console line passes the terminal sanitiser: ids, names and bodies come from the endpoint.
function out(line = ''): void {
  process.stdout.write(terminalText(line) + '\n');
}

function errorOut(line: string): void {
  process.stderr.write(terminalText(line) + '\n');
}

function shown(file: string): string {
  return path.relative(process.cwd(), file) || file;
}

/** Any HTTP answer at all means reachable; only a transport failure stops the run. */
async function checkReachable(client: ScimClient): Promise<string | undefined> {
  const ex = await client.send({ method: 'GET', path: '/Users', auth: 'none', label: 'reachability' });
  return ex.response ? undefined : `${ex.error?.code}: ${ex.error?.message}`;
}

/** What clean-up may take after the suites, on top of --deadline. */
function cleanupBudgetMs(config: Config): number {
  return Math.max(60_000, 4 * config.timeoutMs);
}

export async function main(argv: readonly string[], env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Promise<number> {
  if (argv[0] === 'merge') return merge(argv.slice(1), cwd);
  if (argv[0] === 'diff') return diff(argv.slice(1), cwd);
  if (argv[0] === 'sweep') return sweep(argv.slice(1), env, cwd);
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
  let baseline: Baseline | undefined;
  try {
    baseline = config.baselineFile !== undefined ? loadBaseline(config.baselineFile) : undefined;
  } catch (err) {
    errorOut(`scim-conformance: ${(err as Error).message}`);
    return EXIT.usage;
  }
  const startedAt = new Date();
  const unusable = reportDirProblem(config.reportDir);
  if (unusable) {
    errorOut(`scim-conformance: ${unusable}; choose another --report-dir`);
    return EXIT.usage;
  }
  if (config.token.length < 8) {
    errorOut(`scim-conformance: warning: the token has ${config.token.length} characters; the Authorization header is never written, but a token under 8 characters echoed in a body ${config.token.length < 4 ? 'is not' : 'may not safely be'} redacted from it`);
  }
  const redactor = new Redactor([config.token]);
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scim-conformance-run-'));
  // Also on paths that skip the finally below (process.exit on a second Ctrl-C).
  const removeRunDir = () => fs.rmSync(runDir, { recursive: true, force: true });
  process.once('exit', removeRunDir);
  let server: ReferenceServer | undefined;
  let stop: RunStop | undefined;
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
      `profiles: ${config.profiles.join(', ')}; fail on: ${config.failOn.toUpperCase()}; gate: ${config.gate}; seed: ${config.seed}${config.seedSource === 'default' ? ' (default)' : config.seedSource === 'random' ? ' (random: --seed ' + config.seed + ' replays this run)' : ''}` +
        `${config.grep ? `; grep: ${config.grep}` : ''}${config.shard ? `; shard ${config.shard.index}/${config.shard.count}` : ''}`,
    );

    let cliRequests = 0;
    const retries = { count: 0, waitedMs: 0 };
    const deadlineAt = startedAt.getTime() + config.deadlineMs;
    const clientFor = (until: number) =>
      new ScimClient({
        baseUrl,
        token: config.token,
        timeoutMs: config.timeoutMs,
        maxResponseBytes: config.maxResponseBytes,
        deadlineAt: until,
        redactor,
        onExchange: () => cliRequests++,
        onRetry: (ms) => ((retries.count += 1), (retries.waitedMs += ms)),
      });
    const client = clientFor(deadlineAt);
    const unreachable = await checkReachable(client);
    if (unreachable) {
      errorOut(`scim-conformance: cannot reach ${baseUrl} (${unreachable}). Check the URL, the network path and TLS; no check was run.`);
      return EXIT.usage;
    }

    const ctx: RunContext = {
      baseUrl,
      profiles: config.profiles,
      timeoutMs: config.timeoutMs,
      maxResponseBytes: config.maxResponseBytes,
      deadlineAt,
      runId: randomBytes(3).toString('hex'),
      runDir,
      seed: config.seed,
      ...(config.runs !== undefined ? { runs: config.runs } : {}),
      ...(config.grep !== undefined ? { grep: config.grep } : {}),
      ...(config.replayPath !== undefined ? { replayPath: config.replayPath } : {}),
      discovery: await fetchDiscovery(client),
    };
    const journal = new Journal(runDir);
    stop = new RunStop(runDir, deadlineAt, (reason: StopReason) =>
      errorOut(`\n${reason === 'deadline' ? `The run's deadline (--deadline ${config.deadlineMs} ms) was reached` : `Interrupted (${reason})`}: stopping, then deleting what this run created…`),
    );

    const allureDir = path.join(config.reportDir, REPORT_FILES.allure);
    fs.rmSync(allureDir, { recursive: true, force: true }); // allure-jest never clears it
    fs.mkdirSync(allureDir, { recursive: true });
    const suites = runSuites(ctx, config.token, allureDir, { ...(config.grep ? { grep: config.grep } : {}), ...(config.shard ? { shard: config.shard } : {}) });
    // A create in flight when the run stops gets up to this long to land in the journal.
    const suiteRun = await stop.race(suites, Math.min(config.timeoutMs, 10_000));
    stop.dispose();
    const interruptedBy = stop.reason;
    // Clean-up has its own budget, and a fresh client: the run's one may be past its deadline.
    const cleanupClient = clientFor(Date.now() + cleanupBudgetMs(config));
    const cleanup = await deleteCreated(cleanupClient, journal, journal.outstanding());
    if (interruptedBy) {
      // Creates whose answer never came back are not journaled: find them by the run's exact prefix.
      const swept = await sweepRun(cleanupClient, ctx.runId, new Set(cleanup.leftovers.flatMap((l) => (l.resource.id ? [l.resource.id] : []))));
      cleanup.leftovers.push(...swept.leftovers.map((l) => ({ resource: { key: l.name, type: l.type, name: l.name, ...(l.id ? { id: l.id } : {}) }, reason: l.reason })));
    }

    const apps = readLines<CheckApplication>(runDir, RESULTS_FILE);
    // An interrupted jest run has no results to reconcile: the report is partial and says so.
    const internalErrors = suiteRun ? reconcile(suiteRun, apps) : [];
    for (const r of readLines<{ waitedMs: number }>(runDir, RETRIES_FILE)) (retries.count += 1), (retries.waitedMs += r.waitedMs);
    const selection: Selection = {
      profiles: config.profiles,
      ...(config.grep !== undefined ? { grep: config.grep } : {}),
      ...(config.shard ? { shard: config.shard } : {}),
      ...(config.runs !== undefined ? { runs: config.runs } : {}),
      ...(config.replayPath !== undefined ? { replayPath: config.replayPath } : {}),
    };
    const summary = buildSummary(
      {
        tool: { name: 'scim-conformance', version: toolVersion() },
        target: baseUrl,
        targetKind: config.target.kind,
        ...(config.target.kind === 'embedded' ? { serverFaults: faults, serverVariations: variations } : {}),
        profiles: config.profiles,
        seed: config.seed,
        seedSource: config.seedSource,
        failOn: config.failOn,
        gate: config.gate,
        selection,
        startedAt: startedAt.toISOString(),
        durationMs: Date.now() - startedAt.getTime(),
        requests: readLines(runDir, EXCHANGES_FILE).length + cliRequests,
        retries,
        ...(interruptedBy ? { interrupted: true, interruptedBy } : {}),
        leftovers: cleanup.leftovers.map((l) => ({ type: l.resource.type, name: l.resource.name, ...(l.resource.id ? { id: l.resource.id } : {}), reason: l.reason })),
        internalErrors,
        ...(baseline ? { baseline } : {}),
      },
      apps,
    );
    // Zero checks applied is no verdict at all: say why instead of passing.
    const nothing = interruptedBy
      ? `the run was ${interruptedBy === 'deadline' ? `stopped by its deadline (--deadline ${config.deadlineMs} ms)` : `interrupted (${interruptedBy})`}; the report is partial`
      : nothingApplied(summary, apps, suiteRun!, config);
    if (nothing) {
      summary.notJudged = nothing;
      summary.verdict = 'error';
    }
    for (const unwritten of writeReports(config.reportDir, summary, apps, redactor)) harnessError(summary, unwritten);
    printSummary(summary, apps, redactor);
    if (summary.leftovers.length > 0) out(`Delete them with: scim-conformance sweep --url ${baseUrl} --run-id ${ctx.runId}   (token from SCIM_TOKEN; deletes only names starting with ${runPrefix(ctx.runId)})`);
    out(`Reports: ${shown(path.join(config.reportDir, REPORT_FILES.html))}, ${REPORT_FILES.summary}, ${REPORT_FILES.junit}, ${REPORT_FILES.allure}/`);
    return interruptedBy && interruptedBy !== 'deadline' ? SIGNAL_EXIT[interruptedBy] : EXIT_OF[summary.verdict];
  } finally {
    stop?.release();
    await server?.close();
    removeRunDir();
    process.removeListener('exit', removeRunDir);
  }
}

/** scim-conformance sweep --url URL --run-id ID [--token T] [--timeout MS]: deletes what one run left behind. */
async function sweep(argv: readonly string[], env: NodeJS.ProcessEnv, cwd: string): Promise<number> {
  const usageLine = 'Usage: scim-conformance sweep --url URL --run-id ID [--token TOKEN] [--timeout MS]  (the token also from SCIM_TOKEN)';
  let config: Config;
  let runId: string | undefined;
  try {
    const rest: string[] = [];
    for (let i = 0; i < argv.length; i++) {
      const a = argv[i]!;
      if (a === '--run-id') runId = argv[++i];
      else if (a.startsWith('--run-id=')) runId = a.slice('--run-id='.length);
      else rest.push(a);
    }
    const invocation = loadConfig(rest, readEnvironment(env, cwd), cwd);
    if (invocation.kind !== 'run' || invocation.config.target.kind !== 'url' || runId === undefined) throw new ConfigError('sweep needs --url, a token and --run-id');
    config = invocation.config;
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    errorOut(`scim-conformance sweep: ${err.message}\n${usageLine}`);
    return EXIT.usage;
  }
  const redactor = new Redactor([config.token]);
  const client = new ScimClient({ baseUrl: (config.target as { baseUrl: string }).baseUrl, token: config.token, timeoutMs: config.timeoutMs, maxResponseBytes: config.maxResponseBytes, deadlineAt: Date.now() + config.deadlineMs, redactor });
  let result;
  try {
    result = await sweepRun(client, runId);
  } catch (err) {
    errorOut(`scim-conformance sweep: ${(err as Error).message}\n${usageLine}`);
    return EXIT.usage;
  }
  for (const d of result.deleted) out(`deleted ${d.type} ${terminalValue(d.name)} (${terminalValue(d.id)})`);
  for (const l of result.leftovers) out(redactor.text(`could not delete ${l.type} ${terminalValue(l.name)}${l.id ? ` (${terminalValue(l.id)})` : ''}: ${terminalValue(l.reason, 300)}`));
  out(`${result.deleted.length} deleted, ${result.leftovers.length} left (names starting with ${runPrefix(runId)})`);
  return result.leftovers.length > 0 ? EXIT.failed : EXIT.passed;
}

const EXIT_OF: Record<Summary['verdict'], number> = { passed: EXIT.passed, failed: EXIT.failed, error: EXIT.usage };

/** Found after the summary was built: the run cannot be judged, whatever its checks said. */
function harnessError(summary: Summary, message: string): void {
  summary.internalErrors.push(message);
  summary.verdict = 'error';
}

/** Why a run judged nothing in the verdicts it gates on, or undefined when it judged something. */
function nothingApplied(summary: Summary, apps: readonly CheckApplication[], suiteRun: SuiteRunResult, config: Config): string | undefined {
  if (suiteRun.suiteFiles === 0) return `no conformance suites were found (no *.spec.ts under ${path.join(PACKAGE_ROOT, 'specs')}); the installation is incomplete`;
  if (config.shard && suiteRun.suitesRun === 0) {
    return `shard ${config.shard.index}/${config.shard.count} holds no suite: there are ${suiteRun.suiteFiles} suite files, so use at most ${suiteRun.suiteFiles} shards`;
  }
  if (suiteRun.suitesRun === 0) return `jest ran none of the ${suiteRun.suiteFiles} suite files under ${path.join(PACKAGE_ROOT, 'specs')} (an installation jest does not search, such as one under node_modules?)`;
  // A shard judges part of a run: it needs to have judged something, not something of every gated verdict.
  const gated = (Object.keys(summary.verdicts) as Area[]).filter((a) => config.shard || summary.verdicts[a].gates);
  if (gated.some((a) => summary.verdicts[a].verdict !== 'not-run')) return undefined;
  if (config.grep !== undefined && apps.length === 0) return `--grep ${JSON.stringify(config.grep)} matched no check`;
  const what = config.gate === 'all' ? 'no check' : `no check of the ${config.gate} verdict (--gate ${config.gate})`;
  const skipped = apps.find((a) => a.status === 'skipped' && a.reason)?.reason;
  return `${what} was applied${skipped ? `: every selected check was skipped (${skipped})` : ''}`;
}

/** scim-conformance diff OLD NEW: exit 1 when NEW has a gating failure OLD did not have. */
async function diff(argv: readonly string[], cwd: string): Promise<number> {
  if (argv.length !== 2 || argv.some((a) => a.startsWith('--'))) {
    errorOut('Usage: scim-conformance diff OLD/summary.json NEW/summary.json (or the two report folders)');
    return EXIT.usage;
  }
  const file = (a: string) => {
    const full = path.resolve(cwd, a);
    return fs.existsSync(full) && fs.statSync(full).isDirectory() ? path.join(full, REPORT_FILES.summary) : full;
  };
  let old: Summary;
  let now: Summary;
  try {
    old = readSummary(file(argv[0]!));
    now = readSummary(file(argv[1]!));
  } catch (err) {
    errorOut(`scim-conformance diff: ${(err as Error).message}`);
    return EXIT.usage;
  }
  const d = diffRuns(old, now);
  out(formatDiff(d, old, now));
  return d.regressions.length > 0 ? EXIT.failed : EXIT.passed;
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
  const allureOut = path.join(outDir, REPORT_FILES.allure);
  fs.rmSync(allureOut, { recursive: true, force: true });
  fs.mkdirSync(allureOut, { recursive: true });
  for (const d of dirs) {
    const src = path.join(d, REPORT_FILES.allure);
    if (fs.existsSync(src)) for (const f of fs.readdirSync(src)) fs.copyFileSync(path.join(src, f), path.join(allureOut, f));
  }
  // The shards' reports are already redacted; nothing here knows the token.
  const noSecrets = new Redactor([]);
  for (const unwritten of writeReports(outDir, merged.summary, merged.apps, noSecrets)) harnessError(merged.summary, unwritten);
  out(`Merged ${dirs.length} report folder(s) into ${shown(outDir)}`);
  printSummary(merged.summary, merged.apps, noSecrets);
  return EXIT_OF[merged.summary.verdict];
}

function printSummary(summary: Summary, apps: readonly CheckApplication[], redactor: Redactor): void {
  const failures = summary.checks.filter((c) => c.status === 'failed');
  if (failures.length > 0) {
    out('\nFailures:');
    for (const c of failures) out(redactor.text(`${notGatingNote(c)}${c.message ?? c.id}`) + '\n');
  }
  const causes = groupCauses(apps, summary.checks);
  if (causes.length > 0) {
    out('What to fix (by cause, most blocking first):');
    causes.forEach((cause, i) => {
      const downs = [...cause.failed.map((id) => `${MARKS.failed} ${id}`), ...cause.blocked.map((id) => `${MARKS.blocked} ${id}`)];
      out(redactor.text(`  ${i + 1}. ${cause.steps.join(', ')} [${cause.profiles.join(', ')}]${cause.gating ? '' : ' (not gating)'}${cause.request ? `: ${cause.request}` : ''}`));
      if (cause.reason) out(redactor.text(`     ${cause.reason.replace(/\n/g, '\n       ')}`));
      out(`     ${cause.failed.length} failed, ${cause.blocked.length} blocked: ${downs.join(', ')}`);
    });
  }
  for (const e of summary.internalErrors) errorOut(`scim-conformance: internal error (a bug of the harness, not the endpoint's failure): ${redactor.text(e)}`);
  if (summary.notJudged) errorOut(`scim-conformance: ${summary.interrupted ? 'no verdict' : 'nothing was judged'}: ${redactor.text(summary.notJudged)}`);
  const bySuite = new Map<string, Counts>();
  for (const c of summary.checks) {
    const t = bySuite.get(c.suite) ?? countsOf([]);
    t[c.status]++;
    bySuite.set(c.suite, t);
  }
  out('');
  for (const [suite, t] of bySuite) out(`  ${suite.padEnd(10)} ${countLine(t)}`);
  const lv = summary.failedByLevel;
  out(`Checks: ${countLine(summary.totals)} (failed by level: MUST ${lv.MUST}, SHOULD ${lv.SHOULD}, MAY ${lv.MAY}); ${summary.requests} requests in ${(summary.durationMs / 1000).toFixed(1)} s`);
  if (summary.retries && summary.retries.count > 0) out(`Throttled: ${summary.retries.count} retries after 429/503, ${(summary.retries.waitedMs / 1000).toFixed(1)} s waited (Retry-After honoured, bounded)`);
  if (summary.leftovers.length > 0) {
    out(redactor.text(`Left behind on the endpoint (could not delete): ${summary.leftovers.map((l) => `${l.type} ${terminalValue(l.name)}${l.id ? ` (${terminalValue(l.id)})` : ''}: ${terminalValue(l.reason, 300)}`).join('; ')}`));
  }
  out('');
  out(summary.verdicts.entra.headline);
  out(summary.verdicts.rfc.headline);
  const error = summary.interrupted ? 'NO VERDICT (interrupted; the report is partial)' : summary.notJudged && summary.internalErrors.length === 0 ? 'NO VERDICT (nothing was judged; see above)' : 'ERROR (the harness failed; see the internal errors above)';
  out(`Verdict: ${summary.verdict === 'error' ? error : summary.verdict.toUpperCase()} (gate: ${summary.gate}, fail on: ${summary.failOn.toUpperCase()})`);
}

/** Why a failed check does not fail the run: a level below --fail-on, or a known failure of the baseline. */
function notGatingNote(c: Summary['checks'][number]): string {
  if (c.baseline?.status === 'known') return `(known failure, baseline: ${c.baseline.reason}${c.baseline.expires ? `, until ${c.baseline.expires}` : ''}) `;
  if (c.baseline?.status === 'expired') return `(baseline entry expired ${c.baseline.expires}) `;
  return c.gating ? '' : `(${c.level}, not gating) `;
}

function countLine(t: Counts): string {
  return `${t.passed} passed, ${t.failed} failed, ${t.blocked} blocked, ${t.skipped} skipped${t.error > 0 ? `, ${t.error} harness errors` : ''}`;
}
