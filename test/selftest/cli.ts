// Runs the real CLI (bin/scim-conformance.js) in a child process, the way a user or CI does.
import { spawn } from 'node:child_process';
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

export function runCli(args: readonly string[], options: { cwd?: string; reportDir?: string } = {}): Promise<CliRun> {
  const reportDir = options.reportDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'scimc-selftest-'));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, '--report-dir', reportDir, ...args], { cwd: options.cwd ?? PACKAGE_ROOT, env: cleanEnv() });
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
