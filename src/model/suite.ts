// Registers property specs as jest tests: one test per property and profile. Each runs its
// generated cases, records one CheckApplication for the reports and, on a failure, attaches the
// counterexample and its curl chain to it.
import { openSuite, settleTest } from '../runner/suite-env';
import type { JestApi } from '../runner/suite-host';
import { effectiveRuns, parseReplayPath, propertyTimeLimitMs, runProperty, type PropertyOutcome, type PropertySpec } from './runner';
import { profilesOf } from '../profiles';

// Specs differ in their value and shared types; the runner is generic over both.
type AnySpec = PropertySpec<any, any>;

export function propertySuite(jest: JestApi, title: string, specs: readonly AnySpec[]): void {
  const { run, client, journal, recorder } = openSuite();
  // Validated by the CLI's configuration already; parsed again here for the target.
  const replay = parseReplayPath(run.replayPath);
  const options = { runSeed: run.seed, ...(run.runs !== undefined ? { runs: run.runs } : {}), ...(replay ? { replay } : {}), ...(run.replayTarget !== undefined ? { replayTarget: run.replayTarget } : {}) };

  const file = jest.specFile;
  // --grep selects by "<describe title> <test title>": a property a run does not select has no test.
  const grep = run.grep !== undefined ? new RegExp(run.grep) : undefined;
  // Every selected property and profile starts at once (through the run's limiter); each test awaits its own.
  const outcomes = new Map<string, () => Promise<PropertyOutcome>>();
  const started = new Map<string, Promise<PropertyOutcome>>();
  jest.beforeAll(() => {
    for (const [name, start] of outcomes) {
      const p = start();
      p.catch(() => undefined); // awaited (and reported) by its test
      started.set(name, p);
    }
  });
  // The properties send Entra-shaped traffic: they run under Entra's selected profiles only.
  for (const profile of profilesOf('entra', run.profiles)) {
    const describeTitle = `${title} [${profile}]`;
    jest.describe(describeTitle, () => {
      for (const spec of specs) {
        // It may wait behind other suites' requests in the limiter: bounded by the run's deadline.
        const budget = Math.min(2 ** 31 - 1, Math.max(propertyTimeLimitMs(spec, effectiveRuns(spec, options), undefined, run.timeoutMs) + run.timeoutMs * 8, run.deadlineAt - Date.now()) + 10_000);
        const testTitle = `${spec.check.id}: ${spec.check.title}`;
        const testName = `${describeTitle} ${testTitle}`;
        if (grep && !grep.test(testName)) continue;
        // A replay runs the one property and profile it names, nothing else.
        if (replay && !(replay.checkId === spec.check.id && replay.profile === profile)) continue;
        outcomes.set(testName, () => runProperty(spec, { client, journal, runId: run.runId, profile, discovery: run.discovery, chain: `${file}|${spec.check.id}@${profile}` }, options));
        jest.test(testTitle, () => evaluate(testName), budget);
      }
    });
  }

  async function evaluate(testName: string): Promise<void> {
    const { app, counterexample } = await (started.get(testName) ?? outcomes.get(testName)!());
    if (counterexample !== undefined) recorder.attach(testName, { name: 'counterexample', text: () => counterexample });
    if (app.curl) recorder.attach(testName, { name: 'reproduce with curl', text: () => app.curl! });
    settleTest([{ ...app, test: testName }]);
  }
}
