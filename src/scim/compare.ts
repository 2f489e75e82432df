// "Does the endpoint return what Entra sent?" Entra re-sends any attribute that does not read back
// exactly (entra-requests.md §5 rule 22), so every sent value must come back unchanged; extra
// attributes the endpoint adds are fine. Strings of an attribute that is not case-exact compare
// case-insensitively (RFC 7643 §2.2 "caseExact"; an endpoint may store a canonical form).
import { getKeyInsensitive } from './path';

/** Attributes that are request metadata, not data to read back. */
const NOT_ECHOED = new Set(['schemas', 'meta', 'password']);

export interface Mismatch {
  path: string;
  /** The attribute's name and sub-attribute names, led by an extension URN (["emails", "value"]). */
  keys: string[];
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
    // type and value of multi-valued attributes are not case-exact in RFC 7643 (§4.1.2).
    const fold = (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : normalise(v));
    return received.find((r) => isObject(r) && fold(getKeyInsensitive(r, key).value) === fold(mine.value));
  }
  return undefined;
}

/** Whether the attribute with these keys compares case-sensitively; by default only the RFC's case-exact ones. */
export type CaseRule = (keys: readonly string[]) => boolean;

const RFC_CASE_EXACT = new Set(['id', 'externalid', '$ref']);
const rfcCaseRule: CaseRule = (keys) => RFC_CASE_EXACT.has((keys[keys.length - 1] ?? '').toLowerCase());

/** Only the sent side is normalised: an endpoint that returns the string "False" has not stored a boolean. */
function scalarMatches(sent: unknown, received: unknown, caseExact: boolean): boolean {
  if (sent === received || normalise(sent) === received) return true;
  return !caseExact && typeof sent === 'string' && typeof received === 'string' && sent.toLowerCase() === received.toLowerCase();
}

export function missingFromResponse(sent: unknown, received: unknown, caseExact: CaseRule = rfcCaseRule, path = '', keys: readonly string[] = []): Mismatch[] {
  if (sent === null || sent === undefined) return [];
  if (Array.isArray(sent)) {
    if (sent.length === 0) return []; // Entra's "roles": [] need not come back
    if (!Array.isArray(received)) return [{ path, keys: [...keys], sent, received }];
    const out: Mismatch[] = [];
    for (const el of sent) {
      if (isObject(el)) {
        const partner = findPartner(el, received);
        if (partner === undefined) out.push({ path: `${path}${label(el)}`, keys: [...keys], sent: el, received: undefined });
        else out.push(...missingFromResponse(el, partner, caseExact, `${path}${label(el)}`, keys));
      } else if (!received.some((r) => scalarMatches(el, r, caseExact(keys)))) {
        out.push({ path, keys: [...keys], sent: el, received });
      }
    }
    return out;
  }
  if (isObject(sent)) {
    if (!isObject(received)) return [{ path, keys: [...keys], sent, received }];
    const out: Mismatch[] = [];
    for (const [key, value] of Object.entries(sent)) {
      if (path === '' && NOT_ECHOED.has(key)) continue;
      const got = getKeyInsensitive(received, key);
      const child = path === '' ? key : `${path}.${key}`;
      out.push(...missingFromResponse(value, got.found ? got.value : undefined, caseExact, child, [...keys, key]));
    }
    return out;
  }
  return scalarMatches(sent, received, caseExact(keys)) ? [] : [{ path, keys: [...keys], sent, received }];
}

export function describeMismatches(mismatches: readonly Mismatch[]): { expected: string; received: string } {
  const expected = mismatches.map((m) => `${m.path}: ${JSON.stringify(m.sent)}`).join('\n');
  const received = mismatches.map((m) => `${m.path}: ${m.received === undefined ? '(absent)' : JSON.stringify(m.received)}`).join('\n');
  return { expected, received };
}
