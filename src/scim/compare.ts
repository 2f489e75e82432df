// "Does the endpoint return what Entra sent?" Entra re-sends any attribute that does not read back
// exactly (entra-requests.md §5 rule 22), so every sent value must come back unchanged; extra
// attributes the endpoint adds are fine.
import { getKeyInsensitive } from './path';

/** Attributes that are request metadata, not data to read back. */
const NOT_ECHOED = new Set(['schemas', 'meta', 'password']);

export interface Mismatch {
  path: string;
  sent: unknown;
  received: unknown;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Entra writes booleans as "True"/"False" in default mode; the endpoint stores booleans. */
function normalise(value: unknown): unknown {
  if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  return value;
}

function label(el: Record<string, unknown>): string {
  for (const key of ['type', 'value', 'display']) {
    const got = getKeyInsensitive(el, key);
    if (got.found && typeof got.value === 'string') return `[${key} eq ${JSON.stringify(got.value)}]`;
  }
  return '[?]';
}

/** Elements of a multi-valued attribute are paired by `type` (or `value`), as Entra addresses them. */
function findPartner(sent: Record<string, unknown>, received: unknown[]): unknown {
  for (const key of ['type', 'value']) {
    const mine = getKeyInsensitive(sent, key);
    if (!mine.found) continue;
    return received.find((r) => isObject(r) && normalise(getKeyInsensitive(r, key).value) === normalise(mine.value));
  }
  return undefined;
}

export function missingFromResponse(sent: unknown, received: unknown, path = ''): Mismatch[] {
  if (sent === null || sent === undefined) return [];
  if (Array.isArray(sent)) {
    if (sent.length === 0) return []; // Entra's "roles": [] need not come back
    if (!Array.isArray(received)) return [{ path, sent, received }];
    const out: Mismatch[] = [];
    for (const el of sent) {
      if (isObject(el)) {
        const partner = findPartner(el, received);
        if (partner === undefined) out.push({ path: `${path}${label(el)}`, sent: el, received: undefined });
        else out.push(...missingFromResponse(el, partner, `${path}${label(el)}`));
      } else if (!received.some((r) => r === el || normalise(el) === r)) {
        out.push({ path, sent: el, received });
      }
    }
    return out;
  }
  if (isObject(sent)) {
    if (!isObject(received)) return [{ path, sent, received }];
    const out: Mismatch[] = [];
    for (const [key, value] of Object.entries(sent)) {
      if (path === '' && NOT_ECHOED.has(key)) continue;
      const got = getKeyInsensitive(received, key);
      const child = path === '' ? key : `${path}.${key}`;
      out.push(...missingFromResponse(value, got.found ? got.value : undefined, child));
    }
    return out;
  }
  // Only the sent side is normalised: an endpoint that returns the string "False" has not stored a boolean.
  return sent === received || normalise(sent) === received ? [] : [{ path, sent, received }];
}

export function describeMismatches(mismatches: readonly Mismatch[]): { expected: string; received: string } {
  const expected = mismatches.map((m) => `${m.path}: ${JSON.stringify(m.sent)}`).join('\n');
  const received = mismatches.map((m) => `${m.path}: ${m.received === undefined ? '(absent)' : JSON.stringify(m.received)}`).join('\n');
  return { expected, received };
}
