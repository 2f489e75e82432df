// `scim-conformance scale`: the load replay of Entra's initial cycle, or of Okta's initial push and
// import. The scale flags are read here; every other flag (--url, --token, --client, --profile,
// --report-dir, --timeout, --seed, --server-faults, …)
// goes through the conformance run's configuration (config.ts), so the precedence (flags >
// environment > .env > config file) and the token handling are the same. Exit 0 when every threshold
// and correctness check holds, 1 when one does not, 2 on bad input or a harness error.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { ConfigError, loadConfig, readEnvironment, type Config } from '../config';
import { ScimClient } from '../http/client';
import { Redactor } from '../http/redact';
import { CLIENT_PROFILES, CLIENT_TITLES, clientOf, PROFILES, type Profile } from '../profiles';
import { terminalText } from '../report/terminal';
import { reportDirProblem } from '../report/write';
import { fetchDiscovery } from '../runner/discovery';
import { loadBodies } from '../sequences/fixtures';
import type { ReferenceServer } from '../server';
import { startTarget } from '../runner/target';
import { exportArtillery } from './artillery/export';
import { Progress } from './progress';
import { isEntraPlan, SCALE_DEFAULTS, totalPlanned, validateScaleOptions, type ScaleOptions } from './plan';
import { kindsFailingFirst, writeScaleReports } from './report';
import type { KindSummary } from './metrics';
import { ScaleRun, type ScaleResult } from './run';
import { applicableThresholds, parseThreshold, thresholdOrigin, ThresholdError, type Threshold } from './thresholds';

export const SCALE_EXIT = { passed: 0, failed: 1, usage: 2 } as const;

export const SCALE_USAGE = [
  'Usage: scim-conformance scale --users N [--groups M] [--members-per-group K] [--concurrency C] [--max-rps R]',
  '                              [--duration TIME] [--threshold EXPR]... [--member-batch B] [--report-dir D] [run options]',
  '',
  "Replays Entra's initial provisioning cycle at scale (lookup and create every user and group, add the",
  'memberships), then an incremental wave (read-then-PATCH updates, disables, deletes), reads a sample back and',
  'judges it with the conformance checks, and deletes everything it created. With --client okta it replays',
  "Okta's initial push (lookup and create, members pushed), Okta's import of every user and group page by page",
  '(each created one must be read exactly once), then GET-then-PUT updates, deactivations and group deletes.',
  '',
  '  --users N               users to provision (required)',
  '  --groups M              groups to provision (default 0)',
  '  --members-per-group K   members added to each group (default 0; at most N)',
  '  --concurrency C         requests in flight (default 8)',
  '  --max-rps R             pace requests to at most R per second (default: unpaced)',
  '  --duration TIME         time budget of the load (e.g. 90s, 5m); when it passes the run stops, cleans up and',
  '                          reports what ran (exit 2 unless a threshold already failed)',
  '  --threshold EXPR        pass/fail criterion, repeatable: p95<500ms, errors<0.1%, rps>=25, throttled<1%,',
  '                          max<60s, or per request kind: user.create:p95<800ms. The defaults errors<0.1%,',
  '                          max<60s and (Entra only) rps>=25 always apply (docs/scale.md gives the sources); a',
  '                          --threshold on the same metric without a kind replaces that default (errors<1%)',
  `  --member-batch B        members per add-members PATCH (default ${SCALE_DEFAULTS.memberBatch}; Entra's and Okta's batch sizes are UNVERIFIED)`,
  '  --sample N              users read back and checked (default 100; groups: N/5)',
  '  --export-artillery DIR  write the same scenario as an Artillery 2.x script into DIR and exit, sending nothing',
  '                          (needs --url; Entra only; the token is read from SCIM_TOKEN when Artillery runs, never written)',
  '',
  'Run options shared with the conformance run: --url, --token, --client (one: entra or okta), --profile (one;',
  'default: entra, okta-aiw for --client okta), --report-dir, --timeout, --seed, --allow-http, --server-faults,',
  '--server-variations, --config. Without --url the embedded reference server is the target.',
  'Exit codes: 0 every threshold and check holds; 1 one does not; 2 bad input, a harness error, or a stopped run.',
].join('\n');

export interface ScaleInvocation {
  config: Config;
  options: ScaleOptions;
  concurrency: number;
  maxRps?: number;
  durationMs?: number;
  thresholds: Threshold[];
  configFile?: string;
  /** --export-artillery: write the scenario for Artillery into this folder instead of running it. */
  exportDir?: string;
}

const SCALE_FLAGS = ['users', 'groups', 'members-per-group', 'concurrency', 'max-rps', 'duration', 'threshold', 'member-batch', 'sample', 'export-artillery'] as const;
type ScaleFlag = (typeof SCALE_FLAGS)[number];

function wholeNumber(flag: string, raw: string, min: number, max: number): number {
  const v = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || v < min || v > max) throw new ConfigError(`--${flag} must be a whole number from ${min} to ${max} (got "${raw}")`);
  return v;
}

function duration(raw: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/i.exec(raw.trim());
  const ms = m ? Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? 's').toLowerCase() as 's'] : NaN;
  if (!Number.isFinite(ms) || ms < 1000 || ms > 86_400_000) throw new ConfigError(`--duration must be between 1s and 24h, like 90s, 5m or 1h (got "${raw}")`);
  return Math.round(ms);
}

/** Splits the scale flags from the run options and validates both (ConfigError on bad input). */
export function parseScaleArgs(argv: readonly string[], env: Record<string, string | undefined>, cwd: string): ScaleInvocation | 'help' {
  const scale = new Map<ScaleFlag, string[]>();
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--help' || a === '-h') return 'help';
    const m = /^--([a-z-]+)(?:=(.*))?$/s.exec(a);
    if (m && (SCALE_FLAGS as readonly string[]).includes(m[1])) {
      const value = m[2] ?? argv[++i];
      if (value === undefined || (m[2] === undefined && value.startsWith('--'))) throw new ConfigError(`--${m[1]} needs a value`);
      const list = scale.get(m[1] as ScaleFlag) ?? [];
      if (list.length > 0 && m[1] !== 'threshold') throw new ConfigError(`--${m[1]} given twice`);
      list.push(value);
      scale.set(m[1] as ScaleFlag, list);
    } else rest.push(a);
  }
  const invocation = loadConfig(rest, env, cwd);
  if (invocation.kind !== 'run') throw new ConfigError('scale takes no --help-faults, --help-variations or --version; run scim-conformance --help');
  const config = invocation.config;
  if (config.grep !== undefined || config.shard !== undefined || config.replayPath !== undefined || config.runs !== undefined || config.baselineFile !== undefined) {
    throw new ConfigError('--grep, --shard, --replay-path, --runs and --baseline belong to the conformance run, not to scale');
  }
  const one = (f: ScaleFlag) => scale.get(f)?.[0];
  if (one('users') === undefined) throw new ConfigError('scale needs --users N');
  const users = wholeNumber('users', one('users')!, 1, 1_000_000);
  const groups = one('groups') !== undefined ? wholeNumber('groups', one('groups')!, 0, 100_000) : 0;
  const membersPerGroup = one('members-per-group') !== undefined ? wholeNumber('members-per-group', one('members-per-group')!, 0, 1_000_000) : 0;
  const concurrency = one('concurrency') !== undefined ? wholeNumber('concurrency', one('concurrency')!, 1, 1024) : 8;
  const maxRps = one('max-rps') !== undefined ? wholeNumber('max-rps', one('max-rps')!, 1, 1_000_000) : undefined;
  const memberBatch = one('member-batch') !== undefined ? wholeNumber('member-batch', one('member-batch')!, 1, 1000) : SCALE_DEFAULTS.memberBatch;
  const sample = one('sample') !== undefined ? wholeNumber('sample', one('sample')!, 0, 1_000_000) : SCALE_DEFAULTS.verifyUsers;
  const durationMs = one('duration') !== undefined ? duration(one('duration')!) : undefined;
  const exportDir = one('export-artillery') !== undefined ? path.resolve(cwd, one('export-artillery')!) : undefined;
  // The embedded server lives only as long as this process: an exported script needs a real target.
  if (exportDir !== undefined && config.target.kind !== 'url') throw new ConfigError('--export-artillery needs --url: the script targets your endpoint, not the embedded reference server');

  // One client and one request shape per scale run: the profile named, the URL's flag, or the client's
  // first profile (Entra's default job; Okta's App Integration Wizard app).
  const profileGiven = rest.some((a) => a === '--profile' || a.startsWith('--profile=')) || (env.SCIM_PROFILE ?? '') !== '';
  let profile: Profile;
  if (config.profiles.length === 1) profile = config.profiles[0];
  else if (profileGiven) throw new ConfigError(`scale replays one request-shape profile: choose one of ${PROFILES.join(', ')} with --profile`);
  else if (config.clients.length === 1) profile = CLIENT_PROFILES[config.clients[0]][0];
  else throw new ConfigError(`scale replays one client's traffic: choose --client ${config.clients.join(' or --client ')}`);

  let thresholds: Threshold[];
  try {
    thresholds = applicableThresholds((scale.get('threshold') ?? []).map(parseThreshold), maxRps, clientOf(profile));
  } catch (err) {
    if (err instanceof ThresholdError) throw new ConfigError(err.message);
    throw err;
  }
  const options: ScaleOptions = {
    ...SCALE_DEFAULTS,
    users,
    groups,
    membersPerGroup,
    profile,
    memberBatch,
    verifyUsers: sample,
    verifyGroups: Math.max(sample > 0 ? 1 : 0, Math.round(sample / 5)),
    runId: randomBytes(4).toString('hex'),
    seed: config.seed,
  };
  const problems = validateScaleOptions(options);
  if (problems.length > 0) throw new ConfigError(problems.join('; '));
  if (exportDir !== undefined && !isEntraPlan(options)) throw new ConfigError(`--export-artillery replays Entra's cycle only, not ${CLIENT_TITLES[clientOf(profile)]}'s (profile ${profile}): Okta's import reads every user of the run page by page, which Artillery's self-contained units cannot share`);
  return { config, options, concurrency, ...(maxRps !== undefined ? { maxRps } : {}), ...(durationMs !== undefined ? { durationMs } : {}), thresholds, ...(invocation.configFile ? { configFile: invocation.configFile } : {}), ...(exportDir !== undefined ? { exportDir } : {}) };
}

export interface ScaleIO {
  out: (line: string) => void;
  err: (line: string) => void;
  /** A TTY gets a live progress bar; anything else one plain line every few seconds. */
  isTTY: boolean;
}

/** The subcommand: parses, runs, prints, writes the reports; returns the exit code. */
export async function scaleMain(argv: readonly string[], env: NodeJS.ProcessEnv, cwd: string, io: ScaleIO): Promise<number> {
  let inv: ScaleInvocation | 'help';
  try {
    inv = parseScaleArgs(argv, readEnvironment(env, cwd), cwd);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    io.err(terminalText(`scim-conformance scale: ${err.message}\nRun scim-conformance scale --help for the options.`));
    return SCALE_EXIT.usage;
  }
  if (inv === 'help') {
    io.out(SCALE_USAGE);
    return SCALE_EXIT.passed;
  }
  if (inv.exportDir !== undefined && inv.config.target.kind === 'url') {
    try {
      const { files } = exportArtillery({ ...inv.options, dir: inv.exportDir, baseUrl: inv.config.target.baseUrl, concurrency: inv.concurrency, ...(inv.maxRps !== undefined ? { maxRps: inv.maxRps } : {}), thresholds: inv.thresholds });
      io.out(terminalText(`Artillery scenario written to ${inv.exportDir} (${files.length} files); run it with: SCIM_TOKEN=… npx artillery run ${path.join(inv.exportDir, 'scim-scale.json')}`));
      io.out(terminalText(`It exits 1 unless these hold (as ensure conditions): ${inv.thresholds.map((t) => `${t.text} (${thresholdOrigin(t)})`).join(', ')}, and every read-back and identity read matches.`));
      return SCALE_EXIT.passed;
    } catch (err) {
      io.err(terminalText(`scim-conformance scale: cannot export the Artillery scenario: ${err instanceof Error ? err.message : String(err)}`));
      return SCALE_EXIT.usage;
    }
  }
  let result: ScaleResult;
  try {
    result = await runScale(inv, io);
  } catch (err) {
    if (!(err instanceof ScaleRunError)) throw err;
    io.err(terminalText(`scim-conformance scale: ${err.message}`));
    return SCALE_EXIT.usage;
  }
  return result.verdict === 'passed' ? SCALE_EXIT.passed : result.verdict === 'failed' ? SCALE_EXIT.failed : SCALE_EXIT.usage;
}

/** A scale run that could not start (unreachable target, unusable report folder): exit 2. */
export class ScaleRunError extends Error {}

/** Starts the target (embedded server or URL), runs the scenario, prints and writes the reports. */
export async function runScale(inv: ScaleInvocation, io: ScaleIO): Promise<ScaleResult> {
  const { config, options } = inv;
  const redactor = new Redactor([config.token]);
  const out = (line = '') => io.out(terminalText(redactor.text(line)));
  const unusable = reportDirProblem(config.reportDir);
  if (unusable) throw new ScaleRunError(`${unusable}; choose another --report-dir`);
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scim-conformance-scale-'));
  let server: ReferenceServer | undefined;
  // The first Ctrl-C stops the load and lets clean-up run; a second one ends the process at once.
  let interrupts = 0;
  const sigint = () => {
    if (++interrupts > 1) process.exit(130);
    io.err('\nInterrupted: stopping the load, then deleting what this run created (Ctrl-C again to quit now, leaving them)…');
    run?.interrupt();
  };
  let run: ScaleRun | undefined;
  try {
    const target = await startTarget(config);
    server = target.server;
    const baseUrl = target.baseUrl;
    const switches = config.target.kind === 'embedded' ? [...config.target.faults.map((f) => `fault ${f}`), ...config.target.variations.map((v) => `variation ${v}`)] : [];
    if (inv.configFile) out(`config file: ${path.relative(process.cwd(), inv.configFile) || inv.configFile}`);
    out(`scim-conformance scale → ${baseUrl}${config.target.kind === 'embedded' ? ` (embedded reference server${switches.length ? `; ${switches.join(', ')}` : ''})` : ''}`);
    out(
      `run ${options.runId} (names start scimc-${options.runId}-s): ${options.users} users, ${options.groups} groups × ${options.membersPerGroup} members (batches of ${options.memberBatch}); profile ${options.profile}; concurrency ${inv.concurrency}${inv.maxRps ? `; max ${inv.maxRps} rps` : ''}${inv.durationMs ? `; duration ${inv.durationMs / 1000}s` : ''}; seed ${options.seed}`,
    );
    out(`thresholds: ${inv.thresholds.map((t) => `${t.text} (${thresholdOrigin(t)})`).join(', ')}; without a kind they judge the replayed ${CLIENT_TITLES[clientOf(options.profile)]} traffic`);
    const client = new ScimClient({ baseUrl, token: config.token, timeoutMs: config.timeoutMs, maxResponseBytes: config.maxResponseBytes, redactor });
    const reach = await client.send({ method: 'GET', path: '/Users', auth: 'none', label: 'reachability' });
    if (!reach.response) throw new ScaleRunError(`cannot reach ${baseUrl} (${reach.error?.code}: ${reach.error?.message}). Check the URL, the network path and TLS; nothing was sent.`);
    const discovery = await fetchDiscovery(client);
    const bodies = loadBodies('entra');
    const total = totalPlanned(options);
    run = new ScaleRun({
      plan: options,
      bodies,
      baseUrl,
      token: config.token,
      timeoutMs: config.timeoutMs,
      maxResponseBytes: config.maxResponseBytes,
      concurrency: inv.concurrency,
      ...(inv.maxRps !== undefined ? { maxRps: inv.maxRps } : {}),
      ...(inv.durationMs !== undefined ? { durationMs: inv.durationMs } : {}),
      thresholds: inv.thresholds,
      runDir,
      discovery,
      onPhase: (p) => progress.phase(p),
    });
    const current = run;
    const progress = new Progress(total, () => current.completed, io.isTTY, io.err);
    process.on('SIGINT', sigint);
    progress.start();
    let result: ScaleResult;
    try {
      result = await run.run();
    } finally {
      progress.stop();
    }
    printResult(result, out);
    const written = writeScaleReports(config.reportDir, result, { target: baseUrl, targetKind: config.target.kind, switches, concurrency: inv.concurrency, ...(inv.maxRps !== undefined ? { maxRps: inv.maxRps } : {}), options }, redactor);
    for (const problem of written.problems) {
      result.harnessErrors.push(problem);
      result.reasons.push(problem);
      if (result.verdict === 'passed') result.verdict = 'error';
    }
    out(`Reports: ${written.files.map((f) => path.relative(process.cwd(), f) || f).join(', ')}`);
    out(`Verdict: ${result.verdict === 'error' ? 'ERROR (see above; exit 2)' : result.verdict.toUpperCase()}`);
    return result;
  } finally {
    process.removeListener('SIGINT', sigint);
    await server?.close();
    fs.rmSync(runDir, { recursive: true, force: true });
  }
}

function printResult(r: ScaleResult, out: (line?: string) => void): void {
  const ms = (v: number) => `${v.toFixed(v < 10 ? 2 : 0)}ms`;
  out('');
  out(`${'kind'.padEnd(24)} ${'count'.padStart(7)} ${'rps'.padStart(8)} ${'p50'.padStart(9)} ${'p95'.padStart(9)} ${'p99'.padStart(9)} ${'max'.padStart(9)} ${'errors'.padStart(7)} ${'429'.padStart(5)}  statuses`);
  const row = (name: string, k: Omit<KindSummary, 'kind'>) =>
    `${name.padEnd(24)} ${String(k.count).padStart(7)} ${k.rps.toFixed(1).padStart(8)} ${ms(k.latencyMs.p50).padStart(9)} ${ms(k.latencyMs.p95).padStart(9)} ${ms(k.latencyMs.p99).padStart(9)} ${ms(k.latencyMs.max).padStart(9)} ${String(k.errors).padStart(7)} ${String(k.throttled).padStart(5)}`;
  for (const k of kindsFailingFirst(r.kinds)) {
    out(`${row(k.kind, k)}  ${Object.entries(k.statuses).map(([s, n]) => `${s}×${n}`).join(' ')}${Object.keys(k.transportErrors).length ? ' ' + Object.entries(k.transportErrors).map(([c, n]) => `${c}×${n}`).join(' ') : ''}`);
  }
  out(row(`${clientOf(r.profile) === 'okta' ? 'Okta' : 'Entra'} traffic (replayed)`, r.replayed));
  out(row('all', r.overall));
  const o = r.overall;
  out(`${r.sent} of ${r.plannedTotal} planned requests in ${(r.durationMs / 1000).toFixed(1)} s; ${r.usersPerSecond} users/s provisioned${o.retries > 0 ? `; ${o.retries} retries after 429/503, ${(o.retryWaitMs / 1000).toFixed(1)} s waited (Retry-After honoured, bounded)` : ''}`);
  for (const [kind, list] of Object.entries(r.errorSamples)) {
    const first = list?.[0];
    // The body (after the headers' blank line) says why; the report has the whole exchange and a curl line.
    const body = first ? first.response.split('\n\n').slice(1).join(' ').replace(/\s+/g, ' ').slice(0, 300) : '';
    if (first) out(`First failed ${kind}: ${first.request}${body ? `\n  ${body}` : ''}`);
  }
  out('');
  out(`Correctness under load (sampled read-backs judged by the conformance checks${clientOf(r.profile) === 'okta' ? "; Okta's import, every user and group once" : ''}):`);
  for (const c of r.correctness) {
    const n = c.counts;
    out(`  ${c.id}: ${n.passed} passed, ${n.failed} failed, ${n.blocked} blocked, ${n.skipped} skipped${n.error ? `, ${n.error} harness errors` : ''}`);
    for (const f of c.failures.slice(0, 2)) out(`    ${f.subject}: ${f.request}\n      ${(f.expected ? `Expected: ${f.expected}\nReceived: ${f.received}` : (f.reason ?? '')).replace(/\n/g, '\n      ')}`);
  }
  out(`Thresholds (without a kind: the replayed ${CLIENT_TITLES[clientOf(r.profile)]} traffic, rps over its phases):`);
  for (const t of r.thresholds) out(`  ${t.passed ? '✓' : '✗'} ${t.text} (observed ${t.observedText}; ${thresholdOrigin(t)})`);
  out(`Clean-up: ${r.cleanup.deleted} deleted, ${r.cleanup.leftovers.length} left${r.cleanup.leftovers.length ? `: ${r.cleanup.leftovers.slice(0, 5).map((l) => `${l.type} ${l.name}${l.id ? ` (${l.id})` : ''}: ${l.reason}`).join('; ')}` : ''}`);
  if (r.cleanup.leftovers.length > 0) out(`Delete them with: scim-conformance sweep --url URL --run-id ${r.runId}`);
  for (const reason of r.reasons) out(`! ${reason}`);
}
