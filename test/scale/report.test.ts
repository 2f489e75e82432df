// The scale HTML report reads what failed first and draws the load on its own scale: the request
// kinds with errors lead the table, and the clean-up's burst of deletes (the harness's own traffic)
// has its own chart instead of setting the scale of the throughput chart.
import { SCALE_DEFAULTS } from '../../src/scale/plan';
import type { KindSummary } from '../../src/scale/metrics';
import { kindsFailingFirst, throughputCharts, toScaleHtml, type ScaleSummary } from '../../src/scale/report';

function kind(name: KindSummary['kind'], count: number, errors = 0): KindSummary {
  return { kind: name, count, ok: count - errors, errors, errorRate: errors / count, rps: 5, latencyMs: { p50: 1, p90: 2, p95: 2, p99: 3, max: 4, mean: 1.5 }, statuses: { '200': count - errors, ...(errors ? { '400': errors } : {}) }, transportErrors: {}, throttled: 0, unavailable: 0, retries: 0, retryWaitMs: 0 };
}

/** Four seconds of load at 5 requests a second per kind, then a clean-up of 200 deletes in one second. */
function summary(): ScaleSummary {
  const kinds = [kind('user.lookup', 20), kind('user.create', 20), kind('user.disable', 3, 3), kind('user.update', 10, 1), kind('cleanup.user', 200)];
  const overall = { ...kind('probe', 253, 4) } as Partial<KindSummary>;
  delete overall.kind;
  return {
    tool: 'scim-conformance scale',
    meta: { target: 'http://127.0.0.1:1/scim', targetKind: 'url', switches: [], concurrency: 8, options: { ...SCALE_DEFAULTS, users: 20, groups: 0, membersPerGroup: 0, runId: 'rep0test', seed: 1 } },
    runId: 'rep0test',
    profile: 'entra',
    seed: 1,
    startedAt: new Date(0).toISOString(),
    durationMs: 5600,
    planned: {} as ScaleSummary['planned'],
    plannedTotal: 253,
    sent: 253,
    phases: [
      { name: 'users', startMs: 0, durationMs: 4000, requests: 50 },
      { name: 'cleanup', startMs: 4400, durationMs: 1100, requests: 200 },
    ],
    overall: overall as ScaleSummary['overall'],
    replayed: overall as ScaleSummary['overall'],
    replayedSpanMs: 4000,
    kinds,
    usersPerSecond: 5,
    timeline: { 'user.lookup': [5, 5, 5, 5, 0, 0], 'user.create': [5, 5, 5, 5, 0, 0], 'user.disable': [0, 0, 0, 3, 0, 0], 'user.update': [0, 0, 5, 5, 0, 0], 'cleanup.user': [0, 0, 0, 0, 20, 180] },
    latencyBins: {},
    correctness: [],
    errorSamples: {},
    foreignIds: [],
    thresholds: [],
    cleanup: { deleted: 200, leftovers: [] },
    harnessErrors: [],
    verdict: 'failed',
    reasons: [],
  };
}

test('kinds with errors come first, most errors first, the rest in plan order', () => {
  expect(kindsFailingFirst(summary().kinds).map((k) => k.kind)).toEqual(['user.disable', 'user.update', 'user.lookup', 'user.create', 'cleanup.user']);
  const html = toScaleHtml(summary());
  expect([...html.matchAll(/<tr class="[a-z]*" data-kind="([a-z.-]+)">/g)].map((m) => m[1])).toEqual(['user.disable', 'user.update', 'user.lookup', 'user.create', 'cleanup.user']);
  // The table itself comes before the charts.
  expect(html.indexOf('id="kinds"')).toBeLessThan(html.indexOf('id="throughput"'));
});

test("the throughput chart stops at the clean-up and leaves its deletes out; they get a chart of their own", () => {
  const charts = throughputCharts(summary());
  expect(charts.load.kinds).toEqual(['user.lookup', 'user.create', 'user.disable', 'user.update']);
  expect({ from: charts.load.from, seconds: charts.load.series['user.lookup'] }).toEqual({ from: 0, seconds: [5, 5, 5, 5, 0] });
  expect(Math.max(...Object.values(charts.load.series).flat())).toBe(5);
  expect(charts.cleanup).toEqual({ from: 4, kinds: ['cleanup.user'], series: { 'cleanup.user': [20, 180] } });
  // The report embeds exactly these charts.
  const data = JSON.parse(/<script id="scale-data" type="application\/json">(.*?)<\/script>/s.exec(toScaleHtml(summary()))![1]!) as { throughput: unknown };
  expect(data.throughput).toEqual(charts);
});
