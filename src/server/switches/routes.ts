// What a request addresses, for switches that act on replies. Mirrors the HTTP layer's routing.

import type { RequestInfo } from '../hooks';
import type { ResourceTypeName } from '../schema-defs';

function typeOf(segment: string | undefined): ResourceTypeName | undefined {
  const s = segment?.toLowerCase();
  return s === 'users' ? 'User' : s === 'groups' ? 'Group' : undefined;
}

/** /Users or /Groups. */
export function collectionOf(req: RequestInfo): ResourceTypeName | undefined {
  return req.segments?.length === 1 ? typeOf(req.segments[0]) : undefined;
}

/** /Users/{id} or /Groups/{id} (not /.search). */
export function resourceOf(req: RequestInfo): { type: ResourceTypeName; id: string } | undefined {
  const [head, id, ...rest] = req.segments ?? [];
  const type = typeOf(head);
  return type && id !== undefined && id !== '.search' && rest.length === 0 ? { type, id } : undefined;
}
