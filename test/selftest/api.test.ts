// runConformance() from a jest test, the way a vendor puts "Entra-ready" into their own suite: the
// conformance suites run inside this test's process against a server the test started.
import { ConfigError, runConformance, RunError, startReferenceServer, type ReferenceServer } from '../../src';

describe('runConformance', () => {
  let server: ReferenceServer;
  const token = 'api-Test-Token-4c1d';
  beforeAll(async () => {
    server = await startReferenceServer({ token, faults: [] });
  });
  afterAll(() => server.close());

  test('Entra-ready: runs the suites against a URL and returns the summary, printing nothing', async () => {
    const write = jest.spyOn(process.stdout, 'write');
    const summary = await runConformance({ url: server.baseUrl, token, gate: 'entra', grep: 'entra\\.users\\.' });
    expect(write).not.toHaveBeenCalled();
    write.mockRestore();
    expect(summary.verdict).toBe('passed');
    expect(summary.verdicts.entra.verdict).toBe('ready');
    expect(summary.checks.filter((c) => c.status === 'failed')).toEqual([]);
    expect(summary.totals.passed).toBeGreaterThan(5);
  }, 60_000);

  test('a failing endpoint is a failed summary, not an exception; log receives the CLI lines', async () => {
    const lines: string[] = [];
    const summary = await runConformance({ serverFaults: ['filter-case-sensitive'], grep: 'case-insensitive', log: (l) => lines.push(l) });
    expect(summary.verdict).toBe('failed');
    expect(summary.checks.filter((c) => c.status === 'failed').map((c) => c.id)).toContain('entra.users.lookup.case-insensitive');
    expect(lines.join('\n')).toMatch(/Verdict: FAILED/);
  }, 60_000);

  test('bad options throw a ConfigError, an unreachable URL a RunError', async () => {
    const saved = process.env.SCIM_TOKEN;
    delete process.env.SCIM_TOKEN;
    try {
      await expect(runConformance({ url: 'https://example.com/scim' })).rejects.toThrow(ConfigError);
      await expect(runConformance({ url: 'https://example.com/scim' })).rejects.toThrow(/a token is required/);
    } finally {
      if (saved !== undefined) process.env.SCIM_TOKEN = saved;
    }
    await expect(runConformance({ url: 'http://127.0.0.1:1/scim', token })).rejects.toThrow(RunError);
  });
});
