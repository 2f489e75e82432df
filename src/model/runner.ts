// Runs one property for one profile with fast-check and turns the outcome into the CheckApplication
// every report is built from. A failure carries the minimal counterexample fast-check shrank to, its
// curl chain, the run seed and the path of the case, so that
//   scim-conformance --seed <seed> --runs <runs>                    re-runs the same cases, and
//   scim-conformance --seed <seed> --replay-path '<id>@<profile>:<path>'  re-runs only the counterexample.
import fc from 'fast-check';
import type { CheckDefinition } from '../checks/types';
import { PreconditionUnmet, Violation } from '../checks/violation';
import { toRunnableCurlChain } from '../http/curl';
import { describeExchange } from '../http/exchange';
import { isProfile, type Profile } from '../profiles';
import type { CheckApplication } from '../report/outcome';
import { CaseContext, type PropertyEnv } from './session';

export interface PropertySpec<T, S = undefined> {
  check: CheckDefinition;
  /** Letter that keeps this property's resource names apart from the other properties'. */
  tag: string;
  /** Generated cases per profile when --runs is not given. */
  defaultRuns: number;
  /** Requests one case sends, roughly: sizes the time limit. */
  requestsPerCase: number;
  /** @param replayPath fast-check's command replay path, for model-based properties. */
  arbitrary(profile: Profile, replayPath?: string): fc.Arbitrary<T>;
  /** Prepares what every case shares (e.g. a user to send bad PATCHes to); deleted after the property. */
  setup?(c: CaseContext): Promise<S>;
  /** Runs one case against the endpoint; throws a Violation where the endpoint departs from the property. */
  run(value: T, c: CaseContext, shared: S): Promise<void>;
  /** The counterexample as a reader wants it: the generated input, or the log of the commands that ran. */
  show(value: T, c: CaseContext): string;
}

/** A replay of one counterexample: which property and profile, and fast-check's path (and command replay path). */
export interface ReplayTarget {
  checkId: string;
  profile: Profile;
  path: string;
  commands?: string;
}

/** Parses `<check id>@<profile>:<path>[#<command replay path>]`, e.g. `properties.users.round-trip@entra:4:2:0`. */
export function parseReplayPath(text: string | undefined): ReplayTarget | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const m = /^([a-z0-9.-]+)@([a-z-]+):(\d+(?::\d+)*)(?:#([A-Za-z0-9+/]+:[A-Za-z0-9+/]*))?$/.exec(text.trim());
  if (!m || !isProfile(m[2]!)) {
    throw new Error(`--replay-path "${text}" is not of the form <check id>@<profile>:<path>[#<commands>] (as printed by a failed property)`);
  }
  return { checkId: m[1]!, profile: m[2] as Profile, path: m[3]!, ...(m[4] !== undefined ? { commands: m[4] } : {}) };
}

export function formatReplayPath(t: ReplayTarget): string {
  return `${t.checkId}@${t.profile}:${t.path}${t.commands !== undefined ? `#${t.commands}` : ''}`;
}

/** Each property and profile draws from its own seed, derived from the run seed (FNV-1a), so they are independent and all replayable from one number. */
export function deriveSeed(runSeed: number, checkId: string, profile: Profile): number {
  let h = 0x811c9dc5;
  for (const ch of `${runSeed}|${checkId}|${profile}`) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}

const PROFILE_TAG: Record<Profile, string> = { entra: 'e', 'entra-flag': 'f' };

export interface RunOptions {
  /** The run's --seed. */
  runSeed: number;
  /** The run's --runs, when given. */
  runs?: number;
  replay?: ReplayTarget;
  /** Stop shrinking this long after the first failure (the best counterexample so far is reported). */
  shrinkBudgetMs?: number;
}

export const DEFAULT_SHRINK_BUDGET_MS = 3000;

/**
 * A safety net against a stalling endpoint, scaled with the budget and the endpoint's measured speed:
 * 10 s plus each planned request at twice the mean latency seen so far (100 ms at least), and never
 * less than one whole case at the per-request timeout, so that slowness alone cannot block a property.
 */
export function timeLimitMs(spec: Pick<PropertySpec<unknown>, 'requestsPerCase'>, numRuns: number, latencyMs = 0, timeoutMs = 0): number {
  const perRequest = Math.max(100, 2 * latencyMs);
  return Math.max(10_000 + numRuns * spec.requestsPerCase * perRequest, spec.requestsPerCase * timeoutMs);
}

export function effectiveRuns(spec: Pick<PropertySpec<unknown>, 'defaultRuns'>, options: Pick<RunOptions, 'runs'>): number {
  return options.runs ?? spec.defaultRuns;
}

interface Failure {
  c: CaseContext;
  error: unknown;
}

export interface PropertyOutcome {
  app: CheckApplication;
  /** Requests sent for this property and profile, cleanup included. */
  requests: number;
  /** The counterexample as shown (failures only). */
  counterexample?: string;
}

export async function runProperty<T, S>(spec: PropertySpec<T, S>, env: PropertyEnv, options: RunOptions): Promise<PropertyOutcome> {
  const started = performance.now();
  const profile = env.profile;
  const seed = deriveSeed(options.runSeed, spec.check.id, profile);
  const numRuns = effectiveRuns(spec, options);
  const replay = options.replay?.checkId === spec.check.id && options.replay.profile === profile ? options.replay : undefined;
  const base = { checkId: spec.check.id, profile, area: 'entra' as const, sequence: 'property' };
  let caseNo = 0;
  // Counted at the client: a case still running when the time limit struck has sent requests too.
  const sentBefore = env.client.requestCount;
  const sentSince = () => env.client.requestCount - sentBefore;
  const newCase = () => {
    const n = ++caseNo;
    return new CaseContext(env, `scimc-${env.runId}-p${spec.tag}${PROFILE_TAG[profile]}${n}-`, `${spec.check.id} [${profile}] case ${n}`);
  };

  const setupCase = newCase();
  let shared: S;
  try {
    shared = spec.setup ? await spec.setup(setupCase) : (undefined as S);
  } catch (err) {
    await setupCase.cleanup();
    const failed: CheckApplication = { ...base, step: 'setup', status: statusOf(err), durationMs: elapsed(started), ...describeError(err), curl: toRunnableCurlChain(setupCase.steps) };
    return { app: failed, requests: sentSince() };
  }

  let lastFailure: Failure | undefined;
  let firstFailureAt: number | undefined;
  let settled = false;
  const predicate = fc.asyncProperty(spec.arbitrary(profile, replay?.commands), async (value: T) => {
    const c = newCase();
    try {
      await spec.run(value, c, shared);
    } catch (error) {
      if (!settled) {
        lastFailure = { c, error };
        firstFailureAt ??= performance.now();
      }
      throw error;
    } finally {
      await c.cleanup();
    }
  });
  // Shrinking stops when its budget is spent; the smallest failing case found so far is reported.
  const shrinkBudget = options.shrinkBudgetMs ?? DEFAULT_SHRINK_BUDGET_MS;
  const budgetPlugin: fc.UniversalPlugin = () => ({
    decorateRun: (nested) => (value) =>
      firstFailureAt !== undefined && performance.now() - firstFailureAt > shrinkBudget ? new fc.PreconditionFailure(true) : nested(value),
  });
  let details: fc.RunDetails<[T]>;
  const limitMs = timeLimitMs(spec, numRuns, env.client.meanLatencyMs, env.client.timeoutMs);
  try {
    details = (await fc.check(predicate, {
      seed,
      numRuns: replay ? 1 : numRuns,
      ...(replay ? { path: replay.path, endOnFailure: true } : {}),
      plugins: [fc.interruptAfterTimeLimit(limitMs), budgetPlugin],
    })) as fc.RunDetails<[T]>;
  } finally {
    settled = true;
    await setupCase.cleanup();
  }
  const requests = sentSince();

  const durationMs = elapsed(started);
  if (!details.failed) {
    const cut = details.interrupted ? ` (time limit reached after ${details.numRuns} of ${numRuns})` : '';
    return { app: { ...base, step: `${details.numRuns} generated case(s)${cut}, ${requests} requests`, status: 'passed', durationMs }, requests };
  }
  if (details.counterexample === null || lastFailure === undefined) {
    const reason = details.interrupted
      ? `no case completed within the time limit of ${limitMs} ms (${requests} requests sent)`
      : `fast-check gave up after ${details.numSkips} skipped cases`;
    // Not one case judged: the property could not run (too slow an endpoint), which is no evidence of a fault.
    return { app: { ...base, step: 'no case completed', status: details.interrupted ? 'blocked' : 'error', durationMs, reason }, requests };
  }

  const value = details.counterexample[0];
  const target: ReplayTarget = { checkId: spec.check.id, profile, path: details.counterexamplePath, ...commandReplayPath(value) };
  const shown = spec.show(value, lastFailure.c);
  const lastExchange = lastFailure.c.exchanges[lastFailure.c.exchanges.length - 1];
  const shrinkNote = details.interrupted ? `; shrinking stopped after ${shrinkBudget} ms, a smaller case may exist` : '';
  const found = replay ? 'replayed from its path' : `found after ${details.numRuns} case(s), ${details.numShrinks} shrink(s)${shrinkNote}`;
  const header = `Counterexample (seed ${options.runSeed}, path ${details.counterexamplePath}, ${found}):`;
  const described = describeError(lastFailure.error);
  const app: CheckApplication = {
    ...base,
    step: replay ? 'replayed counterexample' : 'shrunk counterexample',
    status: statusOf(lastFailure.error),
    durationMs,
    ...(lastExchange ? { request: describeExchange(lastExchange) } : {}),
    reason: [header, ...shown.split('\n').map((l) => `  ${l}`), ...(described.reason ? [described.reason] : [])].join('\n'),
    ...(described.expected !== undefined ? { expected: described.expected, received: described.received } : {}),
    // Runnable after the run: ids become shell variables, what the chain creates is deleted at its end;
    // what the cases share (the setup) comes first.
    curl: toRunnableCurlChain([...setupCase.steps, ...lastFailure.c.steps]),
    replay: `--seed ${options.runSeed} --runs ${numRuns} --replay-path '${formatReplayPath(target)}'`,
  };
  return { app, requests, counterexample: shown };
}

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 10) / 10;
}

/** A Violation is the endpoint's failure, an unmet precondition blocks the property, anything else is the harness's own error. */
function statusOf(err: unknown): 'failed' | 'blocked' | 'skipped' | 'error' {
  if (err instanceof Violation) return 'failed';
  if (err instanceof PreconditionUnmet) return err.unsupported ? 'skipped' : 'blocked';
  return 'error';
}

function describeError(err: unknown): { expected?: string; received?: string; reason?: string } {
  if (err instanceof Violation) return { expected: err.expected, received: err.received };
  if (err instanceof PreconditionUnmet) return { reason: err.message };
  return { reason: `internal error in the property (a harness bug, not the endpoint's failure): ${err instanceof Error ? (err.stack ?? err.message) : String(err)}` };
}

/** fast-check writes a command sequence's replay path into its string form: `... /*replayPath="..."*\/`. */
function commandReplayPath(value: unknown): { commands?: string } {
  const parts = Array.isArray(value) ? value : [value];
  for (const part of parts) {
    if (typeof part !== 'object' || part === null || !(Symbol.iterator in part)) continue;
    const m = /replayPath="([^"]+)"/.exec(String(part));
    if (m) return { commands: m[1]! };
  }
  return {};
}
