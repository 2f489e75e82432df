// Turns a sequence fixture into jest tests: a describe per sequence and profile, a test per step.
// Each test applies the step's checks as plain functions and records one CheckApplication per check
// through the run's recorder (the record every report, Allure's included, is built from); the test
// fails when one of them did not pass, and the runner reconciles the two.
import { getCheck } from '../checks/registry';
import { automaticChecks } from '../checks/response';
import { NOT_APPLICABLE, type CheckDefinition } from '../checks/types';
import { PreconditionUnmet, Violation } from '../checks/violation';
import { cutByRun, withChain, type RunCut } from '../http/client';
import { toCurl, toRunnableCurlChain } from '../http/curl';
import { describeExchange, renderResponse, type Exchange } from '../http/exchange';
import { CLIENT_HEADERS, CLIENT_QUERY_SPACE, clientStepEvidence } from './catalogue';
import { clientOf, PROFILE_TAG, profilesOf } from '../profiles';
import type { Area, Cause, CheckApplication, Evidence } from '../report/outcome';
import type { DiscoverySnapshot } from '../runner/discovery';
import { openSuite, settleTest } from '../runner/suite-env';
import type { JestApi } from '../runner/suite-host';
import { applyRunMapping } from '../mapping/apply';
import { unmetRequirement } from './capabilities';
import { fitToDeclared } from './declared-bodies';
import { expandFromDiscovery } from './discovery-steps';
import { SequenceRun, type StepOutcome } from './replay';
import { sequenceFor, stepLabel, verifiedStep, type SequenceDef, type SequenceFile, type StepDef } from './types';


/**
 * Registers the jest tests of one fixture file (its sequences, with the shared body catalogue).
 * @param jest the functions of the spec file's jest realm
 * @param tag one letter that keeps resource names of different suites apart
 * @param area which verdict the file's traffic counts for: a client's sequences (Entra's, Okta's), or the RFC suite
 */
export function replaySuite(jest: JestApi, tag: string, area: Area, fixture: { bodies: object; sequences: unknown[] }): void {
  // JSON imports are typed loosely; the registry self-test lints the fixture structure.
  const { run, client, journal, recorder } = openSuite();
  // Entra's traffic follows the run's matching attribute and attribute mapping; Okta's is replayed as
  // its documentation prints it; the RFC suite's follows the discovery documents (steps built from
  // them, then every body fitted to /Schemas).
  const file = area === 'okta' ? (fixture as SequenceFile) : area === 'entra' ? applyRunMapping(fixture as SequenceFile, { matchingAttribute: run.matchingAttribute ?? 'userName', ...(run.mapping ? { mapping: run.mapping } : {}), mode: run.mappingMode, seed: run.seed }) : fitToDeclared(expandFromDiscovery(fixture as SequenceFile, run.discovery), run.discovery);
  const wrongToken = `scimc-wrong-token-${run.runId}`;
  let counter = 0;
  // --grep selects checks by "<describe title> <step> › <check id>: <check title>"; a step runs when it has a selected check.
  const grep = run.grep !== undefined ? new RegExp(run.grep) : undefined;
  const selected = (checkName: string) => !grep || grep.test(checkName);
  // Every sequence of the file is started at once (its steps in order, through the run's limiter); the
  // tests then only await results already on their way. Each entry: the run, and the last step a
  // selected check needs (later steps are not sent).
  const starts: Array<{ replay: SequenceRun; lastStep: number }> = [];
  jest.beforeAll(() => {
    for (const { replay, lastStep } of starts) replay.start(lastStep);
  });
  // A test may wait for the other sequences' requests ahead of it in the limiter: its bound is the run's deadline.
  const testTimeout = Math.min(2 ** 31 - 1, Math.max(run.timeoutMs * 4, run.deadlineAt - Date.now()) + 10_000);

  // A profile-independent file (the RFC suite) is replayed once and recorded under the first profile;
  // a client's file under each selected profile of that client.
  const profiles = file.profileIndependent ? run.profiles.slice(0, 1) : area === 'rfc' ? run.profiles : profilesOf(area, run.profiles);
  for (const profile of profiles) {
    for (const sequence of file.sequences.map((sq) => sequenceFor(sq, profile)).filter((sq) => sq !== undefined)) {
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
      // The selected checks of each step: a step without one has no test, a sequence without one no describe.
      // The RFC suite's responses get the automatic checks of the client whose profile records them (Okta's
      // in an Okta-only run): on suite traffic they gate nothing, and no other client's rows appear.
      const responseArea: Area = area === 'rfc' && clientOf(profile) === 'okta' ? 'okta' : area;
      const stepChecks = sequence.steps.map((step) => checksOfStep(responseArea, sequence, step).filter((check) => selected(`${describeTitle} ${stepLabel(step)} › ${check.id}: ${check.title}`)));
      if (stepChecks.every((checks) => checks.length === 0)) continue;
      jest.describe(describeTitle, () => {
        // Its requests form one chain of the run's timing: "<spec file>|<sequence prefix>".
        const chained = withChain(client, `${jest.specFile}|${prefix}`);
        const replay = new SequenceRun(file, sequence, profile, { client: chained, journal, prefix, wrongToken, ...(area !== 'rfc' ? { clientHeaders: CLIENT_HEADERS[area], querySpace: CLIENT_QUERY_SPACE[area] } : {}) }, skipped);
        let lastStep = -1;
        sequence.steps.forEach((step, index) => {
          const checks = stepChecks[index]!;
          if (checks.length === 0) return;
          const label = stepLabel(step);
          const reason = skipped.get(index);
          if (reason === undefined) {
            lastStep = Math.max(lastStep, index);
            jest.test(label, () => evaluate(checks, replay, index, `${describeTitle} ${label}`), testTimeout);
            return;
          }
          const title = `${label} (skipped: ${reason})`;
          jest.test.skip(title, () => undefined);
          // Recorded now: the body of a skipped test never runs.
          for (const check of checks) recorder.record({ ...base(check, replay, index, `${describeTitle} ${title}`), status: 'skipped', durationMs: 0, reason: `skipped: ${reason}` });
        });
        if (lastStep < 0) return; // every selected step skipped: nothing is sent
        starts.push({ replay, lastStep });
        // Clean-up follows the sequence's last step at once; this only waits for it (and reports its failure).
        jest.afterAll(() => replay.finished(), testTimeout);
      });
    }
  }

  type Base = Pick<CheckApplication, 'checkId' | 'profile' | 'area' | 'sequence' | 'step' | 'test' | 'evidence' | 'verifies'>;

  /** Whose request the step is: the client's (graded by its catalogue), or the RFC suite's own. */
  function evidenceOf(replay: SequenceRun, index: number): Evidence {
    if (area !== 'rfc') return clientStepEvidence(replay.sequence, index, replay.profile);
    return { traffic: replay.sequence.steps[index]!.verification ? 'verification' : 'suite' };
  }

  function base(check: CheckDefinition, replay: SequenceRun, index: number, test: string): Base {
    const steps = replay.sequence.steps;
    // A read-back names the request it verifies: its failures belong to that request's cause.
    const verifies = steps[index]!.verification ? verifiedStep(steps, index) : index;
    return { checkId: check.id, profile: replay.profile, area, sequence: replay.sequence.id, step: stepLabel(steps[index]!), test, evidence: evidenceOf(replay, index), ...(verifies !== index ? { verifies: stepLabel(steps[verifies]!) } : {}) };
  }

  /** The step's test: awaits its outcome (sent in beforeAll), applies each check, records them all, fails if one did not pass. */
  async function evaluate(checks: CheckDefinition[], replay: SequenceRun, index: number, test: string): Promise<void> {
    let outcome: StepOutcome;
    try {
      outcome = await replay.step(index);
    } catch (err) {
      // The driver could not build or send the step (a fixture that does not resolve): the harness's fault.
      const reason = `internal error replaying the step (a harness bug, not the endpoint's failure): ${errorText(err)}`;
      return settleTest(checks.map((check) => ({ ...base(check, replay, index, test), status: 'error', durationMs: 0, reason })));
    }
    if (outcome.status === 'blocked' || outcome.status === 'skipped') {
      // 'skipped' cannot happen here: skipped steps register no running test.
      const { status, reason } = outcome;
      const blockedBy = outcome.status === 'blocked' && outcome.cause ? { blockedBy: outcome.cause } : {};
      // Blocked by a step the run itself cut short: no failure of the endpoint's is behind it.
      const cut = outcome.status === 'blocked' ? await cutAt(replay, outcome.cause) : undefined;
      return settleTest(checks.map((check) => ({ ...base(check, replay, index, test), status, durationMs: 0, reason, ...blockedBy, ...(cut ? { cutBy: cut } : {}) })));
    }
    const { exchange } = outcome;
    recorder.attach(test, { name: describeExchange(exchange), text: () => `${toCurl(exchange)}\n\n${renderResponse(exchange, Infinity)}` });
    settleTest(checks.map((check) => judgeStep(check, replay, index, outcome, base(check, replay, index, test), run.discovery)));
  }
}

/** The checks a step applies: its fixture's, and those its response kind always gets on the area's traffic. */
function checksOfStep(area: Area, sequence: SequenceDef, step: StepDef): CheckDefinition[] {
  return [...step.checks, ...automaticChecks(step.response, area, { method: step.request.method, sequenceMethods: sequence.steps.map((s) => s.request.method) })].map((id) => getCheck(id));
}

/** What the run cut short at a step that ran: its request, or the read-back verifying what it created. */
function cutOf(outcome: StepOutcome): RunCut | undefined {
  return outcome.status === 'done' ? (cutByRun(outcome.exchange) ?? cutByRun(outcome.identity?.exchange)) : undefined;
}

/** Whether the step a blocked step names as its cause was cut short by the run (or was itself blocked by such a step). */
async function cutAt(replay: SequenceRun, cause: Cause | undefined, before = replay.sequence.steps.length): Promise<RunCut | undefined> {
  if (!cause || cause.sequence !== replay.sequence.id) return undefined;
  const at = replay.sequence.steps.findIndex((s) => stepLabel(s) === cause.step);
  // Causes point to earlier steps; the bound keeps a malformed chain from looping.
  if (at < 0 || at >= before) return undefined;
  const outcome = await replay.step(at);
  return outcome.status === 'blocked' ? cutAt(replay, outcome.cause, at) : cutOf(outcome);
}

/**
 * One check applied to a step that ran: passed, failed (a Violation), skipped or blocked (an unmet
 * precondition), or the harness's error. A request the run cut short (its deadline, an interruption)
 * holds no answer of the endpoint's: its checks are blocked by the cut, never judged; so is a check
 * that did not pass when the read-back verifying a create was cut.
 */
export function judgeStep(check: CheckDefinition, replay: SequenceRun, index: number, outcome: Extract<StepOutcome, { exchange: unknown }>, base: Omit<CheckApplication, 'status' | 'durationMs'>, discovery: DiscoverySnapshot): CheckApplication {
  const blockedByCut = (exchange: Exchange, cut: RunCut): CheckApplication => ({ ...base, status: 'blocked', durationMs: 0, request: describeExchange(exchange), cutBy: cut, reason: `not judged: ${describeExchange(exchange)}: ${exchange.error?.message ?? 'the run stopped'}` });
  const cut = cutByRun(outcome.exchange);
  if (cut) return blockedByCut(outcome.exchange, cut);
  const judged = judgeExchange(check, replay, index, outcome, base, discovery);
  const readBack = outcome.identity?.exchange;
  const readBackCut = cutByRun(readBack);
  return readBackCut && (judged.status === 'failed' || judged.status === 'blocked') ? blockedByCut(readBack!, readBackCut) : judged;
}

function judgeExchange(check: CheckDefinition, replay: SequenceRun, index: number, outcome: Extract<StepOutcome, { exchange: unknown }>, base: Omit<CheckApplication, 'status' | 'durationMs'>, discovery: DiscoverySnapshot): CheckApplication {
  const step = replay.sequence.steps[index]!;
  const { exchange } = outcome;
  const app: CheckApplication = { ...base, status: 'passed', durationMs: exchange.durationMs, request: describeExchange(exchange) };
  try {
    if (!check.verify) throw new Error(`check ${check.id} has no verify function, so it cannot judge a replayed step`);
    const verdict = check.verify({
      exchange,
      // The application's profile: the preflight judges its one exchange for every profile.
      profile: base.profile,
      vars: replay.vars,
      sentBody: outcome.sentBody,
      expect: outcome.expect,
      responseKind: step.response,
      earlier: replay.earlier(index),
      discovery,
      ...(outcome.identity ? { identity: outcome.identity } : {}),
    });
    return verdict === NOT_APPLICABLE ? { ...app, status: 'not-applicable' } : app;
  } catch (err) {
    if (err instanceof Violation) {
      return { ...app, status: 'failed', expected: err.expected, received: err.received, response: renderResponse(exchange), curl: toRunnableCurlChain(replay.reproduction(index)) };
    }
    if (err instanceof PreconditionUnmet && err.unsupported) return { ...app, status: 'skipped', reason: err.message };
    if (err instanceof PreconditionUnmet) {
      // The check could not judge its behaviour here; what it needed is named, and the step whose answer
      // fell short is the cause: an earlier one the check names (the query that narrows), else this one.
      const at = err.step !== undefined ? replay.sequence.steps.findIndex((s, i) => i < index && s.name === err.step) : -1;
      const causeExchange = at >= 0 ? replay.history.find((h) => h.step === at)?.exchange : exchange;
      const cause: Cause = { sequence: replay.sequence.id, step: stepLabel(replay.sequence.steps[at >= 0 ? at : index]!), ...(causeExchange ? { request: describeExchange(causeExchange) } : {}) };
      return { ...app, status: 'blocked', reason: err.message, response: renderResponse(exchange), blockedBy: cause };
    }
    return { ...app, status: 'error', reason: `internal error in the check (a harness bug, not the endpoint's failure): ${errorText(err)}` };
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? (err.stack ?? err.message) : String(err);
}
