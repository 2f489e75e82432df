// allure-jest, where it serves users (issue 21 item 13): a vendor's jest test under allure-jest's
// environment that calls runConformance() gets the conformance checks as Allure steps of that test,
// with the exchanges attached and the token nowhere. Runs examples/allure-jest (its own jest, as a
// vendor's suite would) against a reference server whose userName filter is case-sensitive, then
// reads what allure-jest wrote, next to the harness's own allure-results/ of the same run.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { StepResult, TestResult } from 'allure-js-commons';
import { startReferenceServer } from '../../src/server';
import { SUITE_TITLES } from '../../src/report/allure';
import type { Summary } from '../../src/report/summary';
import { PACKAGE_ROOT } from './cli';

const TOKEN = 'allure-jest-Secret-5b7e';

function runJest(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  const clean: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('SCIM_') && !k.startsWith('ALLURE_') && !k.startsWith('JEST_')) clean[k] = v;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(PACKAGE_ROOT, 'node_modules', 'jest', 'bin', 'jest.js'), ...args], { cwd: PACKAGE_ROOT, env: { ...clean, ...env } });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out }));
  });
}

const results = (dir: string) =>
  fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('-result.json'))
    .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as TestResult);

test("runConformance in a test under allure-jest: the checks are steps of that test, the exchanges attached, no token", async () => {
  const server = await startReferenceServer({ token: TOKEN, faults: ['filter-case-sensitive'] });
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'scimc-allure-jest-'));
  const allureDir = path.join(work, 'allure-jest-results');
  const reportDir = path.join(work, 'reports');
  try {
    const run = await runJest(['--config', 'examples/allure-jest/jest.config.ts', '--ci'], { ALLURE_RESULTS_DIR: allureDir, SCIM_URL: server.baseUrl, SCIM_TOKEN: TOKEN, SCIM_GREP: 'case-insensitive', SCIM_REPORT_DIR: reportDir });
    // The vendor's test fails: the endpoint's lookups are case-sensitive.
    // (Needs allure-jest installed: a devDependency. Without it jest says it cannot find "allure-jest/node".)
    const failed = /✕ Entra-ready/.test(run.out);
    expect({ code: run.code, failed, output: failed ? '' : run.out.slice(-1500) }).toEqual({ code: 1, failed: true, output: '' });
    expect(run.out).not.toContain(TOKEN);

    const [test, ...others] = results(allureDir);
    expect(others).toEqual([]);
    expect({ name: test!.name, status: test!.status }).toEqual({ name: 'Entra-ready', status: 'failed' });
    const summary = JSON.parse(fs.readFileSync(path.join(reportDir, 'summary.json'), 'utf8')) as Summary;
    // One step per suite, in it one per check and profile: the same names and statuses as the
    // harness's own Allure results of this run, which come from the same mapping (report/allure.ts).
    const suites = [...new Set(summary.checks.map((c) => c.suite))].map((suite) => {
      const n = summary.checks.filter((c) => c.suite === suite).length;
      return `${SUITE_TITLES[suite]}: ${n} check${n === 1 ? '' : 's'}`;
    });
    expect(test!.steps.map((s) => s.name)).toEqual(suites);
    const checkSteps = test!.steps.flatMap((s) => s.steps);
    const own = results(path.join(reportDir, 'allure-results'));
    const byName = (xs: Array<{ name?: string; status?: string }>) => xs.map((x) => `${x.name} → ${x.status}`).sort();
    expect(byName(checkSteps)).toEqual(byName(own));
    expect(checkSteps).toHaveLength(summary.checks.length);
    expect(test!.steps.find((s) => s.name!.startsWith(SUITE_TITLES.entra))!.status).toBe('failed');

    // The check the fault fails: failed, with Expected/Received, a step per request step it judged,
    // and the requests and responses attached, the failing lookup among them.
    const failing = checkSteps.find((s) => s.name!.startsWith('entra.users.lookup.case-insensitive:') && s.name!.endsWith('[entra]'))!;
    expect({ status: failing.status, message: failing.statusDetails?.message }).toEqual({ status: 'failed', message: expect.stringMatching(/Expected/) });
    expect(failing.steps.map((s) => s.status)).toContain('failed');
    const attached = (s: StepResult): string[] => [...s.attachments.map((a) => fs.readFileSync(path.join(allureDir, a.source), 'utf8')), ...s.steps.flatMap(attached)];
    const texts = attached(failing);
    expect(texts.some((t) => /GET \S*\/Users\?filter=userName/.test(t))).toBe(true);
    expect(texts.some((t) => t.includes('$SCIM_TOKEN'))).toBe(true);
    // Every check step that judged something carries its exchanges.
    for (const s of checkSteps.filter((c) => c.status !== 'skipped')) expect({ check: s.name, attachments: attached(s).length > 0 }).toEqual({ check: s.name, attachments: true });

    // The token is in no file allure-jest or the harness wrote.
    for (const dir of [allureDir, reportDir]) {
      for (const f of fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
        const file = path.join(dir, f);
        if (fs.statSync(file).isFile()) expect({ f, leaked: fs.readFileSync(file, 'utf8').includes(TOKEN) }).toEqual({ f, leaked: false });
      }
    }
  } finally {
    await server.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
}, 180_000);
