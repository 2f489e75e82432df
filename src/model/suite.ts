// Registers property specs as jest tests: one test per property and profile. Each runs its
// generated cases, records one CheckApplication for the reports, labels itself for Allure and, on a
// failure, attaches the counterexample and its curl chain.
import * as allure from 'allure-js-commons';
import type { Profile } from '../profiles';
import { endTest, labelForAllure } from '../report/allure';
import { recordApplication } from '../runner/context';
import { openSuite, specFileName } from '../runner/suite-env';
import { DEFAULT_SHRINK_BUDGET_MS, effectiveRuns, formatReplayPath, parseReplayPath, runProperty, timeLimitMs, type PropertyOutcome, type PropertySpec } from './runner';

// Specs differ in their value and shared types; the runner is generic over both.
type AnySpec = PropertySpec<any, any>;

export function propertySuite(title: string, specs: readonly AnySpec[]): void {
  const { run, client, journal } = openSuite();
  // Validated by the CLI's configuration already; parsed again here for the target.
  const replay = parseReplayPath(run.replayPath);
  const options = { runSeed: run.seed, ...(run.runs !== undefined ? { runs: run.runs } : {}), ...(replay ? { replay } : {}) };

  const file = specFileName();
  // jest matches --grep (testNamePattern) against "<describe title> <test title>".
  const grep = run.grep !== undefined ? new RegExp(run.grep) : undefined;
  // Every selected property and profile starts at once (through the run's limiter); each test awaits its own.
  const outcomes = new Map<string, () => Promise<PropertyOutcome>>();
  const started = new Map<string, Promise<PropertyOutcome>>();
  beforeAll(() => {
    for (const [name, start] of outcomes) {
      const p = start();
      p.catch(() => undefined); // awaited (and reported) by its test
      started.set(name, p);
    }
  });
  for (const profile of run.profiles) {
    const describeTitle = `${title} [${profile}]`;
    describe(describeTitle, () => {
      for (const spec of specs) {
        // It may wait behind other suites' requests in the limiter: bounded by the run's deadline.
        const budget = Math.min(2 ** 31 - 1, Math.max(timeLimitMs(spec, effectiveRuns(spec, options)) + DEFAULT_SHRINK_BUDGET_MS + run.timeoutMs * 8, run.deadlineAt - Date.now()) + 10_000);
        const testTitle = `${spec.check.id}: ${spec.check.title}`;
        const testName = `${describeTitle} ${testTitle}`;
        const replayed = !replay || (replay.checkId === spec.check.id && replay.profile === profile);
        if (replayed && (!grep || grep.test(testName))) outcomes.set(testName, () => runProperty(spec, { client, journal, runId: run.runId, profile, discovery: run.discovery, chain: `${file}|${spec.check.id}@${profile}` }, options));
        test(testTitle, () => evaluate(spec, profile, testName), budget);
      }
    });
  }

  async function evaluate(spec: AnySpec, profile: Profile, testName: string): Promise<void> {
    await labelForAllure(spec.check, profile, 'property-based');
    if (replay && !(replay.checkId === spec.check.id && replay.profile === profile)) {
      const reason = `not run: this run replays ${formatReplayPath(replay)} only`;
      recordApplication(run.runDir, { checkId: spec.check.id, profile, area: 'entra', sequence: 'property', step: 'replay of another property', status: 'skipped', durationMs: 0, reason, test: testName });
      return;
    }
    const { app, counterexample, requests } = await (started.get(testName) ?? outcomes.get(testName)!());
    recordApplication(run.runDir, { ...app, test: testName });
    await allure.parameter('seed', String(run.seed));
    await allure.parameter('requests', String(requests));
    if (app.status !== 'failed' && app.status !== 'blocked' && app.status !== 'error') return;
    if (counterexample !== undefined) await allure.attachment('counterexample', counterexample, 'text/plain');
    if (app.curl) await allure.attachment('reproduce with curl', app.curl, 'text/plain');
    endTest(spec.check, app);
  }
}
