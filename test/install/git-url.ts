// npm run test:install (CI runs it in .ci/run): scim-conformance installed from a git URL, the way
// `npm install --save-dev git+https://…/scim-conformance.git#<tag>` installs it. npm clones the
// repository, installs its devDependencies in the clone, runs `prepare` (scripts/build-dist.js builds
// dist/), packs the clone and installs that into the project. CI reaches no git host, so the URL is a
// git+file:// URL of this checkout's repository at its HEAD commit (what was committed, as a vendor
// would get it). The project is a new folder with only its own package.json, in the environment of a
// new shell (test/selftest/quickstart.ts); the installed CLI then runs against its embedded server, once
// clean (exit 0) and once with a fault (exit 1).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PACKAGE_ROOT } from '../selftest/cli';
import { freshEnv, sh } from '../selftest/quickstart';

async function main(): Promise<number> {
  const commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: PACKAGE_ROOT, encoding: 'utf8' }).trim();
  const url = `git+file://${PACKAGE_ROOT}#${commit}`;
  const project = fs.mkdtempSync(path.join(os.tmpdir(), 'scimc-git-install-'));
  fs.writeFileSync(path.join(project, 'package.json'), `${JSON.stringify({ name: 'my-project', version: '1.0.0', private: true }, null, 2)}\n`);
  const env = freshEnv();
  const results: Array<{ name: string; ok: boolean; detail: string }> = [];
  const check = (name: string, ok: boolean, detail = '') => {
    results.push({ name, ok, detail });
    process.stdout.write(`${ok ? '✓' : '✗'} ${name}${ok || !detail ? '' : `\n${detail}`}\n`);
  };
  try {
    process.stdout.write(`installing ${url} into ${project}\n`);
    const started = Date.now();
    const install = await sh('npm', ['install', '--save-dev', url], project, env);
    check(`npm install --save-dev git+file://… exits 0 (${Math.round((Date.now() - started) / 1000)} s)`, install.code === 0, install.stderr.slice(-3000));
    const installed = path.join(project, 'node_modules', 'scim-conformance');
    check('prepare built dist/ in the installed package', fs.existsSync(path.join(installed, 'dist', 'src', 'cli.js')) && fs.existsSync(path.join(installed, 'dist', 'fixtures', 'schemas')));
    check('the installed package holds no TypeScript sources', !fs.existsSync(path.join(installed, 'src')));
    const clean = await sh('npx', ['scim-conformance', '--grep', 'entra\\.users\\.(create|lookup)\\.', '--report-dir', 'reports-clean'], project, env);
    check('npx scim-conformance: READY, exit 0', clean.code === 0 && clean.stdout.includes('Entra provisioning: READY'), clean.stdout.slice(-2000) + clean.stderr.slice(-2000));
    const fault = await sh('npx', ['scim-conformance', '--server-faults', 'active-string-rejected', '--grep', 'entra\\.users\\.(patch|disable)\\.', '--report-dir', 'reports-fault'], project, env);
    check('npx scim-conformance --server-faults active-string-rejected: NOT READY, exit 1', fault.code === 1 && fault.stdout.includes('Entra provisioning: NOT READY'), fault.stdout.slice(-2000) + fault.stderr.slice(-2000));
  } finally {
    fs.rmSync(project, { recursive: true, force: true });
  }
  const failed = results.filter((r) => !r.ok).length;
  process.stdout.write(`git-url: ${results.length - failed} passed, ${failed} failed\n`);
  return failed === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  },
);
