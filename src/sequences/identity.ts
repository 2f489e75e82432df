// Identity before writes: the harness writes to or deletes only what it verified as its own. The id a
// create returns is trusted only once a read of that id shows the run-prefixed name the run created
// it with; an endpoint that answers with some other resource's id (a buggy upsert, a stale cache)
// would otherwise have the run PATCH and DELETE that resource. The read is the harness's own
// verification request, labelled so, not a step of Entra's sequence. It reads the whole resource (no
// attributes parameter): the same read judges the body the create returned against what was stored
// (rfc7644.create.response-agrees, src/checks/rfc/agreement.ts), at no extra request.
import type { ScimClient } from '../http/client';
import { describeExchange, header, type Exchange } from '../http/exchange';
import type { ResourceType } from './types';

/** The attribute that carries a resource's run-prefixed name. */
export const NAME_ATTRIBUTE = { Users: 'userName', Groups: 'displayName' } as const;

export const VERIFICATION_LABEL = 'verification: identity of the created resource';

export interface IdentityCheck {
  exchange: Exchange;
  /** Why the id is not the run's own; absent when verified. */
  problem?: string;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Reads the created resource back by `id`, whole, and compares its name (userName and displayName are caseExact false). */
export async function verifyIdentity(client: ScimClient, type: ResourceType, id: string, name: string, after?: string): Promise<IdentityCheck> {
  const attr = NAME_ATTRIBUTE[type];
  const ex = await client.send({
    method: 'GET',
    path: `/${type}/${encodeURIComponent(id)}`,
    label: after !== undefined ? `${after} › ${VERIFICATION_LABEL}` : VERIFICATION_LABEL,
  });
  const body = ex.response?.json;
  if (ex.response?.status !== 200 || !isObject(body)) return { exchange: ex, problem: `the id ${JSON.stringify(id)} the create returned could not be read back (${describeExchange(ex)})` };
  const got = body[attr];
  if (typeof got !== 'string' || got.toLowerCase() !== name.toLowerCase()) {
    return { exchange: ex, problem: `the id ${JSON.stringify(id)} the create returned names ${attr} ${JSON.stringify(got)}, not ${JSON.stringify(name)}: another resource, which the run leaves alone` };
  }
  return { exchange: ex };
}

/**
 * The id a create's Location header names (RFC 7644 §3.3: the URI of the created resource): its last
 * path segment, decoded. Unverified: clean-up reads it back (verifyIdentity) before deleting by it.
 */
export function idFromLocation(exchange: Exchange): string | undefined {
  const location = header(exchange.response, 'Location');
  if (location === undefined || location.trim() === '') return undefined;
  let segment: string | undefined;
  try {
    segment = new URL(location.trim(), exchange.request.url).pathname.split('/').filter((s) => s !== '').pop();
    segment = segment === undefined ? undefined : decodeURIComponent(segment);
  } catch {
    return undefined;
  }
  // "/Users" alone names the collection, not the resource.
  return segment === undefined || segment === '' || /^(users|groups)$/i.test(segment) ? undefined : segment;
}
