// Runs one property for one profile with fast-check and turns the outcome into the CheckApplication
// every report is built from. A failure carries the minimal counterexample fast-check shrank to, its
// curl chain, the run seed and the path of the case, so that
//   scim-conformance <target> --seed <seed> --runs <runs>     re-runs the same cases, and
//   scim-conformance <target> --seed <seed> --runs <runs> --profile <profile> --replay-path '<id>@<profile>:<path>'
// re-runs only the counterexample (the replay line a failure prints, complete with its target's flags).
// Shrinking is bounded by a count of requests, so the same seed sends the same requests in every run.
import fc from 'fast-check';
import type { CheckDefinition } from '../checks/types';
import { PreconditionUnmet, Violation } from '../checks/violation';
import { toRunnableCurlChain } from '../http/curl';
import { describeExchange } from '../http/exchange';
import { isProfile, PROFILE_TAG, type Profile } from '../profiles';
import type { CheckApplication, Evidence } from '../report/outcome';
import { cutByRun, withChain, type ScimClient, type ScimRequest } from '../http/client';
import type { Exchange } from '../http/exchange';
import { CaseContext, type PropertyEnv } from './session';

export interface PropertySpec<T, S = undefined> {
  check: CheckDefinition;
  /** Letter that keeps this property's resource names apart from the other properties'. */
  tag: string;
  /** Generated cases per profile when --runs is not given. */
  defaultRuns: number;
  /** Requests one case sends, roughly: sizes the time limit. */
  requestsPerCase: number;
  /**
   * Whose requests the cases send: `client` when each is a shape Entra sends (random values in
   * Entra's documented requests), `suite` when Entra never sends them (broken bodies).
   */
  traffic: 'client' | 'suite';
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
  const m = /^([a-z0-9.-]+)@([a-z-]+):(\d+(?::\d+)*)(?:#([A-Za-z0-9+/]*:[A-Za-z0-9+/]*))?$/.exec(text.trim());
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

export interface RunOptions {
  /** The run's --seed. */
  runSeed: number;
  /** The run's --runs, when given. */
  runs?: number;
  replay?: ReplayTarget;
  /**
   * Requests that running a failure again and shrinking it may send: a count, never a time, so that
   * the same seed against the same endpoint sends the same requests and ends at the same
   * counterexample however loaded the machine is. 0: no shrinking. Default: shrinkBudgetOf(spec).
   */
  shrinkBudget?: number;
  /** The flags that name the run's target (`--url …`, or the embedded server's switches), for the replay line. */
  replayTarget?: string;
}

/**
 * Shrinking a failure may send as many requests as this many cases of the property would (its
 * requestsPerCase each). The failures of the reference server's faults reach their smallest case
 * within 5-45 cases' worth (a user with one offending value within 100 requests, a sequence of
 * directory operations within 1,200); a longer shrink is cut off and says so.
 */
export const DEFAULT_SHRINK_CASES = 60;

export function shrinkBudgetOf(spec: Pick<PropertySpec<unknown>, 'requestsPerCase'>, options: Pick<RunOptions, 'shrinkBudget'> = {}): number {
  return options.shrinkBudget ?? DEFAULT_SHRINK_CASES * spec.requestsPerCase;
}

/**
 * A safety net against a stalling endpoint, scaled with the budget and the endpoint's measured speed:
 * 10 s plus each planned request at twice the mean latency seen so far (100 ms at least), and never
 * less than one whole case at the per-request timeout, so that slowness alone cannot block a property.
 */
export function timeLimitMs(spec: Pick<PropertySpec<unknown>, 'requestsPerCase'>, numRuns: number, latencyMs = 0, timeoutMs = 0): number {
  const perRequest = Math.max(100, 2 * latencyMs);
  return Math.max(10_000 + numRuns * spec.requestsPerCase * perRequest, spec.requestsPerCase * timeoutMs);
}

/** How long a property and profile may take at most: its cases, then shrinking one failure (each phase has its time limit). */
export function propertyTimeLimitMs(spec: Pick<PropertySpec<unknown>, 'requestsPerCase'>, numRuns: number, shrinkBudget = shrinkBudgetOf(spec), timeoutMs = 0): number {
  return timeLimitMs(spec, numRuns, 0, timeoutMs) + shrinkLimitMs(spec, shrinkBudget, 0, timeoutMs);
}

/** The shrink pass's own safety net: its request budget at the same pace as timeLimitMs. */
function shrinkLimitMs(spec: Pick<PropertySpec<unknown>, 'requestsPerCase'>, shrinkBudget: number, latencyMs = 0, timeoutMs = 0): number {
  return timeLimitMs({ requestsPerCase: 1 }, shrinkBudget + spec.requestsPerCase, latencyMs, timeoutMs);
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

/**
 * At most this many lanes per property and profile. Lane i runs the generated cases of a contiguous
 * range of indexes (fast-check's path = the range's first index, numRuns = its length) with the
 * property's one seed, so the lanes together run exactly the cases a single fc.check would, and
 * counterexample paths stay absolute: the lanes change when a case runs, never which cases run.
 */
export const MAX_LANES = 16;

/** The lanes of numRuns cases: [first index, count] each, as even as possible. */
export function laneRanges(numRuns: number, maxLanes = MAX_LANES): Array<[number, number]> {
  const lanes = Math.max(1, Math.min(maxLanes, numRuns));
  const out: Array<[number, number]> = [];
  for (let i = 0, start = 0; i < lanes; i++) {
    const count = Math.floor(numRuns / lanes) + (i < numRuns % lanes ? 1 : 0);
    out.push([start, count]);
    start += count;
  }
  return out;
}

interface Pass {
  details: fc.RunDetails<unknown[]>;
  /** The first index of the pass's range: fast-check counts its runs from it. */
  start: number;
  /** The last case that failed (during shrinking, the smallest so far). */
  lastFailure?: Failure;
  /** Cases run. */
  cases: number;
  /** Requests sent, cleanup included. */
  requests: number;
}

/**
 * Runs one property for one profile (judgeProperty) in two phases, each of which sends the same requests
 * for the same seed: the search runs every generated case (in lanes, concurrently), each lane stopping
 * at its own first failure and none cut short by another's; then the failure with the lowest index is
 * run again and shrunk until that has sent its budget of requests (shrinkBudgetOf). Once the run cuts
 * one of its requests short (its deadline, an interruption), the cases that follow "fail" on requests
 * never answered, and shrinking chases them: a property that did not pass then is blocked by the cut,
 * neither passed nor failed.
 */
export async function runProperty<T, S>(spec: PropertySpec<T, S>, env: PropertyEnv, options: RunOptions): Promise<PropertyOutcome> {
  let cut: Exchange | undefined;
  const watched = Object.create(env.client, {
    send: {
      value: async (req: ScimRequest) => {
        const ex = await env.client.send(req);
        if (!cut && cutByRun(ex)) cut = ex;
        return ex;
      },
    },
  }) as ScimClient;
  const outcome = await judgeProperty(spec, { ...env, client: watched }, options);
  if (!cut || outcome.app.status === 'passed') return outcome;
  const { checkId, profile, area, sequence, evidence, durationMs } = outcome.app;
  const by = cutByRun(cut)!;
  return { requests: outcome.requests, app: { checkId, profile, area, sequence, evidence, step: 'cut short by the run', status: 'blocked', durationMs, request: describeExchange(cut), cutBy: by, reason: `not judged: ${describeExchange(cut)}: ${cut.error?.message ?? 'the run stopped'}` } };
}

async function judgeProperty<T, S>(spec: PropertySpec<T, S>, env: PropertyEnv, options: RunOptions): Promise<PropertyOutcome> {
  const started = performance.now();
  const profile = env.profile;
  const seed = deriveSeed(options.runSeed, spec.check.id, profile);
  const numRuns = effectiveRuns(spec, options);
  const replay = options.replay?.checkId === spec.check.id && options.replay.profile === profile ? options.replay : undefined;
  const evidence: Evidence = spec.traffic === 'client' ? { traffic: 'client', grade: 'documented' } : { traffic: 'suite' };
  const base = { checkId: spec.check.id, profile, area: 'entra' as const, sequence: 'property', evidence };
  // Counted on this property's own view of the client: other properties share the client and run meanwhile.
  let sent = 0;
  const client: ScimClient = Object.create(env.client, {
    send: { value: (req: ScimRequest) => (sent++, env.client.send(req)) },
  }) as ScimClient;
  const penv: PropertyEnv = { ...env, client };
  const caseTag = `p${spec.tag}${PROFILE_TAG[profile]}`;

  const chainOf = (part: string) => `${env.chain ?? `${spec.check.id}@${profile}`}#${part}`;
  const setupCase = new CaseContext({ ...penv, client: withChain(client, chainOf('setup')) }, `scimc-${env.runId}-${caseTag}0-`, `${spec.check.id} [${profile}] setup`);
  let shared: S;
  try {
    shared = spec.setup ? await spec.setup(setupCase) : (undefined as S);
  } catch (err) {
    await setupCase.cleanup();
    const failed: CheckApplication = { ...base, step: 'setup', status: statusOf(err), durationMs: elapsed(started), ...describeError(err), curl: toRunnableCurlChain(setupCase.steps) };
    return { app: failed, requests: sent };
  }

  const shrinkBudget = shrinkBudgetOf(spec, options);
  const searchLimitMs = timeLimitMs(spec, numRuns, env.client.meanLatencyMs, env.client.timeoutMs);

  /**
   * One fc.check of the property. `lane` names its cases (and their resources: lane s is the shrink
   * pass); `path` starts it at a case index; `shrinkRequests` set shrinks the first failure until the
   * pass has sent that many requests, unset ends at the first failure.
   */
  const runPass = async (lane: string, start: number, count: number, path: string | undefined, limitMs: number, shrinkRequests?: number): Promise<Pass> => {
    let cases = 0;
    let requests = 0;
    let lastFailure: Failure | undefined;
    let failedAt: number | undefined;
    let settled = false;
    const passClient: ScimClient = Object.create(client, { send: { value: (req: ScimRequest) => (requests++, client.send(req)) } }) as ScimClient;
    const laneEnv: PropertyEnv = { ...penv, client: withChain(passClient, chainOf(lane)) };
    const predicate = fc.asyncProperty(spec.arbitrary(profile, replay?.commands), async (value: T) => {
      const n = ++cases;
      const c = new CaseContext(laneEnv, `scimc-${env.runId}-${caseTag}${lane}c${n}-`, `${spec.check.id} [${profile}] case ${lane}.${n}`);
      try {
        await spec.run(value, c, shared);
      } catch (error) {
        if (!settled) {
          lastFailure = { c, error };
          failedAt ??= n;
        }
        throw error;
      } finally {
        await c.cleanup();
      }
    });
    // The shrink budget counts requests, not milliseconds: shrinking ends after the same case in every run.
    const budgetPlugin: fc.UniversalPlugin = () => ({
      decorateRun: (nested) => (value) => (shrinkRequests !== undefined && failedAt !== undefined && requests >= shrinkRequests ? new fc.PreconditionFailure(true) : nested(value)),
    });
    try {
      const details = (await fc.check(predicate, {
        seed,
        numRuns: count,
        ...(path !== undefined ? { path } : {}),
        ...(shrinkRequests === undefined ? { endOnFailure: true } : {}),
        plugins: [fc.interruptAfterTimeLimit(limitMs), budgetPlugin],
      })) as fc.RunDetails<unknown[]>;
      return { details, start, cases, requests, ...(lastFailure ? { lastFailure } : {}) };
    } finally {
      settled = true;
    }
  };

  let passes: Pass[];
  let shrunk: Pass | undefined;
  try {
    if (replay) {
      passes = [await runPass('1', 0, 1, replay.path, searchLimitMs)];
    } else {
      passes = await Promise.all(laneRanges(numRuns).map(([start, count], lane) => runPass(String(lane + 1), start, count, start === 0 ? undefined : String(start), searchLimitMs)));
      const first = firstFailure(passes);
      if (first && shrinkBudget > 0) {
        shrunk = await runPass('s', first.start, 1, first.details.counterexamplePath!, shrinkLimitMs(spec, shrinkBudget, env.client.meanLatencyMs, env.client.timeoutMs), shrinkBudget);
      }
    }
  } finally {
    await setupCase.cleanup();
  }
  const requests = sent;
  const durationMs = elapsed(started);
  const failed = firstFailure(passes);
  if (!failed) {
    // fast-check calls a pass that was interrupted before any case completed "failed", without a counterexample:
    // that is no failure of the endpoint, and the other passes' cases still count.
    const gaveUp = passes.find((l) => l.details.failed && !l.details.interrupted);
    if (gaveUp) return { app: { ...base, step: 'no case completed', status: 'error', durationMs, reason: `fast-check gave up after ${gaveUp.details.numSkips} skipped cases` }, requests };
    const ran = passes.reduce((t, l) => t + l.details.numRuns, 0);
    const interrupted = passes.some((l) => l.details.interrupted);
    const cut = interrupted ? ` (time limit reached after ${ran} of ${numRuns})` : '';
    if (ran > 0) return { app: { ...base, step: `${ran} generated case(s)${cut}, ${requests} requests`, status: 'passed', durationMs }, requests };
    // Not one case judged: the property could not run (too slow an endpoint), which is no evidence of a fault.
    const reason = `no case completed within the time limit of ${searchLimitMs} ms (${requests} requests sent)`;
    return { app: { ...base, step: 'no case completed', status: 'blocked', durationMs, reason }, requests };
  }

  // The shrunk failure when the case failed again when run to be shrunk; else the one the search found.
  const again = shrunk !== undefined && firstFailure([shrunk]) !== undefined;
  const best = again ? shrunk! : failed;
  const details = best.details;
  const lastFailure = best.lastFailure!;
  const value = details.counterexample![0] as T;
  const target: ReplayTarget = { checkId: spec.check.id, profile, path: details.counterexamplePath!, ...commandReplayPath(value) };
  const shown = spec.show(value, lastFailure.c);
  const lastExchange = lastFailure.c.exchanges[lastFailure.c.exchanges.length - 1];
  const shrinkNote = !shrunk
    ? ''
    : !again
      ? shrunk.details.interrupted
        ? '; it could not be run again within the time limit to be shrunk, so it is shown as found'
        : '; it passed when run again to be shrunk (the endpoint answered the same requests differently), so it is shown as found'
      : details.interrupted
        ? `; shrinking stopped after ${shrunk.cases - 1} case(s) and ${shrunk.requests} requests (${shrunk.requests >= shrinkBudget ? 'its budget' : 'its time limit'}), a smaller case may exist`
        : '';
  // fast-check counts a lane's runs from its first index: the case number in the whole run is start + runs.
  const found = replay ? 'replayed from its path' : `found after ${failed.start + failed.details.numRuns} case(s), ${again ? details.numShrinks : 0} shrink(s)${shrinkNote}`;
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
    replay: replayArguments(options, numRuns, target),
  };
  return { app, requests, counterexample: shown };
}

/** The failed pass with the lowest first index: the failure a single fc.check would have found first. */
function firstFailure(passes: readonly Pass[]): Pass | undefined {
  return passes.filter((l) => l.details.failed && l.details.counterexample !== null && l.lastFailure !== undefined).sort((a, b) => a.start - b.start)[0];
}

/**
 * The arguments of `scim-conformance` that re-run exactly this counterexample against the same target:
 * the target's flags, the seed, the runs, the profile and the replay path. Never the token: a --url
 * run reads it from SCIM_TOKEN (the environment or .env), as the curl chains do.
 */
export function replayArguments(options: Pick<RunOptions, 'runSeed' | 'replayTarget'>, numRuns: number, target: ReplayTarget): string {
  return [options.replayTarget, `--seed ${options.runSeed}`, `--runs ${numRuns}`, `--profile ${target.profile}`, `--replay-path '${formatReplayPath(target)}'`].filter((p) => p !== undefined && p !== '').join(' ');
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
