// Two shards merged give the summary of one unsharded run; --grep selects checks.
import { PACKAGE_ROOT, runCli } from './cli';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Summary } from '../../src/report/summary';

const SEED = ['--seed', '20261129', '--server-faults', 'group-members-remove-all'];
const verdicts = (s: Summary) => s.checks.map((c) => `${c.id} [${c.profile}] ${c.status}`).sort();

function merge(args: string[]): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(PACKAGE_ROOT, 'bin', 'scim-conformance.js'), 'merge', ...args], { stdio: 'ignore' });
    child.on('close', resolve);
  });
}

test('shards 1/2 and 2/2, merged, equal an unsharded run', async () => {
  const [whole, one, two] = await Promise.all([runCli(SEED), runCli([...SEED, '--shard', '1/2']), runCli([...SEED, '--shard', '2/2'])]);
  expect(one.summary!.checks.length).toBeGreaterThan(0);
  expect(two.summary!.checks.length).toBeGreaterThan(0);
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'scimc-merged-'));
  expect(await merge(['--report-dir', out, one.reportDir, two.reportDir])).toBe(1);
  const merged = JSON.parse(fs.readFileSync(path.join(out, 'summary.json'), 'utf8')) as Summary;
  expect(verdicts(merged)).toEqual(verdicts(whole.summary!));
  expect(merged.totals).toEqual(whole.summary!.totals);
  expect(merged.verdict).toBe('failed');
  expect(fs.existsSync(path.join(out, 'index.html'))).toBe(true);
  // Allure: every attachment of both shards, and one result per check and profile, as unsharded.
  const allure = (dir: string) => fs.readdirSync(path.join(dir, 'allure-results'));
  const results = (dir: string) => allure(dir).filter((f) => f.endsWith('-result.json')).map((f) => JSON.parse(fs.readFileSync(path.join(dir, 'allure-results', f), 'utf8')) as { name: string; status: string; steps: unknown[] });
  const attachments = (dir: string) => allure(dir).filter((f) => f.endsWith('-attachment.txt')).length;
  expect(attachments(out)).toBe(attachments(one.reportDir) + attachments(two.reportDir));
  const shape = (dir: string) => results(dir).map((r) => `${r.name} ${r.status} ${r.steps.length}`).sort();
  expect(shape(out)).toEqual(shape(whole.reportDir));
}, 120_000);

test('--grep runs only the matching checks', async () => {
  const run = await runCli(['--grep', 'entra\\.users\\.disable\\.']);
  expect(run.code).toBe(0);
  expect(new Set(run.summary!.checks.map((c) => c.id))).toEqual(new Set(['entra.users.disable.reads-inactive', 'entra.users.disable.still-listed']));
}, 60_000);

test('merge refuses a folder that is not a report', async () => {
  expect(await merge([fs.mkdtempSync(path.join(os.tmpdir(), 'scimc-empty-'))])).toBe(2);
}, 30_000);
