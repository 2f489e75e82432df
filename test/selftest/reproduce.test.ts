// "Reproduce with" works: after a failing run has cleaned up, the curl chain of a failed check,
// run in bash with SCIM_TOKEN set, shows the same misbehaviour again and leaves nothing behind.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { CheckApplication } from '../../src/report/outcome';
import { startReferenceServer } from '../../src/server';
import { runCli } from './cli';

const TOKEN = 'reproduce-selftest-token-71fa';

test('the curl chain of a failed check reproduces the fault', async () => {
  const server = await startReferenceServer({ token: TOKEN, faults: ['active-string-truthy'] });
  try {
    const run = await runCli(['--url', server.baseUrl, '--token', TOKEN, '--grep', 'entra\\.users\\.disable\\.reads-inactive:', '--profile', 'entra']);
    expect(run.code).toBe(1);
    const apps = fs
      .readFileSync(path.join(run.reportDir, 'results.ndjson'), 'utf8')
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as CheckApplication);
    const failed = apps.find((a) => a.checkId === 'entra.users.disable.reads-inactive' && a.status === 'failed');
    expect(failed?.curl).toBeDefined();
    const before = server.snapshot();

    // Asynchronously: the server answering the curls lives in this process.
    const { stdout } = await promisify(execFile)('bash', ['-c', failed!.curl!], { env: { ...process.env, SCIM_TOKEN: TOKEN }, encoding: 'utf8', timeout: 30_000 });
    const lastResponse = stdout.slice(stdout.lastIndexOf('HTTP/1.1'));
    expect(lastResponse).toMatch(/^HTTP\/1\.1 200/);
    expect(lastResponse).toContain('"active":true'); // the string "False" taken as true, as in the run
    expect(server.snapshot()).toEqual(before);
  } finally {
    await server.close();
  }
}, 60_000);
