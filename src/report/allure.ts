// The Allure results of a run, written like every other report: by the runner, from the summary and
// the check applications, after the suites. One Allure test result per check and profile (the unit
// of summary.json and junit.xml: epic = suite, feature = requirement, story = check id, severity from
// the level, a link to the requirement's text), with one step per step of a sequence it judged,
// carrying that step's status and what its jest test attached (the judged exchange as curl and
// response, a property's counterexample). The reports cannot disagree, a sharded run gives a check
// the same history id as an unsharded one, and a run writes some 700 files rather than 3,200.
// allureChecks() is the one mapping from the records to Allure: these files are written from it, and
// allure-runtime.ts replays it as steps of a vendor's own test under an Allure integration (allure-jest).
import { spawn } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { LabelName, Stage, Status, type StepResult, type TestResult } from 'allure-js-commons';
import { getCheck } from '../checks/registry';
import type { CheckDefinition, Level, Suite } from '../checks/types';
import type { Redactor } from '../http/redact';
import { formatApplication } from './format';
import type { ApplicationStatus, CheckApplication } from './outcome';
import type { Summary, SummaryCheck } from './summary';

export const SUITE_TITLES: Record<Suite, string> = { entra: 'Entra interoperability', okta: 'Okta interoperability', rfc7643: 'RFC 7643 schema', rfc7644: 'RFC 7644 protocol', properties: 'Properties (random Entra traffic)' };
const SEVERITY: Record<Level, string> = { MUST: 'critical', SHOULD: 'normal', MAY: 'minor' };
// Allure's "broken" is a test that judged nothing: a blocked check and a harness error.
export const STATUS: Record<ApplicationStatus, Status> = {
  passed: Status.PASSED,
  failed: Status.FAILED,
  blocked: Status.BROKEN,
  error: Status.BROKEN,
  skipped: Status.SKIPPED,
  'not-applicable': Status.SKIPPED,
};

/** Text a jest test attaches to the Allure results of its check applications; rendered only when written. */
export interface Attachment {
  name: string;
  text: () => string;
}

const CURL = 'reproduce with curl';
const md5 = (text: string) => createHash('md5').update(text).digest('hex');

/** One check and profile in Allure's terms: its result (steps empty) and, per application, a step with what it attaches. */
export interface AllureCheck {
  row: SummaryCheck;
  result: TestResult;
  steps: Array<{ step: StepResult; attachments: readonly Attachment[] }>;
}

/** The run's checks in Allure's terms, in summary order: what both the results files and a test's steps are made of. */
export function allureChecks(summary: Summary, apps: readonly CheckApplication[], attachmentsOf: (test: string | undefined) => readonly Attachment[]): AllureCheck[] {
  const startedAt = Date.parse(summary.startedAt);
  const byCheck = new Map<string, CheckApplication[]>();
  for (const app of apps) {
    const key = `${app.checkId} ${app.profile}`;
    const list = byCheck.get(key);
    if (list) list.push(app);
    else byCheck.set(key, [app]);
  }
  return summary.checks.map((row) => {
    const check = knownCheck(row.id);
    return {
      row,
      result: toResult(row, check, startedAt),
      steps: (byCheck.get(`${row.id} ${row.profile}`) ?? []).map((app) => {
        const attached = attachmentsOf(app.test);
        // The curl chain of a failed application, unless its test attached one already.
        const curl = app.curl && !attached.some((a) => a.name === CURL) ? [{ name: CURL, text: () => app.curl! }] : [];
        return { step: toStep(app, check, startedAt), attachments: [...attached, ...curl] };
      }),
    };
  });
}

/**
 * Writes one `<uuid>-result.json` per check and profile of the summary into `dir` (an empty
 * folder), and each attachment once, however many steps share it. Returns what could not be written.
 */
export function writeAllureResults(dir: string, summary: Summary, apps: readonly CheckApplication[], attachmentsOf: (test: string | undefined) => readonly Attachment[], redactor: Redactor): string[] {
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (err) {
    return [`could not create ${dir}: ${(err as Error).message}`];
  }
  const files: Array<[string, string]> = [];
  const sources = new Map<Attachment, string>();
  for (const { result, steps } of allureChecks(summary, apps, attachmentsOf)) {
    for (const { step, attachments } of steps) {
      for (const a of attachments) {
        let source = sources.get(a);
        if (source === undefined) {
          sources.set(a, (source = `${randomUUID()}-attachment.txt`));
          files.push([source, a.text()]);
        }
        step.attachments.push({ name: a.name, source, type: 'text/plain' });
      }
      result.steps.push(step);
    }
    files.push([`${result.uuid}-result.json`, JSON.stringify(result)]);
  }
  // One synchronous write after another: quicker here than side by side through the thread pool.
  const failures: string[] = [];
  for (const [name, text] of files) {
    try {
      fs.writeFileSync(path.join(dir, name), redactor.text(text));
    } catch (err) {
      if (failures.length < 5) failures.push(`could not write ${path.join(dir, name)}: ${(err as Error).message}`);
    }
  }
  return failures;
}

/**
 * The Allure results of several shards of one run, in `out` (emptied first): attachments copied,
 * and the results of a check and profile that ran in more than one shard made one, its steps in
 * shard order and its status the merged summary's (Allure would show the others as retries).
 */
export function mergeAllureResults(dirs: readonly string[], summary: Summary, out: string): void {
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  const merged = new Map<string, TestResult>();
  const rows = new Map(summary.checks.map((row) => [`${row.suite}:${row.id} [${row.profile}]`, row]));
  for (const dir of dirs) {
    if (!fs.existsSync(dir)) continue;
    for (const file of fs.readdirSync(dir)) {
      if (!file.endsWith('-result.json')) {
        fs.copyFileSync(path.join(dir, file), path.join(out, file));
        continue;
      }
      const result = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as TestResult;
      const key = result.fullName ?? result.uuid;
      const seen = merged.get(key);
      if (!seen) merged.set(key, result);
      else seen.steps.push(...result.steps);
    }
  }
  for (const result of merged.values()) {
    const row = result.fullName !== undefined ? rows.get(result.fullName) : undefined;
    const fixed = row ? { ...result, ...toResult(row, knownCheck(row.id), result.start ?? 0), uuid: result.uuid, steps: result.steps } : result;
    fs.writeFileSync(path.join(out, `${fixed.uuid}-result.json`), JSON.stringify(fixed));
  }
}

function toResult(row: SummaryCheck, check: CheckDefinition | undefined, startedAt: number): TestResult {
  const fullName = `${row.suite}:${row.id} [${row.profile}]`;
  const why = row.status === 'skipped' && row.message ? ` (${row.message})` : '';
  return {
    uuid: randomUUID(),
    name: `${row.id}: ${row.title} [${row.profile}]${why}`,
    fullName,
    historyId: md5(fullName),
    testCaseId: md5(fullName),
    status: STATUS[row.status],
    statusDetails: row.status === 'passed' || row.message === undefined ? {} : { message: row.message },
    stage: Stage.FINISHED,
    start: startedAt,
    stop: startedAt + Math.round(row.durationMs),
    labels: [
      { name: LabelName.PARENT_SUITE, value: SUITE_TITLES[row.suite] },
      { name: LabelName.SUITE, value: row.requirement },
      { name: LabelName.EPIC, value: SUITE_TITLES[row.suite] },
      { name: LabelName.FEATURE, value: row.requirement },
      { name: LabelName.STORY, value: row.id },
      { name: LabelName.SEVERITY, value: SEVERITY[row.level] },
      { name: LabelName.TAG, value: row.profile },
    ],
    links: row.requirementUrl ? [{ url: row.requirementUrl, name: row.requirement }] : [],
    parameters: [{ name: 'profile', value: row.profile }],
    ...(check ? { description: `${check.title}\n\n> ${check.quote}\n\nLevel: ${check.level}; profile: ${row.profile}` } : {}),
    steps: [],
    attachments: [],
  };
}

function toStep(app: CheckApplication, check: CheckDefinition | undefined, startedAt: number): StepResult {
  const down = app.status === 'failed' || app.status === 'blocked' || app.status === 'error';
  const why = (app.status === 'skipped' || app.status === 'blocked') && app.reason ? ` (${app.reason.split('\n')[0]})` : app.status === 'not-applicable' ? ' (not applicable)' : '';
  return {
    name: `${app.sequence} › ${app.step}${why}`,
    status: STATUS[app.status],
    statusDetails: down ? { message: check ? formatApplication(check, app) : (app.reason ?? app.status) } : {},
    stage: Stage.FINISHED,
    start: startedAt,
    stop: startedAt + Math.round(app.durationMs),
    steps: [],
    attachments: [],
    parameters: [],
  };
}

/** A record may name a check this version does not know (a merged or hand-written record): still written, as what it is. */
function knownCheck(id: string): CheckDefinition | undefined {
  try {
    return getCheck(id);
  } catch {
    return undefined;
  }
}

/**
 * Empties the Allure results folder (a previous run's results there would be reported as this run's).
 * The old folder is renamed away at once; the returned function hands it to a detached process that
 * deletes it after the run has exited. Unlinking some 3,000 files took 0.1-4 s, on the event loop
 * or, in the background, competing for the disk with this run's own report writing. A leftover
 * hidden folder is harmless.
 */
export function clearAllureResults(dir: string): () => void {
  const stale = path.join(path.dirname(dir), `.${path.basename(dir)}-old-${process.pid}-${Date.now()}`);
  try {
    fs.renameSync(dir, stale);
  } catch {
    // Not there (a first run), or not renamable (another file system?): removed in place.
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    return () => undefined;
  }
  fs.mkdirSync(dir, { recursive: true });
  return () => {
    try {
      const removal = spawn(process.execPath, ['-e', 'require("node:fs").rmSync(process.argv[1], { recursive: true, force: true })', stale], { detached: true, stdio: 'ignore' });
      removal.on('error', () => undefined);
      removal.unref();
    } catch {
      // No process could be started: the hidden folder stays.
    }
  };
}
