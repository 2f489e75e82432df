// What may differ between two runs of an unchanged endpoint: times (and the run's timing record),
// the server's port, the ids and names the run generates.
import type { Summary } from '../../src/report/summary';

export function normaliseRun(summary: Summary, results: string): string {
  const { startedAt: _s, durationMs: _d, target: _t, timing: _tm, ...rest } = summary;
  const rows = rest.checks.map(({ durationMs: _rd, ...row }) => row);
  return JSON.stringify({ ...rest, checks: rows, results: results.split('\n').map((l) => l.replace(/"durationMs":[\d.]+/, '')).sort() })
    .replace(/127\.0\.0\.1:\d+/g, 'HOST')
    .replace(/scimc-[0-9a-f]{6}-/gi, 'scimc-RUN-')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, 'UUID');
}
