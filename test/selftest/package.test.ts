// The package as a vendor gets it, by README's Quick start as it stands: packed (prepare builds
// dist/), installed into a new project folder that has only its own package.json, and run with npx,
// a clean run and a run with a fault, with the exit codes the README promises. Then, in that project:
// the config file, and the API imported from the installed package. All from compiled JavaScript, with
// no TypeScript transform and the suites found under node_modules.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Summary } from '../../src/report/summary';
import { PACKAGE_ROOT } from './cli';
import { followQuickStart, quickStartLines, README, type QuickStart } from './quickstart';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], cwd: string): Promise<Run> {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('SCIM_') && !k.startsWith('SCIMC_')) env[k] = v;
  return new Promise((resolve) => {
    execFile(command, args, { cwd, env, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? null) : 0, stdout, stderr }),
    );
  });
}

const readSummary = (dir: string) => JSON.parse(fs.readFileSync(path.join(dir, 'summary.json'), 'utf8')) as Summary;
const pkg = JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
const TARBALL = `${pkg.name}-${pkg.version}.tgz`;

const API_SCRIPT = `
import { runConformance, startReferenceServer } from 'scim-conformance';
// The vendor's own server, started by the vendor's test (here: the reference server).
const server = await startReferenceServer({ token: 'vendor-Token-7f3a9c' });
try {
  const summary = await runConformance({ url: server.baseUrl, token: 'vendor-Token-7f3a9c', grep: 'entra\\\\.users\\\\.create', gate: 'entra' });
  process.stdout.write(JSON.stringify({ verdict: summary.verdict, entra: summary.verdicts.entra.verdict, passed: summary.totals.passed, failed: summary.totals.failed }));
} finally {
  await server.close();
}
`;

const lines = quickStartLines(fs.readFileSync(README, 'utf8'));

test("README's Quick start builds this version's tarball, installs it and runs the CLI both ways, each line saying its exit code", () => {
  expect(lines.map((l) => l.command)).toEqual(
    expect.arrayContaining(['npm ci', 'npm pack', `cp ../scim-conformance/${TARBALL} .`, `npm install --save-dev ./${TARBALL}`, 'npx scim-conformance']),
  );
  const runs = lines.filter((l) => l.command.startsWith('npx scim-conformance'));
  expect(runs.map((l) => l.exit).sort()).toEqual([0, 1]);
  for (const l of runs) expect(l.comment).toMatch(/\(exit \d\)/);
});

describe("README's Quick start, followed in a new project folder", () => {
  let qs: QuickStart;
  beforeAll(async () => {
    qs = await followQuickStart(lines);
  }, 300_000);
  afterAll(() => {
    if (qs) fs.rmSync(qs.root, { recursive: true, force: true });
  });

  test('every line exits as the README says', () => {
    const report = (r: QuickStart['ran'][number]) => ({ command: r.command, code: r.code, ...(r.code === r.exit ? {} : { stderr: r.stderr.slice(-2000), stdout: r.stdout.slice(-2000) }) });
    expect(qs.ran.map(report)).toEqual(lines.map((l) => ({ command: l.command, code: l.exit })));
  });

  test('the runs print the verdicts the comments promise, and write the reports', () => {
    for (const r of qs.ran.filter((x) => x.command.startsWith('npx scim-conformance'))) {
      if (/NOT READY/.test(r.comment)) expect(r.stdout).toContain('Entra provisioning: NOT READY');
      else if (/READY/.test(r.comment)) expect(r.stdout).toContain('Entra provisioning: READY');
      if (/COMPLIANT/.test(r.comment)) expect(r.stdout).toMatch(/RFC 7643\/7644: COMPLIANT/);
      expect(r.stderr).not.toMatch(/internal error|npm (error|ERR)/i);
    }
    // The last run (the fault) left its reports in the project's reports/.
    const reports = path.join(qs.project, 'reports');
    for (const f of ['summary.json', 'junit.xml', 'index.html']) expect(fs.existsSync(path.join(reports, f))).toBe(true);
    expect(fs.readdirSync(path.join(reports, 'allure-results')).length).toBeGreaterThan(0);
    const summary = readSummary(reports);
    expect(summary.serverFaults).toEqual(['active-string-rejected']);
    expect(summary.checks.filter((c) => c.status === 'failed').map((c) => c.id)).toContain('entra.users.patch.accepted');
  });

  test('the clean run ran the whole suite', () => {
    const clean = qs.ran.find((r) => r.command === 'npx scim-conformance')!;
    const counts = /Checks: (\d+) passed, 0 failed, 0 blocked/.exec(clean.stdout);
    expect(counts).not.toBeNull();
    expect(Number(counts![1])).toBeGreaterThan(100);
    for (const suite of ['entra', 'rfc7643', 'rfc7644', 'properties']) expect(clean.stdout).toMatch(new RegExp(`^ {2}${suite} +\\d+ passed`, 'm'));
  });

  test('the project depends on the committed tarball, and holds compiled JavaScript with declarations and no tests or TypeScript sources', () => {
    expect(JSON.parse(fs.readFileSync(path.join(qs.project, 'package.json'), 'utf8'))).toMatchObject({ devDependencies: { [pkg.name]: `file:${TARBALL}` } });
    const root = path.join(qs.project, 'node_modules', 'scim-conformance');
    const files = fs.readdirSync(root, { recursive: true, encoding: 'utf8' });
    expect(files).toContain(path.join('dist', 'src', 'index.js'));
    expect(files).toContain(path.join('dist', 'src', 'index.d.ts'));
    expect(files).toContain(path.join('dist', 'fixtures', 'schemas'));
    expect(files).toContain(path.join('docs', 'options.md'));
    expect(files.filter((f) => f.endsWith('.spec.js')).length).toBeGreaterThan(5);
    expect(files.filter((f) => /\.test\.|(^|\/)test\/|\.ts$/.test(f) && !f.endsWith('.d.ts'))).toEqual([]);
    const installed = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(installed.private).toBeUndefined();
    // No TypeScript transform at run time: swc is a dev dependency only.
    expect(fs.existsSync(path.join(qs.project, 'node_modules', '@swc'))).toBe(false);
  });

  test('scim-conformance.config.json in the project is read; flags override it', async () => {
    const sub = path.join(qs.project, 'sub');
    fs.mkdirSync(sub, { recursive: true });
    fs.writeFileSync(path.join(qs.project, 'scim-conformance.config.json'), JSON.stringify({ serverFaults: ['filter-case-sensitive'], grep: 'case-insensitive', gate: 'entra', reportDir: 'reports/scim' }));
    try {
      const r = await run('npx', ['scim-conformance', '--gate', 'all'], sub);
      expect(r.code).toBe(1);
      expect(r.stdout).toContain('config file: ../scim-conformance.config.json');
      const summary = readSummary(path.join(qs.project, 'reports', 'scim'));
      expect(summary.gate).toBe('all');
      expect(summary.checks.filter((c) => c.status === 'failed').map((c) => c.id)).toContain('entra.users.lookup.case-insensitive');
    } finally {
      fs.rmSync(path.join(qs.project, 'scim-conformance.config.json'));
    }
  }, 60_000);

  test("import { runConformance } from 'scim-conformance' runs against a server the caller started, silently", async () => {
    fs.writeFileSync(path.join(qs.project, 'entra-ready.mjs'), API_SCRIPT);
    const r = await run(process.execPath, ['entra-ready.mjs'], qs.project);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    // Nothing printed but the script's own line.
    expect(JSON.parse(r.stdout)).toEqual({ verdict: 'passed', entra: 'ready', passed: expect.any(Number), failed: 0 });
    expect(JSON.parse(r.stdout).passed).toBeGreaterThan(0);
  }, 60_000);
});
