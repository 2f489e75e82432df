// Entra requests that Entra relies on but RFC 7643/7644 forbids or does not define (a filtered add path
// that must create the element, a manager sent as a bare id string). An endpoint that refuses or ignores
// them is within the RFC, so a failure says so: it is an Entra interoperability failure, not an RFC one.
import { Violation, violation } from '../violation';

export const ENTRA_ONLY_NOTE = 'valid per RFC 7644, but Entra sends exactly this; Entra will mark the user as failed';

const MANAGER_PATH = /(^|:)manager$/i;

function opsOf(body: unknown): Array<Record<string, unknown>> {
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body);
    } catch {
      return [];
    }
  }
  if (typeof body !== 'object' || body === null) return [];
  const key = Object.keys(body).find((k) => k.toLowerCase() === 'operations');
  const ops = key === undefined ? undefined : (body as Record<string, unknown>)[key];
  return Array.isArray(ops) ? ops.filter((o): o is Record<string, unknown> => typeof o === 'object' && o !== null && !Array.isArray(o)) : [];
}

/** Entra's role objects carry "displayName" (R-19b), a sub-attribute RFC 7643 does not define for roles. */
export function hasRoleDisplayName(roles: unknown): boolean {
  return Array.isArray(roles) && roles.some((r) => typeof r === 'object' && r !== null && 'displayName' in r);
}

/** The Entra-only shapes a PATCH body carries, described for a failure message (empty when none). */
export function entraOnlyPatchShapes(body: unknown): string[] {
  const out: string[] = [];
  for (const op of opsOf(body)) {
    const name = String(op['op'] ?? '').toLowerCase();
    const path = typeof op['path'] === 'string' ? op['path'] : '';
    if (name !== 'remove' && /\[[^\]]*\]/.test(path)) out.push(`${op['op']} on the filtered path ${path} (must create the element when none matches)`);
    if (name !== 'remove' && MANAGER_PATH.test(path) && typeof op['value'] === 'string') out.push(`${op['op']} ${path} with a bare id string (RFC 7643 §4.3 defines manager as complex)`);
    if (name !== 'remove' && /^roles$/i.test(path) && hasRoleDisplayName(op['value'])) out.push(`${op['op']} roles with "displayName" in a role (RFC 7643 §4.1.2 names the sub-attribute "display")`);
  }
  return out;
}

/** Runs a judgement; a Violation it throws gets the Entra-only note in its Received text. */
export function withEntraOnlyNote(shapes: readonly string[], judge: () => void): void {
  if (shapes.length === 0) return judge();
  try {
    judge();
  } catch (e) {
    if (!(e instanceof Violation)) throw e;
    violation(e.expected, `${e.received}\nThe request: ${shapes.join('; ')}. Refusing or ignoring it is ${ENTRA_ONLY_NOTE}.`);
  }
}

/** The Entra-only shapes of the last PATCH sent before a read-back step (empty when none). */
export function lastPatchShapes(earlier: ReadonlyArray<{ exchange: { request: { method: string; body?: string } } }> | undefined): string[] {
  const last = [...(earlier ?? [])].reverse().find((e) => e.exchange.request.method === 'PATCH');
  if (last?.exchange.request.body === undefined) return [];
  try {
    return entraOnlyPatchShapes(JSON.parse(last.exchange.request.body));
  } catch {
    return [];
  }
}
