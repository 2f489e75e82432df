// scim-conformance: the command line, a thin layer over the API (src/api.ts): parses the options,
// prints to the console and exits 0 / 1 / 2 (design.md §1, CLI contract). `merge` combines shard
// reports, `diff` compares two runs, `sweep` deletes what an interrupted run left behind.
import fs from 'node:fs';
import path from 'node:path';
import { execute, harnessError, RunError } from './api';
import { ConfigError, loadConfig, readEnvironment, usage, type Config } from './config';
import { ScimClient } from './http/client';
import { Redactor } from './http/redact';
import { mergeAllureResults } from './report/allure';
import { printSummary } from './report/console';
import { mergeReports } from './report/merge';
import { diffRuns, formatDiff, readSummary } from './report/diff';
import type { Summary } from './report/summary';
import { terminalText, terminalValue } from './report/terminal';
import { REPORT_FILES, writeReports } from './report/write';
import { SIGNAL_EXIT } from './runner/interrupt';
import { packageVersion } from './runner/jest-run';
import { runPrefix, sweepRun } from './sequences/sweep';
import { FAULTS } from './server/faults';
import { VARIATION_SCOPE, VARIATIONS, type VariationName } from './server/variations';

export const EXIT = { passed: 0, failed: 1, usage: 2 } as const;


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

export async function main(argv: readonly string[], env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Promise<number> {
  if (argv[0] === 'merge') return merge(argv.slice(1), cwd);
  if (argv[0] === 'diff') return diff(argv.slice(1), cwd);
  if (argv[0] === 'sweep') return sweep(argv.slice(1), env, cwd);
  // Loaded only for scale mode: its modules (undici, the HTML report's assets) cost a conformance run ~0.5 s of start-up.
  if (argv[0] === 'scale') return (await import('./scale/cli')).scaleMain(argv.slice(1), env, cwd, { out, err: errorOut, isTTY: process.stderr.isTTY === true });
  let config: Config;
  try {
    const invocation = loadConfig(argv, readEnvironment(env, cwd), cwd);
    if (invocation.kind === 'help') return out(usage()), EXIT.passed;
    if (invocation.kind === 'version') return out(packageVersion()), EXIT.passed;
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
    if (invocation.configFile) out(`config file: ${shown(invocation.configFile)}`);
  } catch (err) {
    if (err instanceof ConfigError) {
      errorOut(`scim-conformance: ${err.message}\nRun scim-conformance --help for the options.`);
      return EXIT.usage;
    }
    throw err;
  }
  return run(config);
}

/** A run: the API's execute() with the console as its output, and the summary's verdict as the exit code. */
async function run(config: Config): Promise<number> {
  let summary: Summary;
  try {
    summary = await execute(config, { out, err: errorOut, progress: config.reporter === 'default' });
  } catch (err) {
    if (!(err instanceof RunError)) throw err;
    errorOut(`scim-conformance: ${err.message}`);
    return EXIT.usage;
  }
  const interruptedBy = summary.interruptedBy;
  return interruptedBy && interruptedBy !== 'deadline' ? SIGNAL_EXIT[interruptedBy] : EXIT_OF[summary.verdict];
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
  const client = new ScimClient({ baseUrl: (config.target as { baseUrl: string }).baseUrl, token: config.token, timeoutMs: config.timeoutMs, maxResponseBytes: config.maxResponseBytes, deadlineAt: Date.now() + config.deadlineMs, redactor, ...(config.ca ? { ca: config.ca.pem } : {}) });
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
  mergeAllureResults(
    dirs.map((d) => path.join(d, REPORT_FILES.allure)),
    merged.summary,
    path.join(outDir, REPORT_FILES.allure),
  );
  // The shards' reports are already redacted; nothing here knows the token.
  const noSecrets = new Redactor([]);
  for (const unwritten of writeReports(outDir, merged.summary, merged.apps, noSecrets)) harnessError(merged.summary, unwritten);
  out(`Merged ${dirs.length} report folder(s) into ${shown(outDir)}`);
  printSummary(merged.summary, noSecrets, out, errorOut);
  return EXIT_OF[merged.summary.verdict];
}

