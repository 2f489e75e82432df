// Turns a sequence fixture into jest tests: a describe per sequence and profile, a test per check
// of each step. Each test records a CheckApplication for the reports, labels itself for Allure and
// attaches the exchanges it judged (already redacted).
import * as allure from 'allure-js-commons';
import { getCheck } from '../checks/registry';
import { automaticChecks } from '../checks/response';
import { NOT_APPLICABLE, type CheckDefinition } from '../checks/types';
import { PreconditionUnmet, Violation } from '../checks/violation';
import { withChain } from '../http/client';
import { toCurl, toRunnableCurlChain } from '../http/curl';
import { describeExchange, renderResponse, type Exchange } from '../http/exchange';
import type { Profile } from '../profiles';
import { endTest, labelForAllure } from '../report/allure';
import type { Area, Cause, CheckApplication } from '../report/outcome';
import { recordApplication } from '../runner/context';
import { openSuite, specFileName } from '../runner/suite-env';
import { applyRunMapping } from '../mapping/apply';
import { unmetRequirement } from './capabilities';
import { SequenceRun } from './replay';
import { stepLabel, type SequenceFile } from './types';

const PROFILE_TAG: Record<Profile, string> = { entra: 'e', 'entra-flag': 'f' };

// Every check of a step attaches the same exchange: rendered once (about half the renders of a run).
const rendered = new WeakMap<Exchange, string>();
function renderExchange(ex: Exchange): string {
  let text = rendered.get(ex);
  if (text === undefined) rendered.set(ex, (text = `${toCurl(ex)}\n\n${renderResponse(ex, Infinity)}`));
  return text;
}

/**
 * Registers the jest tests of one fixture file (its sequences, with the shared body catalogue).
 * @param tag one letter that keeps resource names of different suites apart
 * @param area which verdict the file's traffic counts for: Entra's sequences, or the RFC suite
 */
export function replaySuite(tag: string, area: Area, fixture: { bodies: object; sequences: unknown[] }): void {
  // JSON imports are typed loosely; the registry self-test lints the fixture structure.
  const { run, client, journal } = openSuite();
  // Entra's traffic follows the run's matching attribute and attribute mapping; the RFC suite does not.
  const file = area === 'entra' ? applyRunMapping(fixture as SequenceFile, { matchingAttribute: run.matchingAttribute ?? 'userName', ...(run.mapping ? { mapping: run.mapping } : {}), seed: run.seed }) : (fixture as SequenceFile);
  const wrongToken = `scimc-wrong-token-${run.runId}`;
  const record = (app: CheckApplication) => recordApplication(run.runDir, app);
  let counter = 0;
  // jest matches --grep (testNamePattern) against "<describe title> <test title>".
  const grep = run.grep !== undefined ? new RegExp(run.grep) : undefined;
  const selected = (fullName: string) => !grep || grep.test(fullName);
  // Every sequence of the file is started at once (its steps in order, through the run's limiter); the
  // tests then only await results already on their way. Each entry: the run, and the last step a
  // selected test needs (later steps are not sent, as before).
  const starts: Array<{ replay: SequenceRun; lastStep: number }> = [];
  beforeAll(() => {
    for (const { replay, lastStep } of starts) replay.start(lastStep);
  });
  // A test may wait for the other sequences' requests ahead of it in the limiter: its bound is the run's deadline.
  const testTimeout = Math.min(2 ** 31 - 1, Math.max(run.timeoutMs * 4, run.deadlineAt - Date.now()) + 10_000);

  // A profile-independent file (the RFC suite) is replayed once and recorded under the first profile.
  const profiles = file.profileIndependent ? run.profiles.slice(0, 1) : run.profiles;
  for (const profile of profiles) {
    for (const sequence of file.sequences) {
      const prefix = `scimc-${run.runId}-${tag}${PROFILE_TAG[profile]}${++counter}-`;
      // Capability gating, decided now since a running test cannot skip itself: what the endpoint's
      // discovery documents do not declare is skipped, with the reason in the title and the summary.
      const sequenceUnmet = unmetRequirement(sequence.requires, run.discovery);
      const skipped = new Map<number, string>();
      sequence.steps.forEach((step, index) => {
        const reason = step.notApplicable ?? sequenceUnmet ?? unmetRequirement(step.requires, run.discovery);
        if (reason !== undefined) skipped.set(index, reason);
      });
      const describeTitle = file.profileIndependent ? sequence.title : `${sequence.title} [${profile}]`;
      describe(describeTitle, () => {
        // Its requests form one chain of the run's timing: "<spec file>|<sequence prefix>".
        const chained = withChain(client, `${specFileName()}|${prefix}`);
        const replay = new SequenceRun(file, sequence, profile, { client: chained, journal, prefix, wrongToken }, skipped);
        // Clean-up follows the sequence's last step at once; this only waits for it (and reports its failure).
        afterAll(() => replay.finished(), testTimeout);
        let lastStep = -1;

        sequence.steps.forEach((step, index) => {
          const reason = skipped.get(index);
          for (const id of [...step.checks, ...automaticChecks(step.response, { method: step.request.method, sequenceMethods: sequence.steps.map((s) => s.request.method) })]) {
            const check = getCheck(id);
            const title = `${stepLabel(step)} › ${id}: ${check.title}`;
            const testName = `${describeTitle} ${title}`;
            const base = { checkId: id, profile, area, sequence: sequence.id, step: stepLabel(step), test: testName };
            if (reason === undefined) {
              if (selected(testName)) lastStep = Math.max(lastStep, index);
              test(title, () => evaluate(check, replay, index, base), testTimeout);
            } else {
              test.skip(`${title} (skipped: ${reason})`, () => undefined);
              // Recorded now (the body of a skipped test never runs), unless --grep deselects it.
              if (selected(testName)) record({ ...base, test: `${describeTitle} ${title} (skipped: ${reason})`, status: 'skipped', durationMs: 0, reason: `skipped: ${reason}` });
            }
          }
        });
        if (lastStep >= 0) starts.push({ replay, lastStep });
      });
    }
  }

  type Base = Pick<CheckApplication, 'checkId' | 'profile' | 'area' | 'sequence' | 'step' | 'test'>;

  async function evaluate(check: CheckDefinition, replay: SequenceRun, index: number, base: Base): Promise<void> {
    const step = replay.sequence.steps[index]!;
    await labelForAllure(check, replay.profile, `${replay.sequence.id} › ${stepLabel(step)}`);
    let outcome;
    try {
      outcome = await replay.step(index);
    } catch (err) {
      // The driver could not build or send the step (a fixture that does not resolve): the harness's fault.
      const failed: CheckApplication = { ...base, status: 'error', durationMs: 0, reason: `internal error replaying the step (a harness bug, not the endpoint's failure): ${errorText(err)}` };
      record(failed);
      endTest(check, failed);
    }

    if (outcome.status === 'blocked' || outcome.status === 'skipped') {
      // 'skipped' cannot happen here: skipped steps register no running test.
      const blocked: CheckApplication = { ...base, status: outcome.status, durationMs: 0, reason: outcome.reason, ...(outcome.status === 'blocked' && outcome.cause ? { blockedBy: outcome.cause } : {}) };
      record(blocked);
      endTest(check, blocked);
    }
    const { exchange } = outcome;
    await allure.attachment(describeExchange(exchange), renderExchange(exchange), 'text/plain');
    const app: CheckApplication = { ...base, status: 'passed', durationMs: exchange.durationMs, request: describeExchange(exchange) };
    let judged: CheckApplication;
    try {
      if (!check.verify) throw new Error(`check ${check.id} has no verify function, so it cannot judge a replayed step`);
      const verdict = check.verify({
        exchange,
        profile: replay.profile,
        vars: replay.vars,
        sentBody: outcome.sentBody,
        expect: outcome.expect,
        responseKind: step.response,
        earlier: replay.earlier(index),
        discovery: run.discovery,
        ...(outcome.identity ? { identity: outcome.identity } : {}),
      });
      judged = verdict === NOT_APPLICABLE ? { ...app, status: 'not-applicable' } : app;
    } catch (err) {
      if (err instanceof Violation) {
        judged = { ...app, status: 'failed', expected: err.expected, received: err.received, response: renderResponse(exchange), curl: toRunnableCurlChain(replay.reproduction(index)) };
      } else if (err instanceof PreconditionUnmet && err.unsupported) {
        judged = { ...app, status: 'skipped', reason: err.message };
      } else if (err instanceof PreconditionUnmet) {
        // The check could not judge its behaviour here; what it needed is named, and this step is the cause.
        const cause: Cause = { sequence: replay.sequence.id, step: stepLabel(step), request: describeExchange(exchange) };
        judged = { ...app, status: 'blocked', reason: err.message, response: renderResponse(exchange), blockedBy: cause };
      } else {
        judged = { ...app, status: 'error', reason: `internal error in the check (a harness bug, not the endpoint's failure): ${errorText(err)}` };
      }
    }
    record(judged);
    if (judged.status === 'failed' || judged.status === 'blocked' || judged.status === 'error') endTest(check, judged);
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? (err.stack ?? err.message) : String(err);
}
