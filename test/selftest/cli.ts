// Runs the real CLI (bin/scim-conformance.js) in a child process, the way a user or CI does.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Summary } from '../../src/report/summary';

export const PACKAGE_ROOT = path.resolve(__dirname, '..', '..');
const BIN = path.join(PACKAGE_ROOT, 'bin', 'scim-conformance.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  reportDir: string;
  summary?: Summary;
}

/** Environment without any SCIM_* setting of the developer's, so runs are reproducible. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('SCIM_') && !k.startsWith('SCIMC_')) env[k] = v;
  return env;
}

export function runCli(args: readonly string[], options: { cwd?: string; reportDir?: string; packageRoot?: string; onSpawn?: (child: ChildProcess) => void } = {}): Promise<CliRun> {
  const reportDir = options.reportDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'scimc-selftest-'));
  return new Promise((resolve, reject) => {
    const bin = options.packageRoot ? path.join(options.packageRoot, 'bin', 'scim-conformance.js') : BIN;
    // A subcommand (merge, sweep) stays the first argument.
    const argv = args[0] !== undefined && /^[a-z]/.test(args[0]) ? [args[0], '--report-dir', reportDir, ...args.slice(1)] : ['--report-dir', reportDir, ...args];
    const child = spawn(process.execPath, [bin, ...argv], { cwd: options.cwd ?? PACKAGE_ROOT, env: cleanEnv() });
    options.onSpawn?.(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const file = path.join(reportDir, 'summary.json');
      const summary = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Summary) : undefined;
      resolve({ code, stdout, stderr, reportDir, ...(summary ? { summary } : {}) });
    });
  });
}

/** Every file under a folder, with its content as text. */
export function readTree(dir: string): Array<{ file: string; text: string }> {
  const out: Array<{ file: string; text: string }> = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    out.push({ file, text: fs.readFileSync(file, 'latin1') });
  }
  return out;
}

/**
 * A copy of the package (its node_modules linked) that a test may sabotage: add a broken spec,
 * remove the suites. The CLI run from it uses the copy's specs and sources.
 */
export function copyPackage(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'scimc-copy-'));
  for (const entry of ['src', 'specs', 'fixtures', 'bin', 'package.json', 'tsconfig.json', '.swcrc']) {
    fs.cpSync(path.join(PACKAGE_ROOT, entry), path.join(root, entry), { recursive: true });
  }
  fs.symlinkSync(path.join(PACKAGE_ROOT, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  return root;
}

/**
 * How a variation matrix runs a scope (the verdicts a variation must leave clean): the clients whose
 * verdict it holds are replayed (Entra alone for an RFC-only scope: the RFC suite runs with any client).
 * --gate names one verdict or all: a scope of both clients without the RFC gates Entra's, and the caller
 * holds Okta's to no MUST failure from the summary's rows.
 */
export function scopeFlags(scope: ReadonlyArray<'entra' | 'okta' | 'rfc'>): string[] {
  const clients = scope.filter((v) => v !== 'rfc');
  const client = clients.length === 0 ? 'entra' : clients.length === 1 ? clients[0]! : 'all';
  const gate = scope.length === 1 ? scope[0]! : scope.includes('rfc') ? 'all' : 'entra';
  return ['--client', client, '--gate', gate];
}
