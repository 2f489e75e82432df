// Wall time of a full CLI run against the embedded reference server, jest start-up included:
// the median of several runs (npm run bench [-- runs]). Traffic stays on 127.0.0.1.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '..');
const runs = Number(process.argv[2] ?? 5);
if (!Number.isInteger(runs) || runs < 1 || runs > 50) {
  process.stderr.write('usage: npm run bench [-- <runs, 1-50>]\n');
  process.exit(2);
}

const reportDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scimc-bench-'));
const times: number[] = [];
let requests = 0;
let checks = 0;
for (let i = 0; i < runs; i++) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [path.join(root, 'bin', 'scim-conformance.js'), '--report-dir', reportDir], { cwd: root, encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (r.status !== 0) {
    process.stderr.write(`run ${i + 1} exited ${r.status}:\n${r.stdout}\n${r.stderr}\n`);
    process.exit(1);
  }
  const summary = JSON.parse(fs.readFileSync(path.join(reportDir, 'summary.json'), 'utf8')) as { requests: number; checks: unknown[] };
  requests = summary.requests;
  checks = summary.checks.length;
  times.push(ms);
  process.stdout.write(`run ${i + 1}: ${(ms / 1000).toFixed(2)} s\n`);
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)];
process.stdout.write(
  `full run (embedded server, ${checks} check results, ${requests} requests): median ${(median / 1000).toFixed(2)} s, ` +
    `min ${(times[0] / 1000).toFixed(2)} s, max ${(times[times.length - 1] / 1000).toFixed(2)} s over ${runs} runs\n`,
);
fs.rmSync(reportDir, { recursive: true, force: true });
