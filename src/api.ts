// The programmatic entry point: runConformance() runs the conformance suites against a URL (or the
// embedded reference server) and returns the summary. It never exits the process and prints nothing
// unless asked (options.log). The command line (src/cli.ts) is a thin layer over execute().
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { ConfigError, loadConfig, targetFlags, type Config, type FailOn, type Gate, type Reporter } from './config';
import { propertySpecPattern } from './model/catalogue';
import { parseReplayPath } from './model/runner';
import { DEFAULT_MAPPING_LABEL } from './mapping/schema';
import { ScimClient } from './http/client';
import { Redactor } from './http/redact';
import { clearAllureResults } from './report/allure';
import { reportToAllureRuntime } from './report/allure-runtime';
import type { CheckApplication } from './report/outcome';
import { loadBaseline, type Baseline } from './report/baseline';
import { printSummary } from './report/console';
import type { Area } from './report/outcome';
import { buildSummary, type RunTiming, type Selection, type Summary } from './report/summary';
import { terminalText } from './report/terminal';
import { REPORT_FILES, reportDirProblem, writeReports } from './report/write';
import type { RunContext } from './runner/context';
import { RunRecorder } from './runner/recorder';
import { RunStop, type StopReason } from './runner/interrupt';
import { RunLimiter } from './runner/limiter';
import { fetchDiscovery } from './runner/discovery';
import { packageVersion, PACKAGE_ROOT, runSuites, type SuiteRunResult } from './runner/jest-run';
import { reconcile } from './runner/reconcile';
import { deleteCreated } from './sequences/cleanup';
import { Journal } from './sequences/journal';
import { runPrefix, sweepRun } from './sequences/sweep';
import type { ReferenceServer } from './server';
import { startTarget } from './runner/target';
import { testConnection, type PreflightResult } from './runner/preflight';
import { connectionBlocked, probeTls, type TlsProbe } from './tls/probe';
import { blockedByTls, TLS_SPEC_PATTERN, unfetchedDiscovery } from './tls/run';
import type { Client, Profile } from './profiles';

/** A run that could not start: the configuration is fine, but the run is not possible (exit 2). */
export class RunError extends Error {}

/** Where a run's lines go. */
export interface RunIO {
  out: (line: string) => void;
  err: (line: string) => void;
  /** One line per sequence on stderr while the suites run (the CLI's progress). */
  progress?: boolean;
}

const SILENT: RunIO = { out: () => undefined, err: () => undefined };

export interface ConformanceOptions {
  /** Tenant URL as pasted into Entra. Without it the embedded reference server is the target. */
  url?: string;
  /** The endpoint's bearer token (bare). Required with url; defaults to the SCIM_TOKEN environment variable. */
  token?: string;
  /** Whose traffic to replay: entra (default), okta, or all; each client gets its own verdict. */
  client?: Client | 'all';
  /** Request shapes to replay (default: every profile of the selected clients; Entra's is entra-flag alone when the URL carries aadOptscim062020). */
  profiles?: Profile[];
  /** Which verdict the summary's verdict follows: entra, okta, rfc or all (default). */
  gate?: Gate;
  /** Lowest level whose failures fail the run: must (default) or should. */
  failOn?: FailOn;
  /** Only checks whose id, title or sequence matches this regular expression. */
  grep?: string;
  /** Known failures that do not fail the run: a summary.json or a known-failures file. */
  baseline?: string;
  /** Write summary.json, junit.xml, index.html and allure-results/ here; without it no report is kept. */
  reportDir?: string;
  /** Total time of one request in ms (default 30000). */
  timeoutMs?: number;
  /** Time budget of the whole run: a duration such as "15m", or ms. */
  deadline?: string | number;
  /** Largest response body read (default 4 MiB). */
  maxResponseBytes?: number;
  /** Seed of the property-based suites (default fixed), or "random". */
  seed?: number | 'random';
  /** Generated cases per property. */
  runs?: number;
  /** A PEM file of private CA(s) to trust besides the public roots (entra.tls.public-ca still fails). */
  ca?: string;
  /** Allow plain http:// to a non-loopback host. */
  allowHttp?: boolean;
  /** Embedded reference server only: fault switches (see scim-conformance --help-faults). */
  serverFaults?: string[];
  /** Embedded reference server only: variation switches. */
  serverVariations?: string[];
  /** The attribute Entra matches users on (default: the mapping's, else userName). */
  matchingAttribute?: string;
  /** The app's exported provisioning schema (synchronizationSchema JSON file), or "all" (everything Entra can send, all gating); default: Entra's default mapping. */
  mapping?: string;
  /** Requests in flight at most, over the whole run (default DEFAULT_CONCURRENCY). */
  concurrency?: number;
  /** Requests started per second at most, over the whole run (default: unbounded). */
  maxRps?: number;
  /** What `log` receives when the run ends: default (every failed check in full) or summary (the verdicts, What to fix, the report paths). */
  reporter?: Reporter;
  /** Resolves relative paths (reportDir, baseline, mapping); default process.cwd(). */
  cwd?: string;
  /** Receives the lines the command line prints (header, failures, causes, verdict). Default: nothing is printed. */
  log?: (line: string) => void;
}

/**
 * Runs the conformance suites and returns the summary (summary.verdict: passed, failed or error).
 * Invalid options throw a ConfigError; a target that cannot be reached throws a RunError.
 */
export async function runConformance(options: ConformanceOptions = {}): Promise<Summary> {
  const argv: string[] = [];
  const flag = (name: string, value: string | number | undefined) => {
    if (value !== undefined) argv.push(`--${name}=${value}`);
  };
  flag('url', options.url);
  flag('token', options.token ?? (options.url !== undefined ? process.env.SCIM_TOKEN : undefined));
  flag('client', options.client);
  flag('profile', options.profiles?.join(','));
  flag('gate', options.gate);
  flag('fail-on', options.failOn);
  flag('grep', options.grep);
  flag('baseline', options.baseline);
  flag('timeout', options.timeoutMs);
  flag('deadline', options.deadline);
  flag('max-response-bytes', options.maxResponseBytes);
  flag('seed', options.seed);
  flag('runs', options.runs);
  flag('ca', options.ca);
  if (options.allowHttp) argv.push('--allow-http');
  flag('server-faults', options.serverFaults?.join(','));
  flag('server-variations', options.serverVariations?.join(','));
  flag('matching-attribute', options.matchingAttribute);
  flag('mapping', options.mapping);
  flag('concurrency', options.concurrency);
  flag('max-rps', options.maxRps);
  flag('reporter', options.reporter);
  const cwd = options.cwd ?? process.cwd();
  const reportDir = options.reportDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'scim-conformance-api-'));
  flag('report-dir', reportDir);
  try {
    // Only the options count: no environment variable (but SCIM_TOKEN above), no .env, no config file.
    const invocation = loadConfig(argv, {}, cwd, { configFile: false });
    if (invocation.kind !== 'run') throw new ConfigError('unexpected options');
    const log = options.log;
    return await execute(invocation.config, log ? { out: log, err: log } : SILENT);
  } finally {
    if (options.reportDir === undefined) fs.rmSync(reportDir, { recursive: true, force: true });
  }
}

function shown(file: string): string {
  return path.relative(process.cwd(), file) || file;
}

/** What clean-up may take after the suites, on top of --deadline. */
function cleanupBudgetMs(config: Config): number {
  return Math.max(60_000, 4 * config.timeoutMs);
}

/**
 * Runs the suites for a validated configuration and writes the reports to config.reportDir. Lines go
 * to io; a run that cannot start (bad baseline, unusable report folder, unreachable target) throws a
 * RunError; everything else ends in the returned summary.
 */
export async function execute(config: Config, io: RunIO = SILENT): Promise<Summary> {
  const out = (line = '') => io.out(terminalText(line));
  const errorOut = (line: string) => io.err(terminalText(line));
  let baseline: Baseline | undefined;
  try {
    baseline = config.baselineFile !== undefined ? loadBaseline(config.baselineFile) : undefined;
  } catch (err) {
    throw new RunError((err as Error).message);
  }
  const startedAt = new Date();
  const unusable = reportDirProblem(config.reportDir);
  if (unusable) {
    throw new RunError(`${unusable}; choose another --report-dir`);
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
  let recorder: RunRecorder | undefined;
  let discardOldResults: (() => void) | undefined;
  try {
    const target = await startTarget(config);
    server = target.server;
    const baseUrl = target.baseUrl;

    const faults = config.target.kind === 'embedded' ? config.target.faults : [];
    const variations = config.target.kind === 'embedded' ? config.target.variations : [];
    const switches = `${faults.length ? `, faults: ${faults.join(', ')}` : ''}${variations.length ? `, variations: ${variations.join(', ')}` : ''}`;
    out(`scim-conformance ${packageVersion()} → ${baseUrl}${config.target.kind === 'embedded' ? ` (embedded reference server${switches})` : ''}`);
    // The summary reporter keeps a CI log to what was tested, the verdicts, What to fix and where the reports are
    // (and a random seed, without which the run cannot be replayed).
    if (config.reporter === 'summary' && config.seedSource === 'random') out(`seed: ${config.seed} (random: --seed ${config.seed} replays this run)`);
    if (config.reporter === 'default') out(
      `clients: ${config.clients.join(', ')}; profiles: ${config.profiles.join(', ')}; fail on: ${config.failOn.toUpperCase()}; gate: ${config.gate}; seed: ${config.seed}${config.seedSource === 'default' ? ' (default)' : config.seedSource === 'random' ? ' (random: --seed ' + config.seed + ' replays this run)' : ''}` +
        `${config.grep ? `; grep: ${config.grep}` : ''}${config.shard ? `; shard ${config.shard.index}/${config.shard.count}` : ''}` +
        `; matching attribute: ${config.matchingAttribute}; mapping: ${config.mappingMode === 'all' ? 'all (everything Entra can send, every feature gating)' : config.mappingMode === 'default' ? `${DEFAULT_MAPPING_LABEL} (optional features probed, not gating)` : shown(config.mapping!.file)}`,
    );

    let cliRequests = 0;
    const retries = { count: 0, waitedMs: 0 };
    const deadlineAt = startedAt.getTime() + config.deadlineMs;
    // One limiter for everything the run sends: the CLI's own requests, every suite, clean-up.
    const limiter = new RunLimiter({ concurrency: config.concurrency, ...(config.maxRps !== undefined ? { maxRps: config.maxRps } : {}) });
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
        ...(config.ca ? { ca: config.ca.pem } : {}),
        gate: limiter,
      });
    const client = clientFor(deadlineAt);
    // https: the TLS probe first. When the run's own client cannot connect for a TLS reason, that is
    // the endpoint's failure (Entra's Test Connection fails the same way), not an unreachable target.
    let tlsProbe: TlsProbe | undefined;
    let tlsBlocked: string | undefined;
    if (new URL(baseUrl).protocol === 'https:') {
      tlsProbe = await probeTls(baseUrl, { timeoutMs: config.timeoutMs, ...(config.ca ? { caPem: config.ca.pem } : {}) });
      if (tlsProbe.tcpError === undefined) tlsBlocked = connectionBlocked(tlsProbe);
    }
    if (tlsBlocked) {
      const hint = !config.ca && tlsProbe?.publicChain?.verified === false ? ' For an endpoint with a private CA, pass --ca FILE (entra.tls.public-ca still fails: Entra trusts public CAs only).' : '';
      errorOut(`scim-conformance: cannot connect securely to ${baseUrl}: ${tlsBlocked}. Entra's Test Connection would fail too. Only the entra.tls checks run; every other check is blocked by the connection.${hint}`);
    }
    // Entra's Test Connection first: it also tells whether the endpoint can be reached at all.
    const runId = randomBytes(3).toString('hex');
    let tested: PreflightResult | undefined;
    if (!tlsBlocked) {
      tested = await testConnection(client, {
        baseUrl,
        profiles: config.profiles,
        matchingAttribute: config.matchingAttribute,
        ...(config.mapping ? { mapping: config.mapping } : {}),
        mappingMode: config.mappingMode,
        seed: config.seed,
        runId,
        journal: new Journal(runDir),
        ...(config.grep !== undefined ? { grep: config.grep } : {}),
        ...(tlsProbe ? { tls: tlsProbe } : {}),
      });
      if (tested.unreachable) {
        throw new RunError(`cannot reach ${baseUrl} (${tested.unreachable}). Check the URL, the network path and TLS; no check was run.`);
      }
    }
    // A Test Connection that shows the run does not reach a SCIM service accepting the token: nothing else is sent.
    const stoppedByPreflight = tested?.preflight?.outcome === 'stopped';

    const ctx: RunContext = {
      baseUrl,
      profiles: config.profiles,
      timeoutMs: config.timeoutMs,
      maxResponseBytes: config.maxResponseBytes,
      deadlineAt,
      runId,
      runDir,
      seed: config.seed,
      ...(config.runs !== undefined ? { runs: config.runs } : {}),
      ...(config.grep !== undefined ? { grep: config.grep } : {}),
      ...(config.replayPath !== undefined ? { replayPath: config.replayPath } : {}),
      replayTarget: targetFlags(config),
      discovery: tlsBlocked ? unfetchedDiscovery(tlsBlocked) : stoppedByPreflight ? unfetchedDiscovery('Test Connection failed') : await fetchDiscovery(client),
      ...(config.ca ? { caPem: config.ca.pem } : {}),
      ...(tlsProbe ? { tls: tlsProbe } : {}),
      ...(tlsBlocked ? { tlsBlocked } : {}),
      matchingAttribute: config.matchingAttribute,
      ...(config.mapping ? { mapping: config.mapping } : {}),
      mappingMode: config.mappingMode,
    };
    const journal = new Journal(runDir);
    stop = new RunStop(runDir, deadlineAt, (reason: StopReason) =>
      errorOut(`\n${reason === 'deadline' ? `The run's deadline (--deadline ${config.deadlineMs} ms) was reached` : `Interrupted (${reason})`}: stopping, then deleting what this run created…`),
    );

    const allureDir = path.join(config.reportDir, REPORT_FILES.allure);
    discardOldResults = clearAllureResults(allureDir); // written after the suites, from this run's records only
    const suitesAt = performance.now();
    const cpuAtSuites = process.cpuUsage();
    recorder = new RunRecorder(runDir);
    // A replay runs only the spec file of the property it names (and, in it, only that property).
    const replaySpec = config.replayPath !== undefined ? propertySpecPattern(parseReplayPath(config.replayPath)!.checkId) : undefined;
    const only = tlsBlocked ? TLS_SPEC_PATTERN : replaySpec;
    const suites = stoppedByPreflight ? Promise.resolve(undefined) : runSuites(ctx, config.token, { limiter, recorder }, { ...(config.shard ? { shard: config.shard } : {}), ...(only !== undefined ? { only } : {}) }, { progress: io.progress === true });
    // A create in flight when the run stops gets up to this long to land in the journal.
    const suiteRun = await stop.race(suites, Math.min(config.timeoutMs, 10_000));
    stop.dispose();
    const interruptedBy = stop.reason;
    const cleanupAt = performance.now();
    const suitesCpu = process.cpuUsage(cpuAtSuites);
    // Clean-up has its own budget, and a fresh client: the run's one may be past its deadline.
    const cleanupClient = clientFor(Date.now() + cleanupBudgetMs(config));
    const cleanup = await deleteCreated(cleanupClient, journal, journal.outstanding());
    if (interruptedBy) {
      // Creates whose answer never came back are not journaled: find them by the run's exact prefix.
      const swept = await sweepRun(cleanupClient, ctx.runId, new Set(cleanup.leftovers.flatMap((l) => (l.resource.id ? [l.resource.id] : []))));
      cleanup.leftovers.push(...swept.leftovers.map((l) => ({ resource: { key: l.name, type: l.type, name: l.name, ...(l.id ? { id: l.id } : {}) }, reason: l.reason })));
    }

    const endedAt = performance.now();
    const apps = recorder.applications();
    // An interrupted jest run has no results to reconcile: the report is partial and says so.
    const internalErrors = suiteRun ? reconcile(suiteRun, apps) : [];
    if (recorder.failure) internalErrors.push(recorder.failure);
    // Recorded by the runner, after reconciling jest's own results: no test ran for these.
    // Sharded, the first shard records them (the TLS spec is one file, so it runs in one shard only).
    if (tlsBlocked && tlsProbe && suiteRun && (config.shard?.index ?? 1) === 1) apps.push(...blockedByTls(tlsProbe, tlsBlocked, config.profiles, config.grep));
    if (stoppedByPreflight && (config.shard?.index ?? 1) === 1) {
      apps.push(...tested!.applications);
      for (const { test, attachment } of tested!.attachments) recorder.attach(test, attachment);
    }
    retries.count += recorder.retries.count;
    retries.waitedMs += recorder.retries.waitedMs;
    const selection: Selection = {
      clients: config.clients,
      profiles: config.profiles,
      ...(config.grep !== undefined ? { grep: config.grep } : {}),
      ...(config.shard ? { shard: config.shard } : {}),
      ...(config.runs !== undefined ? { runs: config.runs } : {}),
      ...(config.replayPath !== undefined ? { replayPath: config.replayPath } : {}),
      matchingAttribute: config.matchingAttribute,
      mapping: config.mappingMode === 'file' ? config.mapping!.file : config.mappingMode,
    };
    const summary = buildSummary(
      {
        tool: { name: 'scim-conformance', version: packageVersion() },
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
        requests: recorder.requests + cliRequests,
        retries,
        timing: { ...runTiming(limiter, { startedAt: startedAt.getTime(), suitesAt, cleanupAt, endedAt }), suitesCpuMs: Math.round((suitesCpu.user + suitesCpu.system) / 1000), processCpuMs: cpuSoFar(), ...(suiteRun ? { files: suiteRun.files } : {}) },
        ...(interruptedBy ? { interrupted: true, interruptedBy } : {}),
        leftovers: cleanup.leftovers.map((l) => ({ type: l.resource.type, name: l.resource.name, ...(l.resource.id ? { id: l.resource.id } : {}), reason: l.reason })),
        internalErrors,
        ...(baseline ? { baseline } : {}),
        ...(tested?.preflight ? { preflight: tested.preflight } : {}),
      },
      apps,
    );
    // Zero checks applied is no verdict at all: say why instead of passing. A stopped run whose judged
    // checks already fail a gated verdict keeps that verdict (more time cannot make it pass); otherwise
    // what it did not judge leaves it without one.
    const nothing = interruptedBy
      ? summary.verdict === 'failed'
        ? undefined
        : `the run was ${interruptedBy === 'deadline' ? `stopped by its deadline (--deadline ${config.deadlineMs} ms)` : `interrupted (${interruptedBy})`} before it judged every check, and nothing it judged fails a gated verdict; the report is partial`
      : tlsBlocked && config.shard && config.shard.index > 1 && apps.length === 0
        ? `the run cannot connect securely (${tlsBlocked}); shard 1 reports the connection and the checks it blocks`
        : stoppedByPreflight
          ? undefined
          : nothingApplied(summary, apps, suiteRun!, config);
    if (nothing) {
      summary.notJudged = nothing;
      summary.verdict = 'error';
    }
    for (const unwritten of writeReports(config.reportDir, summary, apps, redactor, { attachmentsOf: (test) => recorder!.attachments(test) })) harnessError(summary, unwritten);
    await reportToAllureRuntime(summary, apps, (test) => recorder!.attachments(test), redactor); // steps of the caller's Allure test, if any
    printSummary(summary, redactor, out, errorOut, config.reporter);
    if (summary.leftovers.length > 0) out(`Delete them with: scim-conformance sweep --url ${baseUrl} --run-id ${ctx.runId}   (token from SCIM_TOKEN; deletes only names starting with ${runPrefix(ctx.runId)})`);
    out(`Reports: ${shown(path.join(config.reportDir, REPORT_FILES.html))}, ${REPORT_FILES.summary}, ${REPORT_FILES.junit}, ${REPORT_FILES.allure}/`);
    return summary;
  } finally {
    stop?.release();
    recorder?.close();
    discardOldResults?.();
    await server?.close();
    removeRunDir();
    process.removeListener('exit', removeRunDir);
  }
}

/** The run's timing from the limiter's record and the phase marks (performance.now() values, but startedAt: epoch ms). */
function runTiming(limiter: RunLimiter, marks: { startedAt: number; suitesAt: number; cleanupAt: number; endedAt: number }): Omit<RunTiming, 'suitesCpuMs'> {
  const t = limiter.timing();
  const r = (ms: number) => Math.round(ms);
  // performance.now() and Date.now() share no origin: the start-up phase is measured back from now.
  const wallMs = Date.now() - marks.startedAt;
  const startupMs = wallMs - (performance.now() - marks.suitesAt);
  return {
    concurrency: limiter.concurrency,
    ...(limiter.maxRps !== undefined ? { maxRps: limiter.maxRps } : {}),
    maxInFlight: t.maxInFlight,
    maxPerSecond: t.maxPerSecond,
    attempts: t.requests,
    wallMs,
    phases: { startupMs: r(startupMs), suitesMs: r(marks.cleanupAt - marks.suitesAt), cleanupMs: r(marks.endedAt - marks.cleanupAt) },
    endpointMs: r(t.endpointBusyMs),
    harnessMs: r(Math.max(0, wallMs - t.endpointBusyMs)),
    requestMs: r(t.requestMs),
    queuedMs: r(t.queuedMs),
    throttledMs: r(t.throttledMs),
    criticalPath: criticalPath(t.chains),
    slowest: t.slowest,
    ...(t.suites ? { traffic: { requests: t.suites.requests, wallMs: r(t.suites.wallMs), cpuMs: r(t.suites.cpuMs) } } : {}),
  };
}

/** This process's CPU time (user + system) since it started, in ms. */
function cpuSoFar(): number {
  const { user, system } = process.cpuUsage();
  return Math.round((user + system) / 1000);
}

/** Chains are "<spec file>|<name>"; requests of no chain (the CLI's own) are under "". */
export function criticalPath(chains: Record<string, number>): RunTiming['criticalPath'] {
  const longestByFile = new Map<string, number>();
  let longestChain = { chain: '', requests: 0 };
  for (const [chain, requests] of Object.entries(chains)) {
    if (chain === '') continue;
    const file = chain.split('|')[0]!;
    longestByFile.set(file, Math.max(longestByFile.get(file) ?? 0, requests));
    if (requests > longestChain.requests) longestChain = { chain, requests };
  }
  const cliRequests = chains[''] ?? 0;
  return { requests: cliRequests + [...longestByFile.values()].reduce((a, b) => a + b, 0), longestChain, cliRequests, longestByFile: Object.fromEntries(longestByFile) };
}

/** Found after the summary was built: the run cannot be judged, whatever its checks said. */
export function harnessError(summary: Summary, message: string): void {
  summary.internalErrors.push(message);
  summary.verdict = 'error';
}

/** Why a run judged nothing in the verdicts it gates on, or undefined when it judged something. */
function nothingApplied(summary: Summary, apps: readonly CheckApplication[], suiteRun: SuiteRunResult, config: Config): string | undefined {
  if (suiteRun.suiteFiles === 0) return `no conformance suites were found (no *.spec.ts or *.spec.js under ${path.join(PACKAGE_ROOT, 'specs')}); the installation is incomplete`;
  if (config.shard && suiteRun.suitesRun === 0) {
    return `shard ${config.shard.index}/${config.shard.count} holds no suite: there are ${suiteRun.suiteFiles} suite files, so use at most ${suiteRun.suiteFiles} shards`;
  }
  if (suiteRun.suitesRun === 0) return `jest ran none of the ${suiteRun.suiteFiles} suite files under ${path.join(PACKAGE_ROOT, 'specs')} (an installation jest does not search, such as one under node_modules?)`;
  // A shard judges part of a run: it needs to have judged something, not something of every gated verdict.
  const gated = (Object.keys(summary.verdicts) as Area[]).filter((a) => config.shard || summary.verdicts[a].gates);
  if (gated.some((a) => summary.verdicts[a].verdict !== 'not-run')) return undefined;
  // Judged, but on evidence no verdict gates on (an UNVERIFIED request shape, a capability probe): reported, not an error.
  if (summary.checks.some((c) => c.status !== 'skipped' && Object.keys(c.verdictLevels).length === 0)) return undefined;
  if (config.grep !== undefined && apps.length === 0) return `--grep ${JSON.stringify(config.grep)} matched no check`;
  const what = config.gate === 'all' ? 'no check' : `no check of the ${config.gate} verdict (--gate ${config.gate})`;
  const skipped = apps.find((a) => a.status === 'skipped' && a.reason)?.reason;
  return `${what} was applied${skipped ? `: every selected check was skipped (${skipped})` : ''}`;
}
