// Deletes what the run created. Only resources in the journal are touched; a resource whose id is
// unknown is deleted by the id its create's Location header named once a read of that id shows its
// run-prefixed name, else looked up by that exact name and deleted only on an exact match.
import type { ScimClient } from '../http/client';
import type { Exchange } from '../http/exchange';
import { describeExchange } from '../http/exchange';
import { NAME_ATTRIBUTE, verifyIdentity } from './identity';
import type { CreatedResource, Journal } from './journal';

export interface CleanupResult {
  deleted: number;
  leftovers: Array<{ resource: CreatedResource; reason: string }>;
  exchanges: Exchange[];
}

async function findId(client: ScimClient, r: CreatedResource, exchanges: Exchange[]): Promise<string | undefined> {
  const attr = NAME_ATTRIBUTE[r.type];
  const ex = await client.send({ method: 'GET', path: `/${r.type}`, query: [['filter', `${attr} eq ${JSON.stringify(r.name)}`]], label: 'cleanup / find' });
  exchanges.push(ex);
  const list = ex.response?.json as { Resources?: Array<Record<string, unknown>> } | undefined;
  const match = list?.Resources?.filter((res) => typeof res[attr] === 'string' && (res[attr] as string).toLowerCase() === r.name.toLowerCase());
  return match && match.length === 1 && typeof match[0]['id'] === 'string' ? (match[0]['id'] as string) : undefined;
}

/** The Location header's id, when a read of it shows the resource's name (identity before writes). */
async function locatedId(client: ScimClient, r: CreatedResource, exchanges: Exchange[]): Promise<string | undefined> {
  if (r.locationId === undefined) return undefined;
  const check = await verifyIdentity(client, r.type, r.locationId, r.name, 'cleanup');
  exchanges.push(check.exchange);
  return check.problem === undefined ? r.locationId : undefined;
}

export async function deleteCreated(client: ScimClient, journal: Journal, resources: readonly CreatedResource[]): Promise<CleanupResult> {
  const result: CleanupResult = { deleted: 0, leftovers: [], exchanges: [] };
  for (const r of resources) {
    const id = r.id ?? (await locatedId(client, r, result.exchanges)) ?? (await findId(client, r, result.exchanges));
    if (!id) {
      result.leftovers.push({ resource: r, reason: 'its id is unknown and a lookup by name found no single match' });
      continue;
    }
    // The client already waits out 429 and 503; a lost connection or a 5xx gets one more try.
    let ex = await client.send({ method: 'DELETE', path: `/${r.type}/${encodeURIComponent(id)}`, label: 'cleanup / delete' });
    result.exchanges.push(ex);
    if (!ex.response || ex.response.status >= 500) {
      if (ex.error?.code !== 'DEADLINE' && ex.error?.code !== 'INTERRUPTED') {
        ex = await client.send({ method: 'DELETE', path: `/${r.type}/${encodeURIComponent(id)}`, label: 'cleanup / delete (retry)' });
        result.exchanges.push(ex);
      }
    }
    const status = ex.response?.status;
    // 404: already gone (the sequence deleted it itself, or the endpoint lost it).
    if (status !== undefined && ((status >= 200 && status < 300) || status === 404)) {
      journal.deleted(r.key);
      result.deleted++;
    } else {
      result.leftovers.push({ resource: { ...r, id }, reason: describeExchange(ex) });
    }
  }
  return result;
}
