// The package as a vendor gets it: packed (prepack builds dist/), installed into an empty project
// offline from the local npm cache, and run with npx: the CLI and the API from compiled JavaScript,
// with no TypeScript transform and the suites found under node_modules.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Summary } from '../../src/report/summary';
import { installTarball, packProject } from './package';

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

describe('the packed package, installed into an empty project', () => {
  let project: string;
  let tgz: string;
  beforeAll(() => {
    tgz = packProject();
    project = installTarball(tgz);
  }, 120_000);
  afterAll(() => {
    if (project) fs.rmSync(project, { recursive: true, force: true });
    if (tgz) fs.rmSync(path.dirname(tgz), { recursive: true, force: true });
  });

  test('ships compiled JavaScript with declarations and no tests or TypeScript sources', () => {
    const root = path.join(project, 'node_modules', 'scim-conformance');
    const files = fs.readdirSync(root, { recursive: true, encoding: 'utf8' });
    expect(files).toContain(path.join('dist', 'src', 'index.js'));
    expect(files).toContain(path.join('dist', 'src', 'index.d.ts'));
    expect(files).toContain(path.join('dist', 'fixtures', 'schemas'));
    expect(files.filter((f) => f.endsWith('.spec.js')).length).toBeGreaterThan(5);
    expect(files.filter((f) => /\.test\.|(^|\/)test\/|\.ts$/.test(f) && !f.endsWith('.d.ts'))).toEqual([]);
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(pkg.private).toBeUndefined();
    // No TypeScript transform at run time: swc is a dev dependency only.
    expect(fs.existsSync(path.join(project, 'node_modules', '@swc'))).toBe(false);
  });

  test('npx scim-conformance with a fault switched on: exit 1, the expected checks failed, reports written', async () => {
    const reportDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scimc-pkg-fault-'));
    const r = await run('npx', ['scim-conformance', '--server-faults', 'filter-case-sensitive', '--grep', 'case-insensitive|case-exact-filter', '--report-dir', reportDir], project);
    expect({ code: r.code, stderr: r.code === 1 ? '' : r.stderr }).toEqual({ code: 1, stderr: '' });
    expect(r.stdout).toMatch(/Verdict: FAILED/);
    const failed = readSummary(reportDir).checks.filter((c) => c.status === 'failed').map((c) => c.id);
    expect(new Set(failed)).toEqual(new Set(['entra.users.lookup.case-insensitive', 'entra.groups.lookup.case-insensitive', 'rfc7643.attributes.case-exact-filter']));
    for (const f of ['summary.json', 'junit.xml', 'index.html']) expect(fs.existsSync(path.join(reportDir, f))).toBe(true);
    expect(fs.readdirSync(path.join(reportDir, 'allure-results')).length).toBeGreaterThan(0);
  }, 60_000);

  test('scim-conformance.config.json in the project is read; flags override it', async () => {
    const sub = path.join(project, 'sub');
    fs.mkdirSync(sub, { recursive: true });
    fs.writeFileSync(path.join(project, 'scim-conformance.config.json'), JSON.stringify({ serverFaults: ['filter-case-sensitive'], grep: 'case-insensitive', gate: 'entra', reportDir: 'reports/scim' }));
    try {
      const r = await run('npx', ['scim-conformance', '--gate', 'all'], sub);
      expect(r.code).toBe(1);
      expect(r.stdout).toContain('config file: ../scim-conformance.config.json');
      const summary = readSummary(path.join(project, 'reports', 'scim'));
      expect(summary.gate).toBe('all');
      expect(summary.checks.filter((c) => c.status === 'failed').map((c) => c.id)).toContain('entra.users.lookup.case-insensitive');
    } finally {
      fs.rmSync(path.join(project, 'scim-conformance.config.json'));
    }
  }, 60_000);

  test('a clean run of the whole suite exits 0', async () => {
    const reportDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scimc-pkg-clean-'));
    const r = await run('npx', ['scim-conformance', '--report-dir', reportDir], project);
    expect({ code: r.code, stderr: r.code === 0 ? '' : r.stderr }).toEqual({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(/Verdict: PASSED/);
    const summary = readSummary(reportDir);
    // The whole suite ran: every suite file, and as many checks as from a checkout.
    expect(new Set(summary.checks.map((c) => c.suite))).toEqual(new Set(['entra', 'rfc7643', 'rfc7644', 'properties']));
    expect(summary.totals.passed).toBeGreaterThan(100);
  }, 90_000);

  test("import { runConformance } from 'scim-conformance' runs against a server the caller started, silently", async () => {
    fs.writeFileSync(path.join(project, 'entra-ready.mjs'), API_SCRIPT);
    const r = await run(process.execPath, ['entra-ready.mjs'], project);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    // Nothing printed but the script's own line.
    expect(JSON.parse(r.stdout)).toEqual({ verdict: 'passed', entra: 'ready', passed: expect.any(Number), failed: 0 });
    expect(JSON.parse(r.stdout).passed).toBeGreaterThan(0);
  }, 60_000);
});
