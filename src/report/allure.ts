// The Allure results of a run, written like every other report: by the runner, from the check
// applications, after the suites. One Allure test result per check application (epic = suite,
// feature = requirement, story = check id, severity from the level, a link to the requirement's
// text), with what its jest test attached (the judged exchange as curl and response, a property's
// counterexample). The same records as summary.json and the HTML report, so the reports cannot
// disagree, and a sharded run gives each application the same history id as an unsharded one.
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { LabelName, Stage, Status, type Label, type TestResult } from 'allure-js-commons';
import { getCheck } from '../checks/registry';
import type { CheckDefinition, Level, Suite } from '../checks/types';
import type { Redactor } from '../http/redact';
import { formatApplication } from './format';
import type { ApplicationStatus, Area, CheckApplication } from './outcome';

export const SUITE_TITLES: Record<Suite, string> = { entra: 'Entra interoperability', rfc7643: 'RFC 7643 schema', rfc7644: 'RFC 7644 protocol', properties: 'Properties (random Entra traffic)' };
const AREA_TITLES: Record<Area, string> = { entra: 'Entra provisioning', rfc: 'RFC 7643/7644' };
const SEVERITY: Record<Level, string> = { MUST: 'critical', SHOULD: 'normal', MAY: 'minor' };
// Allure's "broken" is a test that judged nothing: a blocked check and a harness error.
const STATUS: Record<ApplicationStatus, Status> = {
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

const md5 = (text: string) => createHash('md5').update(text).digest('hex');

/**
 * Writes one `<uuid>-result.json` per application into `dir` (an empty folder), and each attachment
 * once, however many applications share it. Returns what could not be written.
 */
export function writeAllureResults(dir: string, apps: readonly CheckApplication[], attachmentsOf: (test: string | undefined) => readonly Attachment[], redactor: Redactor, startedAt: number): string[] {
  const failures: string[] = [];
  const sources = new Map<Attachment, string>();
  const write = (file: string, text: string) => {
    try {
      fs.writeFileSync(path.join(dir, file), redactor.text(text));
      return true;
    } catch (err) {
      if (failures.length < 5) failures.push(`could not write ${path.join(dir, file)}: ${(err as Error).message}`);
      return false;
    }
  };
  const source = (attachment: Attachment): string | undefined => {
    let file = sources.get(attachment);
    if (file === undefined) {
      file = `${randomUUID()}-attachment.txt`;
      if (!write(file, attachment.text())) return undefined;
      sources.set(attachment, file);
    }
    return file;
  };
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (err) {
    return [`could not create ${dir}: ${(err as Error).message}`];
  }
  for (const app of apps) {
    const result = toResult(app, startedAt);
    const attached = [...attachmentsOf(app.test)];
    if (app.curl && !attached.some((a) => a.name === CURL)) attached.push({ name: CURL, text: () => app.curl! });
    for (const a of attached) {
      const file = source(a);
      if (file !== undefined) result.attachments.push({ name: a.name, source: file, type: 'text/plain' });
    }
    write(`${result.uuid}-result.json`, JSON.stringify(result));
  }
  return failures;
}

const CURL = 'reproduce with curl';

function toResult(app: CheckApplication, startedAt: number): TestResult {
  const check = knownCheck(app.checkId);
  const where = `${app.sequence} › ${app.step}`;
  const fullName = `${app.area}:${app.sequence} [${app.profile}] › ${app.step} › ${app.checkId}`;
  const why = app.status === 'skipped' && app.reason ? ` (${app.reason})` : app.status === 'not-applicable' ? ' (not applicable)' : '';
  const labels: Label[] = [
    { name: LabelName.PARENT_SUITE, value: AREA_TITLES[app.area] },
    { name: LabelName.SUITE, value: `${app.sequence} [${app.profile}]` },
    { name: LabelName.SUB_SUITE, value: app.step },
    { name: LabelName.TAG, value: app.profile },
  ];
  if (check) {
    labels.push(
      { name: LabelName.EPIC, value: SUITE_TITLES[check.suite] },
      { name: LabelName.FEATURE, value: check.requirement.ref },
      { name: LabelName.STORY, value: check.id },
      { name: LabelName.SEVERITY, value: SEVERITY[check.level] },
    );
  }
  const down = app.status === 'failed' || app.status === 'blocked' || app.status === 'error';
  return {
    uuid: randomUUID(),
    name: `${app.step} › ${app.checkId}: ${check?.title ?? 'unknown check'}${why}`,
    fullName,
    historyId: md5(fullName),
    testCaseId: md5(fullName),
    status: STATUS[app.status],
    statusDetails: down ? { message: check ? formatApplication(check, app) : (app.reason ?? app.status) } : why ? { message: why.slice(2, -1) } : {},
    stage: Stage.FINISHED,
    start: startedAt,
    stop: startedAt + Math.round(app.durationMs),
    labels,
    links: check?.requirement.url ? [{ url: check.requirement.url, name: check.requirement.ref }] : [],
    parameters: [{ name: 'step', value: where }],
    ...(check ? { description: `${check.title}\n\n> ${check.quote}\n\nLevel: ${check.level}; profile: ${app.profile}` } : {}),
    steps: [],
    attachments: [],
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
 * The old folder is renamed away at once and deleted in the background: a rerun in the same report
 * folder otherwise spent its first 0.1-4 s unlinking some 5,000 files, blocking the event loop. The
 * promise settles when it is gone (never rejects: a leftover hidden folder is harmless).
 */
export function clearAllureResults(dir: string): Promise<void> {
  const stale = path.join(path.dirname(dir), `.${path.basename(dir)}-old-${process.pid}-${Date.now()}`);
  let removal = Promise.resolve();
  try {
    fs.renameSync(dir, stale);
    removal = fs.promises.rm(stale, { recursive: true, force: true }).catch(() => undefined);
  } catch {
    // Not there (a first run), or not renamable (another file system?): removed in place.
    fs.rmSync(dir, { recursive: true, force: true });
  }
  fs.mkdirSync(dir, { recursive: true });
  return removal;
}
