// One generated case of a property: its own name prefix, every exchange it made (the curl chain of
// a counterexample), and every resource it created, journaled at once so that the CLI's final sweep
// deletes it even if the run dies, and deleted by the case itself when it ends, pass or fail (also
// while fast-check shrinks, when hundreds of cases may run).
import type { ScimClient, ScimRequest } from '../http/client';
import type { ChainStep } from '../http/curl';
import type { Exchange } from '../http/exchange';
import type { Profile } from '../profiles';
import type { DiscoverySnapshot } from '../runner/discovery';
import { violation } from '../checks/violation';
import { deleteCreated } from '../sequences/cleanup';
import { idFromLocation, verifyIdentity } from '../sequences/identity';
import type { CreatedResource, Journal } from '../sequences/journal';
import type { ResourceType } from '../sequences/types';

export interface PropertyEnv {
  client: ScimClient;
  journal: Journal;
  runId: string;
  profile: Profile;
  /**
   * The endpoint's discovery documents, so that read-backs allow what /Schemas declares (attributes it
   * does not support, caseExact false, members returned never). Without them the RFC 7643 defaults apply.
   */
  discovery?: DiscoverySnapshot;
  /** Names the property's chains in the run's timing; each lane adds its number. */
  chain?: string;
}

export class CaseContext {
  /** The exchanges of the case in order (cleanup excluded): what a failure is reproduced with. */
  readonly exchanges: Exchange[] = [];
  /** The same, with the ids of created resources as shell variables (a runnable curl chain). */
  readonly steps: ChainStep[] = [];
  /** What the case did, one HTTP-like line per step, for counterexamples that are command sequences. */
  readonly log: string[] = [];
  /** Requests sent, cleanup included. */
  requests = 0;
  private readonly created: CreatedResource[] = [];
  private serial = 0;

  constructor(
    readonly env: PropertyEnv,
    /** e.g. "scimc-7f3a2b-pre3-": every name this case creates starts with it. */
    readonly prefix: string,
    private readonly label: string,
  ) {}

  get profile(): Profile {
    return this.env.profile;
  }

  async send(req: Omit<ScimRequest, 'label'> & { label?: string }): Promise<Exchange> {
    const ex = await this.env.client.send({ ...req, label: `${this.label} › ${req.label ?? `${req.method} ${req.path}`}` });
    this.exchanges.push(ex);
    this.steps.push({ exchange: ex });
    this.requests++;
    return ex;
  }

  /**
   * Journals a resource the case created; cleanup deletes it (by id, or by its exact name when the id
   * is unknown). Call right after the request that created it: its id becomes `variable` in the chain.
   */
  track(type: ResourceType, name: string, id: string | undefined, variable?: string): void {
    const serial = this.journalResource(type, name, id !== undefined ? { id } : {});
    const last = this.steps[this.steps.length - 1];
    if (id !== undefined && last) {
      last.captures = { [variable ?? `${type === 'Users' ? 'user' : 'group'}${serial}`]: id };
      last.creates = true;
    }
  }

  private journalResource(type: ResourceType, name: string, ids: Pick<CreatedResource, 'id' | 'locationId'>): number {
    const serial = ++this.serial;
    const resource: CreatedResource = { key: `${this.prefix}${serial}`, type, name, ...ids };
    this.created.push(resource);
    this.env.journal.created(resource);
    return serial;
  }

  /**
   * Journals a resource the case just created whose create answered without an id in the body (call
   * right after the create): under the id its Location header names once a read of that id shows
   * `name`, since a later rename by the case would defeat a clean-up by name; else under its name alone.
   */
  async trackWithoutId(type: ResourceType, name: string): Promise<void> {
    const last = this.steps[this.steps.length - 1];
    const located = last ? idFromLocation(last.exchange) : undefined;
    if (located !== undefined) {
      const identity = await verifyIdentity(this.env.client, type, located, name);
      this.requests++;
      // Not a capture of the reproduction chain: the body it would be read from has no id.
      if (identity.problem === undefined) {
        this.journalResource(type, name, { id: located });
        return;
      }
    }
    this.track(type, name, undefined);
  }

  /**
   * Journals a resource the case just created, under its id only once a read of the id shows the
   * name the case gave it (identity before writes); otherwise under its name alone, for clean-up by
   * name, and the create fails. Returns the verified id.
   */
  async trackCreated(type: ResourceType, name: string, id: string, variable?: string): Promise<string> {
    const identity = await verifyIdentity(this.env.client, type, id, name);
    this.requests++;
    if (identity.problem === undefined) {
      this.track(type, name, id, variable);
      return id;
    }
    this.track(type, name, undefined);
    violation(`POST /${type} answers with the id of the resource it created`, identity.problem);
  }

  /** The case deleted this resource itself (a delete command): nothing left to clean up. */
  forget(type: ResourceType, id: string): void {
    const i = this.created.findIndex((r) => r.type === type && r.id === id);
    if (i >= 0) this.env.journal.deleted(this.created.splice(i, 1)[0]!.key);
  }

  /** Deletes what the case created, newest first. Never throws: leftovers stay journaled for the CLI's sweep. */
  async cleanup(): Promise<void> {
    const pending = this.created.splice(0).reverse();
    if (pending.length === 0) return;
    try {
      const result = await deleteCreated(this.env.client, this.env.journal, pending);
      this.requests += result.exchanges.length;
    } catch {
      // The journal still lists what could not be deleted; the CLI sweeps it at the end of the run.
    }
  }
}
