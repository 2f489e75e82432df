// Opens reports/index.html from disk in headless Chromium with every network request refused, and
// checks what a reader sees: the verdict, the counts, every check, and a failed check's curl chain.
// A screenshot is kept as reports/browser/index.png.
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { loadBaseline } from '../../src/report/baseline';
import { toHtml } from '../../src/report/html';
import type { CheckApplication } from '../../src/report/outcome';
import { buildSummary, type Summary } from '../../src/report/summary';
import { PACKAGE_ROOT, runCli, type CliRun } from '../selftest/cli';
import { RUN_FACTS } from '../unit/run-facts';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const reportDir = path.join(PACKAGE_ROOT, 'reports', 'browser');

/** Headless Chromium (flags from stack-notes.md) with every request but file: refused and recorded in `blocked`. */
async function openOffline(blocked: string[]): Promise<{ browser: Browser; page: Page }> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:')) return route.continue();
    blocked.push(url);
    return route.abort();
  });
  return { browser, page: await context.newPage() };
}

/** Opens a scale report offline, recording the page's console errors and script exceptions in `errors`. */
async function openScaleReport(dir: string, blocked: string[], errors: string[]): Promise<{ browser: Browser; page: Page }> {
  const opened = await openOffline(blocked);
  opened.page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
  opened.page.on('pageerror', (e) => void errors.push(e.message));
  await opened.page.goto(`file://${path.join(dir, 'scale-report.html')}`);
  return opened;
}

describe('the HTML report in a browser', () => {
  let run: CliRun;
  let browser: Browser;
  let page: Page;
  const blocked: string[] = [];

  beforeAll(async () => {
    if (!fs.existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium (or set CHROMIUM_PATH)`);
    fs.rmSync(reportDir, { recursive: true, force: true });
    // The variation refuses role objects, which Entra's default mapping never sends: a capability, not a failure.
    run = await runCli(['--server-faults', 'group-members-add-ignored', '--server-variations', 'app-roles-unsupported'], { reportDir });
    ({ browser, page } = await openOffline(blocked));
    await page.goto(`file://${path.join(reportDir, 'index.html')}`);
  });
  afterAll(async () => {
    if (page) await page.screenshot({ path: path.join(reportDir, 'index.png'), fullPage: true });
    await browser?.close();
  });

  test('the run failed, as the fault demands', () => {
    expect(run.code).toBe(1);
    expect(run.summary?.verdict).toBe('failed');
  });

  test('shows the verdict and the counts of summary.json', async () => {
    const t = run.summary!.totals;
    expect(await page.textContent('#verdict')).toBe('FAILED');
    const counts = await page.textContent('#counts');
    expect(counts).toContain(`${t.passed} passed`);
    expect(counts).toContain(`${t.failed} failed`);
    expect(counts).toContain(`${t.skipped} skipped`);
    expect(counts).toContain(`${t.blocked} blocked`);
  });

  test('leads with the two verdicts, then "What to fix" before the matrix', async () => {
    expect(await page.textContent('#verdict-entra')).toBe(run.summary!.verdicts.entra.headline);
    expect(await page.textContent('#verdict-rfc')).toBe(run.summary!.verdicts.rfc.headline);
    expect(run.summary!.verdicts.entra.headline).toMatch(/^Entra provisioning: NOT READY/);
    const fix = page.locator('#what-to-fix');
    await expect(fix.isVisible()).resolves.toBe(true);
    const fixTop = (await fix.boundingBox())!.y;
    const matrixTop = (await page.locator('section.suite').first().boundingBox())!.y;
    expect(fixTop).toBeLessThan(matrixTop);
    // The cause names the check the fault fails, with its reproduction.
    const first = fix.locator('li.cause').filter({ hasText: 'entra.groups.members.added' }).first();
    await expect(first.isVisible()).resolves.toBe(true);
    await expect(first.locator('details .block', { hasText: 'Reproduce with' }).count()).resolves.toBeGreaterThan(0);
  });

  test('shows the capability table of summary.json: probed features, the refused ones with the endpoint\'s answer', async () => {
    const caps = run.summary!.capabilities!;
    expect(caps.length).toBeGreaterThan(0);
    await expect(page.locator('#capabilities').isVisible()).resolves.toBe(true);
    const rows = await page.$$eval('#capabilities tr.capability', (els) => els.map((e) => ({ id: e.getAttribute('data-capability'), text: e.textContent ?? '' })));
    expect(rows.map((r) => r.id)).toEqual(caps.map((c) => c.id));
    const roles = rows.find((r) => r.id === 'app-role-single')!;
    expect(roles.text).toMatch(/refused/);
    expect(roles.text).toMatch(/probed, not gating/);
    expect(roles.text).toContain('does not support roles');
  });

  test('lists every check', async () => {
    const ids = new Set(run.summary!.checks.map((c) => c.id));
    const rows = await page.$$eval('tr.check code', (els) => els.map((e) => e.textContent));
    expect(new Set(rows)).toEqual(ids);
  });

  test("shows a failed check's curl chain with the token as $SCIM_TOKEN", async () => {
    // The check that names the fault; its detail row follows its row.
    const detail = page.locator('tr.check:has-text("entra.groups.members.added") + tr.detail');
    await expect(detail.isVisible()).resolves.toBe(true);
    const curl = await detail.locator('.block', { hasText: 'Reproduce with' }).first().locator('pre').textContent();
    expect(curl).toMatch(/^\w+=\$\(curl -sS -X POST /); // the id goes into a shell variable
    expect(curl).toContain('-X PATCH');
    expect(curl).toContain('"Authorization: Bearer $SCIM_TOKEN"');
  });

  test('the status filter shows only failed checks', async () => {
    await page.click('[data-filter-status="failed"]');
    // No DOM typings in this project: describe the two properties read from each row.
    type Row = { hidden: boolean; dataset: Record<string, string | undefined> };
    const statuses = await page.$$eval('tr.check', (rows) => (rows as unknown as Row[]).filter((r) => !r.hidden).map((r) => r.dataset['status']));
    const failedIds = new Set(run.summary!.checks.filter((c) => c.status === 'failed').map((c) => c.id));
    expect(statuses.length).toBe(failedIds.size);
    expect(new Set(statuses)).toEqual(new Set(['failed']));
    await page.click('[data-filter-status="all"]');
  });

  test('makes no network request', () => {
    expect(blocked).toEqual([]);
  });
});

// A baselined run and its causes, built from hand-written check applications (no run needed): the
// verdicts stay NOT READY next to a gate badge that names the baseline, and What to fix shows the
// refused request once, with the endpoint's reason, Entra's context and the checks it takes down.
describe('the HTML report of a baselined run, and What to fix by root cause', () => {
  const dir = path.join(PACKAGE_ROOT, 'reports', 'browser-causes');
  const T = 'https://t.example/scim';
  const SAID = 'Operations[0]: "active" must be a boolean, not the string "False"';
  const base = { profile: 'entra' as const, area: 'entra' as const, evidence: { traffic: 'client' as const, grade: 'documented' as const }, sequence: 'users.disable-enable', durationMs: 1 };
  const apps: CheckApplication[] = [
    { ...base, checkId: 'entra.users.create.accepted', step: 'create [Entra R-04]', status: 'passed', request: `POST ${T}/Users -> 201` },
    { ...base, checkId: 'entra.users.patch.accepted', step: 'disable [Entra R-07]', status: 'failed', request: `PATCH ${T}/Users/1 -> 400`, expected: 'HTTP 200 or 204', received: `HTTP 400 {"status":"400","detail":${JSON.stringify(SAID)}}`, curl: "curl -sS -i -X PATCH 'https://t.example/scim/Users/1' -H \"Authorization: Bearer $SCIM_TOKEN\"" },
    { ...base, checkId: 'entra.users.disable.reads-inactive', step: 'read-disabled [verification]', verifies: 'disable [Entra R-07]', evidence: { traffic: 'verification', grade: 'documented' }, status: 'failed', request: `GET ${T}/Users/1 -> 200`, expected: '"active": false', received: '"active": true' },
    { ...base, checkId: 'entra.users.enable.reads-active', step: 'read-enabled [verification]', status: 'blocked', reason: 'blocked: needs the disable', blockedBy: { sequence: 'users.disable-enable', step: 'disable [Entra R-07]' } },
  ];
  let summary: Summary;
  let browser: Browser;
  let page: Page;
  const blocked: string[] = [];

  beforeAll(async () => {
    if (!fs.existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium (or set CHROMIUM_PATH)`);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    const known = path.join(dir, 'known.json');
    fs.writeFileSync(known, JSON.stringify({ knownFailures: ['entra.users.patch.accepted', 'entra.users.disable.reads-inactive', 'entra.users.enable.reads-active'].map((check) => ({ check, reason: 'PROJ-7' })) }));
    summary = buildSummary({ ...RUN_FACTS, profiles: ['entra'], baseline: loadBaseline(known) }, apps);
    fs.writeFileSync(path.join(dir, 'index.html'), toHtml(summary, apps));
    ({ browser, page } = await openOffline(blocked));
    await page.goto(`file://${path.join(dir, 'index.html')}`);
  });
  afterAll(async () => {
    if (page) await page.screenshot({ path: path.join(dir, 'index.png'), fullPage: true });
    await browser?.close();
  });

  test('the verdicts say NOT READY; the badge and the gate note say the baseline let the gate pass', async () => {
    expect(summary.verdict).toBe('passed');
    expect(await page.textContent('#verdict')).toBe('GATE PASSED (BASELINE)');
    expect(await page.textContent('#verdict-entra')).toMatch(/^Entra provisioning: NOT READY \(.*3 known in the baseline\)$/);
    await expect(page.locator('#gate-note').isVisible()).resolves.toBe(true);
    expect(await page.textContent('#gate-note')).toMatch(/^Gate: PASSED: the gate passes only because every failure is known in the baseline/);
  });

  test('What to fix: one entry, the refused request, with the endpoint\'s reason, Entra\'s context and the checks it takes down', async () => {
    const causes = page.locator('#what-to-fix li.cause');
    await expect(causes.count()).resolves.toBe(1);
    const cause = causes.first();
    expect(await cause.locator('h3 .request').textContent()).toBe('PATCH /Users/{id} -> 400');
    expect(await cause.locator('.endpoint-detail').textContent()).toBe(`Endpoint said: ${SAID}`);
    expect(await cause.locator('.hint').textContent()).toMatch(/^Entra: .*the string "False"/);
    expect(await cause.locator('li.failed[data-check="entra.users.disable.reads-inactive"]').textContent()).toMatch(/failed on the read-back/);
    await expect(cause.locator('ul.takes-down li.blocked[data-check="entra.users.enable.reads-active"]').isVisible()).resolves.toBe(true);
  });

  test('makes no network request', () => {
    expect(blocked).toEqual([]);
  });
});

// The scale report (scim-conformance scale): self-contained, its uPlot charts drawn from the inlined
// library with no network and no console error. SCALE_BROWSER_REPORT=<folder> opens an existing scale
// report folder instead of a fresh small run (e.g. the 10,000-user run's, which takes minutes).
describe('the scale HTML report in a browser', () => {
  const scaleDir = process.env['SCALE_BROWSER_REPORT'] ?? path.join(PACKAGE_ROOT, 'reports', 'browser-scale');
  const TOKEN = 'browser-scale-Secret-7c21';
  let run: CliRun | undefined;
  let summary: { verdict: string; kinds: Array<{ kind: string }>; runId: string };
  let browser: Browser;
  let page: Page;
  const blocked: string[] = [];
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    if (!fs.existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium (or set CHROMIUM_PATH)`);
    if (process.env['SCALE_BROWSER_REPORT'] === undefined) {
      fs.rmSync(scaleDir, { recursive: true, force: true });
      run = await runCli(['scale', '--users', '400', '--groups', '10', '--members-per-group', '20', '--token', TOKEN], { reportDir: scaleDir });
    }
    summary = JSON.parse(fs.readFileSync(path.join(scaleDir, 'scale-summary.json'), 'utf8')) as typeof summary;
    ({ browser, page } = await openScaleReport(scaleDir, blocked, consoleErrors));
  });
  afterAll(async () => {
    if (page) await page.screenshot({ path: path.join(scaleDir, 'scale-report.png'), fullPage: true });
    await browser?.close();
  });

  test('a fresh run on the clean server passed (exit 0)', () => {
    if (run) expect({ code: run.code, stderr: run.code === 0 ? '' : run.stderr }).toEqual({ code: 0, stderr: '' });
  });

  test('shows the verdict of scale-summary.json', async () => {
    expect(await page.textContent('#verdict')).toBe(summary.verdict.toUpperCase());
  });

  test('draws the throughput chart and one latency histogram per request kind', async () => {
    await expect(page.locator('#throughput .uplot canvas').count()).resolves.toBe(1);
    const kinds = await page.$$eval('#histograms .chart', (els) => els.map((e) => (e as unknown as { getAttribute(n: string): string | null }).getAttribute('data-kind')));
    expect(kinds).toEqual(summary.kinds.map((k) => k.kind));
    await expect(page.locator('#histograms .uplot canvas').count()).resolves.toBe(summary.kinds.length);
    // A drawn canvas has a size; an empty one would be 0 x 0.
    const box = await page.locator('#throughput canvas').first().boundingBox();
    expect(box!.width).toBeGreaterThan(100);
    expect(box!.height).toBeGreaterThan(100);
  });

  test('no console error, no network request, no token', async () => {
    expect(consoleErrors).toEqual([]);
    expect(blocked).toEqual([]);
    expect(await page.content()).not.toContain(TOKEN);
    if (run) expect(run.stdout + run.stderr).not.toContain(TOKEN);
  });
});

// Issue 21 item 9: a failing scale run's report leads with what failed, and the throughput chart is
// scaled by the load, the clean-up's deletes drawn apart on their own scale.
describe('the scale HTML report of a failing run in a browser', () => {
  const dir = path.join(PACKAGE_ROOT, 'reports', 'browser-scale-failing');
  const TOKEN = 'browser-scale-fail-Secret-3e88';
  let run: CliRun;
  let summary: { kinds: Array<{ kind: string; errors: number }>; timeline: Record<string, number[]>; phases: Array<{ name: string; startMs: number }> };
  let browser: Browser;
  let page: Page;
  const blocked: string[] = [];
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    if (!fs.existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium (or set CHROMIUM_PATH)`);
    fs.rmSync(dir, { recursive: true, force: true });
    // Every disable ("False" as a string) is refused with 400.
    run = await runCli(['scale', '--users', '300', '--server-faults', 'active-string-rejected', '--token', TOKEN], { reportDir: dir });
    summary = JSON.parse(fs.readFileSync(path.join(dir, 'scale-summary.json'), 'utf8')) as typeof summary;
    ({ browser, page } = await openScaleReport(dir, blocked, consoleErrors));
  });
  afterAll(async () => {
    if (page) await page.screenshot({ path: path.join(dir, 'scale-report.png'), fullPage: true });
    await browser?.close();
  });

  test('the run failed on the default errors<0.1% (exit 1)', async () => {
    expect(run.code).toBe(1);
    expect(await page.textContent('#verdict')).toBe('FAILED');
    await expect(page.locator('#thresholds tr.bad', { hasText: 'errors<0.1%' }).count()).resolves.toBe(1);
  });

  test('the request kinds table lists the failing kind first', async () => {
    const rows = await page.$$eval('#kinds tr[data-kind]', (els) => els.map((e) => (e as unknown as { getAttribute(n: string): string | null }).getAttribute('data-kind')));
    expect(rows[0]).toBe('user.disable');
    expect(rows).toHaveLength(summary.kinds.length);
    // Above the charts: a reader sees it without scrolling past them.
    const kindsTop = (await page.locator('#kinds').boundingBox())!.y;
    expect(kindsTop).toBeLessThan((await page.locator('#throughput').boundingBox())!.y);
  });

  test('the throughput chart leaves the clean-up out; the clean-up has its own chart', async () => {
    const kindsOf = async (id: string) => ((await page.getAttribute(id, 'data-kinds')) ?? '').split(' ');
    const load = await kindsOf('#throughput');
    expect(load).toContain('user.create');
    expect(load.filter((k) => k.startsWith('cleanup.'))).toEqual([]);
    expect(await kindsOf('#throughput-cleanup')).toContain('cleanup.user');
    await expect(page.locator('#throughput .uplot canvas').count()).resolves.toBe(1);
    await expect(page.locator('#throughput-cleanup .uplot canvas').count()).resolves.toBe(1);
    // The load chart's y scale covers the load's own peak, whatever the clean-up's burst was.
    const cleanupFrom = Math.floor(summary.phases.find((p) => p.name === 'cleanup')!.startMs / 1000);
    const loadPeak = Math.max(...load.flatMap((k) => summary.timeline[k]!.slice(0, cleanupFrom + 1)));
    const ymax = Number(await page.getAttribute('#throughput', 'data-ymax'));
    expect(ymax).toBeGreaterThanOrEqual(loadPeak);
    expect(ymax).toBeLessThan(loadPeak * 1.5 + 10);
  });

  test('no console error, no network request, no token', async () => {
    expect(consoleErrors).toEqual([]);
    expect(blocked).toEqual([]);
    expect(await page.content()).not.toContain(TOKEN);
    expect(run.stdout + run.stderr).not.toContain(TOKEN);
  });
});
