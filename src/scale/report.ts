// The reports of a scale run, read from its result (reporters only read): scale-summary.json,
// scale-junit.xml (one testcase per threshold, per correctness check, and for the clean-up), and
// scale-report.html, self-contained: uPlot (the chart library, from node_modules) and its CSS are
// inlined, the data is embedded as JSON, nothing is fetched. Everything passes the redactor.
import fs from 'node:fs';
import path from 'node:path';
import type { Redactor } from '../http/redact';
import { tallyStatus } from './correctness';
import type { KindSummary } from './metrics';
import type { RequestKind, ScaleOptions } from './plan';
import { HARNESS_KINDS, KIND_CATALOGUE, PHASE_OF } from './plan';
import type { ScaleResult } from './run';
import { thresholdOrigin } from './thresholds';
import { xml } from '../report/junit';
import { CLIENT_TITLES, clientOf } from '../profiles';

export const SCALE_REPORT_FILES = { summary: 'scale-summary.json', junit: 'scale-junit.xml', html: 'scale-report.html' } as const;

export interface ScaleReportMeta {
  target: string;
  targetKind: 'embedded' | 'url';
  switches: string[];
  concurrency: number;
  maxRps?: number;
  options: ScaleOptions;
}

export type ScaleSummary = ScaleResult & { tool: string; meta: ScaleReportMeta };

const html = xml;

export function toScaleJUnit(s: ScaleSummary): string {
  const cases: string[] = [];
  let failures = 0;
  let skipped = 0;
  const secs = (ms: number) => (ms / 1000).toFixed(3);
  for (const t of s.thresholds) {
    const name = `threshold ${t.text}`;
    if (t.passed) cases.push(`    <testcase classname="scale.thresholds" name="${xml(name)}" time="0"><system-out>${xml(`observed ${t.observedText}`)}</system-out></testcase>`);
    else {
      failures++;
      cases.push(`    <testcase classname="scale.thresholds" name="${xml(name)}" time="0"><failure message="${xml(`observed ${t.observedText}`)}">${xml(`${t.text} crossed: observed ${t.observedText}`)}</failure></testcase>`);
    }
  }
  for (const c of s.correctness) {
    const status = tallyStatus(c);
    const name = `correctness ${c.id}`;
    const detail = c.failures.map((f) => `${f.subject}: ${f.request}\n${f.expected ? `Expected: ${f.expected}\nReceived: ${f.received}` : (f.reason ?? '')}`).join('\n\n');
    const counts = Object.entries(c.counts).filter(([, n]) => n > 0).map(([k, n]) => `${n} ${k}`).join(', ');
    if (status === 'failed' || status === 'blocked' || status === 'error') {
      failures++;
      cases.push(`    <testcase classname="scale.correctness" name="${xml(name)}" time="0"><failure message="${xml(`${status}: ${counts}`)}">${xml(detail)}</failure></testcase>`);
    } else if (status === 'skipped' || status === 'not-applicable') {
      skipped++;
      cases.push(`    <testcase classname="scale.correctness" name="${xml(name)}" time="0"><skipped message="${xml(c.failures[0]?.reason ?? status)}"/></testcase>`);
    } else cases.push(`    <testcase classname="scale.correctness" name="${xml(name)}" time="0"><system-out>${xml(counts)}</system-out></testcase>`);
  }
  const residue = s.cleanup.leftovers.length;
  if (residue > 0) failures++;
  cases.push(
    `    <testcase classname="scale.cleanup" name="zero residue" time="${secs(s.phases.find((p) => p.name === 'cleanup')?.durationMs ?? 0)}">${
      residue > 0 ? `<failure message="${residue} left behind">${xml(s.cleanup.leftovers.map((l) => `${l.type} ${l.name}${l.id ? ` (${l.id})` : ''}: ${l.reason}`).join('\n'))}</failure>` : ''
    }</testcase>`,
  );
  let errors = 0;
  if (s.harnessErrors.length > 0) {
    errors++;
    cases.push(`    <testcase classname="scale.harness" name="run completed" time="${secs(s.durationMs)}"><error message="${xml(s.harnessErrors[0])}">${xml(s.harnessErrors.join('\n'))}</error></testcase>`);
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="scim-conformance scale" tests="${cases.length}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${secs(s.durationMs)}">`,
    `  <testsuite name="scale ${xml(s.runId)}" tests="${cases.length}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${secs(s.durationMs)}" timestamp="${xml(s.startedAt)}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

/** The kinds with errors first (most errors first), then the rest in plan order: what failed leads. */
export function kindsFailingFirst<K extends Pick<KindSummary, 'errors'>>(kinds: readonly K[]): K[] {
  return kinds
    .map((k, i) => ({ k, i }))
    .sort((a, b) => Math.sign(b.k.errors) - Math.sign(a.k.errors) || b.k.errors - a.k.errors || a.i - b.i)
    .map(({ k }) => k);
}

/** Completions per second of some kinds over a stretch of the run (index = second since the start). */
export interface ThroughputChart {
  /** The first second shown. */
  from: number;
  kinds: RequestKind[];
  series: Partial<Record<RequestKind, number[]>>;
}

/**
 * The throughput charts: the load (the client's requests and the read-backs) up to the clean-up, and the
 * clean-up apart. Its burst of deletes is the harness's own traffic; on one scale with the load it
 * would flatten the curves the reader came for.
 */
export function throughputCharts(s: Pick<ScaleResult, 'timeline' | 'phases' | 'kinds'>): { load: ThroughputChart; cleanup: ThroughputChart } {
  const kinds = s.kinds.map((k) => k.kind).filter((k) => s.timeline[k] !== undefined);
  const seconds = Math.max(0, ...kinds.map((k) => s.timeline[k]!.length));
  const cleanupPhase = s.phases.find((p) => p.name === 'cleanup');
  const cleanupFrom = cleanupPhase ? Math.min(seconds, Math.floor(cleanupPhase.startMs / 1000)) : seconds;
  const chart = (chosen: RequestKind[], from: number, to: number): ThroughputChart => ({
    from,
    kinds: chosen,
    series: Object.fromEntries(chosen.map((k) => [k, s.timeline[k]!.slice(from, to)])),
  });
  const isCleanup = (k: RequestKind) => PHASE_OF[k] === 'cleanup';
  // The second in which the clean-up starts ends the load chart: its load completions still show.
  return { load: chart(kinds.filter((k) => !isCleanup(k)), 0, Math.min(seconds, cleanupFrom + 1)), cleanup: chart(kinds.filter(isCleanup), cleanupFrom, seconds) };
}

function uplotAssets(): { js: string; css: string } {
  const dir = path.dirname(require.resolve('uplot/package.json'));
  return { js: fs.readFileSync(path.join(dir, 'dist', 'uPlot.iife.min.js'), 'utf8'), css: fs.readFileSync(path.join(dir, 'dist', 'uPlot.min.css'), 'utf8') };
}

/** JSON for a <script> element: "</script>" and friends cannot end it early. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

export function toScaleHtml(s: ScaleSummary): string {
  const { js, css } = uplotAssets();
  const ms = (v: number) => `${v < 10 ? v.toFixed(2) : v.toFixed(0)} ms`;
  const verdictClass = s.verdict === 'passed' ? 'ok' : s.verdict === 'failed' ? 'bad' : 'err';
  const catalogue = KIND_CATALOGUE[s.profile];
  const client = CLIENT_TITLES[clientOf(s.profile)];
  const kindRows = kindsFailingFirst(s.kinds)
    .map(
      (k) =>
        `<tr class="${k.errors > 0 ? 'bad' : ''}" data-kind="${html(k.kind)}"><td>${html(k.kind)}${HARNESS_KINDS.has(k.kind) ? ' <small>(harness)</small>' : catalogue[k.kind] ? ` <small>${html(catalogue[k.kind]!)}</small>` : ''}</td><td>${k.count}</td><td>${k.rps.toFixed(1)}</td><td>${ms(k.latencyMs.p50)}</td><td>${ms(k.latencyMs.p95)}</td><td>${ms(k.latencyMs.p99)}</td><td>${ms(k.latencyMs.max)}</td><td>${k.errors}</td><td>${k.throttled}</td><td>${k.retries} (${(k.retryWaitMs / 1000).toFixed(1)} s)</td><td>${html(Object.entries(k.statuses).map(([st, n]) => `${st}×${n}`).concat(Object.entries(k.transportErrors).map(([c, n]) => `${c}×${n}`)).join(' '))}</td></tr>`,
    )
    .join('\n');
  const thresholdRows = s.thresholds.map((t) => `<tr class="${t.passed ? 'ok' : 'bad'}"><td>${t.passed ? '✓' : '✗'}</td><td><code>${html(t.text)}</code></td><td>${html(t.observedText)}</td><td>${html(thresholdOrigin(t))}${t.source ? `: ${html(t.source)}` : ''}</td></tr>`).join('\n');
  const checkRows = s.correctness
    .map((c) => {
      const st = tallyStatus(c);
      const fails = c.failures.map((f) => `<details><summary>${html(f.subject)}: ${html(f.status)} — ${html(f.request)}</summary><pre>${html(f.expected ? `Expected: ${f.expected}\nReceived: ${f.received}` : (f.reason ?? ''))}${f.response ? `\n\n${html(f.response)}` : ''}${f.curl ? `\n\n${html(f.curl)}` : ''}</pre></details>`).join('');
      return `<tr class="${st === 'passed' ? 'ok' : st === 'failed' || st === 'blocked' || st === 'error' ? 'bad' : ''}"><td>${html(st)}</td><td><code>${html(c.id)}</code><br><small>${html(c.title)}</small>${fails}</td><td>${c.counts.passed}</td><td>${c.counts.failed}</td><td>${c.counts.blocked}</td><td>${c.counts.skipped}</td></tr>`;
    })
    .join('\n');
  const phaseRows = s.phases.map((p) => `<tr><td>${html(p.name)}</td><td>${(p.durationMs / 1000).toFixed(2)} s</td><td>${p.requests}</td><td>${p.durationMs > 0 ? ((p.requests / p.durationMs) * 1000).toFixed(0) : '–'}</td></tr>`).join('\n');
  const samples = Object.entries(s.errorSamples ?? {})
    .flatMap(([kind, list]) => (list ?? []).map((e) => `<details><summary>${html(kind)}: ${html(e.request)}</summary><pre>${html(e.response)}\n\n${html(e.curl)}</pre></details>`))
    .join('\n');
  const data = { throughput: throughputCharts(s), bins: s.latencyBins, kinds: s.kinds.map((k) => k.kind) };
  const replayed = s.replayed;
  const m = s.meta;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>scim-conformance scale ${html(s.runId)}: ${html(s.verdict.toUpperCase())}</title>
<style>${css}</style>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}
h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.6em}
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:3px 8px;text-align:left;vertical-align:top}
th{background:#f3f3f3}tr.ok td:first-child{color:#176b2c}tr.bad td:first-child{color:#b00020;font-weight:bold}
.verdict{display:inline-block;padding:4px 10px;border-radius:4px;color:#fff}.verdict.ok{background:#176b2c}.verdict.bad{background:#b00020}.verdict.err{background:#8a5a00}
.charts{display:flex;flex-wrap:wrap;gap:16px}.chart{border:1px solid #ddd;padding:6px}.chart h3{font-size:1em;margin:0 0 4px}
pre{white-space:pre-wrap;background:#f7f7f7;padding:6px;max-height:30em;overflow:auto}small{color:#666}
</style></head>
<body>
<h1>scim-conformance scale <span class="verdict ${verdictClass}" id="verdict">${html(s.verdict.toUpperCase())}</span></h1>
<p>Target ${html(m.target)}${m.targetKind === 'embedded' ? ' (embedded reference server)' : ''}${m.switches.length ? `; ${html(m.switches.join(', '))}` : ''}.
Run <code>${html(s.runId)}</code>, profile ${html(s.profile)}, seed ${s.seed}, started ${html(s.startedAt)}, ${(s.durationMs / 1000).toFixed(1)} s.<br>
${m.options.users} users, ${m.options.groups} groups × ${m.options.membersPerGroup} members (batches of ${m.options.memberBatch}); concurrency ${m.concurrency}${m.maxRps ? `, max ${m.maxRps} rps` : ''}.
${s.sent} of ${s.plannedTotal} planned requests sent; <b>${s.usersPerSecond} users/s</b> provisioned; ${html(client)}'s requests (replayed): ${replayed.count}, ${replayed.rps.toFixed(1)} rps over the ${(s.replayedSpanMs / 1000).toFixed(1)} s of the phases that send them, p95 ${ms(replayed.latencyMs.p95)}, ${replayed.errors} errors; all requests, the harness's read-backs and clean-up included: ${s.overall.count}.
${s.overall.retries > 0 ? `${s.overall.retries} retries after 429/503 (${(s.overall.retryWaitMs / 1000).toFixed(1)} s waited, Retry-After honoured).` : ''}</p>
${s.reasons.length ? `<ul>${s.reasons.map((r) => `<li>${html(r)}</li>`).join('')}</ul>` : ''}
<h2>Thresholds</h2>
<p>A threshold without a request kind judges ${html(client)}'s requests (the replayed traffic), not the harness's read-backs and clean-up; its rps is over the phases that send them. The defaults always apply; a <code>--threshold</code> on the same metric without a kind replaces one.</p>
<table id="thresholds"><tr><th></th><th>threshold</th><th>observed</th><th>from</th></tr>${thresholdRows}</table>
<h2>Correctness under load</h2>
<p>A seeded sample of the created users and groups, read back after the initial cycle and judged by the conformance suites' checks${clientOf(s.profile) === 'okta' ? "; and Okta's import, which must read every user and group the push created exactly once across its pages" : ''}.</p>
<table><tr><th>outcome</th><th>check</th><th>passed</th><th>failed</th><th>blocked</th><th>skipped</th></tr>${checkRows}</table>
<h2>Request kinds</h2>
<p>Kinds with errors first, then in the order the run sends them.</p>
<table id="kinds"><tr><th>kind</th><th>count</th><th>rps</th><th>p50</th><th>p95</th><th>p99</th><th>max</th><th>errors</th><th>429</th><th>retries</th><th>statuses</th></tr>${kindRows}</table>
${samples ? `<h2>Failed requests (the first of each kind)</h2>\n${samples}` : ''}
<h2>Throughput over time</h2>
<div class="charts"><div class="chart" id="throughput"><h3>Completed requests per second, by kind, until the clean-up</h3></div>
<div class="chart" id="throughput-cleanup"><h3>Clean-up: the harness's deletes, on their own scale</h3></div></div>
<h2>Latency histogram per request kind</h2>
<div class="charts" id="histograms"></div>
<h2>Phases</h2>
<table><tr><th>phase</th><th>time</th><th>requests</th><th>rps</th></tr>${phaseRows}</table>
<h2>Clean-up</h2>
<p>${s.cleanup.deleted} deleted, ${s.cleanup.leftovers.length} left behind.${s.cleanup.leftovers.length ? ` Delete them with <code>scim-conformance sweep --url URL --run-id ${html(s.runId)}</code>.` : ''}</p>
${s.cleanup.leftovers.length ? `<pre>${html(s.cleanup.leftovers.map((l) => `${l.type} ${l.name}${l.id ? ` (${l.id})` : ''}: ${l.reason}`).join('\n'))}</pre>` : ''}
<script>${js}</script>
<script id="scale-data" type="application/json">${scriptJson(data)}</script>
<script>
(function () {
  var data = JSON.parse(document.getElementById('scale-data').textContent);
  var palette = ['#1f77b4','#ff7f0e','#2ca02c','#d62728','#9467bd','#8c564b','#e377c2','#7f7f7f','#bcbd22','#17becf','#393b79','#637939','#8c6d31','#843c39','#7b4173','#3182bd'];
  function throughput(chart, el, width, bars) {
    if (!chart.kinds.length) { el.setAttribute('data-empty', 'true'); return; }
    var n = chart.series[chart.kinds[0]].length;
    var xs = []; for (var i = 0; i < n; i++) xs.push(chart.from + i);
    var series = [{ label: 's' }];
    var cols = [xs];
    chart.kinds.forEach(function (k) {
      var c = palette[data.kinds.indexOf(k) % palette.length];
      series.push(bars ? { label: k, stroke: c, fill: c + '88', paths: uPlot.paths.bars({ size: [0.6, 60] }), points: { show: false } } : { label: k, stroke: c, width: 1.5 });
      cols.push(chart.series[k]);
    });
    el.setAttribute('data-kinds', chart.kinds.join(' '));
    // The y scale as drawn, for a reader's tools (and the browser test).
    var drawn = function (u) { el.setAttribute('data-ymax', String(u.scales.y.max)); };
    new uPlot({ width: width, height: 320, series: series, axes: [{ label: 'seconds since start' }, { label: 'requests/s' }], scales: { x: bars ? { time: false, range: function (u, lo, hi) { return [lo - 0.5, hi + 0.5]; } } : { time: false }, y: { range: function (u, lo, hi) { return [0, hi > 0 ? hi * 1.1 : 1]; } } }, hooks: { draw: [drawn] } }, cols, el);
  }
  throughput(data.throughput.load, document.getElementById('throughput'), 900, false);
  // A clean-up often lasts a second or two: bars show that as well as a longer one.
  throughput(data.throughput.cleanup, document.getElementById('throughput-cleanup'), 420, true);
  var box = document.getElementById('histograms');
  data.kinds.forEach(function (k, i) {
    var bins = data.bins[k] || [];
    if (!bins.length) return;
    var div = document.createElement('div'); div.className = 'chart'; div.setAttribute('data-kind', k);
    var h = document.createElement('h3'); h.textContent = k + ' (ms, log scale)'; div.appendChild(h); box.appendChild(div);
    var bx = bins.map(function (b) { return b.leMs; });
    var by = bins.map(function (b) { return b.count; });
    new uPlot({ width: 420, height: 220, series: [{ label: 'ms ≤' }, { label: 'requests', fill: palette[i % palette.length] + '88', stroke: palette[i % palette.length], paths: uPlot.paths.bars({ size: [0.9, 40] }), points: { show: false } }],
      scales: { x: { time: false, distr: 3 } }, axes: [{ label: 'latency (ms)' }, { label: 'requests' }], legend: { show: true } }, [bx, by], div);
  });
  document.body.setAttribute('data-charts', String(document.querySelectorAll('.uplot').length));
})();
</script>
</body></html>
`;
}

/** Writes the three reports; returns the files written and what could not be written (a harness error). */
export function writeScaleReports(dir: string, result: ScaleResult, meta: ScaleReportMeta, redactor: Redactor): { files: string[]; problems: string[] } {
  const summary: ScaleSummary = { tool: 'scim-conformance scale', meta, ...result };
  const files: string[] = [];
  const problems: string[] = [];
  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    try {
      fs.writeFileSync(file, redactor.text(text));
      files.push(file);
    } catch (err) {
      problems.push(`could not write ${file}: ${(err as Error).message}`);
    }
  };
  write(SCALE_REPORT_FILES.summary, JSON.stringify(summary, null, 2) + '\n');
  write(SCALE_REPORT_FILES.junit, toScaleJUnit(summary));
  try {
    write(SCALE_REPORT_FILES.html, toScaleHtml(summary));
  } catch (err) {
    problems.push(`could not build the HTML report: ${(err as Error).message}`);
  }
  return { files, problems };
}
