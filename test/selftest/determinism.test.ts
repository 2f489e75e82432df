// The same endpoint gets the same verdict: ten default runs against the reference server give the
// same summary, apart from times, ports and the ids and names the run generates.
import fs from 'node:fs';
import path from 'node:path';
import { runCli } from './cli';
import { normaliseRun as normalise } from './normalise';

const RUNS = 10;

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
