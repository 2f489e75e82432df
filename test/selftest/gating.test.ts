// Capability gating: what ServiceProviderConfig declares unsupported is skipped with the reason, in
// the test title and in summary.json, never failed; everything else still runs and passes.
import fs from 'node:fs';
import path from 'node:path';
import { readTree, runCli, type CliRun } from './cli';

const TOKEN = 'selftest-Secret-gating-5e21';

describe('a run against an endpoint that declares patch, filter, sort and etag unsupported', () => {
  let run: CliRun;
  beforeAll(async () => {
    run = await runCli(['--server-faults', 'spc-understates-features', '--token', TOKEN]);
  }, 120_000);

  test('passes: an unsupported optional feature is no failure', () => {
    expect({ code: run.code, failed: run.summary?.checks.filter((c) => c.status === 'failed').map((c) => c.id) }).toEqual({ code: 0, failed: [] });
  });

  test.each([
    ['rfc7644.etag.if-match-412', 'etag'],
    ['rfc7644.patch.atomic', 'patch'],
    ['rfc7644.filter.operators', 'filter'],
  ])('%s is skipped because the endpoint declares %s unsupported', (id, feature) => {
    const row = run.summary!.checks.find((c) => c.id === id);
    expect(row).toMatchObject({ status: 'skipped', level: expect.any(String), message: `skipped: ServiceProviderConfig declares ${feature} unsupported` });
  });

  test('checks the gated sequences do not need still run and pass', () => {
    const rows = run.summary!.checks.filter((c) => ['rfc7644.create.status-201', 'rfc7643.discovery.service-provider-config', 'rfc7644.errors.not-found-404'].includes(c.id));
    expect(rows.map((c) => c.status)).toEqual(['passed', 'passed', 'passed']);
  });

  test('the skipped checks carry the reason in their Allure title, and so does each skipped step', () => {
    const results = readTree(path.join(run.reportDir, 'allure-results'))
      .filter(({ file }) => file.endsWith('-result.json'))
      .map(({ file }) => JSON.parse(fs.readFileSync(file, 'utf8')) as { name: string; status: string; steps: Array<{ name: string; status: string }> })
      .filter((r) => r.status === 'skipped');
    const skipped = /\(skipped: ServiceProviderConfig declares etag unsupported\)$/;
    const etag = results.find((r) => r.name.startsWith('rfc7644.etag.if-match-412: '));
    expect(etag?.name).toMatch(skipped);
    expect(etag?.steps.map(({ name, status }) => ({ name, status }))).toContainEqual({ name: expect.stringMatching(/^rfc\.etag › replace-if-match-stale \(skipped: ServiceProviderConfig declares etag unsupported\)$/), status: 'skipped' });
  });
});
