// reports/index.html: the compliance report a vendor hands to a customer or to Microsoft. One
// self-contained file (inline CSS and JS, no network), readable without JS and printed to PDF.
// Everything from the endpoint is escaped: a hostile response must not script the report.
import { SUITE_TITLES } from './allure';
import { CLIENT_NAMES, CLIENT_TITLES } from '../profiles';
import type { Area, CheckApplication } from './outcome';
import { capabilityHow } from './capabilities';
import { damage, type CauseCheck, type CauseEntry } from './causes';
import { preflightLine, reportedAreas, type AreaVerdict, type CheckStatus, type Summary, type SummaryCheck } from './summary';
import type { Suite } from '../checks/types';

function esc(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const STATUS_LABEL: Record<CheckStatus, string> = { passed: 'passed', failed: 'failed', blocked: 'blocked', skipped: 'skipped', error: 'harness error' };
/** The statuses a reader filters by, worst first. */
const STATUSES: readonly CheckStatus[] = ['error', 'failed', 'blocked', 'skipped', 'passed'];

function pill(c: SummaryCheck | undefined): string {
  if (!c) return '<td class="status none">—</td>';
  const warn = (c.status === 'failed' || c.status === 'blocked') && !c.gating ? ' warning' : '';
  const note = c.baseline?.status === 'known' ? ' (known)' : c.baseline?.status === 'expired' ? ' (baseline expired)' : warn ? ' (not gating)' : '';
  return `<td class="status ${c.status}${warn}" title="${esc(c.baseline?.reason ?? c.message ?? c.status)}">${STATUS_LABEL[c.status]}${note}</td>`;
}

function block(label: string, text: string | undefined, copy = false): string {
  if (text === undefined || text === '') return '';
  const button = copy ? `<button type="button" class="copy" data-copy>Copy</button>` : '';
  return `<div class="block"><div class="label">${esc(label)}${button}</div><pre>${esc(text)}</pre></div>`;
}

function failureDetail(c: SummaryCheck, app: CheckApplication | undefined, others: string[]): string {
  if (c.status === 'skipped') return `<p class="reason">${esc(c.message ?? '')}</p>`;
  if (app?.status === 'blocked') {
    const by = app.blockedBy ? ` Blocked by ${app.blockedBy.sequence} › ${app.blockedBy.step}${app.blockedBy.request ? `: ${app.blockedBy.request}` : ''}.` : '';
    return `<div class="failure blocked"><h4>${esc(c.profile)}: ${esc(app.sequence)} › ${esc(app.step)} (blocked)</h4><p class="reason">${esc(app.reason ?? '')}${esc(by)}</p>${others.length > 0 ? `<p class="also">Also blocked at: ${others.map(esc).join(', ')}</p>` : ''}</div>`;
  }
  if (!app) return '';
  return [
    `<div class="failure"><h4>${esc(c.profile)}: ${esc(app.sequence)} › ${esc(app.step)}</h4>`,
    app.request ? `<p class="request">${esc(app.request)}</p>` : '',
    app.reason ? `<p class="reason">${esc(app.reason)}</p>` : '',
    block('Expected', app.expected),
    block('Received', app.received),
    block('Response', app.response),
    block('Reproduce with', app.curl, true),
    app.replay ? block('Replay with', `scim-conformance ${app.replay}`, true) : '',
    others.length > 0 ? `<p class="also">Also failed at: ${others.map(esc).join(', ')}</p>` : '',
    '</div>',
  ].join('\n');
}

const VERDICT_LABEL: Record<Summary['verdict'], string> = { passed: 'PASSED', failed: 'FAILED', error: 'HARNESS ERROR' };

function verdictCard(area: Area, v: AreaVerdict): string {
  const good = v.verdict === 'ready' || v.verdict === 'compliant';
  const cls = v.verdict === 'not-run' || v.verdict === 'incomplete' ? 'not-run' : good ? 'good' : 'bad';
  return `<div id="verdict-${area}" class="verdict-card ${cls}"><div class="headline">${esc(v.headline)}</div></div>`;
}

/** The failures by the request that caused them, most damaging first: what a vendor reads before the full matrix. */
function whatToFix(causes: readonly CauseEntry[]): string {
  if (causes.length === 0) return '';
  const items = causes.map((c) => {
    const failed = c.checks.filter((x) => x.status === 'failed');
    const blocked = c.checks.filter((x) => x.status === 'blocked');
    const failedItems = failed
      .map(
        (x) =>
          `<li class="failed" data-check="${esc(x.id)}"><code>${esc(x.id)}</code> failed${VIA_TEXT[x.via]} (${esc(x.level)}${x.gating ? '' : x.known ? ', known in the baseline' : ', not gating'}; ${esc(x.profiles.join(', '))})${block('Expected', x.expected)}${block('Received', x.received)}</li>`,
      )
      .join('');
    const blockedItems = blocked.map((x) => `<li class="blocked" data-check="${esc(x.id)}"><code>${esc(x.id)}</code> blocked${x.gating ? '' : x.known ? ' (known in the baseline)' : ' (not gating)'}</li>`).join('');
    const n = damage(c);
    return `<li class="cause${c.gating ? '' : ' warning'}">
<h3><span class="request">${esc(c.request ?? c.example ?? c.steps[0] ?? '')}</span>${c.clientRequest ? ` <span class="client-request">${esc(c.clientRequest)}</span>` : c.readBackOf ? ` <span class="client-request">the read-back of ${esc(c.readBackOf)}</span>` : ''} <span class="profiles">[${c.profiles.map(esc).join(', ')}]</span>${c.gating ? '' : ` <span class="note">(${c.known ? 'known in the baseline' : 'not gating'})</span>`}</h3>
<p class="steps">At ${c.steps.map(esc).join(', ')}</p>
${c.endpointDetail ? `<p class="endpoint-detail"><strong>Endpoint said:</strong> ${esc(c.endpointDetail)}</p>` : ''}
${c.clientHint ? `<p class="hint"><strong>${esc(CLIENT_NAMES[c.clientHint.client])}:</strong> ${esc(c.clientHint.text)}</p>` : ''}
${c.reason ? `<p class="reason">${esc(c.reason)}</p>` : ''}
<p>Takes down ${n} check result${n === 1 ? '' : 's'} (${failed.length} check${failed.length === 1 ? '' : 's'} failed, ${blocked.length} blocked):</p>
${failedItems ? `<ul class="failed-checks">${failedItems}</ul>` : ''}
${blockedItems ? `<ul class="takes-down">${blockedItems}</ul>` : ''}
${c.reproduce ? `<details><summary>Reproduce with curl</summary>${block('Reproduce with', c.reproduce, true)}</details>` : ''}
${c.replay ? block('Replay with', `scim-conformance ${c.replay}`, true) : ''}
</li>`;
  });
  return `<section id="what-to-fix"><h2>What to fix</h2><p>Each entry is a request that failed, most damaging first, with the checks it takes down: those that failed on it, on the harness's read-back of it or in a generated case that sent it, and those that could not run because of it.</p><ol>${items.join('\n')}</ol></section>`;
}

const VIA_TEXT: Record<CauseCheck['via'], string> = { request: '', 'read-back': ' on the read-back', generated: ' in a generated case', blocked: '' };

/** The gate badge: a baseline that excused failures says so, next to verdicts that stay what the endpoint earned. */
function gateBadge(summary: Summary): string {
  const baselined = summary.verdict === 'passed' && summary.gateNote !== undefined && Object.values(summary.verdicts).some((v) => v.gates && v.known > 0);
  // Exit 2 without a harness error is no verdict (a stopped run, or one that judged nothing), not the harness's failure.
  const noVerdict = summary.verdict === 'error' && summary.internalErrors.length === 0 && (summary.interrupted === true || summary.notJudged !== undefined);
  const label = baselined ? 'GATE PASSED (BASELINE)' : noVerdict ? 'NO VERDICT' : VERDICT_LABEL[summary.verdict];
  return `<span id="verdict" class="verdict ${baselined ? 'baselined' : summary.verdict}">${label}</span>`;
}

export function toHtml(summary: Summary, apps: readonly CheckApplication[]): string {
  // The applications that explain a row's status: its failures, or its blocks, or its harness errors.
  const explaining = (c: SummaryCheck) => apps.filter((a) => a.checkId === c.id && a.profile === c.profile && a.status === c.status);
  const firstFailure = (c: SummaryCheck) => explaining(c)[0];
  const otherFailures = (c: SummaryCheck) => explaining(c).slice(1).map((a) => `${a.sequence} › ${a.step}`);

  const suites = [...new Set(summary.checks.map((c) => c.suite))] as Suite[];
  const sections = suites.map((suite) => {
    const ids = [...new Set(summary.checks.filter((c) => c.suite === suite).map((c) => c.id))];
    // Only the profiles this area has results for (profile-independent suites run once).
    const profiles = summary.profiles.filter((p) => summary.checks.some((c) => c.suite === suite && c.profile === p));
    const rows = ids.map((id) => {
      const byProfile = profiles.map((p) => summary.checks.find((c) => c.id === id && c.profile === p));
      const any = byProfile.find((c) => c !== undefined)!;
      const overall = STATUSES.find((st) => byProfile.some((c) => c?.status === st)) ?? 'skipped';
      const details = byProfile
        .filter((c): c is SummaryCheck => c !== undefined && c.status !== 'passed')
        .map((c) => failureDetail(c, firstFailure(c), otherFailures(c)))
        .join('\n');
      const requirement = any.requirementUrl ? `<a href="${esc(any.requirementUrl)}">${esc(any.requirement)}</a>` : esc(any.requirement);
      const main = `<tr class="check" data-status="${overall}" data-suite="${esc(suite)}" data-text="${esc(`${id} ${any.title} ${any.requirement}`.toLowerCase())}">
  <td><code>${esc(id)}</code><div class="title">${esc(any.title)}</div></td>
  <td>${requirement}</td><td class="level ${any.level}">${any.level}</td>
  ${byProfile.map(pill).join('')}
</tr>`;
      return details ? `${main}\n<tr class="detail" data-status="${overall}" data-suite="${esc(suite)}" data-text="${esc(`${id} ${any.title} ${any.requirement}`.toLowerCase())}"><td colspan="${3 + profiles.length}"><details${overall === 'failed' || overall === 'error' ? ' open' : ''}><summary>Details</summary>${details}</details></td></tr>` : main;
    });
    return `<section class="suite" data-suite="${esc(suite)}">
<h2>${esc(SUITE_TITLES[suite])}</h2>
<table><thead><tr><th>Check</th><th>Requirement</th><th>Level</th>${profiles.map((p) => `<th>${esc(p)}</th>`).join('')}</tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table></section>`;
  });

  const t = summary.totals;
  const lv = summary.failedByLevel;
  const leftovers = summary.leftovers.length
    ? `<section class="leftovers"><h2>Left behind on the endpoint</h2><ul>${summary.leftovers.map((l) => `<li>${esc(l.type)} ${esc(l.name)}${l.id ? ` (${esc(l.id)})` : ''}: ${esc(l.reason)}</li>`).join('')}</ul></section>`
    : '';

  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>SCIM conformance: ${reportedAreas(summary).map((a) => esc(summary.verdicts[a].headline.split(' (')[0]!)).join('; ')} — ${esc(summary.target)}</title>
<style>${CSS}</style></head>
<body>
<header>
  <h1>SCIM conformance report ${gateBadge(summary)}</h1>
  <div class="verdicts">${reportedAreas(summary).map((a) => verdictCard(a, summary.verdicts[a])).join('')}</div>
  ${summary.gateNote ? `<p id="gate-note" class="gate-note">Gate: ${esc(summary.verdict.toUpperCase())}: ${esc(summary.gateNote)}</p>` : ''}
  ${summary.notJudged ? `<p id="not-judged" class="internal">${summary.interrupted ? 'No verdict' : 'Nothing was judged'}: ${esc(summary.notJudged)}</p>` : ''}
  ${preflightLine(summary.preflight) ? `<p id="preflight" class="internal">${esc(preflightLine(summary.preflight)!)}</p>` : ''}
  ${summary.internalErrors.length > 0 ? `<section id="internal-errors" class="internal"><h2>Harness errors (not the endpoint's failures)</h2><ul>${summary.internalErrors.map((e) => `<li><pre>${esc(e)}</pre></li>`).join('')}</ul></section>` : ''}
  <dl class="facts">
    <dt>Target</dt><dd id="target">${esc(summary.target)}${summary.targetKind === 'embedded' ? ' (embedded reference server)' : ''}</dd>
    <dt>Date</dt><dd>${esc(summary.startedAt)}</dd>
    <dt>Tool</dt><dd>${esc(summary.tool.name)} ${esc(summary.tool.version)}</dd>
    <dt>Clients</dt><dd>${(summary.selection?.clients ?? ['entra']).map((c) => esc(CLIENT_TITLES[c])).join(', ')}</dd>
    <dt>Profiles</dt><dd>${summary.profiles.map(esc).join(', ')}</dd>
    <dt>Gate</dt><dd>${esc(summary.gate)} verdict${summary.gate === 'all' ? 's' : ''}; level ${esc(summary.failOn.toUpperCase())}${summary.failOn === 'must' ? ' (SHOULD and MAY failures are warnings)' : ' (MAY failures are warnings)'}</dd>
    ${summary.baseline ? `<dt>Baseline</dt><dd id="baseline">${esc(summary.baseline.source)}: ${summary.checks.filter((c) => c.baseline?.status === 'known').length} known failure(s) reported apart, not gating; ${summary.checks.filter((c) => c.baseline?.status === 'new').length} new; ${summary.checks.filter((c) => c.baseline?.status === 'expired').length} expired</dd>` : ''}
    <dt>Run</dt><dd>${summary.requests} requests in ${(summary.durationMs / 1000).toFixed(1)} s; seed ${esc(summary.seed)}${summary.seedSource === 'default' ? ' (default)' : ''}${summary.selection.grep !== undefined ? `; --grep ${esc(summary.selection.grep)}` : ''}${summary.selection.matchingAttribute !== undefined ? `; matching attribute ${esc(summary.selection.matchingAttribute)}` : ''}${summary.selection.mapping !== undefined ? `; attribute mapping ${esc(summary.selection.mapping)}` : ''}${summary.serverFaults && summary.serverFaults.length ? `; server faults: ${summary.serverFaults.map(esc).join(', ')}` : ''}${summary.serverVariations && summary.serverVariations.length ? `; server variations: ${summary.serverVariations.map(esc).join(', ')}` : ''}</dd>
  </dl>
  <p id="counts" class="counts">${STATUSES.filter((st) => st !== 'error' || t.error > 0).map((st) => `<span class="${st}">${t[st]} ${STATUS_LABEL[st]}</span>`).join(' ')}
  <span class="bylevel">failed by level: MUST ${lv.MUST}, SHOULD ${lv.SHOULD}, MAY ${lv.MAY}</span></p>
</header>
<nav class="filters" aria-label="Filters">
  <span>Status:</span>
  ${['all', ...STATUSES.filter((st) => st !== 'error' || t.error > 0)].map((s) => `<button type="button" data-filter-status="${s}"${s === 'all' ? ' aria-pressed="true"' : ''}>${s}</button>`).join('')}
  <label>Area: <select id="area"><option value="all">all</option>${suites.map((s) => `<option value="${esc(s)}">${esc(SUITE_TITLES[s])}</option>`).join('')}</select></label>
  <label>Search: <input id="search" type="search" placeholder="check id, title, RFC section"></label>
</nav>
<main>
${whatToFix(summary.causes ?? [])}
${capabilitySection(summary)}
${sections.join('\n')}
${leftovers}
${timingSection(summary)}
</main>
<footer>One row per check; each profile column is that check's result for Entra's request shapes in that profile. Tokens are never written: curl lines read the token from $SCIM_TOKEN.</footer>
<script>${JS}</script>
</body></html>
`;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** The optional features a customer may map, and what the endpoint did with each (summary.capabilities). */
function capabilitySection(summary: Summary): string {
  const rows = summary.capabilities ?? [];
  if (rows.length === 0) return '';
  return `<section id="capabilities"><h2>Capabilities</h2>
<p>Optional features an admin may add to the attribute mapping. Probes show what the endpoint does with them and never gate; run with the customer's mapping (--mapping FILE) to gate on the features it uses.</p>
<table><thead><tr><th>Feature</th><th>Result</th><th>How</th><th>Detail</th></tr></thead><tbody>
${rows.map((c) => `<tr class="capability ${c.status}" data-capability="${esc(c.id)}"><td>${esc(c.title)}</td><td>${esc(c.status)}</td><td>${esc(capabilityHow(c))}</td><td>${esc(c.answer ?? c.reason ?? '')}</td></tr>`).join('\n')}
</tbody></table></section>`;
}

/** Where the run's time went, as the runner recorded it (summary.timing); nothing for older summaries. */
function timingSection(summary: Summary): string {
  const t = summary.timing;
  if (!t) return '';
  const throttle = summary.retries && summary.retries.count > 0 ? `; throttled: ${summary.retries.count} retries after 429/503, ${seconds(summary.retries.waitedMs)} waited` : '';
  return `<section id="timing"><h2>Timing</h2>
<dl class="facts">
  <dt>Requests</dt><dd>${summary.requests} (${t.attempts} on the wire, retries included)${throttle}</dd>
  <dt>Wall time</dt><dd>${seconds(t.wallMs)}: start-up ${seconds(t.phases.startupMs)}, suites ${seconds(t.phases.suitesMs)}, clean-up ${seconds(t.phases.cleanupMs)}</dd>
  <dt>Concurrency</dt><dd>--concurrency ${t.concurrency}${t.maxRps !== undefined ? `, --max-rps ${t.maxRps}` : ''}; at most ${t.maxInFlight} in flight, ${t.maxPerSecond} started in one second</dd>
  <dt>Waiting on the endpoint</dt><dd>${seconds(t.endpointMs)} with a request in flight (${seconds(t.requestMs)} of request time in all); ${seconds(t.harnessMs)} in the harness alone</dd>
  <dt>Harness CPU</dt><dd>${seconds(t.suitesCpuMs)} during the suites${t.traffic ? `, ${seconds(t.traffic.cpuMs)} of it while their ${t.traffic.requests} requests were sent: ${(t.traffic.cpuMs / Math.max(1, t.traffic.requests)).toFixed(2)} ms a request` : ''}${summary.targetKind === 'embedded' ? ' (the embedded server included)' : ''}</dd>
  <dt>Critical path</dt><dd>${t.criticalPath.requests} requests that wait for each other (longest chain: ${esc(t.criticalPath.longestChain.chain)}, ${t.criticalPath.longestChain.requests})</dd>
</dl>
<table><thead><tr><th>Slowest requests</th><th>ms</th></tr></thead><tbody>
${t.slowest.map((r) => `<tr><td><code>${esc(r.method)} ${esc(r.path)}</code></td><td>${r.ms}</td></tr>`).join('\n')}
</tbody></table></section>`;
}

const CSS = `
:root { --ok: #1a7f37; --bad: #cf222e; --skip: #6e7781; --warn: #9a6700; font-family: system-ui, -apple-system, "Segoe UI", sans-serif; }
body { margin: 0 auto; max-width: 1200px; padding: 1rem 1.5rem; color: #1f2328; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid #d0d7de; }
.verdict { padding: .15rem .6rem; border-radius: 4px; color: #fff; font-size: 1rem; vertical-align: middle; }
.verdict.passed { background: var(--ok); } .verdict.failed { background: var(--bad); } .verdict.error, .verdict.baselined { background: var(--warn); }
.gate-note { border-left: 4px solid var(--warn); padding-left: .6rem; font-weight: 600; }
.verdicts { display: flex; gap: 1rem; flex-wrap: wrap; margin: .5rem 0 1rem; }
.verdict-card { border-radius: 6px; padding: .6rem 1rem; font-weight: 600; border: 2px solid; }
.verdict-card.good { border-color: var(--ok); color: var(--ok); } .verdict-card.bad { border-color: var(--bad); color: var(--bad); } .verdict-card.not-run { border-color: var(--skip); color: var(--skip); }
.internal { border: 2px solid var(--warn); padding: .5rem 1rem; }
#what-to-fix ol > li { margin-bottom: 1rem; } #what-to-fix h3 { font-size: 1rem; margin: .2rem 0; } .takes-down { columns: 2; font-size: .85rem; }
#what-to-fix .steps, #what-to-fix .failed-checks { font-size: .85rem; } #what-to-fix h3 .request { font-size: .95rem; } .client-request { font-weight: 400; color: #57606a; } .hint { border-left: 3px solid #0969da; padding-left: .5rem; }
.failed-checks .failed { color: var(--bad); } .failed-checks .block { color: #1f2328; }
.takes-down .failed { color: var(--bad); } .takes-down .blocked { color: var(--warn); } .cause.warning h3 { color: var(--warn); }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; margin: 0; }
.facts dt { font-weight: 600; } .facts dd { margin: 0; word-break: break-all; }
.counts span { margin-right: 1rem; font-weight: 600; } .counts .passed { color: var(--ok); } .counts .failed { color: var(--bad); } .counts .skipped { color: var(--skip); } .counts .blocked { color: var(--warn); } .counts .error { color: var(--warn); }
.counts .bylevel { font-weight: 400; }
.filters { position: sticky; top: 0; background: #fff; padding: .5rem 0; border-bottom: 1px solid #d0d7de; display: flex; gap: .5rem; align-items: center; flex-wrap: wrap; }
.filters button[aria-pressed="true"] { background: #1f2328; color: #fff; }
table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid #eaeef2; vertical-align: top; }
.title { color: #57606a; font-size: .9rem; } code { font-size: .85rem; }
td.status { font-weight: 600; white-space: nowrap; } .status.passed { color: var(--ok); } .status.failed { color: var(--bad); } .status.skipped, .status.none { color: var(--skip); } .status.blocked, .status.error { color: var(--warn); } .status.warning { color: var(--warn); }
.level.MUST { font-weight: 700; }
.failure { border-left: 3px solid var(--bad); padding-left: .75rem; margin: .5rem 0 1rem; }
.label { font-weight: 600; margin-top: .4rem; display: flex; gap: .5rem; align-items: center; }
pre { background: #f6f8fa; padding: .5rem; overflow-x: auto; white-space: pre-wrap; word-break: break-all; margin: .2rem 0; font-size: .8rem; }
.request, .reason, .also { font-family: ui-monospace, monospace; font-size: .8rem; word-break: break-all; }
[hidden] { display: none !important; }
footer { margin-top: 2rem; color: #57606a; font-size: .85rem; }
@media print {
  .filters, button.copy { display: none; } details > summary { display: none; }
  tr, .failure { break-inside: avoid; } pre { white-space: pre-wrap; } a { color: inherit; }
  body { max-width: none; }
}
`;

const JS = `
(function () {
  var status = 'all', area = 'all', text = '';
  function apply() {
    document.querySelectorAll('tr.check, tr.detail').forEach(function (row) {
      var ok = (status === 'all' || row.dataset.status === status) && (area === 'all' || row.dataset.suite === area) && (!text || row.dataset.text.indexOf(text) >= 0);
      row.hidden = !ok;
    });
    document.querySelectorAll('section.suite').forEach(function (s) {
      s.hidden = !!s.querySelector('tbody') && !s.querySelector('tr.check:not([hidden])');
    });
  }
  document.querySelectorAll('[data-filter-status]').forEach(function (b) {
    b.addEventListener('click', function () {
      status = b.dataset.filterStatus;
      document.querySelectorAll('[data-filter-status]').forEach(function (o) { o.setAttribute('aria-pressed', String(o === b)); });
      apply();
    });
  });
  document.getElementById('area').addEventListener('change', function (e) { area = e.target.value; apply(); });
  document.getElementById('search').addEventListener('input', function (e) { text = e.target.value.trim().toLowerCase(); apply(); });
  document.querySelectorAll('button[data-copy]').forEach(function (b) {
    b.addEventListener('click', function () {
      var pre = b.parentNode.nextElementSibling, value = pre.textContent;
      function done() { b.textContent = 'Copied'; setTimeout(function () { b.textContent = 'Copy'; }, 1500); }
      if (navigator.clipboard && window.isSecureContext) { navigator.clipboard.writeText(value).then(done, fallback); } else { fallback(); }
      function fallback() {
        var range = document.createRange(); range.selectNodeContents(pre);
        var sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(range);
        try { document.execCommand('copy'); done(); } catch (err) { b.textContent = 'Select and copy'; }
      }
    });
  });
})();
`;
