// The same endpoint gets the same verdict: ten default runs against the reference server give the
// same summary, apart from times, ports and the ids and names the run generates.
import fs from 'node:fs';
import path from 'node:path';
import type { Summary } from '../../src/report/summary';
import { runCli } from './cli';

const RUNS = 10;

/** What may differ between two runs of an unchanged endpoint: times, the server's port, generated ids. */
function normalise(summary: Summary, results: string): string {
  const { startedAt: _s, durationMs: _d, target: _t, ...rest } = summary;
  const rows = rest.checks.map(({ durationMs: _rd, ...row }) => row);
  return JSON.stringify({ ...rest, checks: rows, results: results.split('\n').map((l) => l.replace(/"durationMs":[\d.]+/, '')).sort() })
    .replace(/127\.0\.0\.1:\d+/g, 'HOST')
    .replace(/scimc-[0-9a-f]{6}-/gi, 'scimc-RUN-')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, 'UUID');
}

test(`${RUNS} default runs give the same summary`, async () => {
  const outcomes: string[] = [];
  // Two at a time: both cores busy, and the endpoint sees the load a CI run would put on it.
  for (let i = 0; i < RUNS; i += 2) {
    const pair = await Promise.all([runCli(['--token', 'selftest-Secret-determinism']), runCli(['--token', 'selftest-Secret-determinism'])]);
    for (const run of pair) {
      expect(run.code).toBe(0);
      expect(run.summary!.seedSource).toBe('default');
      outcomes.push(normalise(run.summary!, fs.readFileSync(path.join(run.reportDir, 'results.ndjson'), 'utf8')));
    }
  }
  const distinct = new Set(outcomes);
  expect(distinct.size).toBe(1);
}, 600_000);
