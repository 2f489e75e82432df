// Replays one sequence for one profile, step by step, on demand: the first check of a step runs it
// (and any earlier step not yet run), later checks of the step reuse its exchange. Values captured
// from responses (ids) flow into later steps; a step whose inputs are missing is blocked, naming
// the step that failed to provide them.
import type { ScimClient } from '../http/client';
import type { QuerySpace } from '../http/encode';
import type { ChainStep } from '../http/curl';
import { describeExchange, header, type Exchange } from '../http/exchange';
import type { StepExpectations } from '../checks/types';
import type { Profile } from '../profiles';
import type { Cause } from '../report/outcome';
import { deleteCreated, type CleanupResult } from './cleanup';
import { idFromLocation, verifyIdentity, type IdentityCheck } from './identity';
import type { CreatedResource, Journal } from './journal';
import { fillString, MissingResponse, MissingVariable, resolveValue } from './template';
import { stepLabel, type SequenceDef, type SequenceFile, type StepDef } from './types';

export type StepOutcome =
  | { status: 'done'; exchange: Exchange; sentBody?: unknown; expect: StepExpectations; identity?: IdentityCheck }
  | { status: 'blocked'; reason: string; cause?: Cause }
  /** The endpoint does not declare what the step requires; nothing was sent. */
  | { status: 'skipped'; reason: string };

export interface ReplayEnv {
  client: ScimClient;
  journal: Journal;
  /** Unique per sequence run, e.g. "scimc-7f3a2b-e3-". */
  prefix: string;
  /** A token that is certainly wrong, for the authentication checks. */
  wrongToken: string;
  /** Headers the client sends on every request (Okta's User-Agent, Accept…); a step's own headers win. */
  clientHeaders?: Readonly<Record<string, string>>;
  /** How the client writes a space in a query (Okta: %20); default '+'. */
  querySpace?: QuerySpace;
}

function isSuccess(ex: Exchange): boolean {
  const s = ex.response?.status;
  return s !== undefined && s >= 200 && s < 300;
}

export class SequenceRun {
  readonly vars: Record<string, string>;
  /** Every exchange of this run in order, with the step that made it. */
  readonly history: Array<{ step: number; exchange: Exchange }> = [];
  private readonly outcomes: Array<Promise<StepOutcome> | undefined> = [];
  private readonly created: CreatedResource[] = [];
  /** Captured ids that named another resource, with why: never used, so never written to. */
  private readonly foreign = new Map<string, string>();
  private createdCount = 0;
  private done: Promise<CleanupResult> | undefined;

  constructor(
    private readonly file: SequenceFile,
    readonly sequence: SequenceDef,
    readonly profile: Profile,
    private readonly env: ReplayEnv,
    /** Steps (by index) that do not apply to this endpoint, with the reason; they are never sent. */
    private readonly skipped: ReadonlyMap<number, string> = new Map(),
  ) {
    this.vars = { prefix: env.prefix };
    for (const [name, template] of Object.entries(sequence.let ?? {})) this.vars[name] = fillString(template, this.vars);
  }

  step(index: number): Promise<StepOutcome> {
    let outcome = this.outcomes[index];
    if (!outcome) {
      const previous = index > 0 ? this.step(index - 1) : Promise.resolve();
      outcome = previous.then(() => this.run(index));
      this.outcomes[index] = outcome;
    }
    return outcome;
  }

  /**
   * Runs the steps up to `lastStep` in order, then deletes what they created, without waiting: the
   * tests await the steps' outcomes, finished() the clean-up.
   */
  start(lastStep: number): void {
    if (this.done) return;
    // A step that throws is reported by the tests that await it; clean-up follows either way.
    this.done = this.step(lastStep).then(
      () => this.cleanup(),
      () => this.cleanup(),
    );
  }

  /** The clean-up's result once started (start()), or a clean-up of whatever ran so far. */
  finished(): Promise<CleanupResult> {
    return this.done ?? this.cleanup();
  }

  /** The exchanges of the steps before `index`, with their step names (multi-page checks read them). */
  earlier(index: number): Array<{ step: string; exchange: Exchange }> {
    return this.history.filter((h) => h.step < index).map((h) => ({ step: this.sequence.steps[h.step]!.name, exchange: h.exchange }));
  }

  /** Exchanges a failure at `index` depends on: earlier writes, then the step's own request. */
  reproduction(index: number): ChainStep[] {
    return this.history
      .filter((h) => (h.step < index && h.exchange.request.method !== 'GET') || h.step === index)
      .map((h) => {
        const step = this.sequence.steps[h.step]!;
        // Ids the endpoint returned become shell variables of the runnable chain.
        const idVars = Object.entries(step.capture ?? {}).filter(([variable, source]) => source === 'id' && this.vars[variable] !== undefined);
        return {
          exchange: h.exchange,
          ...(idVars.length > 0 ? { captures: Object.fromEntries(idVars.map(([variable]) => [variable, this.vars[variable]!])) } : {}),
          ...(step.creates ? { creates: true } : {}),
        };
      });
  }

  async cleanup(): Promise<CleanupResult> {
    const pending = this.created.splice(0).reverse();
    return deleteCreated(this.env.client, this.env.journal, pending);
  }

  private async run(index: number): Promise<StepOutcome> {
    const step = this.sequence.steps[index]!;
    const skipped = this.skipped.get(index);
    if (skipped !== undefined) return { status: 'skipped', reason: skipped };
    const ctx = { bodies: this.file.bodies, profile: this.profile, vars: this.vars, responses: this.responses() };
    let request;
    let expect: StepExpectations;
    try {
      for (const [name, template] of Object.entries(step.let ?? {})) this.vars[name] = fillString(template, this.vars);
      const query = step.request.query?.map(([k, v]) => [k, fillString(v, this.vars)] as [string, string]);
      request = {
        method: step.request.method,
        path: fillString(step.request.path, this.vars, encodeURIComponent),
        ...(query ? { query, ...(this.env.querySpace ? { querySpace: this.env.querySpace } : {}) } : {}),
        ...(step.request.body !== undefined ? { body: resolveValue(step.request.body, ctx) } : {}),
        ...(step.request.rawBody !== undefined ? { rawBody: fillString(step.request.rawBody, this.vars) } : {}),
        ...(step.request.headers || this.env.clientHeaders ? { headers: { ...this.env.clientHeaders, ...Object.fromEntries(Object.entries(step.request.headers ?? {}).map(([k, v]) => [k, fillString(v, this.vars)])) } } : {}),
        auth: step.request.auth === 'none' ? ('none' as const) : step.request.auth === 'wrong-token' ? { bearer: this.env.wrongToken } : ('token' as const),
        label: `${this.sequence.id} › ${stepLabel(step)}`,
      };
      expect = (step.expect ? resolveValue(step.expect, ctx) : {}) as StepExpectations;
    } catch (err) {
      if (err instanceof MissingVariable) return { status: 'blocked', ...(await this.blockedBy(err.variable, index)) };
      if (err instanceof MissingResponse) return { status: 'blocked', ...this.blockedByResponse(err.step) };
      throw err;
    }
    const dependency = await this.dependencyUnmet(index);
    if (dependency) return dependency;

    const exchange = await this.env.client.send(request);
    this.history.push({ step: index, exchange });
    this.capture(step, exchange);
    const identity = await this.verifyCreated(step, exchange);
    this.track(step, exchange);
    const sentBody = request.body ?? request.rawBody;
    return { status: 'done', exchange, ...(sentBody !== undefined ? { sentBody } : {}), expect, ...(identity ? { identity } : {}) };
  }

  /** A created resource's id is kept only once a read of it shows the name the run gave it. */
  private async verifyCreated(step: StepDef, exchange: Exchange): Promise<IdentityCheck | undefined> {
    const id = step.creates && isSuccess(exchange) ? this.vars[step.creates.idVar] : undefined;
    if (!step.creates || id === undefined) return undefined;
    const check = await verifyIdentity(this.env.client, step.creates.type, id, fillString(step.creates.name, this.vars), `${this.sequence.id} › ${step.name}`);
    if (check.problem) {
      delete this.vars[step.creates.idVar];
      this.foreign.set(step.creates.idVar, check.problem);
    }
    return check;
  }

  private capture(step: StepDef, exchange: Exchange): void {
    if (!step.capture || !isSuccess(exchange)) return;
    for (const [variable, source] of Object.entries(step.capture)) {
      const value = captured(exchange, source);
      if ((typeof value === 'string' && value !== '') || typeof value === 'number') this.vars[variable] = String(value);
    }
  }

  private track(step: StepDef, exchange: Exchange): void {
    if (step.creates && isSuccess(exchange)) {
      const id = this.vars[step.creates.idVar];
      // Without an id in the body, the Location header's is kept for clean-up only: the steps that need
      // the id stay blocked (Entra reads it from the body), and clean-up verifies it before deleting.
      const locationId = id ? undefined : idFromLocation(exchange);
      const resource: CreatedResource = {
        key: `${this.env.prefix}${++this.createdCount}`,
        type: step.creates.type,
        name: fillString(step.creates.name, this.vars),
        ...(id ? { id } : {}),
        ...(locationId !== undefined ? { locationId } : {}),
      };
      this.created.push(resource);
      this.env.journal.created(resource);
    }
    if (step.deletes && isSuccess(exchange)) {
      const id = this.vars[step.deletes.idVar];
      const i = this.created.findIndex((r) => r.type === step.deletes!.type && r.id === id);
      if (i >= 0) this.env.journal.deleted(this.created.splice(i, 1)[0].key);
    }
  }

  /**
   * A step whose checks read an earlier step's exchange (the query that narrows it to the run's
   * resources, the pages a walk reads) depends on that step as on a captured variable: when that step
   * was blocked, this one is blocked by the same cause (the step that failed), and when it was skipped,
   * so is this one. Nothing is sent.
   */
  private async dependencyUnmet(index: number): Promise<Extract<StepOutcome, { status: 'blocked' | 'skipped' }> | undefined> {
    const expect = this.sequence.steps[index]!.expect;
    const names = [...(expect?.narrowedBy ? [expect.narrowedBy.step] : []), ...(expect?.pages ?? [])];
    for (const name of names) {
      const at = this.sequence.steps.findIndex((s, i) => i < index && s.name === name);
      // A name that is no earlier step is a fixture error: the check says so (and the fixture lint catches it).
      if (at < 0) continue;
      const outcome = await this.step(at);
      if (outcome.status === 'done') continue;
      const why = outcome.reason.replace(/^(blocked|skipped): /, '');
      if (outcome.status === 'skipped') return { status: 'skipped', reason: `step "${name}", which this step reads, was skipped: ${why}` };
      const cause: Cause = outcome.cause ?? { sequence: this.sequence.id, step: stepLabel(this.sequence.steps[at]!) };
      return { status: 'blocked', reason: `blocked: reads step "${name}", which was blocked: ${why}`, cause };
    }
    return undefined;
  }

/** The JSON bodies of the 2xx responses so far, by step name (a body built `asRead` reads them). */
  private responses(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const h of this.history) if (isSuccess(h.exchange) && h.exchange.response?.json !== undefined) out[this.sequence.steps[h.step]!.name] = h.exchange.response.json;
    return out;
  }

  /** A body built from a step's response that it did not give: blocked by that step. */
  private blockedByResponse(name: string): { reason: string; cause?: Cause } {
    const at = this.sequence.steps.findIndex((s) => s.name === name);
    const ex = this.history.find((h) => h.step === at)?.exchange;
    if (at < 0) return { reason: `the body is built from step "${name}", which the sequence does not have` };
    const cause: Cause = { sequence: this.sequence.id, step: stepLabel(this.sequence.steps[at]!), ...(ex ? { request: describeExchange(ex) } : {}) };
    return { reason: `blocked: the body is built from what step "${name}" read (${ex ? describeExchange(ex) : 'it did not run'})`, cause };
  }

  private async blockedBy(variable: string, index: number): Promise<{ reason: string; cause?: Cause }> {
    const providerIndex = this.sequence.steps.findIndex((s) => s.capture && variable in s.capture);
    if (providerIndex < 0) {
      // A variable an earlier step's `let` sets from a captured one: that step was blocked, for the same cause.
      let setter = index - 1;
      while (setter >= 0 && !(variable in (this.sequence.steps[setter]!.let ?? {}))) setter--;
      const outcome = setter >= 0 ? await this.step(setter) : undefined;
      if (outcome?.status === 'blocked') {
        const why = outcome.reason.replace(/^blocked: /, '');
        return { reason: `blocked: needs "${variable}", set by step "${this.sequence.steps[setter]!.name}", which was blocked: ${why}`, ...(outcome.cause ? { cause: outcome.cause } : {}) };
      }
      return { reason: `needs "${variable}", which no step provides` };
    }
    const provider = this.sequence.steps[providerIndex];
    const ex = this.history.find((h) => h.step === providerIndex)?.exchange;
    const foreign = this.foreign.get(variable);
    const what = !ex ? 'it did not run' : foreign !== undefined ? `${describeExchange(ex)}; ${foreign}` : isSuccess(ex) ? `${describeExchange(ex)}, no "${provider.capture![variable]}" in the response` : describeExchange(ex);
    const cause: Cause = { sequence: this.sequence.id, step: stepLabel(provider), ...(ex ? { request: describeExchange(ex) } : {}) };
    return { reason: `blocked: needs "${variable}" from step "${provider.name}" (${what})`, cause };
  }
}

/**
 * A captured value: "header:<name>", or a top-level attribute / dotted path into the JSON body;
 * "a | b" takes the first of the sources that has a value.
 */
function captured(exchange: Exchange, source: string): unknown {
  for (const one of source.split('|').map((s) => s.trim())) {
    let node: unknown;
    if (one.startsWith('header:')) node = header(exchange.response, one.slice('header:'.length));
    else {
      node = exchange.response?.json;
      for (const key of one.split('.')) node = typeof node === 'object' && node !== null && !Array.isArray(node) ? (node as Record<string, unknown>)[key] : undefined;
    }
    if (node !== undefined && node !== '') return node;
  }
  return undefined;
}
