// Deletes, by exact run prefix, what one run created: `scim-conformance sweep` for the leftovers of a
// run that could not finish its clean-up, and the CLI after an interruption, for creates that were
// in flight (their ids never reached the journal). The listing asks the endpoint for names that start
// with the prefix; every match is verified against the exact prefix again before it is deleted, so an
// endpoint that answers a filter loosely (or not at all) cannot make the sweep touch anything else.
import type { ScimClient } from '../http/client';
import { describeExchange, type Exchange } from '../http/exchange';
import type { ResourceType } from './types';

/** The prefix every name a run creates starts with (see openScenario and the property cases). */
export function runPrefix(runId: string): string {
  return `scimc-${runId}-`;
}

/** Run ids are short hex strings; anything that could widen the prefix is refused. */
export function isRunId(value: string): boolean {
  return /^[A-Za-z0-9]{4,32}$/.test(value);
}

export interface SweepResult {
  deleted: Array<{ type: ResourceType; name: string; id: string }>;
  leftovers: Array<{ type: ResourceType; name: string; id?: string; reason: string }>;
  exchanges: Exchange[];
}

const NAME_ATTRIBUTE = { Users: 'userName', Groups: 'displayName' } as const;
const PAGE = 100;
const MAX_PAGES = 50;

async function list(client: ScimClient, type: ResourceType, prefix: string, result: SweepResult): Promise<Array<{ id: string; name: string }>> {
  const attr = NAME_ATTRIBUTE[type];
  const found: Array<{ id: string; name: string }> = [];
  for (let page = 0; page < MAX_PAGES; page++) {
    const ex = await client.send({
      method: 'GET',
      path: `/${type}`,
      query: [['filter', `${attr} sw ${JSON.stringify(prefix)}`], ['startIndex', String(1 + page * PAGE)], ['count', String(PAGE)]],
      label: `sweep / list ${type}`,
    });
    result.exchanges.push(ex);
    const body = ex.response?.status === 200 ? (ex.response.json as { Resources?: unknown[] | null; totalResults?: number } | undefined) : undefined;
    // RFC 7644 §3.4.2: Resources is "REQUIRED if totalResults is non-zero", so none (absent or null) is an empty page.
    const resources = Array.isArray(body?.Resources) ? body.Resources : body?.totalResults === 0 && (body.Resources ?? null) === null ? [] : undefined;
    if (!body || !resources) {
      result.leftovers.push({ type, name: `${prefix}*`, reason: `could not list them: ${describeExchange(ex)}` });
      break;
    }
    for (const r of resources) {
      const rec = r as Record<string, unknown>;
      // Exact, case-sensitive prefix: the endpoint's own matching is not trusted.
      if (typeof rec['id'] === 'string' && typeof rec[attr] === 'string' && (rec[attr] as string).startsWith(prefix)) found.push({ id: rec['id'], name: rec[attr] as string });
    }
    if (resources.length < PAGE || (typeof body.totalResults === 'number' && (page + 1) * PAGE >= body.totalResults)) break;
  }
  return found;
}

/** Deletes every group, then every user, whose name starts with the run's exact prefix. */
export async function sweepRun(client: ScimClient, runId: string, skipIds: ReadonlySet<string> = new Set()): Promise<SweepResult> {
  if (!isRunId(runId)) throw new Error(`"${runId}" is not a run id (4 to 32 letters and digits, as printed by the run)`);
  const prefix = runPrefix(runId);
  const result: SweepResult = { deleted: [], leftovers: [], exchanges: [] };
  // Groups first: deleting a user would otherwise change a group the sweep is about to delete anyway.
  for (const type of ['Groups', 'Users'] as const) {
    for (const r of await list(client, type, prefix, result)) {
      if (skipIds.has(r.id)) continue;
      const ex = await client.send({ method: 'DELETE', path: `/${type}/${encodeURIComponent(r.id)}`, label: `sweep / delete` });
      result.exchanges.push(ex);
      const status = ex.response?.status;
      if (status !== undefined && ((status >= 200 && status < 300) || status === 404)) result.deleted.push({ type, ...r });
      else result.leftovers.push({ type, ...r, reason: describeExchange(ex) });
    }
  }
  return result;
}
