// README's Quick start, followed as a reader follows it: the fenced block after the `<!-- quickstart`
// marker, one command a line, each expected to exit as its comment says ("(exit 1)"; 0 otherwise).
//
// The block starts in the reader's clone of this repository and goes on in their own project beside it.
// The clone's part runs in this checkout: its `npm ci` is the install this test already runs in (CI's
// .ci/run starts with it, in a fresh clone), and its `npm pack` runs as written, with the tarball sent
// to the stand-in folder of the clone (--pack-destination) so that the checkout stays clean. The
// project's part runs as written, line by line in bash, in a new folder that holds nothing but its own
// package.json: no node_modules of this repository on PATH or NODE_PATH, no npm_* variables of the
// test's own npm, no SCIM_* settings of the developer's. npm answers from its local cache where it can
// (prefer-offline) and asks the registry only for what the cache lacks.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PACKAGE_ROOT } from './cli';

export const README = path.join(PACKAGE_ROOT, 'README.md');
const MARKER = '<!-- quickstart';

export interface QuickStartLine {
  command: string;
  /** The line's comment, if any (what the reader is told to expect). */
  comment: string;
  /** The exit code the comment promises, "(exit N)"; 0 when it names none. */
  exit: number;
}

/** The Quick start's commands, in order. */
export function quickStartLines(readme: string): QuickStartLine[] {
  const at = readme.indexOf(MARKER);
  if (at < 0) throw new Error(`README.md has no ${MARKER} … --> marker before its Quick start block`);
  const m = /```sh\n([\s\S]*?)\n```/.exec(readme.slice(at));
  if (!m) throw new Error('no ```sh block after the quickstart marker');
  return m[1]!
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.trim().startsWith('#'))
    .map((line) => {
      const hash = line.search(/\s#\s/);
      const command = (hash < 0 ? line : line.slice(0, hash)).trim();
      const comment = hash < 0 ? '' : line.slice(hash).replace(/^\s*#\s*/, '').trim();
      const exit = /\(exit (\d+)\)/.exec(comment);
      return { command, comment, exit: exit ? Number(exit[1]) : 0 };
    });
}

export interface Ran extends QuickStartLine {
  cwd: string;
  code: number | null;
  stdout: string;
  stderr: string;
  /** How the line was run when not as written (the clone's part). */
  note?: string;
}

export interface QuickStart {
  /** Holds `scim-conformance/` (the clone's stand-in) and `my-project/`. */
  root: string;
  clone: string;
  project: string;
  ran: Ran[];
}

/** The environment of a new machine's shell: the test's own npm, SCIM and repository settings left out. */
export function freshEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(SCIM_|SCIMC_|npm_|NODE_PATH$|INIT_CWD$|JEST_WORKER_ID$)/.test(k)) continue;
    env[k] = v;
  }
  env.PATH = (process.env.PATH ?? '')
    .split(path.delimiter)
    .filter((p) => !path.resolve(p).startsWith(PACKAGE_ROOT + path.sep))
    .join(path.delimiter);
  Object.assign(env, { npm_config_prefer_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' });
  return env;
}

export function sh(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd, env, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? null) : 0, stdout, stderr }),
    );
  });
}

/**
 * Follows the Quick start in a new folder and returns what each line did. Stops after the first line
 * whose exit code is not the one promised (what follows it would not make sense).
 */
export async function followQuickStart(lines: readonly QuickStartLine[]): Promise<QuickStart> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'scimc-quickstart-'));
  const clone = path.join(root, 'scim-conformance');
  const project = path.join(root, 'my-project');
  fs.mkdirSync(clone);
  fs.mkdirSync(project);
  fs.writeFileSync(path.join(project, 'package.json'), `${JSON.stringify({ name: 'my-project', version: '1.0.0', private: true }, null, 2)}\n`);
  const env = freshEnv();
  const ran: Ran[] = [];
  let cwd = root;
  for (const line of lines) {
    const cd = /^cd\s+(\S+)$/.exec(line.command);
    let result: { code: number | null; stdout: string; stderr: string; note?: string };
    if (cd) {
      const to = path.resolve(cwd, cd[1]!);
      result = fs.existsSync(to) ? { code: 0, stdout: '', stderr: '' } : { code: 1, stdout: '', stderr: `cd: ${to}: no such folder` };
      if (result.code === 0) cwd = to;
    } else if (cwd === clone) {
      if (line.command === 'npm ci') {
        const installed = fs.existsSync(path.join(PACKAGE_ROOT, 'node_modules', '.package-lock.json'));
        result = { code: installed ? 0 : 1, stdout: '', stderr: installed ? '' : 'this checkout has no node_modules installed by npm ci', note: "this checkout's own npm ci" };
      } else if (line.command === 'npm pack') {
        result = { ...(await sh('npm', ['pack', '--pack-destination', clone], PACKAGE_ROOT, { ...process.env, npm_config_update_notifier: 'false' })), note: `npm pack --pack-destination ${clone}, in this checkout` };
      } else {
        result = { code: null, stdout: '', stderr: `the test does not know how to run "${line.command}" in the clone: teach test/selftest/quickstart.ts` };
      }
    } else {
      result = await sh('bash', ['-c', line.command], cwd, env);
    }
    ran.push({ ...line, cwd, ...result });
    if (result.code !== line.exit) break;
  }
  return { root, clone, project, ran };
}
